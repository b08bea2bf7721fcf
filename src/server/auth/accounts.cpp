// Account rules; see accounts.hpp.
#include "server/auth/accounts.hpp"

#include <algorithm>
#include <chrono>

#include "core/validation.hpp"
#include "server/storage/account_store.hpp"

namespace salotto::auth {

namespace {

// Random codes collide with negligible probability; a few draws make it certain.
constexpr int kCodeAttempts = 8;

}  // namespace

std::int64_t system_unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Accounts::Accounts(storage::Store& store, PasswordCost cost, UnixClock clock)
    : store_(store), cost_(cost), clock_(std::move(clock)) {
    dummy_hash_ = hash_password("not a real password", cost_).value_or("");
}

Result<SignupCheck> Accounts::check_signup(const protocol::Signup& request) {
    if (auto error =
            validation::check_signup_fields(request.handle, request.name, request.password))
        return *error;
    auto code = normalize_invite_code(request.invite);
    if (!code) return ErrorCode::invite_invalid;
    if (auto error = storage::invite_error(store_.invite(*code), clock_())) return *error;
    if (store_.user_by_handle(request.handle)) return ErrorCode::handle_taken;
    return SignupCheck{request, std::move(*code)};
}

Result<SignedIn> Accounts::finish_signup(const SignupCheck& check,
                                         const std::optional<std::string>& hash) {
    if (!hash) return ErrorCode::internal;
    const auto& request = check.request;
    // The invite and the handle are checked again inside the transaction: another
    // sign-up may have taken either while this one was hashed.
    auto created =
        store_.create_user_with_invite({request.handle, request.name, *hash}, check.code, clock_());
    if (auto* error = std::get_if<ErrorCode>(&created)) return *error;
    return start_session({std::get<protocol::UserId>(created), request.handle, request.name});
}

LoginCheck Accounts::check_login(const protocol::Login& request) {
    auto record = store_.user_by_handle(request.handle);
    if (!record) return LoginCheck{std::nullopt, dummy_hash_};
    return LoginCheck{record->user.id, std::move(record->password_hash)};
}

Result<SignedIn> Accounts::finish_login(const LoginCheck& check, bool verified) {
    if (!verified || !check.user) return ErrorCode::login_failed;
    auto record = store_.user_by_id(*check.user);
    if (!record || record->password_hash != check.password_hash) return ErrorCode::login_failed;
    // Said only to someone who knows the password.
    if (auto flags = storage::AccountStore(store_.database()).flags(*check.user);
        flags && flags->disabled)
        return ErrorCode::account_disabled;
    return start_session(record->user);
}

Result<SignedIn> Accounts::signup(const protocol::Signup& request) {
    auto check = check_signup(request);
    if (auto* error = std::get_if<ErrorCode>(&check)) return *error;
    const auto& ready = std::get<SignupCheck>(check);
    return finish_signup(ready, hash_password(ready.request.password, cost_));
}

Result<SignedIn> Accounts::login(const protocol::Login& request) {
    const LoginCheck check = check_login(request);
    return finish_login(check, verify_password(request.password, check.password_hash));
}

Result<SignedIn> Accounts::resume(std::string_view token) {
    TokenHash hash = hash_token(token);
    const std::int64_t now = clock_();
    auto user_id =
        store_.use_session(hash, now, now - kSessionIdleSeconds, now - kSessionLifetimeSeconds);
    if (!user_id) return ErrorCode::session_invalid;
    auto record = store_.user_by_id(*user_id);
    if (!record) return ErrorCode::session_invalid;
    // A disabled account's sessions stay (and say so) until it is enabled again, which
    // deletes them.
    if (auto flags = storage::AccountStore(store_.database()).flags(*user_id);
        flags && flags->disabled)
        return ErrorCode::account_disabled;
    return SignedIn{record->user, std::nullopt, std::move(hash)};
}

void Accounts::logout(const TokenHash& session) {
    store_.delete_session(session);
}

void Accounts::logout_everywhere(protocol::UserId user) {
    store_.delete_sessions_of(user);
}

Result<LoginCheck> Accounts::check_password_change(protocol::UserId user,
                                                   const protocol::ChangePassword& request) {
    if (!validation::is_valid_password(request.new_password)) return ErrorCode::password_invalid;
    auto record = store_.user_by_id(user);
    if (!record) return ErrorCode::session_invalid;
    return LoginCheck{user, std::move(record->password_hash)};
}

Result<std::monostate> Accounts::finish_password_change(const LoginCheck& check, bool verified,
                                                        const std::optional<std::string>& new_hash,
                                                        const TokenHash& keep_session) {
    if (!verified) return ErrorCode::password_wrong;
    if (!new_hash || !check.user) return ErrorCode::internal;
    auto record = store_.user_by_id(*check.user);
    // Changed by another session meanwhile: this one was checked against the old one.
    if (!record || record->password_hash != check.password_hash) return ErrorCode::password_wrong;
    storage::Transaction tx(store_.database());
    store_.set_password_hash(*check.user, *new_hash);
    store_.delete_sessions_of(*check.user, keep_session);
    tx.commit();
    return std::monostate{};
}

int Accounts::prune() {
    const std::int64_t now = clock_();
    return store_.delete_expired_sessions(now - kSessionIdleSeconds,
                                          now - kSessionLifetimeSeconds) +
           store_.delete_rooms_ended_before(now - kEndedRoomRetentionSeconds);
}

Result<SignedIn> Accounts::start_session(const protocol::User& user) {
    NewToken token = new_session_token();
    store_.insert_session(token.hash, user.id, clock_(), kSessionsPerUser);
    return SignedIn{user, std::move(token.token), std::move(token.hash)};
}

std::optional<protocol::Invite> Accounts::insert_invite(std::optional<protocol::UserId> owner) {
    const std::int64_t now = clock_();
    const std::int64_t expires = now + kInviteLifetimeSeconds;
    for (int attempt = 0; attempt < kCodeAttempts; ++attempt) {
        std::string code = new_invite_code();
        if (store_.insert_invite(code, owner, now, expires))
            return protocol::Invite{std::move(code), expires};
    }
    return std::nullopt;
}

Result<protocol::Invite> Accounts::create_invite(protocol::UserId owner) {
    if (store_.counted_invites(owner, clock_()) >= invite_quota(owner))
        return ErrorCode::invite_quota;
    auto invite = insert_invite(owner);
    if (!invite) return ErrorCode::internal;
    return *invite;
}

protocol::Invites Accounts::list_invites(protocol::UserId owner) {
    protocol::Invites out;
    const std::int64_t now = clock_();
    for (auto& record : store_.invites_of(owner)) {
        std::optional<protocol::User> used_by;
        if (record.used_by) used_by = user(*record.used_by);
        const char* state = record.used_by             ? "used"
                            : record.revoked_at        ? "revoked"
                            : record.expires_at <= now ? "expired"
                                                       : "unused";
        out.items.push_back({std::move(record.code), record.expires_at, std::move(used_by), state});
    }
    out.remaining = std::max(0, invite_quota(owner) - store_.counted_invites(owner, now));
    return out;
}

Result<protocol::Invites> Accounts::revoke_invite(protocol::UserId owner, std::string_view code) {
    auto normalised = normalize_invite_code(code);
    if (!normalised) return ErrorCode::invite_invalid;
    auto record = store_.invite(*normalised);
    // Someone else's code is as unknown as a code that does not exist.
    if (!record || record->owner != owner) return ErrorCode::invite_invalid;
    if (auto error = storage::invite_error(record, clock_())) return *error;
    if (!storage::AccountStore(store_.database()).revoke_invite(owner, *normalised, clock_()))
        return ErrorCode::internal;
    return list_invites(owner);
}

int Accounts::invite_quota(protocol::UserId user) {
    auto flags = storage::AccountStore(store_.database()).flags(user);
    return kInvitesPerUser + (flags ? flags->extra_invites : 0);
}

Result<protocol::Profile> Accounts::profile(std::string_view handle) {
    auto record = store_.user_by_handle(handle);
    if (!record) return ErrorCode::user_not_found;
    std::optional<protocol::User> invited_by;
    if (record->invited_by) invited_by = user(*record->invited_by);
    return protocol::Profile{record->user, record->bio, record->created_at, invited_by};
}

std::optional<protocol::User> Accounts::user(protocol::UserId id) {
    auto record = store_.user_by_id(id);
    if (!record) return std::nullopt;
    return record->user;
}

protocol::Invite Accounts::create_bootstrap_invite() {
    auto invite = insert_invite(std::nullopt);
    if (!invite) throw storage::Error(0, "could not store a new invite code");
    return *invite;
}

std::optional<protocol::Invite> Accounts::first_invite_if_no_users() {
    if (store_.user_count() > 0) return std::nullopt;
    if (auto existing = store_.unused_bootstrap_invite(clock_()))
        return protocol::Invite{existing->code, existing->expires_at};
    return create_bootstrap_invite();
}

}  // namespace salotto::auth
