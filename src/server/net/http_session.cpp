// HTTP session; see http_session.hpp.
#include "server/net/http_session.hpp"

#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>

#include "server/net/hub.hpp"
#include "server/net/static_files.hpp"
#include "server/net/web_security.hpp"
#include "server/net/websocket_session.hpp"
#include "server/service/service.hpp"

namespace salotto::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);
// Requests carry no body worth reading; a small cap keeps a slow client cheap.
constexpr std::size_t kMaxRequestBody = 8 * 1024;

// Every response says: no sniffing content types, no Referer to other sites, and
// the Content-Security-Policy, which forbids framing except on the embed page.
template <class Body>
void set_common(http::response<Body>& res, const http::request<http::string_body>& req,
                const Context& context, bool embed = false) {
    res.set(http::field::server, "salotto-server");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("Content-Security-Policy",
            content_security_policy(req[http::field::host], embed, context.frames));
    // frame-ancestors for browsers that predate it.
    if (!embed) res.set("X-Frame-Options", "DENY");
    res.keep_alive(req.keep_alive());
}

http::response<http::string_body> text_response(const http::request<http::string_body>& req,
                                                const Context& context, http::status status,
                                                std::string_view body) {
    http::response<http::string_body> res{status, req.version()};
    set_common(res, req, context);
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.set(http::field::cache_control, "no-cache");
    if (req.method() != http::verb::head) res.body() = std::string(body);
    res.content_length(body.size());
    return res;
}

// scripts/build leaves a gzip copy beside the big files (name + ".gz"). It is used only
// while it is not older than the file, so a file replaced by hand is never shadowed by
// a stale copy.
bool has_fresh_gzip(const std::filesystem::path& file) {
    auto gz = file;
    gz += ".gz";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(gz, ec)) return false;
    const auto gz_written = std::filesystem::last_write_time(gz, ec);
    if (ec) return false;
    const auto file_written = std::filesystem::last_write_time(file, ec);
    return !ec && gz_written >= file_written;
}

// Prometheus text exposition of the audio counters and the live gauges.
std::string metrics_text(const Context& context) {
    const auto& c = context.service.audio_counters();
    std::string out;
    auto metric = [&out](std::string_view name, std::string_view type, std::string_view help,
                         std::uint64_t value) {
        out += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
        out += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
        out += std::string(name) + " " + std::to_string(value) + "\n";
    };
    metric("salotto_audio_frames_in_total", "counter", "Audio frames received from clients.",
           c.frames_in);
    metric("salotto_audio_frames_rejected_total", "counter",
           "Audio frames refused (not on stage, muted, malformed, over the rate).",
           c.frames_rejected);
    metric("salotto_audio_frames_forwarded_total", "counter",
           "Audio frames queued to listeners, counted once per listener.", c.frames_forwarded);
    metric("salotto_audio_batches_built_total", "counter",
           "Downstream audio messages built (each shared by its listeners).", c.batches_built);
    metric("salotto_audio_frames_dropped_total", "counter",
           "Listener frames dropped because the listener's queue was full.", c.frames_dropped);
    metric("salotto_audio_stuck_disconnects_total", "counter",
           "Connections dropped because a write stayed unfinished (5 s by default).",
           c.stuck_disconnects);
    metric("salotto_audio_bytes_out_total", "counter", "Audio bytes written to sockets.",
           c.bytes_out);
    metric("salotto_connections", "gauge", "Open WebSocket connections.", context.hub.size());
    metric("salotto_rooms_live", "gauge", "Live rooms.", context.service.room_count());
    return out;
}

}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket&& socket, Context& context, ListenerRole role,
                         ConnectionLimiter::Slot slot)
    : stream_(std::move(socket)), context_(context), role_(role), slot_(std::move(slot)) {}

void HttpSession::run() {
    do_read();
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxRequestBody);
    stream_.expires_after(kReadTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                         self->on_read(ec, bytes);
                     });
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec) return;  // timeouts and resets: nothing to answer

    if (role_ == ListenerRole::main && beast::websocket::is_upgrade(parser_->get())) {
        Route r = route(parser_->get().target(), context_.www_root);
        if (r.kind == Route::Kind::websocket) {
            if (refuse_upgrade(parser_->get())) return;
            std::make_shared<WebSocketSession>(stream_.release_socket(), context_, std::move(slot_))
                ->run(parser_->release());
            return;
        }
    }
    if (role_ == ListenerRole::metrics) return respond_metrics_listener(parser_->release());
    respond(parser_->release());
}

bool HttpSession::refuse_upgrade(const Request& req) {
    const auto origin_field = req.find(http::field::origin);
    std::optional<std::string_view> origin;
    if (origin_field != req.end()) origin = origin_field->value();
    // Plain connections only for now: the client's scheme is unknown here (a proxy
    // may have ended TLS). A TLS listener passes "https", and a trusted proxy's
    // X-Forwarded-Proto its scheme.
    const auto verdict = context_.origins.check(origin, req[http::field::host], std::nullopt);
    if (verdict != OriginPolicy::Verdict::refused) return false;
    if (context_.origin_log.note()) {
        // The origin is the client's text: shown only up to a sane length, printable.
        std::string shown(origin->substr(0, 100));
        for (char& c : shown)
            if (c < 0x20 || c > 0x7e) c = '?';
        spdlog::warn(
            "refused {} WebSocket upgrade(s) in the last second from other origins, the last "
            "from {} with Host {} (see --allowed-origin)",
            context_.origin_log.count(), shown,
            parse_host_header(req[http::field::host]) ? std::string(req[http::field::host])
                                                      : "(invalid)");
    }
    auto res = text_response(req, context_, http::status::forbidden,
                             "WebSocket refused: pages from this origin may not connect to this "
                             "server (the server's own origin and --allowed-origin may)\n");
    res.keep_alive(false);
    write(std::move(res));
    return true;
}

void HttpSession::respond_metrics_listener(const Request& req) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res =
            text_response(req, context_, http::status::method_not_allowed, "method not allowed\n");
        res.set(http::field::allow, "GET, HEAD");
        return write(std::move(res));
    }
    const auto target = req.target().substr(0, req.target().find('?'));
    if (target == "/metrics") {
        auto res = text_response(req, context_, http::status::ok, metrics_text(context_));
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        return write(std::move(res));
    }
    if (target == "/healthz") return write(text_response(req, context_, http::status::ok, "ok"));
    write(text_response(req, context_, http::status::not_found,
                        "not found: this address serves only /metrics and /healthz\n"));
}

void HttpSession::respond(Request req) {
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        auto res =
            text_response(req, context_, http::status::method_not_allowed, "method not allowed\n");
        res.set(http::field::allow, "GET, HEAD");
        return write(std::move(res));
    }
    if (req.target().substr(0, req.target().find('?')) == "/metrics") {
        if (context_.metrics_token.empty())
            return write(text_response(
                req, context_, http::status::not_found,
                "not found: metrics are served on --metrics-bind, or here with --metrics-token\n"));
        if (!bearer_token_matches(req[http::field::authorization], context_.metrics_token)) {
            auto res = text_response(req, context_, http::status::unauthorized,
                                     "metrics need the bearer token (--metrics-token)\n");
            res.set(http::field::www_authenticate, "Bearer realm=\"metrics\"");
            return write(std::move(res));
        }
        auto res = text_response(req, context_, http::status::ok, metrics_text(context_));
        res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        return write(std::move(res));
    }
    Route r = route(req.target(), context_.www_root);
    switch (r.kind) {
        case Route::Kind::bad_request:
            return write(text_response(req, context_, http::status::bad_request, "bad request\n"));
        case Route::Kind::health:
            return write(text_response(req, context_, http::status::ok, "ok"));
        case Route::Kind::websocket:
            return write(text_response(req, context_, http::status::upgrade_required,
                                       "this endpoint speaks WebSocket\n"));
        case Route::Kind::not_found:
            return write(text_response(req, context_, http::status::not_found, "not found\n"));
        case Route::Kind::file:
            break;
    }

    beast::error_code ec;
    http::file_body::value_type file;
    std::error_code fs_ec;
    if (!std::filesystem::is_regular_file(r.file, fs_ec))
        return write(text_response(req, context_, http::status::not_found, "not found\n"));
    const bool gzip = accepts_gzip(req[http::field::accept_encoding]) && has_fresh_gzip(r.file);
    auto sent = r.file;
    if (gzip) sent += ".gz";
    file.open(sent.c_str(), beast::file_mode::scan, ec);
    if (!file.is_open() || ec)
        return write(text_response(req, context_, http::status::not_found, "not found\n"));

    const auto size = file.size();
    const auto type = content_type(r.file);
    // Our file names carry no content hash, so the browser must revalidate each
    // time or it would run a stale client against a newer server.
    constexpr std::string_view kCache = "no-cache";
    // Sets what a file response says about its body, whatever the method.
    const auto describe = [&](auto& res) {
        set_common(res, req, context_, r.embed);
        res.set(http::field::content_type, type);
        res.set(http::field::cache_control, kCache);
        res.set(http::field::vary, "Accept-Encoding");
        if (gzip) res.set(http::field::content_encoding, "gzip");
        res.content_length(size);
    };
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{http::status::ok, req.version()};
        describe(res);
        return write(std::move(res));
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(file)),
                                        std::make_tuple(http::status::ok, req.version())};
    describe(res);
    write(std::move(res));
}

template <class Body>
void HttpSession::write(http::response<Body>&& response) {
    auto owned = std::make_shared<http::response<Body>>(std::move(response));
    response_ = owned;
    const bool close = owned->need_eof();
    http::async_write(stream_, *owned,
                      [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
                          self->on_write(close, ec);
                      });
}

void HttpSession::on_write(bool close, beast::error_code ec) {
    response_.reset();
    if (ec) return;
    if (close) {
        stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace salotto::net
