// Every query the server makes, in one place: users, invites, sessions, rooms.
//
// Records are plain structs; the rules (who may do what, quotas, expiry) live in
// auth/ and service/, except where a rule must hold inside one transaction, as in
// sign-up, which consumes the invite and creates the user atomically.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

using protocol::UserId;
using TokenHash = std::vector<unsigned char>;

struct UserRecord {
    protocol::User user;
    std::string bio;
    std::string password_hash;
    std::optional<UserId> invited_by;
    std::int64_t created_at = 0;
};

struct InviteRecord {
    std::string code;
    std::optional<UserId> owner;  // nothing for bootstrap invites
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<UserId> used_by;
    std::optional<std::int64_t> revoked_at;  // revoked by its owner (unused invites only)
};

// Why `invite` cannot be used for a sign-up at `now`: invite_invalid, invite_used,
// invite_revoked or invite_expired; nothing when it can.
std::optional<ErrorCode> invite_error(const std::optional<InviteRecord>& invite, std::int64_t now);

// Someone on stage in a live room, saved at shutdown.
struct Seat {
    UserId user = 0;
    protocol::Role role = protocol::Role::speaker;
};

// A room that was live when the server stopped, with its stage.
struct SeatedRoom {
    std::string id;
    std::string title;
    protocol::RoomType type = protocol::RoomType::open;
    std::vector<Seat> seats;  // in stage order
};

// A stored profile picture: its version (users.avatar) and the JPEG.
struct AvatarRecord {
    std::int64_t version = 0;
    std::vector<unsigned char> jpeg;
};

// What moderators decided in a room that was live when the server stopped
// (moderation_store.cpp): its settings, who was removed and who was let in.
struct RoomAccessRecord {
    std::string room;
    bool hands_allowed = true;
    bool link_joins = false;
    std::vector<UserId> removed;
    std::vector<UserId> admitted;
    bool chat_allowed = true;
    bool operator==(const RoomAccessRecord&) const = default;
};

struct NewUser {
    std::string handle;
    std::string name;
    std::string password_hash;
};

class Store {
  public:
    // Opens the database at `path` (":memory:" for tests) and migrates it.
    explicit Store(const std::string& path);

    Database& database() { return db_; }

    // ---- users
    std::optional<UserRecord> user_by_id(UserId id);
    std::optional<UserRecord> user_by_handle(std::string_view handle);
    std::int64_t user_count();
    // Creates the user and marks invite `code` used by them, in one transaction.
    // Fails with invite_invalid, invite_used, invite_expired or handle_taken and
    // then changes nothing.
    std::variant<UserId, ErrorCode> create_user_with_invite(const NewUser& user,
                                                            std::string_view code,
                                                            std::int64_t now);

    // ---- invites
    // False when the code already exists (the caller draws another).
    bool insert_invite(std::string_view code, std::optional<UserId> owner, std::int64_t now,
                       std::int64_t expires_at);
    std::optional<InviteRecord> invite(std::string_view code);
    // Oldest first.
    std::vector<InviteRecord> invites_of(UserId owner);
    // Invites of `owner` that still count against the quota: used, or neither expired
    // nor revoked.
    int counted_invites(UserId owner, std::int64_t now);
    // An unused, unexpired invite owned by nobody, if there is one.
    std::optional<InviteRecord> unused_bootstrap_invite(std::int64_t now);

    // ---- profile pictures
    // Stores `jpeg` as the user's picture; returns its version (users.avatar).
    std::int64_t set_avatar(UserId user, const std::vector<unsigned char>& jpeg);
    // Removes the user's picture (users.avatar becomes 0).
    void remove_avatar(UserId user);
    // The user's current picture, if they have one.
    std::optional<AvatarRecord> avatar(UserId user);

    // Replaces the user's password hash.
    void set_password_hash(UserId user, std::string_view password_hash);

    // ---- sessions
    // Inserts the session and deletes the user's least recently used ones beyond
    // `keep` in all.
    void insert_session(const TokenHash& hash, UserId user, std::int64_t now, int keep);
    // The user holding the session, touching its last use; nothing (and the session is
    // deleted) when it was last used before `idle_cutoff` or created before
    // `created_cutoff`.
    std::optional<UserId> use_session(const TokenHash& hash, std::int64_t now,
                                      std::int64_t idle_cutoff, std::int64_t created_cutoff);
    void delete_session(const TokenHash& hash);
    // Deletes every session of `user` but `except`, if given.
    void delete_sessions_of(UserId user, const std::optional<TokenHash>& except = std::nullopt);
    // Deletes sessions idle since before `idle_cutoff` or created before
    // `created_cutoff`; returns how many.
    int delete_expired_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff);

    // ---- rooms
    // False when the id already exists (the caller draws another).
    bool insert_room(std::string_view id, std::string_view title, protocol::RoomType type,
                     UserId owner, std::int64_t now);
    void end_room(std::string_view id, std::int64_t now);
    // Marks rooms a previous run left open as ended, except those with saved seats;
    // returns how many.
    int end_open_rooms(std::int64_t now);
    // Saves the stage of each live room (replacing what was saved before), in one
    // transaction.
    void save_seats(const std::vector<SeatedRoom>& rooms);
    // The open rooms with saved seats, and forgets the seats.
    std::vector<SeatedRoom> take_seated_rooms();
    // Deletes rooms that ended before `cutoff`; returns how many.
    int delete_rooms_ended_before(std::int64_t cutoff);

    // ---- moderation (moderation_store.cpp)
    // A moderator changed the type of live room `id`.
    void set_room_type(std::string_view id, protocol::RoomType type);
    // Saves what moderators decided in each live room (replacing what was saved
    // before), in one transaction; at a graceful shutdown, with save_seats().
    void save_room_access(const std::vector<RoomAccessRecord>& rooms);
    // What save_room_access() kept, by room id, and forgets it.
    std::map<std::string, RoomAccessRecord, std::less<>> take_room_access();

  private:
    Database db_;
};

}  // namespace salotto::storage
