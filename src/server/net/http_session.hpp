// One HTTP connection: serves the web root and /healthz, and hands /ws upgrades to
// a WebSocketSession. Keep-alive; GET and HEAD only. With TLS the connection starts
// with the TLS handshake, and everything after goes through it (HttpStream).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <optional>

#include "server/net/context.hpp"
#include "server/net/http_stream.hpp"

namespace salotto::net {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(boost::asio::ip::tcp::socket&& socket, Context& context);
    void run();

  private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;

    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void respond(Request request);
    // Hands the connection to a WebSocketSession, or answers why it cannot.
    void upgrade(Request request);
    template <class Body>
    void write(boost::beast::http::response<Body>&& response);
    void on_write(bool close, boost::beast::error_code ec);

    HttpStream stream_;
    boost::beast::flat_buffer buffer_;
    Context& context_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::shared_ptr<void> response_;  // keeps the response alive while it is written
};

}  // namespace salotto::net
