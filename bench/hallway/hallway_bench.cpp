// The per-user hallway on the server (docs/benchmarks.md, "Hallway"): how long the
// hallway snapshot takes for one user who follows 1,000 people while 1,000 rooms are
// live, everything the server does for it at sign-in: the visibility rule for every
// room (room types, blocks), where the followed people are, and the ranking with its
// reasons (HallwayAudience::hallway_for). The target is under 2 ms.
//
// Usage: salotto-bench-hallway [--rooms N] [--following N] [--runs N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "bench/common/options.hpp"
#include "server/service/connections.hpp"
#include "server/service/hallway_audience.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/social_graph.hpp"

using namespace salotto;
using namespace salotto::service;

namespace {

class NullOutbox : public Outbox {
  public:
    void send(ConnectionId, std::string_view) override {}
    void send_audio(ConnectionId, const AudioMessage&) override {}
    void disconnect(ConnectionId) override {}
};

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int rooms_n = std::stoi(bench::option(args, "--rooms", "1000"));
    const int following_n = std::stoi(bench::option(args, "--following", "1000"));
    const int runs = std::max(1, std::stoi(bench::option(args, "--runs", "200")));
    constexpr int kStage = 5, kAudience = 20;
    const int users_n = rooms_n * (kStage + kAudience) + 1;
    const UserId viewer = users_n + 1;

    std::mt19937 rng(42);
    SocialGraph graph;
    // The viewer follows `following_n` people spread over the rooms, on stage and not.
    std::vector<UserId> everyone(static_cast<std::size_t>(users_n));
    for (int i = 0; i < users_n; ++i) everyone[static_cast<std::size_t>(i)] = i + 1;
    std::shuffle(everyone.begin(), everyone.end(), rng);
    for (int i = 0; i < following_n && i < users_n; ++i)
        graph.add_follow(viewer, everyone[static_cast<std::size_t>(i)]);
    // A third of the rooms are social, some followed by the stage; a few stage people
    // block someone, so those rooms go per user too.
    for (int i = 0; i < users_n; i += 7) graph.add_follow(i + 1, viewer);
    for (int i = 0; i < users_n; i += 97) graph.add_block(i + 1, viewer);

    AudioBufferPool pool;
    LiveRooms rooms(pool);
    NullOutbox outbox;
    Connections connections(outbox);
    UserId next = 1;
    for (int r = 0; r < rooms_n; ++r) {
        const std::string id = "room" + std::to_string(r);
        const auto type = r % 3 == 1                 ? protocol::RoomType::social
                          : r % 3 == 2 && r % 2 == 0 ? protocol::RoomType::closed
                                                     : protocol::RoomType::open;
        const UserId host = next++;
        LiveRoom& live =
            rooms.open(id, "Room " + std::to_string(r),
                       {host, "u" + std::to_string(host), "User " + std::to_string(host)}, type);
        rooms.seat(host, id);
        for (int s = 1; s < kStage + kAudience; ++s) {
            const UserId u = next++;
            live.room.join({u, "u" + std::to_string(u), "User " + std::to_string(u)});
            if (s < kStage) live.room.invite_speaker(host, u);
            rooms.seat(u, id);
        }
        live.hallway_sent = live.room.summary();
    }
    HallwayAudience hallway(connections, rooms, graph);

    std::vector<double> ms;
    std::size_t shown = 0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const auto out = hallway.hallway_for(viewer);
        const auto end = std::chrono::steady_clock::now();
        shown = out.rooms.size();
        ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * (ms.size() - 1))]; };
    std::printf("hallway_for: %d live rooms (%d people each), viewer follows %d, %zu rooms shown\n",
                rooms_n, kStage + kAudience, following_n, shown);
    std::printf("  %d runs: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms\n", runs, at(0.5),
                at(0.9), at(0.99), ms.back());
    return 0;
}
