// What every network session needs to reach: the signalling service, the registry
// of open WebSockets, the web root, TLS and the trusted proxies. Owned by Server, outlives all
// sessions' useful work (sessions never touch it from destructors).
#pragma once

#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <vector>

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
    // The TLS context when the server serves HTTPS and WSS; null for plain TCP.
    boost::asio::ssl::context* tls = nullptr;
    // Proxies whose forwarding headers name the client (client_address.hpp).
    std::vector<boost::asio::ip::address> trusted_proxies;
};

}  // namespace salotto::net
