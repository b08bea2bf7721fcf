// Queries; see store.hpp.
#include "server/storage/store.hpp"

#include "server/storage/schema.hpp"
#include "server/storage/social_store.hpp"

namespace salotto::storage {

namespace {

constexpr std::string_view kUserColumns =
    "SELECT id, handle, name, bio, password_hash, invited_by, created_at, avatar FROM users ";
constexpr std::string_view kInviteColumns =
    "SELECT code, owner, created_at, expires_at, used_by, revoked_at FROM invites ";

UserRecord read_user(const Statement& s) {
    return UserRecord{protocol::User{s.int64(0), s.text(1), s.text(2), s.int64(7)}, s.text(3),
                      s.text(4), s.optional_int64(5), s.int64(6)};
}

InviteRecord read_invite(const Statement& s) {
    return InviteRecord{s.text(0),  s.optional_int64(1), s.int64(2),
                        s.int64(3), s.optional_int64(4), s.optional_int64(5)};
}

std::string concat(std::string_view a, std::string_view b) {
    return std::string(a) + std::string(b);
}

}  // namespace

Store::Store(const std::string& path) : db_(path) {
    migrate(db_);
}

std::optional<UserRecord> Store::user_by_id(UserId id) {
    auto s = db_.prepare(concat(kUserColumns, "WHERE id = ?1"));
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::optional<UserRecord> Store::user_by_handle(std::string_view handle) {
    auto s = db_.prepare(concat(kUserColumns, "WHERE handle = ?1"));
    s.bind(1, handle);
    if (!s.step()) return std::nullopt;
    return read_user(s);
}

std::int64_t Store::user_count() {
    auto s = db_.prepare("SELECT count(*) FROM users");
    s.step();
    return s.int64(0);
}

std::optional<ErrorCode> invite_error(const std::optional<InviteRecord>& invite, std::int64_t now) {
    if (!invite) return ErrorCode::invite_invalid;
    if (invite->used_by) return ErrorCode::invite_used;
    if (invite->revoked_at) return ErrorCode::invite_revoked;
    if (invite->expires_at <= now) return ErrorCode::invite_expired;
    return std::nullopt;
}

std::variant<UserId, ErrorCode> Store::create_user_with_invite(const NewUser& user,
                                                               std::string_view code,
                                                               std::int64_t now) {
    Transaction tx(db_);
    auto found = invite(code);
    if (auto error = invite_error(found, now)) return *error;
    if (user_by_handle(user.handle)) return ErrorCode::handle_taken;

    auto insert = db_.prepare(
        "INSERT INTO users (handle, name, password_hash, invited_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bind(1, user.handle).bind(2, user.name).bind(3, user.password_hash);
    insert.bind(4, found->owner).bind(5, now);
    insert.run();
    const UserId id = db_.last_insert_rowid();

    // The `used_by IS NULL` guard makes the invite single-use even if a second
    // process slipped past the read above.
    auto consume = db_.prepare(
        "UPDATE invites SET used_by = ?1, used_at = ?2 WHERE code = ?3 AND used_by IS NULL "
        "AND revoked_at IS NULL");
    consume.bind(1, id).bind(2, now).bind(3, code);
    consume.run();
    if (db_.changes() != 1) return ErrorCode::invite_used;
    // The inviter hears that their invite was used (docs/protocol.md, "Notifications").
    if (found->owner) insert_notification(db_, {*found->owner, "invite_used", id, {}, {}, now});

    tx.commit();
    return id;
}

bool Store::insert_invite(std::string_view code, std::optional<UserId> owner, std::int64_t now,
                          std::int64_t expires_at) {
    auto s = db_.prepare(
        "INSERT OR IGNORE INTO invites (code, owner, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, code).bind(2, owner).bind(3, now).bind(4, expires_at);
    s.run();
    return db_.changes() == 1;
}

std::optional<InviteRecord> Store::invite(std::string_view code) {
    auto s = db_.prepare(concat(kInviteColumns, "WHERE code = ?1"));
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return read_invite(s);
}

std::vector<InviteRecord> Store::invites_of(UserId owner) {
    auto s = db_.prepare(concat(kInviteColumns, "WHERE owner = ?1 ORDER BY created_at, rowid"));
    s.bind(1, owner);
    std::vector<InviteRecord> out;
    while (s.step()) out.push_back(read_invite(s));
    return out;
}

int Store::counted_invites(UserId owner, std::int64_t now) {
    auto s = db_.prepare(
        "SELECT count(*) FROM invites WHERE owner = ?1 AND (used_by IS NOT NULL OR "
        "(expires_at > ?2 AND revoked_at IS NULL))");
    s.bind(1, owner).bind(2, now);
    s.step();
    return static_cast<int>(s.int64(0));
}

std::optional<InviteRecord> Store::unused_bootstrap_invite(std::int64_t now) {
    auto s = db_.prepare(
        concat(kInviteColumns,
               "WHERE owner IS NULL AND used_by IS NULL AND revoked_at IS NULL AND expires_at > ?1 "
               "ORDER BY created_at LIMIT 1"));
    s.bind(1, now);
    if (!s.step()) return std::nullopt;
    return read_invite(s);
}

std::int64_t Store::set_avatar(UserId user, const std::vector<unsigned char>& jpeg) {
    Transaction tx(db_);
    auto upsert = db_.prepare(
        "INSERT INTO avatars (user_id, version, image) VALUES (?1, 1, ?2) "
        "ON CONFLICT (user_id) DO UPDATE SET version = version + 1, image = excluded.image "
        "RETURNING version");
    upsert.bind(1, user).bind(2, jpeg);
    upsert.step();
    const std::int64_t version = upsert.int64(0);
    upsert.reset();
    auto mark = db_.prepare("UPDATE users SET avatar = ?2 WHERE id = ?1");
    mark.bind(1, user).bind(2, version);
    mark.run();
    tx.commit();
    return version;
}

void Store::remove_avatar(UserId user) {
    Transaction tx(db_);
    auto clear = db_.prepare("UPDATE avatars SET image = NULL WHERE user_id = ?1");
    clear.bind(1, user);
    clear.run();
    auto mark = db_.prepare("UPDATE users SET avatar = 0 WHERE id = ?1");
    mark.bind(1, user);
    mark.run();
    tx.commit();
}

std::optional<AvatarRecord> Store::avatar(UserId user) {
    auto s =
        db_.prepare("SELECT version, image FROM avatars WHERE user_id = ?1 AND image IS NOT NULL");
    s.bind(1, user);
    if (!s.step()) return std::nullopt;
    return AvatarRecord{s.int64(0), s.blob(1)};
}

void Store::set_password_hash(UserId user, std::string_view password_hash) {
    auto s = db_.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
    s.bind(1, user).bind(2, password_hash);
    s.run();
}

void Store::insert_session(const TokenHash& hash, UserId user, std::int64_t now, int keep) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_used_at) "
        "VALUES (?1, ?2, ?3, ?3)");
    s.bind(1, hash).bind(2, user).bind(3, now);
    s.run();
    // Times are seconds, so sessions tie; rowid (insertion order) breaks the tie, oldest
    // out first. Without it SQLite dropped the newest of a tie: 21 sign-ins within one
    // second revoked the session just handed out.
    auto prune = db_.prepare(
        "DELETE FROM sessions WHERE user_id = ?1 AND token_hash NOT IN ("
        "SELECT token_hash FROM sessions WHERE user_id = ?1 "
        "ORDER BY last_used_at DESC, created_at DESC, rowid DESC LIMIT ?2)");
    prune.bind(1, user).bind(2, keep);
    prune.run();
    tx.commit();
}

std::optional<UserId> Store::use_session(const TokenHash& hash, std::int64_t now,
                                         std::int64_t idle_cutoff, std::int64_t created_cutoff) {
    auto s = db_.prepare(
        "UPDATE sessions SET last_used_at = ?2 WHERE token_hash = ?1 AND last_used_at >= ?3 "
        "AND created_at >= ?4 RETURNING user_id");
    s.bind(1, hash).bind(2, now).bind(3, idle_cutoff).bind(4, created_cutoff);
    if (!s.step()) {
        delete_session(hash);  // expired, or unknown (then this deletes nothing)
        return std::nullopt;
    }
    const UserId user = s.int64(0);
    s.run();  // RETURNING statements finish their write only when run to the end
    return user;
}

void Store::delete_sessions_of(UserId user, const std::optional<TokenHash>& except) {
    auto s =
        db_.prepare("DELETE FROM sessions WHERE user_id = ?1 AND (?2 IS NULL OR token_hash <> ?2)");
    s.bind(1, user);
    if (except)
        s.bind(2, *except);
    else
        s.bind(2, std::nullopt);
    s.run();
}

int Store::delete_expired_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff) {
    auto s = db_.prepare("DELETE FROM sessions WHERE last_used_at < ?1 OR created_at < ?2");
    s.bind(1, idle_cutoff).bind(2, created_cutoff);
    s.run();
    return db_.changes();
}

int Store::delete_rooms_ended_before(std::int64_t cutoff) {
    auto s = db_.prepare("DELETE FROM rooms WHERE ended_at IS NOT NULL AND ended_at < ?1");
    s.bind(1, cutoff);
    s.run();
    return db_.changes();
}

void Store::delete_session(const TokenHash& hash) {
    auto s = db_.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    s.bind(1, hash);
    s.run();
}

bool Store::insert_room(std::string_view id, std::string_view title, protocol::RoomType type,
                        UserId owner, std::int64_t now) {
    auto s = db_.prepare(
        "INSERT OR IGNORE INTO rooms (id, title, type, owner, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, id).bind(2, title).bind(3, protocol::wire_name(type)).bind(4, owner).bind(5, now);
    s.run();
    return db_.changes() == 1;
}

void Store::end_room(std::string_view id, std::int64_t now) {
    auto s = db_.prepare("UPDATE rooms SET ended_at = ?2 WHERE id = ?1 AND ended_at IS NULL");
    s.bind(1, id).bind(2, now);
    s.run();
}

void Store::save_seats(const std::vector<SeatedRoom>& rooms) {
    Transaction tx(db_);
    db_.exec("DELETE FROM room_seats");
    auto insert = db_.prepare(
        "INSERT INTO room_seats (room_id, user_id, role, position) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& room : rooms) {
        for (std::size_t i = 0; i < room.seats.size(); ++i) {
            insert.bind(1, room.id).bind(2, room.seats[i].user);
            insert.bind(3, protocol::wire_name(room.seats[i].role));
            insert.bind(4, static_cast<std::int64_t>(i));
            insert.run();
            insert.reset();
        }
    }
    tx.commit();
}

std::vector<SeatedRoom> Store::take_seated_rooms() {
    Transaction tx(db_);
    auto s = db_.prepare(
        "SELECT r.id, r.title, r.type, s.user_id, s.role FROM room_seats s JOIN rooms r ON r.id = "
        "s.room_id WHERE r.ended_at IS NULL ORDER BY r.created_at, r.id, s.position");
    std::vector<SeatedRoom> rooms;
    while (s.step()) {
        std::string id = s.text(0);
        if (rooms.empty() || rooms.back().id != id) {
            const auto type =
                protocol::room_type_from_wire(s.text(2)).value_or(protocol::RoomType::open);
            rooms.push_back({id, s.text(1), type, {}});
        }
        const auto role = protocol::role_from_wire(s.text(4)).value_or(protocol::Role::speaker);
        rooms.back().seats.push_back({s.int64(3), role});
    }
    db_.exec("DELETE FROM room_seats");
    tx.commit();
    return rooms;
}

int Store::end_open_rooms(std::int64_t now) {
    auto s = db_.prepare(
        "UPDATE rooms SET ended_at = ?1 WHERE ended_at IS NULL "
        "AND id NOT IN (SELECT room_id FROM room_seats)");
    s.bind(1, now);
    s.run();
    return db_.changes();
}

}  // namespace salotto::storage
