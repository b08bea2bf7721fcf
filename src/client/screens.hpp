// The screens: ImGui functions that draw from the app state and turn the user's
// clicks into intents. They never touch sockets or storage: intents go to the
// outbox, and the web layer sends them.
//
// One file per screen (screen_*.cpp); shared drawing helpers are in draw.hpp.
#pragma once

#include <array>
#include <string_view>

#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "client/theme.hpp"
#include "client/widget_rects.hpp"

namespace salotto::client {

// What the user is typing or has selected: UI-only state the server never sees.
struct UiState {
    enum class Mode { signup, login };
    Mode mode = Mode::signup;
    // Buffers are sized in bytes for the protocol's limits in code points (4 bytes
    // each at most in UTF-8); the server validates the rest.
    std::array<char, 64> invite{};
    std::array<char, 32> handle{};
    std::array<char, 168> name{};
    std::array<char, 132> password{};
    std::array<char, 32> login_handle{};
    std::array<char, 132> login_password{};
    std::array<char, 328> room_title{};
    protocol::UserId selected = 0;  // the person whose card is open in a room; 0: none
    float dock_height = 0;          // the room's bottom dock, as tall as last frame
    bool audio_panel = false;       // the room's audio figures are shown
    // Moderation (screen_moderation.cpp).
    bool room_settings = false;           // a moderator's room settings are shown
    protocol::UserId confirm_remove = 0;  // whose removal awaits confirmation; 0: none
};

// Everything a screen needs for one frame.
struct Ui {
    AppState& state;
    UiState& ui;
    Outbox& out;
    WidgetRects& rects;
    const Fonts& fonts;

    // Sends an intent on the user's behalf; a fresh action clears the last message.
    void send(protocol::Intent intent) {
        state.error.reset();
        state.notice.clear();
        out.push(std::move(intent));
    }
};

// Draws the current screen full-window. Call between ImGui::NewFrame() and Render().
void draw_app(Ui& ui);

// Whether the screen animates (a spinner) and so needs frames even without input.
bool screen_animates(const AppState& state);

void draw_connecting(Ui& ui);
void draw_onboarding(Ui& ui);
void draw_hallway(Ui& ui);
void draw_room(Ui& ui);
void draw_profile(Ui& ui);

// Moderation (screen_moderation.cpp). On the hallway: our knock on a closed room, if
// any. In a room: its type and settings for everyone, the settings a moderator may
// change, and the people knocking, for moderators.
void draw_knock(Ui& ui);
void room_badges(Ui& ui);
void room_settings_panel(Ui& ui);
void knocks_list(Ui& ui);

}  // namespace salotto::client
