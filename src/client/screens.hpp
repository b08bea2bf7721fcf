// The screens: ImGui functions that draw from the app state and turn the user's
// clicks into intents. They never touch sockets or storage: intents go to the
// outbox, and the web layer sends them.
//
// One file per screen (screen_*.cpp); shared drawing helpers are in draw.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <imgui.h>

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
    protocol::UserId selected = 0;   // the person whose card is open in a room; 0: none
    float dock_height = 0;           // the room's bottom dock, as tall as last frame
    bool audio_panel = false;        // the room's audio figures are shown
    bool audio_settings = false;     // the audio settings panel is shown
    bool talk_held = false;          // push-to-talk: Space or the talk button is held
    bool talk_button = false;        // push-to-talk: the talk button is held this frame
    std::optional<bool> talk_asked;  // push-to-talk: the mute state asked for, unanswered
    std::array<char, 260> search{};  // the hallway's search box (64 code points and more)
    // Moderation (screen_moderation.cpp).
    bool room_settings = false;           // a moderator's room settings are shown
    protocol::UserId confirm_remove = 0;  // whose removal awaits confirmation; 0: none
    // Social: the type picked for a new room; the room's "Ping" panel; the profile's
    // edit form (filled from the profile once per person shown) and which list is open.
    protocol::RoomType room_type = protocol::RoomType::open;
    bool all_events = false;  // the hallway lists every upcoming event, not the first few
    bool ping_panel = false;
    std::array<char, 168> edit_name{};
    std::array<char, 648> edit_bio{};
    protocol::UserId edit_loaded_for = 0;
    bool editing = false;
    enum class FollowsList { none, followers, following };
    FollowsList follows_list = FollowsList::none;
    // Chat (screen_chat.cpp): what is being typed (500 code points, 4 bytes each at
    // most), how many messages the list showed last frame (to follow new ones), and
    // where each visible person's picture was drawn (reactions float over it).
    std::array<char, 2004> chat_input{};
    std::size_t chat_shown = 0;
    std::map<protocol::UserId, std::pair<ImVec2, float>> avatar_spots;
};

// Profile pictures as textures. The web layer loads them (pictures.hpp there); a frame
// draws the ones loaded and notes the ones it missed, which the web layer then loads.
// People's pictures by user id, and clubs' under club_picture_key (their negated id),
// so both share one loader and cache.
class Pictures {
  public:
    // The texture of `user`'s picture version `version`, or 0 (noted as wanted) when it
    // is not loaded yet.
    ImTextureID find(protocol::UserId user, std::int64_t version);
    // Pictures a frame missed, each once; cleared by the caller.
    std::vector<std::pair<protocol::UserId, std::int64_t>>& wanted() { return wanted_; }
    // A picture finished loading.
    void loaded(protocol::UserId user, std::int64_t version, ImTextureID texture);
    // For state().pictures: the version shown for each user.
    const std::map<protocol::UserId, std::pair<std::int64_t, ImTextureID>>& all() const {
        return loaded_;
    }

  private:
    std::map<protocol::UserId, std::pair<std::int64_t, ImTextureID>> loaded_;
    std::vector<std::pair<protocol::UserId, std::int64_t>> wanted_;
};

// Everything a screen needs for one frame.
struct Ui {
    AppState& state;
    UiState& ui;
    Outbox& out;
    WidgetRects& rects;
    const Fonts& fonts;
    Pictures& pictures;

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
// Scheduled events (screen_events.cpp): the event page; on the hallway, the banner of
// an event that just started and the "upcoming" strip with its scheduling form.
void draw_event(Ui& ui);
void draw_event_started(Ui& ui);
void draw_upcoming(Ui& ui);
// Clubs (screen_clubs.cpp): the club page (/c/<id>); on the hallway, the user's clubs,
// their invitations and the form that creates a club; on someone's profile, "Invite to"
// the clubs the user runs.
void draw_club(Ui& ui);
void draw_my_clubs(Ui& ui);
void invite_to_my_clubs(Ui& ui, const protocol::User& person);
// For the club page (state.clubs.page): its upcoming events as cards, and for its leaders and
// admins "Schedule an event" with the club picked (screen_events.cpp).
void draw_club_events(Ui& ui);
// For the club page (screen_club_picture.cpp): the club's picture, left of the name
// drawn next on the same line; and on the current line, for its admins, "Change
// picture" and "Remove".
void draw_club_picture(Ui& ui);
void club_picture_buttons(Ui& ui);
// An embed's compact screens for room `room_id` (screen_embed.cpp), drawn instead of
// draw_app() on /embed/ pages.
void draw_embed(Ui& ui, const std::string& room_id);
// The room's people as tiles (screen_room.cpp), `radius` and `width` in CSS pixels.
void room_tile_grid(Ui& ui, const std::vector<const protocol::Member*>& members, float radius,
                    float width);
// The bell (screen_notifications.cpp): "Notifications (3)", opening that screen.
void bell_button(Ui& ui, const char* widget_id);
// Under a follow list that holds fewer people than it counts: "Show more (N)", which
// asks for the next page (screen_profile.cpp).
void more_follows_button(Ui& ui, const protocol::Follows& follows, const char* widget_id);
float bell_width(const AppState& state);

// Invite management, admin, search and sharing (issue 9).
void draw_invites(Ui& ui);  // the invites screen (screen_invites.cpp)
// The hallway's search box and its results (search_panel.cpp).
void draw_search(Ui& ui);
// On a profile, for admins: the account's status and admin actions (admin_card.cpp).
void draw_admin_card(Ui& ui);
// A button that copies the full URL of `path` (this page's origin + path) to the
// clipboard and says so (share.cpp).
bool copy_link_button(Ui& ui, const std::string& label, std::string widget_id,
                      std::string_view path);
// Moderation (screen_moderation.cpp). On the hallway: our knock on a closed room, if
// any. In a room: its type and settings for everyone, the settings a moderator may
// change, and the people knocking, for moderators.
void draw_knock(Ui& ui);
void room_badges(Ui& ui);
void room_settings_panel(Ui& ui);
void knocks_list(Ui& ui);
// Audio settings (audio_settings_panel.cpp): the microphone and output pickers, the
// level meter and microphone test, the voice processing switches and push-to-talk;
// `compact` for the embed (the microphone picker and the test only).
void audio_settings_panel(Ui& ui, bool compact = false);
// Push-to-talk (audio_settings_panel.cpp): while it is on and the user is on stage,
// holding Space (not in a text field) or `held_button` unmutes them through the
// ordinary mute intent, and letting go mutes them again. Call once per frame.
void push_to_talk(Ui& ui, bool held_button);
// A speaker's volume for this listener, 0-200 % (audio_settings_panel.cpp).
void volume_slider(Ui& ui, const protocol::Member& m);
// Chat and reactions in a room (screen_chat.cpp): the header's "Chat (N)" toggle, the
// chat panel, the reaction buttons in a row (and its width), and the reactions
// floating over pictures (drawn last, over everything; needs the avatar spots of this
// frame).
std::string chat_toggle_label(const AppState& state);
void chat_panel(Ui& ui);
float reaction_bar_width();
void reaction_bar(Ui& ui);
void floating_reactions(Ui& ui);

// Recording and replays (screen_replays.cpp): in a room, the "REC" strip, the
// moderators' Record / Stop button, the stage's notice, the invitation of someone just
// brought on stage, and the room's replays; on a profile, the replays that person hosted.
void recording_strip(Ui& ui);
void profile_replays(Ui& ui, protocol::UserId user);
// The page of a room that has ended (Screen::ended_room): its title, that it ended, and
// its replays.
void draw_ended_room(Ui& ui);

}  // namespace salotto::client
