// Replays' queries; see replay_store.hpp.
#include "server/storage/replay_store.hpp"

namespace salotto::storage {

namespace {
constexpr std::string_view kColumns =
    "r.id, r.room_id, r.title, r.started_at, r.duration_ms, r.bytes";
}

void ReplayStore::insert(const protocol::Replay& replay, const Audience& audience,
                         std::span<const protocol::UserId> listeners) {
    Transaction tx(db_);
    auto s = db_.prepare(
        "INSERT INTO replays (id, room_id, title, started_at, duration_ms, bytes, restricted, "
        "club_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT id FROM clubs WHERE id = ?8))");
    s.bind(1, replay.id)
        .bind(2, replay.room)
        .bind(3, replay.title)
        .bind(4, replay.started)
        .bind(5, replay.duration_ms)
        .bind(6, replay.bytes)
        .bind(7, std::int64_t{audience.restricted})
        .bind(8, audience.club);
    s.run();
    // Users deleted since are left out (SELECT ... FROM users).
    auto add_all = [&](std::string_view table, std::span<const protocol::UserId> users) {
        auto row = db_.prepare("INSERT OR IGNORE INTO " + std::string(table) +
                               " (replay_id, user_id) SELECT ?1, id FROM users WHERE id = ?2");
        for (protocol::UserId user : users) {
            row.reset();
            row.bind(1, replay.id).bind(2, user);
            row.run();
        }
    };
    std::vector<protocol::UserId> hosts;
    for (const auto& host : replay.hosts) hosts.push_back(host.id);
    add_all("replay_hosts", hosts);
    if (audience.restricted) add_all("replay_listeners", listeners);
    tx.commit();
}

std::vector<protocol::Replay> ReplayStore::read(Statement& s) {
    std::vector<protocol::Replay> out;
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4), s.int64(5), {}});
    for (auto& replay : out) fill_hosts(replay);
    return out;
}

void ReplayStore::fill_hosts(protocol::Replay& replay) {
    auto s = db_.prepare(
        "SELECT u.id, u.handle, u.name, u.avatar FROM replay_hosts h "
        "JOIN users u ON u.id = h.user_id WHERE h.replay_id = ?1 ORDER BY u.id");
    s.bind(1, replay.id);
    while (s.step()) replay.hosts.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3)});
}

std::optional<protocol::Replay> ReplayStore::find(std::string_view id) {
    auto s = db_.prepare("SELECT " + std::string(kColumns) + " FROM replays r WHERE r.id = ?1");
    s.bind(1, id);
    auto found = read(s);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<ReplayStore::Audience> ReplayStore::audience(std::string_view id) {
    auto s = db_.prepare("SELECT restricted, club_id FROM replays WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    Audience audience{s.int64(0) != 0, std::nullopt};
    if (!s.is_null(1)) audience.club = s.int64(1);
    return audience;
}

bool ReplayStore::listener(std::string_view id, protocol::UserId user) {
    auto s = db_.prepare("SELECT 1 FROM replay_listeners WHERE replay_id = ?1 AND user_id = ?2");
    s.bind(1, id).bind(2, user);
    return s.step();
}

std::vector<protocol::Replay> ReplayStore::of_room(std::string_view room, int limit) {
    auto s = db_.prepare("SELECT " + std::string(kColumns) +
                         " FROM replays r WHERE r.room_id = ?1 "
                         "ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?2");
    s.bind(1, room).bind(2, std::int64_t{limit});
    return read(s);
}

std::vector<protocol::Replay> ReplayStore::hosted_by(protocol::UserId user, int limit) {
    auto s = db_.prepare("SELECT " + std::string(kColumns) +
                         " FROM replays r JOIN replay_hosts h ON h.replay_id = r.id "
                         "WHERE h.user_id = ?1 ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?2");
    s.bind(1, user).bind(2, std::int64_t{limit});
    return read(s);
}

bool ReplayStore::remove(std::string_view id) {
    auto s = db_.prepare("DELETE FROM replays WHERE id = ?1");
    s.bind(1, id);
    s.run();
    return db_.changes() > 0;
}

std::uint64_t ReplayStore::total_bytes() {
    auto s = db_.prepare("SELECT COALESCE(SUM(bytes), 0) FROM replays");
    s.step();
    return static_cast<std::uint64_t>(s.int64(0));
}

std::optional<ReplayStore::KnownRoom> ReplayStore::known_room(std::string_view room) {
    auto s = db_.prepare("SELECT title, ended_at IS NOT NULL FROM rooms WHERE id = ?1");
    s.bind(1, room);
    if (!s.step()) return std::nullopt;
    return KnownRoom{s.text(0), s.int64(1) != 0};
}

}  // namespace salotto::storage
