// Invite management and admin intents (docs/protocol.md, "Invite management" and
// "Admin"): revoking an invite, granting invites and disabling accounts. Disabling
// signs every connection of the account out at once (each gets logged_out and an
// account_disabled error) and takes the user out of their room. An admin opening a
// profile also gets that account's account_status (after()).
#pragma once

#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/service/connections.hpp"
#include "server/service/session_intents.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class AdminIntents {
  public:
    AdminIntents(auth::Accounts& accounts, auth::Admin& admin, storage::Store& store,
                 Connections& connections, SessionIntents& sessions)
        : accounts_(accounts),
          admin_(admin),
          store_(store),
          connections_(connections),
          sessions_(sessions) {}

    void handle(Request& r, const protocol::RevokeInvite& m);
    void handle(Request& r, const protocol::GrantInvites& m);
    void handle(Request& r, const protocol::SetAccountDisabled& m);

    // Runs after get_profile was handled: an admin also gets the account's status.
    void after(Request& r, const protocol::GetProfile& m);

  private:
    // Sends the status, or rejects with the error.
    void answer(Request& r, const auth::Result<protocol::AccountStatus>& result);

    auth::Accounts& accounts_;
    auth::Admin& admin_;
    storage::Store& store_;
    Connections& connections_;
    SessionIntents& sessions_;
};

}  // namespace salotto::service
