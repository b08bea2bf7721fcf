// The queries of invite management, admin and search (issue 9), kept apart from
// store.hpp: admins, disabled accounts and granted invites; revoking an invite; the
// people-search index (an FTS5 table of each user's search key) and its queries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

struct AccountFlags {
    bool admin = false;
    bool disabled = false;
    int extra_invites = 0;  // granted by admins beyond the default quota
};

class AccountStore {
  public:
    explicit AccountStore(Database& db) : db_(db) {}

    // Nothing when there is no such user.
    std::optional<AccountFlags> flags(protocol::UserId user);
    // Sets or clears the admin flag of `handle`; false when there is no such user.
    bool set_admin(std::string_view handle, bool admin);
    // Disables the account since `now`, or enables it (nothing).
    void set_disabled(protocol::UserId user, std::optional<std::int64_t> now);
    void add_extra_invites(protocol::UserId user, int count);
    // Marks `owner`'s invite `code` revoked at `now` if it is unused, unexpired and not
    // revoked yet; false otherwise.
    bool revoke_invite(protocol::UserId owner, std::string_view code, std::int64_t now);

    // Re-keys the users whose handle or name changed since the last call (triggers
    // mark them, whoever wrote); returns how many.
    int refresh_search_index();
    // Enabled users whose search key has, for every one of `terms`, a word starting
    // with it (search_terms() of the query), best matches first, at most `limit`.
    std::vector<protocol::User> search_users(const std::vector<std::string>& terms, int limit);

  private:
    Database& db_;
};

}  // namespace salotto::storage
