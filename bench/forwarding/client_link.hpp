// A load-generator connection's byte stream: plain TCP, or TLS over it when the
// benchmark runs against a server with a certificate (any certificate is accepted:
// the bench makes a self-signed one). One interface for both, so the room and idle
// modes do not care which.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <memory>
#include <utility>

namespace salotto::bench {

class Link {
  public:
    using tcp = boost::asio::ip::tcp;

    // `tls`: a client context for TLS, or null for plain TCP.
    Link(boost::asio::io_context& io, boost::asio::ssl::context* tls) : socket_(io) {
        if (tls) tls_ = std::make_unique<boost::asio::ssl::stream<tcp::socket&>>(socket_, *tls);
    }

    // Makes the kernel's receive buffer for this connection small (before connect()),
    // as on a phone: a client that stops reading then fills it in seconds.
    void set_receive_buffer(int bytes) {
        socket_.open(tcp::v4());
        socket_.set_option(boost::asio::socket_base::receive_buffer_size(bytes));
    }

    // Connects (and shakes hands, with TLS); `done(error_code)`.
    template <class Done>
    void connect(const tcp::endpoint& server, Done done) {
        socket_.async_connect(
            server, [this, done = std::move(done)](boost::system::error_code ec) mutable {
                if (ec) return done(ec);
                socket_.set_option(tcp::no_delay(true));
                if (!tls_) return done(ec);
                tls_->async_handshake(boost::asio::ssl::stream_base::client, std::move(done));
            });
    }
    template <class Buffers, class Handler>
    void write(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            boost::asio::async_write(*tls_, buffers, std::forward<Handler>(handler));
        else
            boost::asio::async_write(socket_, buffers, std::forward<Handler>(handler));
    }
    template <class Buffers, class Handler>
    void read_some(const Buffers& buffers, Handler&& handler) {
        if (tls_)
            tls_->async_read_some(buffers, std::forward<Handler>(handler));
        else
            socket_.async_read_some(buffers, std::forward<Handler>(handler));
    }
    void close() {
        boost::system::error_code ignored;
        socket_.close(ignored);
    }

  private:
    tcp::socket socket_;
    std::unique_ptr<boost::asio::ssl::stream<tcp::socket&>> tls_;
};

// A client context that accepts any server certificate (the bench's own, self-signed).
inline std::unique_ptr<boost::asio::ssl::context> make_bench_tls_context() {
    auto context =
        std::make_unique<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
    context->set_verify_mode(boost::asio::ssl::verify_none);
    return context;
}

}  // namespace salotto::bench
