// WebSocket opening handshake; see websocket_handshake.hpp.
#include "server/net/websocket_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace salotto::net {

namespace http = boost::beast::http;

namespace {

// RFC 6455, section 1.3.
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// A key is 16 random bytes in base64: 22 characters and "==".
bool is_valid_key(std::string_view key) {
    if (key.size() != 24 || !key.ends_with("==")) return false;
    return std::all_of(key.begin(), key.end() - 2, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    });
}

}  // namespace

std::string websocket_accept_key(std::string_view client_key) {
    std::string input(client_key);
    input += kGuid;
    std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
    std::array<unsigned char, 4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1> encoded{};
    const int length = EVP_EncodeBlock(encoded.data(), digest.data(), SHA_DIGEST_LENGTH);
    return {reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(length)};
}

UpgradeCheck check_upgrade(const http::request<http::string_body>& request) {
    if (request.method() != http::verb::get || request.version() < 11)
        return {http::status::bad_request, "a WebSocket upgrade is a GET over HTTP/1.1", {}};
    if (request[http::field::sec_websocket_version] != "13")
        return {http::status::upgrade_required, "WebSocket version 13 only", {}};
    const auto key = request[http::field::sec_websocket_key];
    if (!is_valid_key(key))
        return {http::status::bad_request, "missing or malformed Sec-WebSocket-Key", {}};
    std::string reply =
        "HTTP/1.1 101 Switching Protocols\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Server: salotto-server\r\n"
        "Sec-WebSocket-Accept: ";
    reply += websocket_accept_key(key);
    reply += "\r\n\r\n";
    return {http::status::switching_protocols, {}, std::move(reply)};
}

}  // namespace salotto::net
