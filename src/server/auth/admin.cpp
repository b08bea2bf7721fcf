// Admin rules; see admin.hpp.
#include "server/auth/admin.hpp"

#include <algorithm>

#include "server/storage/account_store.hpp"

namespace salotto::auth {

bool Admin::is_admin(protocol::UserId user) {
    auto flags = storage::AccountStore(store_.database()).flags(user);
    return flags && flags->admin && !flags->disabled;
}

bool Admin::set_admin(std::string_view handle, bool admin) {
    return storage::AccountStore(store_.database()).set_admin(handle, admin);
}

Result<protocol::AccountStatus> Admin::status(protocol::UserId user) {
    auto record = store_.user_by_id(user);
    auto flags = storage::AccountStore(store_.database()).flags(user);
    if (!record || !flags) return ErrorCode::user_not_found;
    const int quota = kInvitesPerUser + flags->extra_invites;
    const int left = std::max(0, quota - store_.counted_invites(user, clock_()));
    return protocol::AccountStatus{record->user, flags->admin, flags->disabled, quota, left};
}

Result<protocol::AccountStatus> Admin::grant_invites(protocol::UserId admin, protocol::UserId user,
                                                     int count) {
    if (!is_admin(admin)) return ErrorCode::admin_only;
    if (count < 1 || count > kMaxGrant) return ErrorCode::grant_invalid;
    if (!store_.user_by_id(user)) return ErrorCode::user_not_found;
    storage::AccountStore(store_.database()).add_extra_invites(user, count);
    return status(user);
}

Result<protocol::AccountStatus> Admin::set_disabled(protocol::UserId admin, protocol::UserId user,
                                                    bool disabled) {
    if (!is_admin(admin)) return ErrorCode::admin_only;
    if (user == admin) return ErrorCode::cannot_disable_self;
    if (!store_.user_by_id(user)) return ErrorCode::user_not_found;
    storage::Transaction tx(store_.database());
    storage::AccountStore(store_.database())
        .set_disabled(user, disabled ? std::optional<std::int64_t>(clock_()) : std::nullopt);
    if (!disabled) store_.delete_sessions_of(user);
    tx.commit();
    return status(user);
}

}  // namespace salotto::auth
