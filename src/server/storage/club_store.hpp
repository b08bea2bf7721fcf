// Clubs' queries (schema steps 11 and 12): clubs, who has which place in each, pending
// invitations and requests, which club a room was opened in, and club pictures. The server keeps
// all of it in memory (service/club_directory.hpp) and writes each change through here, so clubs
// and memberships survive a restart.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "core/social/clubs.hpp"
#include "server/storage/database.hpp"
#include "server/storage/store.hpp"

namespace salotto::storage {

// One club as stored.
struct ClubRecord {
    std::int64_t id = 0;
    std::string name;
    std::string description;
    social::ClubRoomAccess room_access = social::ClubRoomAccess::members;
    std::int64_t avatar = 0;
    std::int64_t created_at = 0;
    std::map<protocol::UserId, social::ClubRole> people;  // followers and members
    std::map<protocol::UserId, bool> pending;             // true: invited; false: requested
    bool operator==(const ClubRecord&) const = default;
};

class ClubStore {
  public:
    explicit ClubStore(Database& db) : db_(db) {}

    // Creates a club with `creator` as its admin, in one transaction; returns its id.
    std::int64_t create(std::string_view name, std::string_view description,
                        social::ClubRoomAccess access, protocol::UserId creator, std::int64_t now);
    void update(std::int64_t club, std::string_view name, std::string_view description,
                social::ClubRoomAccess access);
    // Gives `user` `role` in `club` (none: takes their place away); a member role also
    // drops what was pending between them and the club, in one transaction.
    void set_role(std::int64_t club, protocol::UserId user, social::ClubRole role,
                  std::int64_t now);
    // Records an invitation (`invited`) or a request; replaces one pending before.
    void set_pending(std::int64_t club, protocol::UserId user, bool invited, std::int64_t now);
    void remove_pending(std::int64_t club, protocol::UserId user);
    // The club's members with their users as they are now: admins, then leaders, then
    // members, each oldest first.
    std::vector<protocol::ClubMember> members_of(std::int64_t club);
    // The people invited to (`invited`) or asking to join the club, oldest first.
    std::vector<protocol::User> pending_of(std::int64_t club, bool invited);
    // Every club with its people and pending invitations and requests, by id.
    std::vector<ClubRecord> load_all();

    // Stores `jpeg` as the club's picture; returns its version (clubs.avatar), one more
    // than any given out before.
    std::int64_t set_avatar(std::int64_t club, const std::vector<unsigned char>& jpeg);
    // Removes the club's picture (clubs.avatar becomes 0).
    void remove_avatar(std::int64_t club);
    // The club's picture, if it has one.
    std::optional<AvatarRecord> avatar(std::int64_t club);

    // Room `room` was opened in `club`.
    void set_room_club(std::string_view room, std::int64_t club);
    // The club room `room` was opened in, if any.
    std::optional<std::int64_t> room_club(std::string_view room);

  private:
    Database& db_;
};

}  // namespace salotto::storage
