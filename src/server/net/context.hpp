// What every network session needs to reach: the signalling service, the registry
// of open WebSockets and the web root. Owned by Server, outlives all sessions'
// useful work (sessions never touch it from destructors).
#pragma once

#include <filesystem>

namespace salotto::service {
class Service;
}

namespace salotto::net {

class Hub;

struct Context {
    service::Service& service;
    Hub& hub;
    std::filesystem::path www_root;
};

}  // namespace salotto::net
