// Request routing; see static_files.hpp.
#include "server/net/static_files.hpp"

#include <algorithm>
#include <boost/beast/http/rfc7230.hpp>
#include <charconv>
#include <optional>
#include <string>

namespace salotto::net {

namespace {

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Case-insensitive ASCII comparison. Not boost::beast::iequals: Boost 1.74's reads one
// byte past both strings when their last characters differ only in case (found by
// fuzz_static_files with "gzip;Q" at the end of a buffer).
bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes a path; nothing on a malformed escape or a NUL, raw or encoded: the
// operating system reads a path only up to its first NUL, so "/..\0x" would name the
// web root's parent.
std::optional<std::string> percent_decode(std::string_view path) {
    std::string out;
    out.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '\0') return std::nullopt;
        if (path[i] != '%') {
            out += path[i];
            continue;
        }
        if (i + 2 >= path.size()) return std::nullopt;
        const int hi = hex_value(path[i + 1]);
        const int lo = hex_value(path[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        const char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') return std::nullopt;
        out += c;
        i += 2;
    }
    return out;
}

// True when every segment is a plain name: no "..", ".", backslash or empty name
// that the filesystem could interpret as something other than a child.
bool safe_relative(std::string_view path) {
    if (path.empty()) return false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == ".." ||
            segment.find('\\') != std::string_view::npos)
            return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

Route route(std::string_view target, const std::filesystem::path& www_root) {
    const auto query = target.find_first_of("?#");
    if (query != std::string_view::npos) target = target.substr(0, query);
    if (target.empty() || target.front() != '/') return {};
    auto decoded = percent_decode(target);
    if (!decoded) return {};
    const std::string_view path = *decoded;

    if (path == "/healthz") return {Route::Kind::health, {}};
    if (path == "/ws") return {Route::Kind::websocket, {}};
    // An event's calendar file (server/calendar/ics.hpp).
    constexpr std::string_view kEvents = "/e/", kCalendar = ".ics";
    if (path.starts_with(kEvents) && path.ends_with(kCalendar)) {
        const auto id =
            path.substr(kEvents.size(), path.size() - kEvents.size() - kCalendar.size());
        if (id.empty() || id.find('/') != std::string_view::npos)
            return {Route::Kind::not_found, {}};
        return {Route::Kind::calendar, {}, false, std::string(id)};
    }
    // The client's own addresses: rooms, invites (/i/<code>), profiles (/u/<handle>),
    // events (/e/<id>), clubs (/c/<id>), and its invites and notifications screens
    // (client/navigation.hpp).
    if (path == "/" || path.starts_with("/r/") || path.starts_with("/i/") ||
        path.starts_with("/u/") || path.starts_with(kEvents) || path.starts_with("/c/") ||
        path == "/invites" || path == "/notifications")
        return {Route::Kind::file, www_root / "index.html"};
    if (path.starts_with("/embed/")) return {Route::Kind::file, www_root / "index.html", true};
    // A page showing two embeds and their events (docs/embedding.md).
    if (path == "/embed-demo") return {Route::Kind::file, www_root / "embed-demo.html"};

    const std::string_view relative = path.substr(1);
    if (!safe_relative(relative)) return {};
    if (relative.front() == '.' || relative.find("/.") != std::string_view::npos)
        return {Route::Kind::not_found, {}};
    return {Route::Kind::file, www_root / std::filesystem::path(relative)};
}

bool accepts_coding(std::string_view accept_encoding, std::string_view coding) {
    std::optional<bool> named, any;
    // Codings with parameters ("gzip;q=0.5, br") are the shape Beast's ext_list reads.
    for (const auto& [name, params] : boost::beast::http::ext_list{accept_encoding}) {
        double q = 1;
        for (const auto& [param, value] : params) {
            if (!iequals(param, "q")) continue;
            if (std::from_chars(value.data(), value.data() + value.size(), q).ec != std::errc{})
                q = 0;  // an unreadable weight accepts nothing
        }
        if (iequals(name, coding)) named = q > 0;
        if (name == "*") any = q > 0;
    }
    return named.value_or(any.value_or(false));
}

bool content_hashed(const std::filesystem::path& file) {
    const std::string stem = file.stem().string();
    const auto dot = stem.rfind('.');
    if (dot == std::string::npos || dot == 0 || stem.size() - dot - 1 != 10) return false;
    return std::all_of(stem.begin() + static_cast<std::ptrdiff_t>(dot) + 1, stem.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string_view content_type(const std::filesystem::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".wasm") return "application/wasm";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".png") return "image/png";
    if (ext == ".json") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".ttf") return "font/ttf";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".wav") return "audio/wav";
    return "application/octet-stream";
}

}  // namespace salotto::net
