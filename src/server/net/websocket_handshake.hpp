// The server's half of the WebSocket opening handshake (RFC 6455, section 4.2): checks
// the client's upgrade request and builds the 101 reply, which the session writes as
// the first bytes of its queue. Beast parses the HTTP request; the reply is ours so
// that the socket has one writer from its first byte on (websocket_session.hpp).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace salotto::net {

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
std::string websocket_accept_key(std::string_view client_key);

struct UpgradeCheck {
    // switching_protocols when the upgrade may go ahead; otherwise the HTTP answer:
    // bad_request, or upgrade_required for a WebSocket version other than 13.
    boost::beast::http::status status;
    std::string_view problem;  // what is wrong, for the error response
    std::string reply;         // the whole 101 response, when accepted
};

// Checks `request`, already known to ask for an upgrade at /ws.
UpgradeCheck check_upgrade(
    const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace salotto::net
