// What every network session needs to reach: the signalling service, the registry
// of open WebSockets, the web root, TLS, the trusted proxies and the web security
// settings. Owned by Server, outlives all sessions' useful work (sessions never touch it
// from destructors).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "server/net/log_throttle.hpp"
#include "server/net/web_security.hpp"

namespace boost::asio::ssl {
class context;
}

namespace salotto::service {
class Service;
}

namespace salotto::net {

class Hub;

struct Context {
    service::Service& service;
    Hub& hub;
    std::filesystem::path www_root;
    OriginPolicy origins;
    FramePolicy frames;
    // Bearer token that opens /metrics on the main port; empty: /metrics is not
    // served there (only on the metrics listener, if any).
    std::string metrics_token;
    // Refused WebSocket origins are logged at most once a second.
    LogThrottle origin_log{};
    // The TLS context when the server serves HTTPS and WSS; null for plain TCP.
    boost::asio::ssl::context* tls = nullptr;
    // Proxies whose forwarding headers name the client (client_address.hpp).
    std::vector<boost::asio::ip::address> trusted_proxies;
};

}  // namespace salotto::net
