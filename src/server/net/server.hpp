// The network side assembled: listener, session registry and the signalling
// service, on one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "server/auth/accounts.hpp"
#include "server/net/context.hpp"
#include "server/net/hub.hpp"
#include "server/net/listener.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"

namespace salotto::net {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port
    std::filesystem::path www_root;
    std::string server_name = "salotto-server";
};

class Server {
  public:
    // Binds and starts accepting; throws boost::system::system_error when the
    // address is invalid or taken.
    Server(boost::asio::io_context& io, storage::Store& store, auth::Accounts& accounts,
           const ServerOptions& options);

    boost::asio::ip::tcp::endpoint endpoint() const { return listener_->local_endpoint(); }
    // Stops accepting and tells every WebSocket client the server is going away.
    void stop();
    std::size_t open_connections() const { return hub_.size(); }

  private:
    Hub hub_;
    service::Service service_;
    Context context_;
    std::shared_ptr<Listener> listener_;
};

}  // namespace salotto::net
