// Reactions in a big room (docs/benchmarks.md, "Reactions"): what it costs when every
// listener of a room reacts once a second, through the whole Service (decoding, rate
// limits, the room's ReactionBatch, the flushes), with a clock the bench moves.
//
// Prints, for the product's coalescing (one `reactions` event per room every 500 ms)
// and, as the baseline in the same run, for each reaction sent at once: events and
// bytes each listener receives per second, and the server's CPU time per second of
// reactions. The target is at most 2 events per listener per second.
//
// Usage: salotto-bench-reactions [--listeners N] [--seconds N]
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include <spdlog/spdlog.h>

#include "bench/common/options.hpp"
#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"

using namespace salotto;
using namespace salotto::service;

namespace {

// Counts what each connection is sent, and keeps the room the host was sent.
class CountingOutbox : public Outbox {
  public:
    void send(ConnectionId id, std::string_view frame) override {
        auto& c = counts[id];
        ++c.messages;
        c.bytes += frame.size();
        if (id != kHost || !room.empty()) return;
        auto decoded = protocol::decode_event(frame);
        if (auto* event = std::get_if<protocol::Event>(&decoded))
            if (auto* state = std::get_if<protocol::RoomState>(event)) room = state->room.id;
    }
    void send_audio(ConnectionId, const AudioMessage&) override {}
    void disconnect(ConnectionId) override {}

    static constexpr ConnectionId kHost = 1;
    struct Count {
        std::uint64_t messages = 0, bytes = 0;
    };
    std::unordered_map<ConnectionId, Count> counts;
    std::string room;
};

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Result {
    double events_per_listener_second = 0;
    double bytes_per_listener_second = 0;
    double cpu_ms_per_second = 0;
};

Result run(int listeners_n, int seconds, std::chrono::milliseconds interval) {
    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store(":memory:");
    auth::Accounts accounts(store, auth::PasswordCost::minimum(), [&] { return now; });
    CountingOutbox outbox;
    Service service(accounts, store, outbox,
                    ServiceOptions{.steady_now = [&] { return steady; },
                                   .unix_now = [&] { return now; },
                                   .hallway_interval = std::chrono::milliseconds(1000),
                                   .reactions_interval = interval,
                                   .offload = run_inline});
    auto send = [&](ConnectionId id, const protocol::Intent& intent) {
        service.text(id, protocol::encode(intent));
    };
    auto connect = [&](ConnectionId id, const std::string& handle) {
        service.open(id, "10.0." + std::to_string(id / 250) + "." + std::to_string(id % 250));
        send(id, protocol::Hello{protocol::kVersion, "bench"});
        send(id, protocol::Signup{accounts.create_bootstrap_invite().code, handle,
                                  "Listener " + handle, "password123"});
    };
    connect(CountingOutbox::kHost, "host");
    send(CountingOutbox::kHost, protocol::CreateRoom{"Big room", protocol::RoomType::open});
    std::vector<ConnectionId> listeners;
    for (int i = 0; i < listeners_n; ++i) {
        const auto id = static_cast<ConnectionId>(i + 2);
        connect(id, "listener" + std::to_string(i));
        send(id, protocol::JoinRoom{outbox.room});
        listeners.push_back(id);
        // Joins are rate-limited per user and address, not per room: keep the clock
        // moving so the members' own flushes run as they would.
        if (i % 100 == 99) {
            steady += std::chrono::milliseconds(250);
            service.flush_members();
        }
    }
    service.flush_members();
    service.flush_hallway();
    steady += std::chrono::seconds(5);
    outbox.counts.clear();

    // Each listener reacts once a second, at its own moment in the second; the flush
    // runs at `interval` (never, when reactions go out at once).
    const auto step = std::chrono::milliseconds(50);
    const int steps_per_second = 20;
    const std::string kinds[] = {"clap", "laugh", "heart", "plus_one", "fist", "thinking"};
    const double cpu_before = cpu_seconds();
    std::chrono::milliseconds since_flush{0};
    for (int s = 0; s < seconds; ++s) {
        for (int k = 0; k < steps_per_second; ++k) {
            for (std::size_t i = static_cast<std::size_t>(k); i < listeners.size();
                 i += steps_per_second)
                send(listeners[i], protocol::React{kinds[(i + static_cast<std::size_t>(s)) % 6]});
            steady += step;
            since_flush += step;
            if (interval.count() > 0 && since_flush >= interval) {
                service.flush_reactions();
                since_flush = {};
            }
        }
    }
    const double cpu = cpu_seconds() - cpu_before;

    std::uint64_t messages = 0, bytes = 0;
    for (ConnectionId id : listeners) {
        messages += outbox.counts[id].messages;
        bytes += outbox.counts[id].bytes;
    }
    const double listener_seconds = static_cast<double>(listeners.size()) * seconds;
    return {static_cast<double>(messages) / listener_seconds,
            static_cast<double>(bytes) / listener_seconds, cpu * 1000.0 / seconds};
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int listeners = std::stoi(bench::option(args, "--listeners", "1000"));
    const int seconds = std::stoi(bench::option(args, "--seconds", "10"));
    spdlog::set_level(spdlog::level::warn);  // a line per sign-up would drown the figures
    std::printf("reactions: %d listeners each reacting once a second, %d s simulated\n", listeners,
                seconds);
    std::printf("%-34s %17s %16s %16s\n", "", "events/listener/s", "bytes/listener/s",
                "server CPU ms/s");
    const Result at_once = run(listeners, seconds, std::chrono::milliseconds(0));
    const Result coalesced = run(listeners, seconds, kDefaultReactionsInterval);
    auto row = [](const char* name, const Result& r) {
        std::printf("%-34s %17.2f %16.0f %16.1f\n", name, r.events_per_listener_second,
                    r.bytes_per_listener_second, r.cpu_ms_per_second);
    };
    row("each reaction at once (baseline)", at_once);
    row("coalesced every 500 ms (product)", coalesced);
    std::printf("coalescing: %.0fx fewer events, %.1fx less server CPU\n",
                at_once.events_per_listener_second / coalesced.events_per_listener_second,
                at_once.cpu_ms_per_second / coalesced.cpu_ms_per_second);
    return 0;
}
