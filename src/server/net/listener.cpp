// TCP acceptor; see listener.hpp.
#include "server/net/listener.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "server/net/http_session.hpp"

namespace salotto::net {

namespace {

// Out of a resource that frees up only when connections close: retrying at once
// would fail again at once.
bool resource_exhausted(const boost::beast::error_code& ec) {
    return ec == boost::asio::error::no_descriptors ||  // EMFILE
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == boost::asio::error::no_buffer_space || ec == boost::asio::error::no_memory;
}

// A whole response, written before anything of the request is read. It carries
// the security headers too: every HTTP response does.
std::string refusal_response(std::string_view body) {
    return "HTTP/1.1 503 Service Unavailable\r\n"
           "Server: salotto-server\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "Cache-Control: no-store\r\n"
           "Retry-After: 10\r\n"
           "X-Content-Type-Options: nosniff\r\n"
           "Referrer-Policy: no-referrer\r\n"
           "X-Frame-Options: DENY\r\n"
           "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
           "Connection: close\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

// Answers 503 and closes, without waiting for anything: a refused connection must
// cost no more than the accept. What the client already sent is read first (without
// blocking), because closing a socket with unread data resets the connection, and
// a reset can make the client discard the answer before reading it.
void refuse(boost::asio::ip::tcp::socket& socket, ConnectionLimiter::Refusal why) {
    static const std::string total = refusal_response("the server is full; try again later\n");
    static const std::string per_address =
        refusal_response("too many connections from your address; try again later\n");
    boost::system::error_code ec;
    socket.non_blocking(true, ec);
    std::array<char, 4096> sink;
    for (int i = 0; i < 4 && !ec; ++i)
        if (socket.read_some(boost::asio::buffer(sink), ec) < sink.size()) break;
    const std::string& reply = why == ConnectionLimiter::Refusal::total ? total : per_address;
    socket.write_some(boost::asio::buffer(reply), ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

// Audio goes out as many small writes: Nagle's algorithm would hold each one back
// until the previous one is acknowledged, and the peer delays its acknowledgements
// by up to 40 ms.
void configure(boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
}

}  // namespace

Listener::Listener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                   Context& context, ListenerRole role, ConnectionLimiter* limiter)
    : io_(io), acceptor_(io), context_(context), role_(role), limiter_(limiter), pause_timer_(io) {
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
    pause_timer_.cancel();
}

void Listener::do_accept() {
    acceptor_.async_accept(io_, [self = shared_from_this()](boost::beast::error_code ec,
                                                            boost::asio::ip::tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
    });
}

void Listener::on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;  // stopped
    if (resource_exhausted(ec)) return pause(ec);
    if (ec) {
        // E.g. a connection reset while it waited in the backlog: try the next one.
        if (accept_log_.note())
            spdlog::warn("accept failed ({} time(s) in the last second): {}", accept_log_.count(),
                         ec.message());
    } else {
        if (failures_ > 0) {
            spdlog::info("accepting again after {} failed attempt(s)", failures_);
            failures_ = 0;
            pause_ = kFirstPause;
        }
        admit(std::move(socket));
    }
    do_accept();
}

void Listener::pause(const boost::beast::error_code& ec) {
    ++failures_;
    if (accept_log_.note())
        spdlog::warn(
            "accept failed ({} time(s) since the last report): {}; open connections keep being "
            "served, accepting pauses for {} ms",
            accept_log_.count(), ec.message(), pause_.count());
    pause_timer_.expires_after(pause_);
    pause_ = std::min<std::chrono::milliseconds>(pause_ * 2, kLongestPause);
    pause_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
    });
}

void Listener::admit(boost::asio::ip::tcp::socket socket) {
    ConnectionLimiter::Slot slot;
    if (limiter_) {
        boost::system::error_code ec;
        const auto remote = socket.remote_endpoint(ec);
        if (ec) return;  // already gone
        auto why = ConnectionLimiter::Refusal::none;
        slot = limiter_->acquire(remote.address(), why);
        if (!slot) {
            if (refusal_log_.note())
                spdlog::warn("refused {} connection(s) in the last second, the last from {}: {}",
                             refusal_log_.count(), remote.address().to_string(),
                             why == ConnectionLimiter::Refusal::total
                                 ? "the server is at --max-connections"
                                 : "that address is at --max-connections-per-address");
            return refuse(socket, why);
        }
    }
    configure(socket);
    std::make_shared<HttpSession>(std::move(socket), context_, role_, std::move(slot))->run();
}

}  // namespace salotto::net
