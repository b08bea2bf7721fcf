// Replays' queries (schema step 10): one row per saved recording with its hosts. The
// files themselves live in the server's replay folder (ReplayIntents); `bytes` here is
// what the disk quota counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

class ReplayStore {
  public:
    explicit ReplayStore(Database& db) : db_(db) {}

    // Stores a replay and its hosts (replay.hosts' ids; their names are read back).
    void insert(const protocol::Replay& replay);
    std::optional<protocol::Replay> find(std::string_view id);
    // Newest first, at most `limit`.
    std::vector<protocol::Replay> of_room(std::string_view room, int limit);
    std::vector<protocol::Replay> hosted_by(protocol::UserId user, int limit);
    // Deletes the replay's row; false when there was none.
    bool remove(std::string_view id);
    // The bytes all stored replays take.
    std::uint64_t total_bytes();
    // What the rooms table still knows of room `room` (ended rooms stay there 30 days):
    // its title and whether it has ended; nothing for a room it does not know.
    struct KnownRoom {
        std::string title;
        bool ended = false;
    };
    std::optional<KnownRoom> known_room(std::string_view room);

  private:
    std::vector<protocol::Replay> read(Statement& s);
    void fill_hosts(protocol::Replay& replay);

    Database& db_;
};

}  // namespace salotto::storage
