// The service's entry points; see service.hpp and docs/protocol.md.
#include "server/service/service.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/protocol/codec.hpp"
#include "server/service/guarded.hpp"

namespace salotto::service {

Service::Service(auth::Accounts& accounts, storage::Store& store, Outbox& outbox,
                 ServiceOptions options)
    : accounts_(accounts),
      options_(std::move(options)),
      connections_(outbox),
      rooms_(audio_pool_),
      audio_(connections_, rooms_, audio_pool_, outbox, options_),
      hallway_(connections_, rooms_, graph_),
      broadcaster_(connections_, rooms_, hallway_, options_),
      room_intents_(accounts, store, connections_, rooms_, broadcaster_, audio_, graph_, options_,
                    clubs_),
      moderation_intents_(store, connections_, rooms_, room_intents_),
      social_intents_(accounts, store, connections_, rooms_, graph_, hallway_, room_intents_,
                      options_),
      session_intents_(accounts, connections_, rooms_, allowances_, room_intents_, audio_,
                       social_intents_, hallway_, options_),
      avatars_(accounts, store, connections_, room_intents_, options_),
      admin_(store, options_.unix_now),
      admin_intents_(accounts, admin_, store, connections_, session_intents_),
      search_intents_(store, connections_, rooms_, graph_, clubs_),
      chat_intents_(store, connections_, rooms_, broadcaster_, room_intents_, options_),
      event_intents_(store, connections_, room_intents_, social_intents_, graph_, options_, clubs_),
      replay_intents_(store, accounts, admin_, connections_, rooms_, broadcaster_, graph_, clubs_,
                      options_),
      club_intents_(accounts, store, connections_, rooms_, graph_, clubs_, options_),
      club_pictures_(avatars_, club_intents_, clubs_, store) {
    rooms_.on_seat_change([this](UserId user, const std::optional<std::string>& room) {
        social_intents_.seat_changed(user, room);
    });
    session_intents_.on_signed_in(
        [this](ConnectionId id, UserId user) { event_intents_.signed_in(id, user); });
}

void Service::open(ConnectionId connection, std::string_view address) {
    guarded(connections_, connection, "open",
            [&] { connections_.open(connection, address, options_.steady_now()); });
}

void Service::text(ConnectionId id, std::string_view frame) {
    guarded(connections_, id, "text frame", [&] { handle_text(id, frame); });
}

void Service::binary(ConnectionId id, std::span<const std::uint8_t> frame) {
    guarded(connections_, id, "audio frame", [&] { audio_.receive(id, frame); });
}

void Service::close(ConnectionId id) {
    Connection* connection = connections_.find(id);
    if (!connection) return;
    guarded(connections_, std::nullopt, "closing connection " + std::to_string(id),
            [&] { session_intents_.detach(id, *connection); });
    connections_.erase(id);
}

void Service::flush_audio(int intervals) {
    guarded(connections_, std::nullopt, "audio flush", [&] { audio_.flush(intervals); });
    guarded(connections_, std::nullopt, "recordings", [&] { replay_intents_.tick(); });
}

void Service::flush_hallway() {
    guarded(connections_, std::nullopt, "hallway flush", [&] { broadcaster_.flush_hallway(); });
}

void Service::flush_members() {
    guarded(connections_, std::nullopt, "members flush", [&] { broadcaster_.flush_members(); });
}

void Service::flush_reactions() {
    guarded(connections_, std::nullopt, "reactions flush",
            [&] { chat_intents_.flush_reactions(); });
}

namespace {

// Starts an upload through `start`, whose reply is owed even when the upload fails in
// an unexpected way: `reply` runs exactly once.
void upload_guarded(Connections& connections, const char* what,
                    const std::function<void(Avatars::Reply)>& start, Avatars::Reply reply) {
    auto answered = std::make_shared<bool>(false);
    auto once = [reply = std::move(reply), answered](const AvatarResult& result) {
        if (std::exchange(*answered, true)) return;
        reply(result);
    };
    bool handed_over = false;
    guarded(connections, std::nullopt, what, [&] {
        start(once);
        handed_over = true;
    });
    if (!handed_over)
        once(AvatarResult{ErrorCode::internal, std::string(default_message(ErrorCode::internal)),
                          0});
}

}  // namespace

void Service::upload_avatar(std::string_view token, std::string upload, Avatars::Reply reply) {
    upload_guarded(
        connections_, "profile picture upload",
        [&](Avatars::Reply once) { avatars_.upload(token, std::move(upload), std::move(once)); },
        std::move(reply));
}

void Service::upload_club_avatar(std::string_view token, std::int64_t club, std::string upload,
                                 Avatars::Reply reply) {
    upload_guarded(
        connections_, "club picture upload",
        [&](Avatars::Reply once) {
            club_pictures_.upload(token, club, std::move(upload), std::move(once));
        },
        std::move(reply));
}

AvatarResult Service::remove_club_avatar(std::string_view token, std::int64_t club) {
    AvatarResult result{ErrorCode::internal, std::string(default_message(ErrorCode::internal)), 0};
    guarded(connections_, std::nullopt, "club picture removal",
            [&] { result = club_pictures_.remove(token, club); });
    return result;
}

std::optional<storage::AvatarRecord> Service::club_avatar_image(std::int64_t club) {
    std::optional<storage::AvatarRecord> image;
    guarded(connections_, std::nullopt, "club picture",
            [&] { image = club_pictures_.image(club); });
    return image;
}

AvatarResult Service::remove_avatar(std::string_view token) {
    AvatarResult result{ErrorCode::internal, std::string(default_message(ErrorCode::internal)), 0};
    guarded(connections_, std::nullopt, "profile picture removal",
            [&] { result = avatars_.remove(token); });
    return result;
}

std::optional<storage::AvatarRecord> Service::avatar_image(UserId user) {
    std::optional<storage::AvatarRecord> image;
    guarded(connections_, std::nullopt, "profile picture", [&] { image = avatars_.image(user); });
    return image;
}

std::optional<protocol::EventInfo> Service::event(std::string_view id) {
    std::optional<protocol::EventInfo> found;
    guarded(connections_, std::nullopt, "event", [&] { found = event_intents_.event(id); });
    return found;
}

std::optional<ReplayFile> Service::replay_file(std::string_view id, std::string_view key,
                                               std::string_view bearer) {
    std::optional<ReplayFile> file;
    guarded(connections_, std::nullopt, "replay file",
            [&] { file = replay_intents_.file(id, key, bearer); });
    return file;
}

void Service::stop_recordings() {
    guarded(connections_, std::nullopt, "stopping recordings", [&] { replay_intents_.stop_all(); });
}

void Service::save_stages() {
    guarded(connections_, std::nullopt, "saving stages", [&] { room_intents_.save_stages(); });
}

int Service::restore_stages() {
    int restored = 0;
    guarded(connections_, std::nullopt, "restoring stages",
            [&] { restored = room_intents_.restore_stages(); });
    return restored;
}

// Every text frame passes these checks, in this order, before its handler runs
// (docs/protocol.md, "Limits").
void Service::handle_text(ConnectionId id, std::string_view frame) {
    Connection* found = connections_.find(id);
    if (!found) return;
    Connection& connection = *found;

    auto decoded = protocol::decode_intent(frame);
    const auto* intent = std::get_if<protocol::Intent>(&decoded);
    const std::string_view type =
        intent ? protocol::type_of(*intent) : std::get<protocol::DecodeError>(decoded).in;

    if (connection.cut_off) return;
    if (!connection.allowances.intents.take(options_.steady_now()))
        return reject_for_rate(id, connection, type);
    if (!intent) {
        const auto& error = std::get<protocol::DecodeError>(decoded);
        return connections_.reject(id, error.code, error.in, error.message);
    }
    if (!connection.greeted && !std::holds_alternative<protocol::Hello>(*intent))
        return connections_.reject(id, ErrorCode::hello_required, type);
    if (!connection.user && !allowed_signed_out(*intent))
        return connections_.reject(id, ErrorCode::not_signed_in, type);
    if (is_sign_in(*intent) && !connection.user &&
        !connection.allowances.sign_ins.take(options_.steady_now()))
        return reject_for_rate(id, connection, type);
    if (connection.user &&
        !allowances_.user_allows(connection.user->id, *intent, options_.steady_now()))
        return reject_for_rate(id, connection, type, rate_limit_message(*intent));

    Request request{id, connection, type};
    try {
        dispatch(request, *intent);
    } catch (const std::exception& e) {
        spdlog::error("connection {}: {} failed: {}", id, type, e.what());
        connections_.reject(id, ErrorCode::internal, type);
    }
}

// Each intent goes to the one part that handles its kind; an intent no part handles
// does not compile.
void Service::dispatch(Request& r, const protocol::Intent& intent) {
    std::visit(
        [&](const auto& m) {
            if constexpr (requires { session_intents_.handle(r, m); })
                session_intents_.handle(r, m);
            else if constexpr (requires { room_intents_.handle(r, m); })
                room_intents_.handle(r, m);
            else if constexpr (requires { moderation_intents_.handle(r, m); })
                moderation_intents_.handle(r, m);
            else if constexpr (requires { audio_.handle(r, m); })
                audio_.handle(r, m);
            else if constexpr (requires { admin_intents_.handle(r, m); })
                admin_intents_.handle(r, m);
            else if constexpr (requires { search_intents_.handle(r, m); })
                search_intents_.handle(r, m);
            else if constexpr (requires { social_intents_.handle(r, m); })
                social_intents_.handle(r, m);
            else if constexpr (requires { chat_intents_.handle(r, m); })
                chat_intents_.handle(r, m);
            else if constexpr (requires { event_intents_.handle(r, m); })
                event_intents_.handle(r, m);
            else if constexpr (requires { replay_intents_.handle(r, m); })
                replay_intents_.handle(r, m);
            else if constexpr (requires { club_intents_.handle(r, m); })
                club_intents_.handle(r, m);
            else
                static_assert(!sizeof(m), "an intent without a handler");
            // Follow-ups some parts add to another part's answer.
            if constexpr (requires { admin_intents_.after(r, m); }) admin_intents_.after(r, m);
            if constexpr (requires { replay_intents_.after(r, m); }) replay_intents_.after(r, m);
        },
        intent);
}

void Service::reject_for_rate(ConnectionId id, Connection& connection, std::string_view in,
                              std::string_view message) {
    if (!connection.allowances.strikes.take(options_.steady_now()))
        return connections_.cut_off(id, connection, ErrorCode::rate_limited,
                                    "Too many requests for too long; disconnected.");
    connections_.reject(id, ErrorCode::rate_limited, in, message);
}

void Service::sweep() {
    guarded(connections_, std::nullopt, "sweep", [&] {
        const auto now = options_.steady_now();
        cut_off_late();
        room_intents_.sweep_seats(now);
        if (!last_prune_ || now - *last_prune_ >= kPruneInterval) {
            last_prune_ = now;
            if (const int pruned = accounts_.prune(); pruned > 0)
                spdlog::info("pruned {} expired session(s) and long-ended room(s)", pruned);
        }
        allowances_.forget_refilled(now);
        avatars_.forget_refilled(now);
        social_intents_.forget_refilled(now);
        replay_intents_.tick();
        replay_intents_.forget_expired_links();
    });
}

// Closes the connections past their hello or sign-in deadline.
void Service::cut_off_late() {
    const auto now = options_.steady_now();
    std::vector<std::pair<ConnectionId, MissedDeadline>> late;
    for (auto& [id, connection] : connections_.all()) {
        if (connection.cut_off || connection.user || connection.checking_password) continue;
        if (auto missed = missed_deadline(connection.opened, connection.greeted, now))
            late.emplace_back(id, std::move(*missed));
    }
    for (auto& [id, missed] : late)
        connections_.cut_off(id, connections_.at(id), missed.code, missed.message);
}

}  // namespace salotto::service
