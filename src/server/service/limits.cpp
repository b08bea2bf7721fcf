// Limits; see limits.hpp and docs/protocol.md, "Limits".
#include "server/service/limits.hpp"

#include <variant>

namespace salotto::service {

namespace {

bool is_hand_toggle(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::RaiseHand>(intent) ||
           std::holds_alternative<protocol::LowerHand>(intent);
}

// The moderation intents: each goes out to a room, its moderators or a knocker.
bool is_moderation(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::MuteSpeaker>(intent) ||
           std::holds_alternative<protocol::UnmakeModerator>(intent) ||
           std::holds_alternative<protocol::RemoveMember>(intent) ||
           std::holds_alternative<protocol::SetHandsAllowed>(intent) ||
           std::holds_alternative<protocol::SetRoomType>(intent) ||
           std::holds_alternative<protocol::SetLinkJoins>(intent) ||
           std::holds_alternative<protocol::Knock>(intent) ||
           std::holds_alternative<protocol::LetIn>(intent) ||
           std::holds_alternative<protocol::DeclineKnock>(intent) ||
           std::holds_alternative<protocol::DeleteChat>(intent) ||
           std::holds_alternative<protocol::SetChatAllowed>(intent);
}

// Intents whose effect goes out to other people (a room's members, or everyone for a
// new room): these count against the user's room allowance.
bool fans_out(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::CreateRoom>(intent) ||
           std::holds_alternative<protocol::JoinRoom>(intent) ||
           std::holds_alternative<protocol::LeaveRoom>(intent) || is_hand_toggle(intent) ||
           std::holds_alternative<protocol::InviteSpeaker>(intent) ||
           std::holds_alternative<protocol::MoveToAudience>(intent) ||
           std::holds_alternative<protocol::MakeModerator>(intent) ||
           std::holds_alternative<protocol::SetMute>(intent) ||
           std::holds_alternative<protocol::EndRoom>(intent) || is_moderation(intent) ||
           // Not a fan-out, but a large answer (a room's chat history).
           std::holds_alternative<protocol::GetChat>(intent) ||
           // Recording goes out to the room; replay lists are large answers.
           std::holds_alternative<protocol::StartRecording>(intent) ||
           std::holds_alternative<protocol::StopRecording>(intent) ||
           std::holds_alternative<protocol::ListReplays>(intent);
}

}  // namespace

bool allowed_signed_out(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::Hello>(intent) ||
           std::holds_alternative<protocol::Signup>(intent) ||
           std::holds_alternative<protocol::Login>(intent) ||
           std::holds_alternative<protocol::Resume>(intent) ||
           std::holds_alternative<protocol::Ping>(intent);
}

bool is_sign_in(const protocol::Intent& intent) {
    return std::holds_alternative<protocol::Signup>(intent) ||
           std::holds_alternative<protocol::Login>(intent) ||
           std::holds_alternative<protocol::Resume>(intent);
}

std::optional<MissedDeadline> missed_deadline(Clock::time_point opened, bool greeted,
                                              Clock::time_point now) {
    const auto age = now - opened;
    // The sign-in deadline is the later one: a connection past it that never said
    // hello is past the hello deadline too.
    if (!greeted && age >= kHelloDeadline)
        return MissedDeadline{ErrorCode::hello_required,
                              "No hello within " + std::to_string(kHelloDeadline.count()) +
                                  " seconds; disconnected."};
    if (greeted && age >= kSignInDeadline)
        return MissedDeadline{
            ErrorCode::not_signed_in,
            "Not signed in within " +
                std::to_string(
                    std::chrono::duration_cast<std::chrono::seconds>(kSignInDeadline).count()) +
                " seconds; disconnected."};
    return std::nullopt;
}

std::string_view rate_limit_message(const protocol::Intent& intent) {
    if (std::holds_alternative<protocol::SendChat>(intent))
        return "You are sending chat messages too fast; wait a few seconds.";
    if (std::holds_alternative<protocol::React>(intent))
        return "You are reacting too fast; wait a moment.";
    return {};
}

bool SharedAllowances::user_allows(protocol::UserId user, const protocol::Intent& intent,
                                   Clock::time_point now) {
    if (std::holds_alternative<protocol::Search>(intent))
        return users_.try_emplace(user, now).first->second.searches.take(now);
    // Chat messages and reactions reach everyone in the room, each on its own allowance.
    if (std::holds_alternative<protocol::SendChat>(intent))
        return users_.try_emplace(user, now).first->second.chats.take(now);
    if (std::holds_alternative<protocol::React>(intent))
        return users_.try_emplace(user, now).first->second.reactions.take(now);
    if (!fans_out(intent)) return true;
    auto& limits = users_.try_emplace(user, now).first->second;
    if (std::holds_alternative<protocol::CreateRoom>(intent) && !limits.room_creations.take(now))
        return false;
    if (is_hand_toggle(intent) && !limits.hand_toggles.take(now)) return false;
    if (std::holds_alternative<protocol::Knock>(intent) && !limits.knocks.take(now)) return false;
    return limits.room_intents.take(now);
}

bool SharedAllowances::address_allows_sign_in(const std::string& address, Clock::time_point now) {
    auto [it, inserted] =
        address_sign_ins_.try_emplace(address, kAddressSignInBurst, kAddressSignInsPerSecond, now);
    return it->second.take(now);
}

void SharedAllowances::forget_refilled(Clock::time_point now) {
    std::erase_if(address_sign_ins_, [&](auto& entry) { return entry.second.full(now); });
    std::erase_if(users_, [&](auto& entry) {
        auto& limits = entry.second;
        return limits.room_creations.full(now) && limits.hand_toggles.full(now) &&
               limits.room_intents.full(now) && limits.searches.full(now) &&
               limits.knocks.full(now) && limits.chats.full(now) && limits.reactions.full(now);
    });
}

}  // namespace salotto::service
