// Server assembly; see server.hpp.
#include "server/net/server.hpp"

namespace salotto::net {

namespace {

boost::asio::ip::tcp::endpoint make_endpoint(const ServerOptions& options) {
    return {boost::asio::ip::make_address(options.bind), options.port};
}

}  // namespace

Server::Server(boost::asio::io_context& io, storage::Store& store, auth::Accounts& accounts,
               const ServerOptions& options)
    : service_(accounts, store, hub_, service::ServiceOptions{.server_name = options.server_name}),
      context_{service_, hub_, options.www_root},
      listener_(std::make_shared<Listener>(io, make_endpoint(options), context_)) {
    listener_->run();
}

void Server::stop() {
    listener_->stop();
    hub_.close_all(boost::beast::websocket::close_code::going_away);
}

}  // namespace salotto::net
