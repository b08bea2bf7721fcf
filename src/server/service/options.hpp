// How a Service is set up: its clocks, the flush intervals the network layer drives,
// and where slow work (password hashing) runs. Tests and benchmarks set these;
// the server takes the defaults or its command-line options.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "server/auth/accounts.hpp"
#include "server/service/token_bucket.hpp"

namespace salotto::service {

inline constexpr auto kDefaultAudienceBatch = std::chrono::milliseconds(20);
// How often a live room's changed hallway summary may go out (docs/protocol.md,
// "Hallway").
inline constexpr auto kDefaultHallwayInterval = std::chrono::milliseconds(1000);
// How often big rooms' collected joins and leaves go out (see kBatchedMembersFrom).
inline constexpr auto kDefaultMembersInterval = std::chrono::milliseconds(250);
// How often a room's reactions go out, in one `reactions` event: at most two such
// events a second reach each listener, however many people react.
inline constexpr auto kDefaultReactionsInterval = std::chrono::milliseconds(500);
// The disk space all replays together may take unless the operator says otherwise
// (--replay-quota-mb): about 70 hours of rooms at 32 kbit/s.
inline constexpr std::uint64_t kDefaultReplayQuotaBytes = 1024ull * 1024 * 1024;

// Slow work handed off the event loop: it runs on another thread, touches only what it
// captured, and returns what to do with its result, which runs on the service's thread.
using SlowJob = std::function<std::function<void()>()>;
// Runs a slow job at once, on the calling thread (tests and tools).
inline bool run_inline(SlowJob job) {
    job()();
    return true;
}

struct ServiceOptions {
    std::string server_name = "salotto-server";
    std::function<TokenBucket::Clock::time_point()> steady_now = TokenBucket::Clock::now;
    auth::UnixClock unix_now = auth::system_unix_now;
    // How long the audience's frames are collected before one batch goes out; zero
    // sends every frame at once, as to the stage. The caller calls flush_audio() at
    // this interval.
    std::chrono::milliseconds audience_batch = kDefaultAudienceBatch;
    // Small audiences get each frame at once and large rooms' batches span several
    // intervals (audience_hears_at_once, audience_batch_intervals); false batches
    // every room's audience over one interval (benchmarks, tests of batching).
    bool adaptive_audience_batch = true;
    // How often changed hallway summaries of live rooms go out; the caller calls
    // flush_hallway() at this interval. Zero sends each change at once.
    std::chrono::milliseconds hallway_interval = kDefaultHallwayInterval;
    // How often big rooms' collected joins and leaves go out; the caller calls
    // flush_members() at this interval. Zero sends them at once in every room.
    std::chrono::milliseconds members_interval = kDefaultMembersInterval;
    // How often each room's reactions go out; the caller calls flush_reactions() at
    // this interval. Zero sends each reaction at once.
    std::chrono::milliseconds reactions_interval = kDefaultReactionsInterval;
    // Hands a slow job (password hashing) to another thread and arranges for the
    // continuation it returns to run on the service's thread; false when it cannot
    // take the job now (the client is told `server_busy`).
    std::function<bool(SlowJob)> offload = run_inline;
    // Where recordings are written, <replay_dir>/<replay id>.ogg (the folder must
    // exist); empty: rooms cannot be recorded (`recording_unavailable`).
    std::filesystem::path replay_dir{};
    // The most bytes all replays may take, recordings under way included; past it,
    // recording is refused (`replay_quota_full`) and recordings under way stop.
    std::uint64_t replay_quota_bytes = kDefaultReplayQuotaBytes;
};

}  // namespace salotto::service
