// The moderation intents; see moderation_intents.hpp and docs/protocol.md.
#include "server/service/moderation_intents.hpp"

#include <spdlog/spdlog.h>

namespace salotto::service {

void ModerationIntents::handle(Request& r, const protocol::MuteSpeaker& m) {
    room_intents_.room_action(
        r, [&](room::Room& room) { return room.mute_speaker(r.user(), m.user); });
}

void ModerationIntents::handle(Request& r, const protocol::UnmakeModerator& m) {
    room_intents_.room_action(
        r, [&](room::Room& room) { return room.unmake_moderator(r.user(), m.user); });
}

void ModerationIntents::handle(Request& r, const protocol::RemoveMember& m) {
    room_intents_.room_action(r, [&](room::Room& room) {
        auto outcome = room.remove(r.user(), m.user);
        if (outcome.ok()) {
            // Out of the room at once: their audio and room intents go nowhere from now.
            rooms_.unseat(m.user);
            spdlog::info("@{} removed user {} from room {}", r.connection.user->handle, m.user,
                         room.id());
        }
        return outcome;
    });
}

void ModerationIntents::handle(Request& r, const protocol::SetHandsAllowed& m) {
    room_intents_.room_action(
        r, [&](room::Room& room) { return room.set_hands_allowed(r.user(), m.allowed); });
}

void ModerationIntents::handle(Request& r, const protocol::SetRoomType& m) {
    room_intents_.room_action(r, [&](room::Room& room) {
        auto outcome = room.set_type(r.user(), m.type);
        if (outcome.ok() && !outcome.changes.empty()) store_.set_room_type(room.id(), m.type);
        return outcome;
    });
}

void ModerationIntents::handle(Request& r, const protocol::SetLinkJoins& m) {
    room_intents_.room_action(
        r, [&](room::Room& room) { return room.set_link_joins(r.user(), m.allowed); });
}

void ModerationIntents::handle(Request& r, const protocol::Knock& m) {
    LiveRoom* live = rooms_.find(m.room);
    if (!live) return connections_.reject(r.id, ErrorCode::room_not_found, r.type);
    const protocol::User& me = *r.connection.user;
    const auto before = live->room.summary();
    auto outcome = live->room.knock(room::Person{me.id, me.handle, me.name});
    if (!outcome.ok()) return connections_.reject(r.id, *outcome.error, r.type);
    // Knocking again while waiting is answered the same way: the knock is there.
    connections_.send_user(me.id, protocol::Knocked{live->room.id(), live->room.title()});
    room_intents_.publish(*live, outcome, before);
}

void ModerationIntents::handle(Request& r, const protocol::LetIn& m) {
    room_intents_.room_action(r, [&](room::Room& room) { return room.let_in(r.user(), m.user); });
}

void ModerationIntents::handle(Request& r, const protocol::DeclineKnock& m) {
    room_intents_.room_action(r, [&](room::Room& room) { return room.decline(r.user(), m.user); });
}

}  // namespace salotto::service
