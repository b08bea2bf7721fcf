// Clubs' queries; see club_store.hpp.
#include "server/storage/club_store.hpp"

#include <string>

namespace salotto::storage {

std::int64_t ClubStore::create(std::string_view name, std::string_view description,
                               social::ClubRoomAccess access, protocol::UserId creator,
                               std::int64_t now) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "INSERT INTO clubs (name, description, room_access, created_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, name).bind(2, description).bind(3, social::wire_name(access)).bind(4, creator);
    s.bind(5, now);
    s.run();
    const std::int64_t id = db_.last_insert_rowid();
    auto admin = db_.prepare(
        "INSERT INTO club_people (club_id, user_id, role, since) VALUES (?1, ?2, 'admin', ?3)");
    admin.bind(1, id).bind(2, creator).bind(3, now);
    admin.run();
    tx.commit();
    return id;
}

void ClubStore::update(std::int64_t club, std::string_view name, std::string_view description,
                       social::ClubRoomAccess access) {
    auto s =
        db_.prepare("UPDATE clubs SET name = ?2, description = ?3, room_access = ?4 WHERE id = ?1");
    s.bind(1, club).bind(2, name).bind(3, description).bind(4, social::wire_name(access));
    s.run();
}

void ClubStore::set_role(std::int64_t club, protocol::UserId user, social::ClubRole role,
                         std::int64_t now) {
    Transaction tx(db_);
    if (social::is_member(role)) remove_pending(club, user);
    if (role == social::ClubRole::none) {
        auto s = db_.prepare("DELETE FROM club_people WHERE club_id = ?1 AND user_id = ?2");
        s.bind(1, club).bind(2, user);
        s.run();
    } else {
        // `since` stays when only the role changes.
        auto s = db_.prepare(
            "INSERT INTO club_people (club_id, user_id, role, since) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (club_id, user_id) DO UPDATE SET role = excluded.role");
        s.bind(1, club).bind(2, user).bind(3, social::wire_name(role)).bind(4, now);
        s.run();
    }
    tx.commit();
}

void ClubStore::set_pending(std::int64_t club, protocol::UserId user, bool invited,
                            std::int64_t now) {
    auto s = db_.prepare(
        "INSERT OR REPLACE INTO club_pending (club_id, user_id, kind, created_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, club).bind(2, user).bind(3, invited ? "invited" : "requested").bind(4, now);
    s.run();
}

void ClubStore::remove_pending(std::int64_t club, protocol::UserId user) {
    auto s = db_.prepare("DELETE FROM club_pending WHERE club_id = ?1 AND user_id = ?2");
    s.bind(1, club).bind(2, user);
    s.run();
}

std::vector<protocol::ClubMember> ClubStore::members_of(std::int64_t club) {
    auto s = db_.prepare(
        "SELECT u.id, u.handle, u.name, u.avatar, p.role FROM club_people p "
        "JOIN users u ON u.id = p.user_id WHERE p.club_id = ?1 AND p.role <> 'follower' "
        "ORDER BY CASE p.role WHEN 'admin' THEN 0 WHEN 'leader' THEN 1 ELSE 2 END, p.since, u.id");
    s.bind(1, club);
    std::vector<protocol::ClubMember> out;
    while (s.step()) out.push_back({{s.int64(0), s.text(1), s.text(2), s.int64(3)}, s.text(4)});
    return out;
}

std::vector<protocol::User> ClubStore::pending_of(std::int64_t club, bool invited) {
    auto s = db_.prepare(
        "SELECT u.id, u.handle, u.name, u.avatar FROM club_pending p "
        "JOIN users u ON u.id = p.user_id WHERE p.club_id = ?1 AND p.kind = ?2 "
        "ORDER BY p.created_at, u.id");
    s.bind(1, club).bind(2, invited ? "invited" : "requested");
    std::vector<protocol::User> out;
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3)});
    return out;
}

std::vector<ClubRecord> ClubStore::load_all() {
    std::vector<ClubRecord> clubs;
    std::map<std::int64_t, std::size_t> index;
    auto s = db_.prepare(
        "SELECT id, name, description, room_access, avatar, created_at FROM clubs ORDER BY id");
    while (s.step()) {
        ClubRecord club;
        club.id = s.int64(0);
        club.name = s.text(1);
        club.description = s.text(2);
        club.room_access =
            social::club_room_access_from_wire(s.text(3)).value_or(social::ClubRoomAccess::members);
        club.avatar = s.int64(4);
        club.created_at = s.int64(5);
        index[club.id] = clubs.size();
        clubs.push_back(std::move(club));
    }
    auto people = db_.prepare("SELECT club_id, user_id, role FROM club_people");
    while (people.step()) {
        auto it = index.find(people.int64(0));
        const auto role = social::club_role_from_wire(people.text(2));
        if (it == index.end() || !role || *role == social::ClubRole::none) continue;
        clubs[it->second].people[people.int64(1)] = *role;
    }
    auto pending = db_.prepare("SELECT club_id, user_id, kind FROM club_pending");
    while (pending.step()) {
        auto it = index.find(pending.int64(0));
        if (it == index.end()) continue;
        clubs[it->second].pending[pending.int64(1)] = pending.text(2) == "invited";
    }
    return clubs;
}

std::int64_t ClubStore::set_avatar(std::int64_t club, const std::vector<unsigned char>& jpeg) {
    auto s = db_.prepare(
        "UPDATE clubs SET avatar_given = avatar_given + 1, avatar = avatar_given + 1, "
        "avatar_jpeg = ?2 WHERE id = ?1 RETURNING avatar");
    s.bind(1, club).bind(2, jpeg);
    if (!s.step()) return 0;
    const std::int64_t version = s.int64(0);
    s.reset();
    return version;
}

void ClubStore::remove_avatar(std::int64_t club) {
    auto s = db_.prepare("UPDATE clubs SET avatar = 0, avatar_jpeg = NULL WHERE id = ?1");
    s.bind(1, club);
    s.run();
}

std::optional<AvatarRecord> ClubStore::avatar(std::int64_t club) {
    auto s = db_.prepare(
        "SELECT avatar, avatar_jpeg FROM clubs WHERE id = ?1 AND avatar_jpeg IS NOT NULL");
    s.bind(1, club);
    if (!s.step()) return std::nullopt;
    return AvatarRecord{s.int64(0), s.blob(1)};
}

void ClubStore::set_room_club(std::string_view room, std::int64_t club) {
    auto s = db_.prepare("INSERT OR REPLACE INTO room_clubs (room_id, club_id) VALUES (?1, ?2)");
    s.bind(1, room).bind(2, club);
    s.run();
}

std::optional<std::int64_t> ClubStore::room_club(std::string_view room) {
    auto s = db_.prepare("SELECT club_id FROM room_clubs WHERE room_id = ?1");
    s.bind(1, room);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

}  // namespace salotto::storage
