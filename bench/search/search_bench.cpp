// Search on the event loop (docs/protocol.md, "Search"): how long one `search` takes
// over N users in the FTS5 index and M live rooms in memory, for a few queries, with
// the database in a file as the server has it. Prints figures; asserts nothing.
//
//   salotto-bench-search [--users N] [--rooms M] [--rounds R]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/common/options.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/search_intents.hpp"
#include "server/storage/account_store.hpp"
#include "server/storage/store.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Names with accents, doubled letters and Cyrillic, so folding has work to do.
constexpr std::array<const char*, 8> kFirst = {"Niccolò", "Ada",   "Giovanni", "Наталья",
                                               "Zoë",     "Bruno", "Anna",     "Ludovico"};
constexpr std::array<const char*, 8> kLast = {"Ruffini", "Lovelace", "Ferrò", "Петрова",
                                              "Müller",  "Bianchi",  "Rossi", "Caffarelli"};
constexpr std::array<const char*, 5> kQueries = {"nicolo", "ana ros", "пет", "caffe", "xyw"};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int users = std::stoi(salotto::bench::option(args, "--users", "5000"));
    const int rooms = std::stoi(salotto::bench::option(args, "--rooms", "1000"));
    const int rounds = std::stoi(salotto::bench::option(args, "--rounds", "200"));

    const auto path = std::filesystem::temp_directory_path() / "salotto-bench-search.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    {
        salotto::storage::Store store(path.string());
        auto& db = store.database();
        {
            salotto::storage::Transaction tx(db);
            auto insert = db.prepare(
                "INSERT INTO users (handle, name, password_hash, created_at) VALUES (?1, ?2, 'x', "
                "0)");
            for (int i = 0; i < users; ++i) {
                const std::string name = std::string(kFirst[i % kFirst.size()]) + " " +
                                         kLast[(i / kFirst.size()) % kLast.size()] + " " +
                                         std::to_string(i);
                insert.bind(1, "user" + std::to_string(i)).bind(2, name);
                insert.run();
                insert.reset();
            }
            tx.commit();
        }
        const auto index_start = Clock::now();
        const int keyed = salotto::storage::AccountStore(db).refresh_search_index();
        const double index_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - index_start).count();

        salotto::service::AudioBufferPool pool;
        salotto::service::LiveRooms live(pool);
        const salotto::service::SocialGraph graph;             // nobody follows or blocks anyone
        const salotto::protocol::UserId searcher = users + 1;  // in no room
        for (int i = 0; i < rooms; ++i)
            live.open("room" + std::to_string(i),
                      std::string(i % 3 == 0 ? "Caffè e " : "Tea and ") + kFirst[i % kFirst.size()],
                      salotto::room::Person{i + 1, "user" + std::to_string(i), "x"},
                      salotto::protocol::RoomType::open);

        std::printf("search over %d users (FTS5, file database) and %d live rooms, %d rounds\n",
                    users, rooms, rounds);
        std::printf("indexing %d users at start-up: %.1f ms\n", keyed, index_ms);
        for (const char* query : kQueries) {
            std::vector<double> times;
            std::size_t found_users = 0, found_rooms = 0;
            for (int r = 0; r < rounds; ++r) {
                const auto start = Clock::now();
                auto results = salotto::service::search(store, live, graph, searcher, query);
                times.push_back(
                    std::chrono::duration<double, std::micro>(Clock::now() - start).count());
                found_users = results.users.size();
                found_rooms = results.rooms.size();
            }
            std::printf("  %-10s users %2zu rooms %2zu   p50 %7.1f us   p99 %7.1f us\n", query,
                        found_users, found_rooms, percentile(times, 0.5), percentile(times, 0.99));
        }
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return 0;
}
