// The session and account intents; see session_intents.hpp and docs/protocol.md.
#include "server/service/session_intents.hpp"

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "server/auth/password.hpp"
#include "server/service/guarded.hpp"

namespace salotto::service {

void SessionIntents::handle(Request& r, const protocol::Hello& m) {
    if (m.v != protocol::kVersion)
        return connections_.reject(
            r.id, ErrorCode::unsupported_version, r.type,
            "This server speaks protocol version " + std::to_string(protocol::kVersion) + ".");
    r.connection.greeted = true;
    connections_.send(r.id, protocol::Welcome{protocol::kVersion, options_.server_name});
}

void SessionIntents::handle(Request& r, const protocol::Signup& m) {
    if (r.connection.user) return connections_.reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return connections_.reject(r.id, ErrorCode::password_check_pending, r.type);
    if (!address_allows_sign_in(r.connection))
        return connections_.reject(r.id, ErrorCode::rate_limited, r.type);
    auto check = accounts_.check_signup(m);
    if (const auto* error = std::get_if<ErrorCode>(&check))
        return connections_.reject(r.id, *error, r.type);
    auto ready = std::make_shared<auth::SignupCheck>(std::move(std::get<auth::SignupCheck>(check)));
    check_password_off_loop<std::optional<std::string>>(
        r,
        [ready, cost = accounts_.password_cost()] {
            return auth::hash_password(ready->request.password, cost);
        },
        [this, ready](Request& request, const std::optional<std::string>& hash) {
            auto result = accounts_.finish_signup(*ready, hash);
            sign_in(request, result);
            if (const auto* signed_in = std::get_if<auth::SignedIn>(&result))
                social_.signed_up(signed_in->user.id);
        });
}

void SessionIntents::handle(Request& r, const protocol::Login& m) {
    if (r.connection.user) return connections_.reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return connections_.reject(r.id, ErrorCode::password_check_pending, r.type);
    if (!address_allows_sign_in(r.connection))
        return connections_.reject(r.id, ErrorCode::rate_limited, r.type);
    auto check = std::make_shared<auth::LoginCheck>(accounts_.check_login(m));
    check_password_off_loop<bool>(
        r,
        [check, password = m.password] {
            return auth::verify_password(password, check->password_hash);
        },
        [this, check](Request& request, const bool& verified) {
            sign_in(request, accounts_.finish_login(*check, verified));
        });
}

void SessionIntents::handle(Request& r, const protocol::Resume& m) {
    if (r.connection.user) return connections_.reject(r.id, ErrorCode::already_signed_in, r.type);
    if (r.connection.checking_password)
        return connections_.reject(r.id, ErrorCode::password_check_pending, r.type);
    sign_in(r, accounts_.resume(m.token));
}

void SessionIntents::handle(Request& r, const protocol::Logout&) {
    const auth::TokenHash session = r.connection.session;
    accounts_.logout(session);
    // Tabs of one browser share the stored token: sign out every connection on it.
    sign_out_connections(
        r.user(), [&](const Connection& connection) { return connection.session == session; });
}

void SessionIntents::handle(Request& r, const protocol::LogoutEverywhere&) {
    const UserId user = r.user();
    accounts_.logout_everywhere(user);
    sign_out_connections(user, [](const Connection&) { return true; });
}

void SessionIntents::handle(Request& r, const protocol::ChangePassword& m) {
    if (r.connection.checking_password)
        return connections_.reject(r.id, ErrorCode::password_check_pending, r.type);
    auto check = accounts_.check_password_change(r.user(), m);
    if (const auto* error = std::get_if<ErrorCode>(&check))
        return connections_.reject(r.id, *error, r.type);
    auto ready = std::make_shared<auth::LoginCheck>(std::move(std::get<auth::LoginCheck>(check)));
    struct Checked {
        bool verified = false;
        std::optional<std::string> new_hash;
    };
    check_password_off_loop<Checked>(
        r,
        [ready, m, cost = accounts_.password_cost()] {
            Checked checked{auth::verify_password(m.password, ready->password_hash), std::nullopt};
            if (checked.verified) checked.new_hash = auth::hash_password(m.new_password, cost);
            return checked;
        },
        [this, ready](Request& request, const Checked& checked) {
            if (!request.connection.user) return;  // signed out meanwhile
            auto result = accounts_.finish_password_change(
                *ready, checked.verified, checked.new_hash, request.connection.session);
            if (const auto* error = std::get_if<ErrorCode>(&result))
                return connections_.reject(request.id, *error, request.type);
            spdlog::info("@{} changed their password; other sessions revoked",
                         request.connection.user->handle);
            connections_.send(request.id, protocol::PasswordChanged{});
            const auth::TokenHash kept = request.connection.session;
            sign_out_connections(request.user(), [&](const Connection& connection) {
                return connection.session != kept;
            });
        });
}

void SessionIntents::handle(Request& r, const protocol::CreateInvite&) {
    auto result = accounts_.create_invite(r.user());
    if (const auto* error = std::get_if<ErrorCode>(&result))
        return connections_.reject(r.id, *error, r.type);
    connections_.send(r.id, std::get<protocol::Invite>(result));
}

void SessionIntents::handle(Request& r, const protocol::ListInvites&) {
    connections_.send(r.id, accounts_.list_invites(r.user()));
}

void SessionIntents::handle(Request& r, const protocol::Ping&) {
    connections_.send(r.id, protocol::Pong{});
}

bool SessionIntents::address_allows_sign_in(const Connection& connection) {
    return allowances_.address_allows_sign_in(connection.address, options_.steady_now());
}

template <class Value>
void SessionIntents::check_password_off_loop(Request& r, std::function<Value()> slow,
                                             std::function<void(Request&, const Value&)> finish) {
    r.connection.checking_password = true;
    const ConnectionId id = r.id;
    const std::string_view type = r.type;  // a message's kType: a static string
    const bool taken = options_.offload([this, id, type, slow = std::move(slow),
                                         finish = std::move(finish)]() -> std::function<void()> {
        std::optional<Value> value;
        try {
            value = slow();
        } catch (const std::exception& e) {
            spdlog::error("connection {}: {} failed on a worker: {}", id, type, e.what());
        }
        return [this, id, type, value = std::move(value), finish = std::move(finish)] {
            guarded(connections_, id, type, [&] {
                Connection* found = connections_.find(id);
                // Closed meanwhile: the result has nobody to go to.
                if (!found || !found->checking_password) return;
                found->checking_password = false;
                if (!value) return connections_.reject(id, ErrorCode::internal, type);
                Request request{id, *found, type};
                finish(request, *value);
            });
        };
    });
    if (!taken) {
        r.connection.checking_password = false;
        connections_.reject(id, ErrorCode::server_busy, type);
    }
}

void SessionIntents::sign_in(Request& r, const auth::Result<auth::SignedIn>& result) {
    if (const auto* error = std::get_if<ErrorCode>(&result))
        return connections_.reject(r.id, *error, r.type);
    const auto& signed_in = std::get<auth::SignedIn>(result);
    r.connection.user = signed_in.user;
    r.connection.session = signed_in.token_hash;
    connections_.attach(signed_in.user.id, r.id);
    room_intents_.back(signed_in.user.id);  // back in time for a kept seat
    spdlog::info("connection {}: signed in as @{} ({})", r.id, signed_in.user.handle, r.type);

    connections_.send(r.id, protocol::Session{signed_in.token, signed_in.user});
    connections_.send(r.id, hallway_.hallway_for(signed_in.user.id));
    social_.signed_in(r.id, signed_in.user.id);
    if (signed_in_hook_) signed_in_hook_(r.id, signed_in.user.id);
    // Another tab of the same user may already be in a room: show it here too.
    if (LiveRoom* live = rooms_.of(signed_in.user.id))
        connections_.send(r.id, protocol::RoomState{live->room.snapshot_for(signed_in.user.id)});
}

void SessionIntents::sign_out_connections(UserId user,
                                          const std::function<bool(const Connection&)>& leaving) {
    std::vector<ConnectionId> signing_out;
    for (const auto& [id, connection] : connections_.all())
        if (connection.user && connection.user->id == user && leaving(connection))
            signing_out.push_back(id);
    if (signing_out.size() == connections_.count_of(user)) room_intents_.leave_current_room(user);
    for (ConnectionId id : signing_out) {
        detach(id, connections_.at(id));
        connections_.send(id, protocol::LoggedOut{});
    }
}

void SessionIntents::detach(ConnectionId id, Connection& connection) {
    if (!connection.user) return;
    const UserId user = connection.user->id;
    audio_.connection_gone(user, id);
    if (connections_.is_last_of(user, id)) room_intents_.keep_seat_or_leave(user);
    connections_.detach(user, id);
    connection.user.reset();
    connection.session.clear();
}

}  // namespace salotto::service
