// The client's whole view of the world: filled by the reducer (reducer.hpp) from
// server events, read by the screens. Plain data: no sockets, no storage, no ImGui,
// so it compiles natively for the unit tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::client {

enum class Screen { connecting, onboarding, hallway, room, profile };

// The name tests see in state().screen (docs/client-test-api.md).
constexpr std::string_view screen_name(Screen screen) {
    switch (screen) {
        case Screen::connecting:
            return "connecting";
        case Screen::onboarding:
            return "onboarding";
        case Screen::hallway:
            return "hallway";
        case Screen::room:
            return "room";
        case Screen::profile:
            return "profile";
    }
    return "connecting";
}

// An error as the user sees it: the wire code and a human message.
struct ShownError {
    std::string code;
    std::string message;
    bool operator==(const ShownError&) const = default;
};

struct AppState {
    Screen screen = Screen::connecting;
    bool connected = false;  // socket open and hello answered
    bool resuming = false;   // a resume is on its way; stay on "connecting" meanwhile
    // The session token; "" when signed out. The web layer persists it.
    std::string token;
    std::optional<protocol::User> user;
    std::vector<protocol::RoomSummary> hallway;
    std::optional<protocol::RoomSnapshot> room;
    std::vector<protocol::InviteInfo> invites;
    int remaining_invites = 0;
    std::optional<std::string> last_created_invite;
    std::optional<protocol::Profile> profile;
    std::optional<ShownError> error;
    std::string notice;  // friendly news that is not an error, e.g. "The room has ended."
    // Room to join as soon as a session starts: a deep link, or the room we were in
    // when the connection dropped.
    std::string join_after_sign_in;
};

// The member of the current room with this id, or nullptr.
inline const protocol::Member* find_member(const AppState& state, protocol::UserId id) {
    if (!state.room) return nullptr;
    for (const auto& m : state.room->members)
        if (m.id == id) return &m;
    return nullptr;
}

// The signed-in user as a member of the current room, or nullptr.
inline const protocol::Member* me(const AppState& state) {
    return state.user ? find_member(state, state.user->id) : nullptr;
}

}  // namespace salotto::client
