// Accepts TCP connections and starts an HttpSession for each.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "server/net/context.hpp"

namespace salotto::net {

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    // Binds and listens at once, so a taken port fails here (throws
    // boost::system::system_error) rather than later inside the event loop.
    Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
             Context& context);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    void run();
    void stop();

  private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    Context& context_;
};

}  // namespace salotto::net
