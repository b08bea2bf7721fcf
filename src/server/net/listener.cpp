// TCP acceptor; see listener.hpp.
#include "server/net/listener.hpp"

#include <spdlog/spdlog.h>

#include "server/net/http_session.hpp"

namespace salotto::net {

Listener::Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                   Context& context)
    : io_(io), acceptor_(io), context_(context) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(boost::asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(boost::asio::socket_base::max_listen_connections);
}

void Listener::run() {
    do_accept();
}

void Listener::stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

void Listener::do_accept() {
    acceptor_.async_accept(io_, [self = shared_from_this()](boost::beast::error_code ec,
                                                            boost::asio::ip::tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
    });
}

void Listener::on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted) return;  // stopped
    if (ec) {
        // E.g. out of file descriptors: keep serving the connections we have.
        spdlog::warn("accept failed: {}", ec.message());
    } else {
        std::make_shared<HttpSession>(std::move(socket), context_)->run();
    }
    if (acceptor_.is_open()) do_accept();
}

}  // namespace salotto::net
