// Room chat and reactions; see chat_intents.hpp.
#include "server/service/chat_intents.hpp"

#include "core/room/room.hpp"
#include "core/social/chat.hpp"
#include "core/social/reactions.hpp"

namespace salotto::service {

std::deque<protocol::ChatMessage>& ChatIntents::recent(LiveRoom& live) {
    if (!live.chat) {
        const auto stored = store_.recent(live.room.id(), social::kChatHistory);
        live.chat.emplace(stored.begin(), stored.end());
    }
    return *live.chat;
}

void ChatIntents::handle(Request& r, const protocol::SendChat& m) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const protocol::Member* me = live->room.find(r.user());
    // With the chat off, moderators may still post (an announcement, a rule).
    if (!live->room.chat_allowed() && !(me && room::is_moderator(*me)))
        return connections_.reject(r.id, ErrorCode::chat_off, r.type);
    if (!social::is_valid_chat_text(m.text))
        return connections_.reject(r.id, ErrorCode::chat_text_invalid, r.type);
    auto& history = recent(*live);
    const std::int64_t at = options_.unix_now();
    const protocol::User& from = *r.connection.user;
    protocol::ChatMessage message{store_.insert(live->room.id(), from.id, m.text, at), from, m.text,
                                  at};
    history.push_back(message);
    if (history.size() > social::kChatHistory) history.pop_front();
    broadcaster_.send_members(live->room,
                              protocol::ChatPosted{live->room.id(), std::move(message)});
}

void ChatIntents::handle(Request& r, const protocol::DeleteChat& m) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const protocol::Member* me = live->room.find(r.user());
    const auto sender = store_.sender_of(live->room.id(), m.id);
    if (!me || !sender) return connections_.reject(r.id, ErrorCode::chat_not_found, r.type);
    if (!social::may_delete_chat(*me, *sender))
        return connections_.reject(r.id, ErrorCode::forbidden, r.type);
    store_.remove(live->room.id(), m.id);
    std::erase_if(recent(*live), [&](const auto& message) { return message.id == m.id; });
    broadcaster_.send_members(live->room, protocol::ChatDeleted{live->room.id(), m.id});
}

void ChatIntents::handle(Request& r, const protocol::SetChatAllowed& m) {
    room_intents_.room_action(
        r, [&](room::Room& room) { return room.set_chat_allowed(r.user(), m.allowed); });
}

void ChatIntents::handle(Request& r, const protocol::GetChat&) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const auto& history = recent(*live);
    connections_.send(r.id,
                      protocol::ChatHistory{live->room.id(), {history.begin(), history.end()}});
}

void ChatIntents::handle(Request& r, const protocol::React& m) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const auto kind = social::reaction_index(m.kind);
    if (!kind) return connections_.reject(r.id, ErrorCode::reaction_invalid, r.type);
    const protocol::Member* me = live->room.find(r.user());
    live->reactions.add(r.user(), *kind, me && room::on_stage(*me));
    if (options_.reactions_interval.count() == 0) {
        broadcaster_.send_members(live->room, live->reactions.take(live->room.id()));
    }
}

void ChatIntents::flush_reactions() {
    for (auto& [id, live] : rooms_.all()) {
        if (live.reactions.empty()) continue;
        broadcaster_.send_members(live.room, live.reactions.take(id));
    }
}

}  // namespace salotto::service
