// Social graph queries; see social_store.hpp.
#include "server/storage/social_store.hpp"

namespace salotto::storage {

namespace {

constexpr std::string_view kNotificationColumns =
    "SELECT n.id, n.kind, u.id, u.handle, u.name, n.room_id, n.room_title, n.created_at, n.read, "
    "u.avatar, n.event_id "
    "FROM notifications n JOIN users u ON u.id = n.from_user ";

protocol::Notification read_notification(const Statement& s) {
    std::optional<std::string> room, title;
    if (!s.is_null(5)) room = s.text(5);
    if (!s.is_null(6)) title = s.text(6);
    std::optional<std::string> event;
    if (!s.is_null(10)) event = s.text(10);
    return protocol::Notification{
        s.int64(0),      s.text(1),        {s.int64(2), s.text(3), s.text(4), s.int64(9)},
        std::move(room), std::move(title), s.int64(7),
        s.int64(8) != 0, std::move(event)};
}

std::vector<std::pair<UserId, UserId>> pairs(Database& db, std::string_view sql) {
    auto s = db.prepare(sql);
    std::vector<std::pair<UserId, UserId>> out;
    while (s.step()) out.emplace_back(s.int64(0), s.int64(1));
    return out;
}

}  // namespace

std::int64_t insert_notification(Database& db, const NewNotification& n) {
    auto s = db.prepare(
        "INSERT INTO notifications (user_id, kind, from_user, room_id, room_title, created_at, "
        "event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.bind(1, n.user).bind(2, n.kind).bind(3, n.from).bind(6, n.at);
    if (n.room)
        s.bind(4, *n.room);
    else
        s.bind(4, std::nullopt);
    if (n.room_title)
        s.bind(5, *n.room_title);
    else
        s.bind(5, std::nullopt);
    if (n.event)
        s.bind(7, *n.event);
    else
        s.bind(7, std::nullopt);
    s.run();
    const std::int64_t id = db.last_insert_rowid();
    auto prune = db.prepare(
        "DELETE FROM notifications WHERE user_id = ?1 AND id NOT IN ("
        "SELECT id FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)");
    prune.bind(1, n.user).bind(2, std::int64_t{kKeptNotifications});
    prune.run();
    return id;
}

std::vector<std::pair<UserId, UserId>> SocialStore::all_follows() {
    return pairs(db_, "SELECT follower, followee FROM follows");
}

std::vector<std::pair<UserId, UserId>> SocialStore::all_blocks() {
    return pairs(db_, "SELECT blocker, blocked FROM blocks");
}

bool SocialStore::follow(UserId follower, UserId followee, std::int64_t now) {
    auto s = db_.prepare(
        "INSERT OR IGNORE INTO follows (follower, followee, created_at) VALUES (?1, ?2, ?3)");
    s.bind(1, follower).bind(2, followee).bind(3, now);
    s.run();
    return db_.changes() == 1;
}

void SocialStore::unfollow(UserId follower, UserId followee) {
    auto s = db_.prepare("DELETE FROM follows WHERE follower = ?1 AND followee = ?2");
    s.bind(1, follower).bind(2, followee);
    s.run();
}

void SocialStore::block(UserId blocker, UserId blocked, std::int64_t now) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "INSERT OR IGNORE INTO blocks (blocker, blocked, created_at) VALUES (?1, ?2, ?3)");
    s.bind(1, blocker).bind(2, blocked).bind(3, now);
    s.run();
    auto unfollow = db_.prepare(
        "DELETE FROM follows WHERE (follower = ?1 AND followee = ?2) OR "
        "(follower = ?2 AND followee = ?1)");
    unfollow.bind(1, blocker).bind(2, blocked);
    unfollow.run();
    tx.commit();
}

void SocialStore::unblock(UserId blocker, UserId blocked) {
    auto s = db_.prepare("DELETE FROM blocks WHERE blocker = ?1 AND blocked = ?2");
    s.bind(1, blocker).bind(2, blocked);
    s.run();
}

std::vector<protocol::User> SocialStore::follows_of(UserId user, bool followers, int offset,
                                                    int limit) {
    auto s = db_.prepare(
        followers ? "SELECT u.id, u.handle, u.name, u.avatar FROM follows f JOIN users u ON "
                    "u.id = f.follower WHERE f.followee = ?1 "
                    "ORDER BY f.created_at DESC, u.id DESC LIMIT ?2 OFFSET ?3"
                  : "SELECT u.id, u.handle, u.name, u.avatar FROM follows f JOIN users u ON "
                    "u.id = f.followee WHERE f.follower = ?1 "
                    "ORDER BY f.created_at DESC, u.id DESC LIMIT ?2 OFFSET ?3");
    s.bind(1, user).bind(2, std::int64_t{limit}).bind(3, std::int64_t{offset});
    std::vector<protocol::User> out;
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3)});
    return out;
}

void SocialStore::update_profile(UserId user, std::string_view name, std::string_view bio) {
    auto s = db_.prepare("UPDATE users SET name = ?2, bio = ?3 WHERE id = ?1");
    s.bind(1, user).bind(2, name).bind(3, bio);
    s.run();
}

std::vector<protocol::Notification> SocialStore::notifications(UserId user) {
    auto s = db_.prepare(std::string(kNotificationColumns) +
                         "WHERE n.user_id = ?1 ORDER BY n.id DESC LIMIT ?2");
    s.bind(1, user).bind(2, std::int64_t{kKeptNotifications});
    std::vector<protocol::Notification> out;
    while (s.step()) out.push_back(read_notification(s));
    return out;
}

std::optional<protocol::Notification> SocialStore::notification(std::int64_t id) {
    auto s = db_.prepare(std::string(kNotificationColumns) + "WHERE n.id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_notification(s);
}

int SocialStore::unread(UserId user) {
    auto s = db_.prepare("SELECT count(*) FROM notifications WHERE user_id = ?1 AND read = 0");
    s.bind(1, user);
    s.step();
    return static_cast<int>(s.int64(0));
}

void SocialStore::mark_read(UserId user, std::int64_t up_to) {
    auto s = db_.prepare("UPDATE notifications SET read = 1 WHERE user_id = ?1 AND id <= ?2");
    s.bind(1, user).bind(2, up_to);
    s.run();
}

}  // namespace salotto::storage
