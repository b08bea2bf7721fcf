// The service's exception boundary. Every entry point the network layer calls (and
// every continuation of work done off the loop) runs through guarded(): one
// connection's failure (a storage error, an allocation, a bug) is logged and answered
// with `internal`, and never reaches the event loop, which forwards every room's audio.
#pragma once

#include <exception>
#include <optional>
#include <string_view>

#include <spdlog/spdlog.h>

#include "server/service/connections.hpp"

namespace salotto::service {

// Runs `work`; an exception is logged and, for a connection `id`, answered with
// `internal`. Nothing escapes.
template <class Work>
void guarded(Connections& connections, std::optional<ConnectionId> id, std::string_view what,
             Work&& work) noexcept {
    try {
        work();
        return;
    } catch (const std::exception& e) {
        spdlog::error("{} (connection {}) failed: {}", what, id.value_or(0), e.what());
    } catch (...) {
        spdlog::error("{} (connection {}) failed with an unknown exception", what, id.value_or(0));
    }
    if (!id) return;
    try {
        connections.reject(*id, ErrorCode::internal, "");
    } catch (...) {
        // Not even an error could be queued (out of memory): the close that follows
        // such a failure is the transport's.
    }
}

}  // namespace salotto::service
