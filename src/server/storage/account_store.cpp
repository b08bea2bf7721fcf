// Queries of invite management, admin and search; see account_store.hpp.
#include "server/storage/account_store.hpp"

#include "core/text/search_normalise.hpp"

namespace salotto::storage {

std::optional<AccountFlags> AccountStore::flags(protocol::UserId user) {
    auto s = db_.prepare(
        "SELECT is_admin, disabled_at IS NOT NULL, extra_invites FROM users WHERE id = ?1");
    s.bind(1, user);
    if (!s.step()) return std::nullopt;
    return AccountFlags{s.int64(0) != 0, s.int64(1) != 0, static_cast<int>(s.int64(2))};
}

bool AccountStore::set_admin(std::string_view handle, bool admin) {
    auto s = db_.prepare("UPDATE users SET is_admin = ?2 WHERE handle = ?1");
    s.bind(1, handle).bind(2, std::int64_t{admin ? 1 : 0});
    s.run();
    return db_.changes() == 1;
}

void AccountStore::set_disabled(protocol::UserId user, std::optional<std::int64_t> now) {
    auto s = db_.prepare("UPDATE users SET disabled_at = ?2 WHERE id = ?1");
    s.bind(1, user).bind(2, now);
    s.run();
}

void AccountStore::add_extra_invites(protocol::UserId user, int count) {
    auto s = db_.prepare("UPDATE users SET extra_invites = extra_invites + ?2 WHERE id = ?1");
    s.bind(1, user).bind(2, std::int64_t{count});
    s.run();
}

bool AccountStore::revoke_invite(protocol::UserId owner, std::string_view code, std::int64_t now) {
    auto s = db_.prepare(
        "UPDATE invites SET revoked_at = ?3 WHERE code = ?2 AND owner = ?1 AND used_by IS NULL "
        "AND revoked_at IS NULL AND expires_at > ?3");
    s.bind(1, owner).bind(2, code).bind(3, now);
    s.run();
    return db_.changes() == 1;
}

int AccountStore::refresh_search_index() {
    auto stale = db_.prepare("SELECT count(*) FROM user_search_stale");
    stale.step();
    if (stale.int64(0) == 0) return 0;

    Transaction tx(db_);
    auto read = db_.prepare(
        "SELECT s.user_id, u.handle, u.name FROM user_search_stale s "
        "LEFT JOIN users u ON u.id = s.user_id");
    auto remove = db_.prepare("DELETE FROM user_search WHERE rowid = ?1");
    auto insert = db_.prepare("INSERT INTO user_search (rowid, key) VALUES (?1, ?2)");
    int count = 0;
    while (read.step()) {
        const protocol::UserId id = read.int64(0);
        remove.bind(1, id);
        remove.run();
        remove.reset();
        if (!read.is_null(1)) {  // null: the user was deleted
            insert.bind(1, id).bind(2, text::search_key(read.text(1) + " " + read.text(2)));
            insert.run();
            insert.reset();
        }
        ++count;
    }
    db_.exec("DELETE FROM user_search_stale");
    tx.commit();
    return count;
}

std::vector<protocol::User> AccountStore::search_users(const std::vector<std::string>& terms,
                                                       int limit) {
    std::vector<protocol::User> out;
    if (terms.empty()) return out;
    // Each term as a quoted prefix query, all of them required. Terms hold no '"'
    // (fold() turns ASCII punctuation into spaces), so quoting cannot be broken out of.
    std::string match;
    for (const auto& term : terms) {
        if (!match.empty()) match += ' ';
        match += '"' + term + "\"*";
    }
    auto s = db_.prepare(
        "SELECT u.id, u.handle, u.name, u.avatar FROM user_search f JOIN users u ON u.id = f.rowid "
        "WHERE user_search MATCH ?1 AND u.disabled_at IS NULL "
        "ORDER BY f.rank, u.handle LIMIT ?2");
    s.bind(1, match).bind(2, std::int64_t{limit});
    while (s.step()) out.push_back({s.int64(0), s.text(1), s.text(2), s.int64(3)});
    return out;
}

}  // namespace salotto::storage
