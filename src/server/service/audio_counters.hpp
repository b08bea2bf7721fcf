// Audio forwarding counters, for /metrics, the shutdown summary and benchmarks.
// The service counts what it receives and queues; the network layer counts what
// it drops and writes. One thread updates them, so they are plain integers.
#pragma once

#include <cstdint>

namespace salotto::service {

struct AudioCounters {
    std::uint64_t frames_in = 0;          // binary messages received from clients
    std::uint64_t frames_rejected = 0;    // of those, answered with an error (or its tally)
    std::uint64_t frames_forwarded = 0;   // listener-frames queued: frames x listeners
    std::uint64_t batches_built = 0;      // downstream messages built (each shared)
    std::uint64_t frames_dropped = 0;     // listener-frames dropped from full queues
    std::uint64_t stuck_disconnects = 0;  // listeners cut off for not reading
    std::uint64_t bytes_out = 0;          // audio message bytes written to sockets
};

}  // namespace salotto::service
