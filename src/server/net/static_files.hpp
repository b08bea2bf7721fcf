// Maps an HTTP request target to what the server answers: the health check, the
// WebSocket endpoint, or a file under the web root. Pure path logic, no I/O, so
// traversal attempts and deep links are unit-tested without sockets.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace salotto::net {

struct Route {
    enum class Kind { health, websocket, file, bad_request, not_found, calendar };
    Kind kind = Kind::bad_request;
    std::filesystem::path file;  // for Kind::file: under the web root
    bool embed = false;          // the embed page (/embed/...), which other sites may frame
    std::string event{};         // for Kind::calendar: the event of /e/<id>.ics
};

// `target` is the request-target as received, e.g. "/r/k3v9x2mq7b?x=1".
// "/" and the client's deep links "/r/<room>", "/i/<invite>", "/u/<handle>",
// "/e/<event>", "/c/<club>" and "/embed/<room>" all serve index.html; "/embed-demo" serves embed-demo.html, the demo
// host page;
// anything that could climb out of `www_root` is a bad request. A path
// with a segment starting with '.' (".git/config", ".env", "a/.htpasswd") is not
// found: dotfiles and dot-folders are never served, whatever the web root holds.
Route route(std::string_view target, const std::filesystem::path& www_root);

// Whether an Accept-Encoding header value lets us send `coding` ("gzip", "br"): the
// coding (or, when it is not named, "*") with a q-value above zero.
bool accepts_coding(std::string_view accept_encoding, std::string_view coding);

// Whether a file name carries its content's hash (scripts/assemble-www.py:
// name.<10 hex digits>.ext), so that its content never changes and browsers may keep
// it for good.
bool content_hashed(const std::filesystem::path& file);

// Content-Type by file extension; browsers refuse to stream-compile WebAssembly
// served as anything but application/wasm.
std::string_view content_type(const std::filesystem::path& file);

}  // namespace salotto::net
