// Schema migrations; see schema.hpp. Append new steps at the end of kMigrations and
// never edit a released one: files in the field have already run it.
#include "server/storage/schema.hpp"

#include <array>
#include <string>
#include <string_view>

namespace salotto::storage {

namespace {

constexpr std::array<std::string_view, 13> kMigrations = {
    // 1: users, invites (who invited whom), hashed sessions, rooms.
    R"sql(
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    handle        TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    bio           TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL,
    invited_by    INTEGER REFERENCES users(id),
    created_at    INTEGER NOT NULL
);
CREATE TABLE invites (
    code       TEXT    PRIMARY KEY,
    owner      INTEGER REFERENCES users(id),        -- NULL: a bootstrap invite from an admin
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by    INTEGER UNIQUE REFERENCES users(id),
    used_at    INTEGER
);
CREATE INDEX invites_by_owner ON invites(owner);
CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY,               -- BLAKE2b of the token; never the token
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE rooms (
    id         TEXT    PRIMARY KEY,
    title      TEXT    NOT NULL,
    owner      INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    ended_at   INTEGER
);
CREATE INDEX rooms_open ON rooms(ended_at) WHERE ended_at IS NULL;
)sql",
    // 2: who sat on stage in the rooms that were live when the server was stopped, so
    // that the next start gives them their seats back (deleted once restored).
    R"sql(
CREATE TABLE room_seats (
    room_id  TEXT    NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT    NOT NULL,                      -- 'speaker' or 'moderator'
    position INTEGER NOT NULL,                      -- order on stage
    PRIMARY KEY (room_id, user_id)
);
)sql",
    // 3: room types (who may join: 'open', 'social' or 'closed').
    R"sql(
ALTER TABLE rooms ADD COLUMN type TEXT NOT NULL DEFAULT 'open';
)sql",
    // 4: profile pictures. users.avatar is the version of the current picture (0: none);
    // versions only grow, so a picture's URL (?v=) never names two different images.
    R"sql(
ALTER TABLE users ADD COLUMN avatar INTEGER NOT NULL DEFAULT 0;
CREATE TABLE avatars (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,                      -- the last version given out
    image   BLOB                                   -- JPEG; NULL once removed
);
)sql",
    // 5 (invite management, admin, search): revoked invites; admins, disabled accounts
    // and invites granted beyond the default quota; the people-search index. The index
    // holds each user's search_key (core/text/search_normalise.hpp), which only C++
    // computes, so triggers (plain SQL, working for any writer) only mark users whose
    // handle or name changed as stale, and the server re-keys stale users before each
    // search (storage/account_store.cpp).
    R"sql(
ALTER TABLE invites ADD COLUMN revoked_at INTEGER;
ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
ALTER TABLE users ADD COLUMN extra_invites INTEGER NOT NULL DEFAULT 0;
CREATE VIRTUAL TABLE user_search USING fts5(
    key, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE TABLE user_search_stale (user_id INTEGER PRIMARY KEY);
INSERT INTO user_search_stale (user_id) SELECT id FROM users;
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT OR IGNORE INTO user_search_stale (user_id) VALUES (new.id);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF handle, name ON users BEGIN
    INSERT OR IGNORE INTO user_search_stale (user_id) VALUES (new.id);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT OR IGNORE INTO user_search_stale (user_id) VALUES (old.id);
END;
)sql",
    // 6 (moderation): what moderators decided in the rooms that were live when the
    // server was stopped, kept with their stages (room_seats) and deleted once restored:
    // the rooms' settings, who was removed and who was let in.
    R"sql(
CREATE TABLE room_moderation (
    room_id       TEXT    PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    hands_allowed INTEGER NOT NULL,
    link_joins    INTEGER NOT NULL
);
CREATE TABLE room_access (
    room_id TEXT    NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    access  TEXT    NOT NULL,                       -- 'removed' or 'admitted'
    PRIMARY KEY (room_id, user_id)
);
)sql",
    // 7: the social graph: who follows and who blocks whom, and each user's
    // notifications (the newest 100 are kept).
    R"sql(
CREATE TABLE follows (
    follower   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    followee   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (follower, followee)
);
CREATE INDEX follows_by_followee ON follows(followee);
CREATE TABLE blocks (
    blocker    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    blocked    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (blocker, blocked)
);
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,                    -- 'ping', 'follow' or 'invite_used'
    from_user  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    room_id    TEXT,                                -- pings: the room and its title
    room_title TEXT,
    created_at INTEGER NOT NULL,
    read       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_by_user ON notifications(user_id, id);
)sql",
    // 8: room chat (its messages live as long as their room's row) and whether a
    // room's chat was on when the server was stopped.
    R"sql(
CREATE TABLE chat_messages (
    id         INTEGER PRIMARY KEY,
    room_id    TEXT    NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    sender     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX chat_by_room ON chat_messages(room_id, id);
ALTER TABLE room_moderation ADD COLUMN chat_allowed INTEGER NOT NULL DEFAULT 1;
)sql",
    // 9: scheduled events, their hosts (in order, the creator first) and who asked to
    // be told when each starts. room_id names the room a host started; rooms' rows are
    // pruned a while after they end, so it is not a foreign key. Notifications about an
    // event name it.
    R"sql(
ALTER TABLE notifications ADD COLUMN event_id TEXT;
CREATE TABLE events (
    id          TEXT    PRIMARY KEY,
    creator     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL,
    starts_at   INTEGER NOT NULL,
    time_zone   TEXT    NOT NULL,
    local_start TEXT    NOT NULL,
    room_id     TEXT,
    cancelled   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX events_by_start ON events(starts_at);
CREATE TABLE event_hosts (
    event_id TEXT    NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE TABLE event_notify (
    event_id TEXT    NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_notify_by_user ON event_notify(user_id);
)sql",
    // 10: replays (recorded rooms). No foreign key to rooms: a room's row is pruned a
    // while after it ends, its replay stays until a host deletes it. `bytes` is the
    // file's size, for the disk quota.
    R"sql(
CREATE TABLE replays (
    id          TEXT    PRIMARY KEY,                -- also the file's name, <id>.ogg
    room_id     TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,                   -- unix seconds
    duration_ms INTEGER NOT NULL,
    bytes       INTEGER NOT NULL
);
CREATE INDEX replays_by_room ON replays(room_id);
CREATE TABLE replay_hosts (
    replay_id TEXT    NOT NULL REFERENCES replays(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (replay_id, user_id)
);
CREATE INDEX replay_hosts_by_user ON replay_hosts(user_id);
)sql",
    // 11: clubs (storage/club_store.cpp): each club, everyone with a place in it (admins,
    // leaders, members and followers), pending invitations and requests, and the club
    // a room was opened in. The picture columns follow users.avatar.
    R"sql(
CREATE TABLE clubs (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    room_access TEXT    NOT NULL,                   -- 'members' or 'followers'
    avatar      INTEGER NOT NULL DEFAULT 0,         -- picture version; 0: none
    avatar_jpeg BLOB,
    created_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE TABLE club_people (
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role    TEXT    NOT NULL,                       -- 'admin', 'leader', 'member', 'follower'
    since   INTEGER NOT NULL,
    PRIMARY KEY (club_id, user_id)
);
CREATE INDEX club_people_by_user ON club_people(user_id);
CREATE TABLE club_pending (
    club_id    INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,                    -- 'invited' or 'requested'
    created_at INTEGER NOT NULL,
    PRIMARY KEY (club_id, user_id)
);
CREATE TABLE room_clubs (
    room_id TEXT    PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE
);
)sql",
    // 12: the club an event is scheduled in (NULL: none), which the club page lists; and
    // the last club picture version given out, kept when a picture is removed
    // (clubs.avatar becomes 0) so that the next one's URL (?v=) is new, as users' are.
    R"sql(
ALTER TABLE events ADD COLUMN club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL;
CREATE INDEX events_by_club ON events(club_id, starts_at);
ALTER TABLE clubs ADD COLUMN avatar_given INTEGER NOT NULL DEFAULT 0;
)sql",
    // 13: who may hear a replay (ReplayStore::Audience). A replay of a room that was not
    // open, or was a club's, is `restricted`: its hosts, the admins, the people in
    // `replay_listeners` (in the room while it was recorded) and, for a club's room
    // (`club_id`), whoever the club's rule lets into its rooms. Replays saved before
    // this step stay heard by everyone signed in, as they were.
    R"sql(
ALTER TABLE replays ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replays ADD COLUMN club_id INTEGER REFERENCES clubs(id) ON DELETE SET NULL;
CREATE TABLE replay_listeners (
    replay_id TEXT    NOT NULL REFERENCES replays(id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (replay_id, user_id)
);
)sql",
};

}  // namespace

int latest_schema_version() {
    return static_cast<int>(kMigrations.size());
}

int schema_version(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    stmt.step();
    return static_cast<int>(stmt.int64(0));
}

void migrate(Database& db) {
    const int current = schema_version(db);
    if (current > latest_schema_version()) {
        throw Error(0, "the database has schema version " + std::to_string(current) +
                           " but this server only knows up to " +
                           std::to_string(latest_schema_version()) + "; upgrade the server");
    }
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
        Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(version - 1)]);
        db.exec("PRAGMA user_version = " + std::to_string(version));
        tx.commit();
    }
}

}  // namespace salotto::storage
