// One HTTP connection: serves the web root and /healthz, and hands /ws upgrades to
// a WebSocketSession when the page's Origin is allowed. Keep-alive; GET and HEAD
// only. With TLS the connection starts with the TLS handshake, and everything after
// goes through it (HttpStream). Every response carries the security headers
// (web_security.hpp); /metrics needs the bearer token on the main port. On the
// metrics listener (plain HTTP) only /metrics (no token: that address is the
// protection) and /healthz exist.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "server/net/connection_limits.hpp"
#include "server/net/context.hpp"
#include "server/net/http_stream.hpp"
#include "server/net/listener.hpp"
#include "server/storage/store.hpp"

namespace salotto::net {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    // `slot`: this connection's place under the connection limits, handed on to the
    // WebSocket session on an upgrade.
    HttpSession(boost::asio::ip::tcp::socket&& socket, Context& context, ListenerRole role,
                ConnectionLimiter::Slot slot);
    void run();

  private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;

    void do_read();
    // The header is in: sets the body limit for this request (a picture upload may be
    // larger than the rest), or refuses a body that is too large without reading it.
    void on_header(boost::beast::error_code ec);
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    // POST and DELETE /api/avatar and /api/clubs/<id>/avatar, GET /avatars/<id> and
    // /club-avatars/<id>; false for any other target.
    bool respond_avatars(Request& request);
    // True when it answered 403: the page's Origin may not change pictures.
    bool picture_origin_refused(const Request& request);
    // Uploads (POST) or removes (DELETE) the user's picture, or club `club`'s.
    void change_picture(Request& request, std::optional<std::int64_t> club);
    // Answers a GET or HEAD of a picture at `path` (404 when there is none).
    void serve_picture(const Request& request, std::string_view path,
                       const std::optional<storage::AvatarRecord>& image);
    // GET /e/<id>.ics: the event's calendar file.
    void respond_calendar(const Request& request, const std::string& id);
    // GET /replays/<id>.ogg (byte ranges; docs/protocol.md, "Recording and replays");
    // false for any other target.
    bool respond_replays(Request& request);
    void respond(Request request);
    // Hands the connection to a WebSocketSession, or answers why it cannot.
    void upgrade(Request request);
    void respond_metrics_listener(const Request& request);
    // True when it answered (the page's Origin may not open the WebSocket). `peer`: the
    // TCP peer, which says whether X-Forwarded-Proto counts.
    bool refuse_upgrade(const Request& request, const boost::asio::ip::address& peer);
    template <class Body>
    void write(boost::beast::http::response<Body>&& response);
    void on_write(bool close, boost::beast::error_code ec);

    HttpStream stream_;
    boost::beast::flat_buffer buffer_;
    Context& context_;
    ListenerRole role_;
    ConnectionLimiter::Slot slot_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::shared_ptr<void> response_;  // keeps the response alive while it is written
};

}  // namespace salotto::net
