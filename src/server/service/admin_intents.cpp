// Invite management and admin intents; see admin_intents.hpp.
#include "server/service/admin_intents.hpp"

#include <vector>

#include <spdlog/spdlog.h>

namespace salotto::service {

void AdminIntents::handle(Request& r, const protocol::RevokeInvite& m) {
    auto result = accounts_.revoke_invite(r.user(), m.code);
    if (const auto* error = std::get_if<ErrorCode>(&result))
        return connections_.reject(r.id, *error, r.type);
    connections_.send(r.id, std::get<protocol::Invites>(result));
}

void AdminIntents::handle(Request& r, const protocol::GrantInvites& m) {
    auto result = admin_.grant_invites(r.user(), m.user, m.count);
    if (std::holds_alternative<protocol::AccountStatus>(result))
        spdlog::info("admin @{} granted {} invite(s) to user {}", r.connection.user->handle,
                     m.count, m.user);
    answer(r, result);
}

void AdminIntents::handle(Request& r, const protocol::SetAccountDisabled& m) {
    auto result = admin_.set_disabled(r.user(), m.user, m.disabled);
    if (std::holds_alternative<protocol::AccountStatus>(result)) {
        spdlog::info("admin @{} {} user {}", r.connection.user->handle,
                     m.disabled ? "disabled" : "enabled", m.user);
        if (m.disabled) {
            std::vector<ConnectionId> signed_in;
            for (const auto& [id, connection] : connections_.all())
                if (connection.user && connection.user->id == m.user) signed_in.push_back(id);
            sessions_.sign_out_connections(m.user, [](const Connection&) { return true; });
            // After logged_out, which resets the client: the reason stays on screen.
            for (ConnectionId id : signed_in)
                connections_.reject(id, ErrorCode::account_disabled, "");
        }
    }
    answer(r, result);
}

void AdminIntents::after(Request& r, const protocol::GetProfile& m) {
    if (!admin_.is_admin(r.user())) return;
    auto record = store_.user_by_handle(m.handle);
    if (!record) return;  // get_profile already answered user_not_found
    auto status = admin_.status(record->user.id);
    if (const auto* found = std::get_if<protocol::AccountStatus>(&status))
        connections_.send(r.id, *found);
}

void AdminIntents::answer(Request& r, const auth::Result<protocol::AccountStatus>& result) {
    if (const auto* error = std::get_if<ErrorCode>(&result))
        return connections_.reject(r.id, *error, r.type);
    connections_.send(r.id, std::get<protocol::AccountStatus>(result));
}

}  // namespace salotto::service
