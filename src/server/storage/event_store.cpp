// Scheduled events' queries; see event_store.hpp.
#include "server/storage/event_store.hpp"

#include <algorithm>

namespace salotto::storage {

namespace {

constexpr std::string_view kEventColumns =
    "e.id, e.title, e.description, e.starts_at, e.time_zone, e.local_start, e.room_id, "
    "e.cancelled, (SELECT COUNT(*) FROM event_notify n WHERE n.event_id = e.id), c.id, c.name";
// The club's name as it is now: a renamed club renames its events' tags too.
constexpr std::string_view kEventTables = " FROM events e LEFT JOIN clubs c ON c.id = e.club_id";

}  // namespace

bool EventStore::insert(std::string_view id, protocol::UserId creator, const EventFields& fields,
                        std::int64_t now) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "INSERT OR IGNORE INTO events (id, creator, title, description, starts_at, time_zone, "
        "local_start, created_at, club_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    s.bind(1, id).bind(2, creator).bind(3, fields.title).bind(4, fields.description);
    s.bind(5, fields.starts).bind(6, fields.time_zone).bind(7, fields.local_start).bind(8, now);
    s.bind(9, fields.club);
    s.run();
    if (db_.changes() != 1) return false;
    replace_hosts(id, fields.hosts);
    tx.commit();
    return true;
}

void EventStore::update(std::string_view id, const EventFields& fields) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "UPDATE events SET title = ?2, description = ?3, starts_at = ?4, time_zone = ?5, "
        "local_start = ?6, club_id = ?7 WHERE id = ?1");
    s.bind(1, id).bind(2, fields.title).bind(3, fields.description).bind(4, fields.starts);
    s.bind(5, fields.time_zone).bind(6, fields.local_start);
    s.bind(7, fields.club);
    s.run();
    replace_hosts(id, fields.hosts);
    tx.commit();
}

void EventStore::cancel(std::string_view id) {
    auto s = db_.prepare("UPDATE events SET cancelled = 1 WHERE id = ?1");
    s.bind(1, id);
    s.run();
}

void EventStore::set_room(std::string_view id, std::string_view room) {
    auto s = db_.prepare("UPDATE events SET room_id = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, room);
    s.run();
}

void EventStore::replace_hosts(std::string_view id, std::span<const protocol::UserId> hosts) {
    auto clear = db_.prepare("DELETE FROM event_hosts WHERE event_id = ?1");
    clear.bind(1, id);
    clear.run();
    auto add = db_.prepare(
        "INSERT OR IGNORE INTO event_hosts (event_id, user_id, position) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        add.bind(1, id).bind(2, hosts[i]).bind(3, static_cast<std::int64_t>(i));
        add.run();
        add.reset();
    }
}

std::vector<protocol::User> EventStore::hosts_of(std::string_view id) {
    auto s = db_.prepare(
        "SELECT u.id, u.handle, u.name, u.avatar FROM event_hosts h "
        "JOIN users u ON u.id = h.user_id WHERE h.event_id = ?1 ORDER BY h.position");
    s.bind(1, id);
    std::vector<protocol::User> out;
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3)});
    return out;
}

std::vector<protocol::EventInfo> EventStore::read(Statement& s) {
    std::vector<protocol::EventInfo> out;
    while (s.step()) {
        protocol::EventInfo e;
        e.id = s.text(0);
        e.title = s.text(1);
        e.description = s.text(2);
        e.starts = s.int64(3);
        e.time_zone = s.text(4);
        e.local_start = s.text(5);
        if (!s.is_null(6)) e.room = s.text(6);
        e.cancelled = s.int64(7) != 0;
        e.interested = static_cast<int>(s.int64(8));
        if (!s.is_null(9)) e.club = protocol::ClubTag{s.int64(9), s.text(10)};
        out.push_back(std::move(e));
    }
    for (auto& e : out) e.hosts = hosts_of(e.id);
    return out;
}

std::optional<protocol::EventInfo> EventStore::find(std::string_view id) {
    auto s = db_.prepare("SELECT " + std::string(kEventColumns) + std::string(kEventTables) +
                         " WHERE e.id = ?1");
    s.bind(1, id);
    auto found = read(s);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<protocol::UserId> EventStore::creator_of(std::string_view id) {
    auto s = db_.prepare("SELECT creator FROM events WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

std::vector<protocol::EventInfo> EventStore::upcoming(std::int64_t since, std::size_t limit) {
    auto s = db_.prepare("SELECT " + std::string(kEventColumns) + std::string(kEventTables) +
                         " WHERE e.cancelled = 0 AND e.room_id IS NULL "
                         "AND e.starts_at >= ?1 ORDER BY e.starts_at, e.id LIMIT ?2");
    s.bind(1, since).bind(2, static_cast<std::int64_t>(limit));
    return read(s);
}

std::vector<protocol::EventInfo> EventStore::upcoming_in_club(std::int64_t club, std::int64_t since,
                                                              std::size_t limit) {
    auto s = db_.prepare("SELECT " + std::string(kEventColumns) + std::string(kEventTables) +
                         " WHERE e.club_id = ?3 AND e.cancelled = 0 AND e.room_id IS NULL "
                         "AND e.starts_at >= ?1 ORDER BY e.starts_at, e.id LIMIT ?2");
    s.bind(1, since).bind(2, static_cast<std::int64_t>(limit)).bind(3, club);
    return read(s);
}

bool EventStore::notify_of(std::string_view id, protocol::UserId user) {
    auto s = db_.prepare("SELECT 1 FROM event_notify WHERE event_id = ?1 AND user_id = ?2");
    s.bind(1, id).bind(2, user);
    return s.step();
}

void EventStore::set_notify(std::string_view id, protocol::UserId user, bool on) {
    auto s =
        db_.prepare(on ? "INSERT OR IGNORE INTO event_notify (event_id, user_id) VALUES (?1, ?2)"
                       : "DELETE FROM event_notify WHERE event_id = ?1 AND user_id = ?2");
    s.bind(1, id).bind(2, user);
    s.run();
}

std::vector<std::string> EventStore::notified_among(std::span<const protocol::EventInfo> events,
                                                    protocol::UserId user) {
    std::vector<std::string> out;
    for (const auto& e : events)
        if (notify_of(e.id, user)) out.push_back(e.id);
    return out;
}

std::vector<protocol::UserId> EventStore::notified(std::string_view id) {
    auto s = db_.prepare("SELECT user_id FROM event_notify WHERE event_id = ?1 ORDER BY user_id");
    s.bind(1, id);
    std::vector<protocol::UserId> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
}

}  // namespace salotto::storage
