// Accounts: sign-up by invite, log-in, sessions, invites and profiles — the rules of
// docs/protocol.md over the Store. No sockets, so tests drive it directly.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"
#include "server/auth/password.hpp"
#include "server/auth/secrets.hpp"
#include "server/storage/store.hpp"

namespace salotto::auth {

inline constexpr int kInvitesPerUser = 3;
// Sessions end after this long unused, and this long after sign-in whatever happens;
// a user keeps at most kSessionsPerUser (the least recently used go first).
inline constexpr std::int64_t kSessionIdleSeconds = 30LL * 24 * 60 * 60;
inline constexpr std::int64_t kSessionLifetimeSeconds = 180LL * 24 * 60 * 60;
inline constexpr int kSessionsPerUser = 20;
// Ended rooms are kept this long, then deleted.
inline constexpr std::int64_t kEndedRoomRetentionSeconds = 30LL * 24 * 60 * 60;
inline constexpr std::int64_t kInviteLifetimeSeconds = 14 * 24 * 60 * 60;

// Either a value or the error code to send back.
template <class T>
using Result = std::variant<T, ErrorCode>;

// Unix seconds; injected so tests can move time past an invite's expiry.
using UnixClock = std::function<std::int64_t()>;
std::int64_t system_unix_now();

struct SignedIn {
    protocol::User user;
    std::optional<std::string> token;  // only for sign-up and log-in: a new token
    TokenHash token_hash;              // the session this sign-in stands on
};

// A sign-up that passed every check that needs no hashing, ready for hash_password.
struct SignupCheck {
    protocol::Signup request;
    std::string code;  // the invite code, normalised
};

// A log-in ready for verify_password: the stored hash of the user, or for an unknown
// handle a dummy hash, verified all the same so that timing does not tell which
// handles exist.
struct LoginCheck {
    std::optional<protocol::UserId> user;
    std::string password_hash;
};

class Accounts {
  public:
    Accounts(storage::Store& store, PasswordCost cost, UnixClock clock = system_unix_now);

    // Sign-up and log-in run in three steps, so that the slow one (Argon2id, tens of
    // milliseconds by design) can run on a worker thread while the event loop goes on:
    //   check_*   on the loop: fields, invite, the user's record (cheap reads);
    //   hash_password / verify_password (password.hpp) anywhere: they touch only their
    //             arguments;
    //   finish_*  on the loop: the transaction that creates the user or the session.
    // An invite is checked before anything is hashed: a wrong code costs no Argon2id.
    Result<SignupCheck> check_signup(const protocol::Signup& request);
    // `hash` is hash_password's result for check.request.password.
    Result<SignedIn> finish_signup(const SignupCheck& check,
                                   const std::optional<std::string>& hash);
    LoginCheck check_login(const protocol::Login& request);
    // `verified` is verify_password's result against check.password_hash. A password
    // changed while it was verified fails the log-in.
    Result<SignedIn> finish_login(const LoginCheck& check, bool verified);
    PasswordCost password_cost() const { return cost_; }

    // The three steps in a row, on the calling thread (tools and tests).
    Result<SignedIn> signup(const protocol::Signup& request);
    Result<SignedIn> login(const protocol::Login& request);
    Result<SignedIn> resume(std::string_view token);
    // Revokes the session; a later resume with its token fails.
    void logout(const TokenHash& session);
    // Revokes every session of the user.
    void logout_everywhere(protocol::UserId user);
    // A password change, as a log-in: check_password_change (loop), then
    // verify_password of the current password against check.password_hash and
    // hash_password of the new one (anywhere), then finish_password_change (loop),
    // which stores the new hash and revokes every other session of the user.
    Result<LoginCheck> check_password_change(protocol::UserId user,
                                             const protocol::ChangePassword& request);
    Result<std::monostate> finish_password_change(const LoginCheck& check, bool verified,
                                                  const std::optional<std::string>& new_hash,
                                                  const TokenHash& keep_session);
    // Deletes expired sessions and long-ended rooms; returns how many rows went.
    int prune();

    Result<protocol::Invite> create_invite(protocol::UserId owner);
    protocol::Invites list_invites(protocol::UserId owner);
    // Revokes `owner`'s unused invite `code` and answers the updated list; errors
    // invite_invalid (none of theirs), invite_used, invite_revoked, invite_expired.
    Result<protocol::Invites> revoke_invite(protocol::UserId owner, std::string_view code);
    // kInvitesPerUser plus what admins granted the user.
    int invite_quota(protocol::UserId user);
    Result<protocol::Profile> profile(std::string_view handle);
    std::optional<protocol::User> user(protocol::UserId id);

    // An invite owned by nobody, for the first user or an admin.
    protocol::Invite create_bootstrap_invite();
    // What the server prints on start when nobody has signed up yet: the unused
    // bootstrap invite if there is one (so restarts do not pile up codes), else a
    // new one. Nothing once the first user exists.
    std::optional<protocol::Invite> first_invite_if_no_users();

  private:
    Result<SignedIn> start_session(const protocol::User& user);
    std::optional<protocol::Invite> insert_invite(std::optional<protocol::UserId> owner);

    storage::Store& store_;
    PasswordCost cost_;
    UnixClock clock_;
    std::string dummy_hash_;  // verified against for unknown handles, to even out timing
};

}  // namespace salotto::auth
