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
    // Social: the type picked for a new room; the room's "Ping" panel; the profile's
    // edit form (filled from the profile once per person shown) and which list is open.
    protocol::RoomType room_type = protocol::RoomType::open;
    bool ping_panel = false;
    std::array<char, 168> edit_name{};
    std::array<char, 648> edit_bio{};
    protocol::UserId edit_loaded_for = 0;
    bool editing = false;
    enum class FollowsList { none, followers, following };
    FollowsList follows_list = FollowsList::none;
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
void draw_notifications(Ui& ui);
// The bell (screen_notifications.cpp): "Notifications (3)", opening that screen.
void bell_button(Ui& ui, const char* widget_id);
float bell_width(const AppState& state);

}  // namespace salotto::client
