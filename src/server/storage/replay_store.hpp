// Replays' queries (schema steps 10 and 13): one row per saved recording with its hosts
// and who may hear it. The files themselves live in the server's replay folder
// (ReplayIntents); `bytes` here is what the disk quota counts.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

class ReplayStore {
  public:
    explicit ReplayStore(Database& db) : db_(db) {}

    // Who may hear a replay besides its hosts and the admins: everyone signed in, or,
    // when `restricted`, its listeners (insert) and, for a club's room, whoever the
    // club's rule lets into the club's rooms.
    struct Audience {
        bool restricted = false;
        std::optional<std::int64_t> club;
    };

    // Stores a replay, its hosts (replay.hosts' ids; their names are read back) and,
    // for a restricted one, its listeners.
    void insert(const protocol::Replay& replay, const Audience& audience,
                std::span<const protocol::UserId> listeners);
    std::optional<protocol::Replay> find(std::string_view id);
    // Nothing when there is no such replay.
    std::optional<Audience> audience(std::string_view id);
    bool listener(std::string_view id, protocol::UserId user);
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
