// Admins (docs/protocol.md, "Admin"): a flag on the user in the database, set from the
// server's command line (--make-admin). An admin grants invites beyond the default
// quota and disables or re-enables accounts. Only the account rules live here; the
// service signs a disabled user's connections out (service/admin_intents.hpp).
#pragma once

#include <string_view>

#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/storage/store.hpp"

namespace salotto::auth {

// Invites one grant may add (grant_invalid outside 1..kMaxGrant).
inline constexpr int kMaxGrant = 100;

class Admin {
  public:
    explicit Admin(storage::Store& store, UnixClock clock = system_unix_now)
        : store_(store), clock_(std::move(clock)) {}

    bool is_admin(protocol::UserId user);
    // Sets or clears the admin flag; false when no user has that handle.
    bool set_admin(std::string_view handle, bool admin);
    // What admins see of `user`: user_not_found when there is none.
    Result<protocol::AccountStatus> status(protocol::UserId user);
    // `admin` raises `user`'s quota by `count`: admin_only, grant_invalid,
    // user_not_found.
    Result<protocol::AccountStatus> grant_invites(protocol::UserId admin, protocol::UserId user,
                                                  int count);
    // `admin` disables or re-enables `user`: admin_only, cannot_disable_self,
    // user_not_found. A disabled account cannot log in or resume (account_disabled);
    // enabling deletes its old sessions, so it signs in afresh.
    Result<protocol::AccountStatus> set_disabled(protocol::UserId admin, protocol::UserId user,
                                                 bool disabled);

  private:
    storage::Store& store_;
    UnixClock clock_;
};

}  // namespace salotto::auth
