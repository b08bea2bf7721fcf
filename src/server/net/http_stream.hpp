// An HTTP connection's stream: plain TCP, or TLS over TCP when the server has a
// certificate (then every connection on the port is TLS; plain HTTP is off). Beast's
// HTTP reads and writes take it as they take a tcp_stream (it is an AsyncStream), its
// timeouts are the TCP stream's, and an upgrade takes the connection out of it.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <utility>
#include <variant>

namespace salotto::net {

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

class HttpStream {
  public:
    using executor_type = boost::beast::tcp_stream::executor_type;

    // `tls`: the server's TLS context, or null for plain TCP.
    HttpStream(boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context* tls)
        : stream_(make(std::move(socket), tls)) {}

    executor_type get_executor() { return tcp().get_executor(); }
    // The TCP stream under TLS, or the stream itself: timeouts and the socket.
    boost::beast::tcp_stream& tcp() {
        return std::visit(
            [](auto& s) -> boost::beast::tcp_stream& { return boost::beast::get_lowest_layer(s); },
            stream_);
    }
    bool is_tls() const { return std::holds_alternative<TlsStream>(stream_); }

    template <class MutableBuffers, class Handler>
    auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
        return boost::asio::async_initiate<Handler, void(boost::system::error_code, std::size_t)>(
            [this](auto&& done, const MutableBuffers& b) {
                std::visit([&](auto& s) { s.async_read_some(b, std::move(done)); }, stream_);
            },
            handler, buffers);
    }
    template <class ConstBuffers, class Handler>
    auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
        return boost::asio::async_initiate<Handler, void(boost::system::error_code, std::size_t)>(
            [this](auto&& done, const ConstBuffers& b) {
                std::visit([&](auto& s) { s.async_write_some(b, std::move(done)); }, stream_);
            },
            handler, buffers);
    }

    // The server side of the TLS handshake; without TLS `done` is called (posted) at once.
    template <class Done>
    void async_handshake(Done done) {
        if (auto* tls = std::get_if<TlsStream>(&stream_))
            return tls->async_handshake(boost::asio::ssl::stream_base::server, std::move(done));
        boost::asio::post(get_executor(), [done = std::move(done)]() mutable {
            done(boost::system::error_code{});
        });
    }

    // Takes the connection out for a WebSocket session: the bare socket, or the TLS
    // stream. This object is unusable afterwards.
    std::variant<boost::asio::ip::tcp::socket, TlsStream> release() {
        tcp().expires_never();
        if (auto* tls = std::get_if<TlsStream>(&stream_)) return std::move(*tls);
        return std::get<boost::beast::tcp_stream>(stream_).release_socket();
    }

  private:
    static std::variant<boost::beast::tcp_stream, TlsStream> make(
        boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context* tls) {
        if (tls) return TlsStream(boost::beast::tcp_stream(std::move(socket)), *tls);
        return boost::beast::tcp_stream(std::move(socket));
    }

    std::variant<boost::beast::tcp_stream, TlsStream> stream_;
};

}  // namespace salotto::net
