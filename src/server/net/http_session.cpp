// HTTP session; see http_session.hpp.
#include "server/net/http_session.hpp"

#include <boost/beast/websocket/rfc6455.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "server/calendar/ics.hpp"
#include "server/media/avatar_image.hpp"
#include "server/net/byte_range.hpp"
#include "server/net/client_address.hpp"
#include "server/net/hub.hpp"
#include "server/net/static_files.hpp"
#include "server/net/web_security.hpp"
#include "server/net/websocket_handshake.hpp"
#include "server/net/websocket_session.hpp"
#include "server/service/service.hpp"

namespace salotto::net {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kReadTimeout = std::chrono::seconds(30);
// Requests carry no body worth reading, but for picture uploads; a small cap keeps a
// slow client cheap.
constexpr std::size_t kMaxRequestBody = 8 * 1024;
constexpr std::string_view kAvatarApi = "/api/avatar";
constexpr std::string_view kEmbedPolicyApi = "/api/embed-policy";
constexpr std::string_view kAvatarFiles = "/avatars/";
// Club pictures: POST and DELETE /api/clubs/<id>/avatar, GET /club-avatars/<id>.
constexpr std::string_view kClubApi = "/api/clubs/";
constexpr std::string_view kClubAvatarSuffix = "/avatar";
constexpr std::string_view kClubAvatarFiles = "/club-avatars/";
constexpr std::string_view kReplayFiles = "/replays/";

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

// A whole decimal id (no sign, no other characters).
std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t id = 0;
    const auto [end, parsed] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (parsed != std::errc() || end != text.data() + text.size() || text.empty() || id < 0)
        return std::nullopt;
    return id;
}

// The club of /api/clubs/<id>/avatar; nothing for any other path.
std::optional<std::int64_t> club_avatar_api(std::string_view path) {
    if (!path.starts_with(kClubApi) || !path.ends_with(kClubAvatarSuffix)) return std::nullopt;
    const auto rest = path.substr(kClubApi.size());
    return parse_id(rest.substr(0, rest.size() - kClubAvatarSuffix.size()));
}

bool is_avatar_upload(const http::request_header<>& req) {
    const auto path = path_of(req.target());
    return req.method() == http::verb::post &&
           (path == kAvatarApi || club_avatar_api(path).has_value());
}

// The HTTP status an API refusal is answered with.
http::status status_of(ErrorCode code) {
    switch (code) {
        case ErrorCode::session_invalid:
            return http::status::unauthorized;
        case ErrorCode::rate_limited:
            return http::status::too_many_requests;
        case ErrorCode::image_too_large:
            return http::status::payload_too_large;
        case ErrorCode::server_busy:
            return http::status::service_unavailable;
        case ErrorCode::internal:
            return http::status::internal_server_error;
        case ErrorCode::club_not_found:
            return http::status::not_found;
        case ErrorCode::club_admin_only:
            return http::status::forbidden;
        default:
            return http::status::bad_request;
    }
}

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

// 405, with the methods the target takes (e.g. "GET, HEAD") in Allow.
http::response<http::string_body> method_not_allowed(const http::request<http::string_body>& req,
                                                     const Context& context,
                                                     std::string_view allow) {
    auto res =
        text_response(req, context, http::status::method_not_allowed, "method not allowed\n");
    res.set(http::field::allow, allow);
    return res;
}

// scripts/assemble-www.py leaves compressed copies beside the files (name + ".br",
// name + ".gz"). One is used only while it is not older than the file, so a file
// replaced by hand is never shadowed by a stale copy.
bool has_fresh_copy(const std::filesystem::path& file, std::string_view suffix) {
    auto copy = file;
    copy += std::string(suffix);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(copy, ec)) return false;
    const auto copy_written = std::filesystem::last_write_time(copy, ec);
    if (ec) return false;
    const auto file_written = std::filesystem::last_write_time(file, ec);
    return !ec && copy_written >= file_written;
}

// The coding to send `file` in: brotli, else gzip, else none ("").
std::string_view pick_coding(const std::filesystem::path& file, std::string_view accept_encoding) {
    if (accepts_coding(accept_encoding, "br") && has_fresh_copy(file, ".br")) return "br";
    if (accepts_coding(accept_encoding, "gzip") && has_fresh_copy(file, ".gz")) return "gzip";
    return {};
}

// A validator for revalidating no-cache files: what is sent changes when the file's
// size or time of writing does, or the coding.
std::string entity_tag(const std::filesystem::path& sent, std::uint64_t size,
                       std::string_view coding) {
    std::error_code ec;
    // The file clock's epoch is the library's choice (counts may be negative): only
    // the bits matter.
    const auto written = static_cast<std::uint64_t>(
        std::filesystem::last_write_time(sent, ec).time_since_epoch().count());
    return "\"" + std::to_string(size) + "-" + std::to_string(written) + "-" +
           std::string(coding.empty() ? "identity" : coding) + "\"";
}

// An API answer: a JSON object, never cached.
http::response<http::string_body> json_response(const http::request<http::string_body>& req,
                                                const Context& context, http::status status,
                                                const nlohmann::json& body) {
    auto res = text_response(req, context, status, body.dump());
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    return res;
}

http::response<http::string_body> api_refusal(const http::request<http::string_body>& req,
                                              const Context& context, ErrorCode code,
                                              std::string_view message) {
    return json_response(req, context, status_of(code),
                         {{"code", wire_name(code)},
                          {"message", message.empty() ? default_message(code) : message}});
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
    // The metrics listener stays plain HTTP: its address is its protection.
    : stream_(std::move(socket), role == ListenerRole::main ? context.tls : nullptr),
      context_(context),
      role_(role),
      slot_(std::move(slot)) {}

void HttpSession::run() {
    if (!stream_.is_tls()) return do_read();
    stream_.tcp().expires_after(kReadTimeout);
    stream_.async_handshake([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->do_read();
    });
}

void HttpSession::do_read() {
    parser_.emplace();
    // Checked against Content-Length as the header ends: the largest body any request
    // may have; on_header lowers it for the others.
    parser_->body_limit(media::kMaxAvatarUploadBytes);
    stream_.tcp().expires_after(kReadTimeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
    if (ec) return on_read(ec, 0);
    const std::size_t limit =
        is_avatar_upload(parser_->get()) ? media::kMaxAvatarUploadBytes : kMaxRequestBody;
    const auto length = parser_->content_length();
    if (length && *length > limit) return on_read(http::error::body_limit, 0);
    parser_->body_limit(limit);  // chunked bodies are counted as they come
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                         self->on_read(ec, bytes);
                     });
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec == http::error::body_limit && parser_->is_header_done()) {
        // The unread rest of the body would be taken for the next request: answer,
        // then close.
        Request req = parser_->release();
        auto res = is_avatar_upload(req)
                       ? api_refusal(req, context_, ErrorCode::image_too_large, {})
                       : text_response(req, context_, http::status::payload_too_large,
                                       "request body too large\n");
        res.keep_alive(false);
        return write(std::move(res));
    }
    if (ec) return;  // timeouts and resets: nothing to answer

    if (role_ == ListenerRole::main && beast::websocket::is_upgrade(parser_->get())) {
        Route r = route(parser_->get().target(), context_.www_root);
        if (r.kind == Route::Kind::websocket) return upgrade(parser_->release());
    }
    if (role_ == ListenerRole::metrics) return respond_metrics_listener(parser_->release());
    respond(parser_->release());
}

void HttpSession::upgrade(Request req) {
    boost::system::error_code ec;
    const auto peer = stream_.tcp().socket().remote_endpoint(ec);
    if (ec) return;  // the client is gone already
    if (refuse_upgrade(req, peer.address())) return;
    auto check = check_upgrade(req);
    if (check.status != http::status::switching_protocols) {
        auto res = text_response(req, context_, check.status, std::string(check.problem) + "\n");
        if (check.status == http::status::upgrade_required)
            res.set(http::field::sec_websocket_version, "13");
        return write(std::move(res));
    }
    const auto client = client_address(peer.address(), req, context_.trusted_proxies);
    std::string remote = client.to_string();
    if (client == peer.address()) remote += ":" + std::to_string(peer.port());
    // Bytes the client sent right behind its request (its hello, say) are in buffer_
    // already: they go to the session, not away with this object.
    const auto early = buffer_.cdata();
    std::make_shared<WebSocketSession>(stream_.release(), context_, client, std::move(remote),
                                       std::move(slot_))
        ->run(std::move(check.reply),
              std::span(static_cast<const std::uint8_t*>(early.data()), early.size()));
}

bool HttpSession::refuse_upgrade(const Request& req, const boost::asio::ip::address& peer) {
    const auto origin_field = req.find(http::field::origin);
    std::optional<std::string_view> origin;
    if (origin_field != req.end()) origin = origin_field->value();
    // The client's scheme, when the server knows it: TLS here, or what a trusted proxy
    // says. Otherwise it is unknown (a proxy may have ended TLS without saying so).
    const auto scheme = stream_.is_tls() ? std::optional<std::string_view>("https")
                                         : forwarded_scheme(peer, req, context_.trusted_proxies);
    const auto verdict = context_.origins.check(origin, req[http::field::host], scheme);
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
        return write(method_not_allowed(req, context_, "GET, HEAD"));
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

bool HttpSession::picture_origin_refused(const Request& req) {
    // A browser sends Origin with every POST and DELETE: a page of another site may
    // not change pictures with a token it somehow holds.
    const auto origin_field = req.find(http::field::origin);
    std::optional<std::string_view> origin;
    if (origin_field != req.end()) origin = origin_field->value();
    const auto scheme = stream_.is_tls() ? std::optional<std::string_view>("https")
                                         : std::optional<std::string_view>();
    if (context_.origins.check(origin, req[http::field::host], scheme) !=
        OriginPolicy::Verdict::refused)
        return false;
    write(text_response(req, context_, http::status::forbidden,
                        "pages from this origin may not change pictures\n"));
    return true;
}

void HttpSession::change_picture(Request& req, std::optional<std::int64_t> club) {
    if (req.method() != http::verb::post && req.method() != http::verb::delete_)
        return write(method_not_allowed(req, context_, "POST, DELETE"));
    if (picture_origin_refused(req)) return;
    const std::string token(bearer_token(req[http::field::authorization]).value_or(""));
    if (req.method() == http::verb::delete_) {
        const auto result = club ? context_.service.remove_club_avatar(token, *club)
                                 : context_.service.remove_avatar(token);
        return write(result.error
                         ? api_refusal(req, context_, *result.error, result.message)
                         : json_response(req, context_, http::status::ok, {{"avatar", 0}}));
    }
    auto shared_req = std::make_shared<Request>(std::move(req));
    auto reply = [self = shared_from_this(), shared_req](const service::AvatarResult& result) {
        self->write(result.error
                        ? api_refusal(*shared_req, self->context_, *result.error, result.message)
                        : json_response(*shared_req, self->context_, http::status::ok,
                                        {{"avatar", result.avatar}}));
    };
    if (club)
        context_.service.upload_club_avatar(token, *club, std::move(shared_req->body()),
                                            std::move(reply));
    else
        context_.service.upload_avatar(token, std::move(shared_req->body()), std::move(reply));
}

void HttpSession::serve_picture(const Request& req, std::string_view path,
                                const std::optional<storage::AvatarRecord>& image) {
    if (!image)
        return write(text_response(req, context_, http::status::not_found, "no such picture\n"));
    // <path>?v=<version> names one picture for good; any other URL may change.
    const auto query = req.target().substr(path.size());
    const bool versioned = query == "?v=" + std::to_string(image->version);
    http::response<http::string_body> res{http::status::ok, req.version()};
    set_common(res, req, context_);
    res.set(http::field::content_type, "image/jpeg");
    res.set(http::field::cache_control,
            versioned ? "public, max-age=31536000, immutable" : "no-cache");
    if (req.method() != http::verb::head) res.body().assign(image->jpeg.begin(), image->jpeg.end());
    res.content_length(image->jpeg.size());
    write(std::move(res));
}

bool HttpSession::respond_avatars(Request& req) {
    const auto path = path_of(req.target());
    if (path == kAvatarApi) {
        change_picture(req, std::nullopt);
        return true;
    }
    if (path.starts_with(kClubApi) && path.ends_with(kClubAvatarSuffix)) {
        if (const auto club = club_avatar_api(path)) {
            change_picture(req, club);
        } else {
            write(text_response(req, context_, http::status::not_found, "no such club\n"));
        }
        return true;
    }
    const bool club_file = path.starts_with(kClubAvatarFiles);
    if (!club_file && !path.starts_with(kAvatarFiles)) return false;
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        write(method_not_allowed(req, context_, "GET, HEAD"));
        return true;
    }
    const auto id =
        parse_id(path.substr(club_file ? kClubAvatarFiles.size() : kAvatarFiles.size()));
    std::optional<storage::AvatarRecord> image;
    if (id)
        image = club_file ? context_.service.club_avatar_image(*id)
                          : context_.service.avatar_image(*id);
    serve_picture(req, path, image);
    return true;
}

void HttpSession::respond_calendar(const Request& req, const std::string& id) {
    const auto event = context_.service.event(id);
    if (!event)
        return write(text_response(req, context_, http::status::not_found, "no such event\n"));
    const std::string host(req[http::field::host]);
    const std::string page =
        std::string(stream_.is_tls() ? "https://" : "http://") + host + "/e/" + event->id;
    http::response<http::string_body> res{http::status::ok, req.version()};
    set_common(res, req, context_);
    res.set(http::field::content_type, "text/calendar; charset=utf-8");
    res.set(http::field::content_disposition,
            "attachment; filename=\"salotto-" + event->id + ".ics\"");
    res.set(http::field::cache_control, "no-cache");
    std::string body =
        calendar::event_ics(*event, page, host.empty() ? "salotto" : host, auth::system_unix_now());
    res.content_length(body.size());
    if (req.method() != http::verb::head) res.body() = std::move(body);
    write(std::move(res));
}

bool HttpSession::respond_replays(Request& req) {
    const auto path = path_of(req.target());
    if (!path.starts_with(kReplayFiles)) return false;
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        write(method_not_allowed(req, context_, "GET, HEAD"));
        return true;
    }
    auto name = path.substr(kReplayFiles.size());
    std::optional<service::ReplayFile> found;
    if (name.ends_with(".ogg")) {
        name.remove_suffix(4);
        // ?key=<link key> (from replay_link), or the session token as a bearer token.
        std::string_view key;
        const auto query = req.target().substr(path.size());
        if (query.starts_with("?key=")) key = query.substr(5, query.find('&') - 5);
        const auto bearer = bearer_token(req[http::field::authorization]).value_or("");
        found = context_.service.replay_file(name, key, bearer);
    }
    beast::error_code ec;
    http::basic_file_body<WindowFile>::value_type body;
    if (found) body.open(found->path.c_str(), beast::file_mode::scan, ec);
    if (!found || ec || !body.is_open()) {
        write(text_response(req, context_, http::status::not_found,
                            "no such replay, or the link expired\n"));
        return true;
    }
    const std::uint64_t size = body.size();
    const auto range = parse_range(req[http::field::range], size);
    const auto describe = [&](auto& res) {
        set_common(res, req, context_);
        res.set(http::field::content_type, "audio/ogg");
        res.set(http::field::accept_ranges, "bytes");
        // The link is the permission: no shared cache keeps it.
        res.set(http::field::cache_control, "private, no-store");
        res.set(http::field::content_disposition,
                "inline; filename=\"salotto-replay-" + found->id + ".ogg\"");
    };
    if (range.ask == RangeAsk::unsatisfiable) {
        auto res = text_response(req, context_, http::status::range_not_satisfiable,
                                 "range not satisfiable\n");
        res.set(http::field::content_range, "bytes */" + std::to_string(size));
        write(std::move(res));
        return true;
    }
    const ByteRange window =
        range.ask == RangeAsk::range ? range.range : ByteRange{0, size == 0 ? 0 : size - 1};
    const std::uint64_t length = size == 0 ? 0 : window.size();
    const auto status =
        range.ask == RangeAsk::range ? http::status::partial_content : http::status::ok;
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{status, req.version()};
        describe(res);
        res.content_length(length);
        write(std::move(res));
        return true;
    }
    body.file().window(window.first, length, ec);
    // The body took its size at open; reset() takes the window's.
    http::basic_file_body<WindowFile>::value_type windowed;
    windowed.reset(std::move(body.file()), ec);
    if (ec) {
        write(text_response(req, context_, http::status::internal_server_error,
                            "cannot read the replay\n"));
        return true;
    }
    http::response<http::basic_file_body<WindowFile>> res{std::piecewise_construct,
                                                          std::make_tuple(std::move(windowed)),
                                                          std::make_tuple(status, req.version())};
    describe(res);
    if (range.ask == RangeAsk::range)
        res.set(http::field::content_range, "bytes " + std::to_string(window.first) + "-" +
                                                std::to_string(window.last) + "/" +
                                                std::to_string(size));
    res.content_length(length);
    write(std::move(res));
    return true;
}

void HttpSession::respond(Request req) {
    if (respond_avatars(req)) return;
    if (respond_replays(req)) return;
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
        return write(method_not_allowed(req, context_, "GET, HEAD"));
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
    if (path_of(req.target()) == kEmbedPolicyApi) {
        // Who may frame the embed page, for its script (web/embed.js) to accept
        // commands only from such a parent: the same list as its frame-ancestors.
        const auto& ancestors = context_.frames.embed_ancestors;
        return write(json_response(
            req, context_, http::status::ok,
            {{"version", 1},
             {"frameAncestors", ancestors.empty() ? std::vector<std::string>{"*"} : ancestors}}));
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
        case Route::Kind::calendar:
            return respond_calendar(req, r.event);
        case Route::Kind::file:
            break;
    }

    beast::error_code ec;
    http::file_body::value_type file;
    std::error_code fs_ec;
    if (!std::filesystem::is_regular_file(r.file, fs_ec))
        return write(text_response(req, context_, http::status::not_found, "not found\n"));
    const auto coding = pick_coding(r.file, req[http::field::accept_encoding]);
    auto sent = r.file;
    if (coding == "br") sent += ".br";
    if (coding == "gzip") sent += ".gz";
    file.open(sent.c_str(), beast::file_mode::scan, ec);
    if (!file.is_open() || ec)
        return write(text_response(req, context_, http::status::not_found, "not found\n"));

    const auto size = file.size();
    const auto type = content_type(r.file);
    // A content-hashed name never changes content (a new build has new names): the
    // browser keeps it for good. Anything else, the page above all, is revalidated each
    // time (cheap with the entity tag) or a stale client would run against a newer server.
    const bool immutable = content_hashed(r.file);
    const std::string_view cache = immutable ? "public, max-age=31536000, immutable" : "no-cache";
    const std::string tag = entity_tag(sent, size, coding);
    // Sets what a file response says about its body, whatever the method.
    const auto describe = [&](auto& res) {
        set_common(res, req, context_, r.embed);
        res.set(http::field::content_type, type);
        res.set(http::field::cache_control, cache);
        res.set(http::field::vary, "Accept-Encoding");
        res.set(http::field::etag, tag);
        if (!coding.empty()) res.set(http::field::content_encoding, coding);
    };
    if (req[http::field::if_none_match] == tag) {
        http::response<http::empty_body> res{http::status::not_modified, req.version()};
        describe(res);
        return write(std::move(res));
    }
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> res{http::status::ok, req.version()};
        describe(res);
        res.content_length(size);
        return write(std::move(res));
    }
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(file)),
                                        std::make_tuple(http::status::ok, req.version())};
    describe(res);
    res.content_length(size);
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
        stream_.tcp().socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace salotto::net
