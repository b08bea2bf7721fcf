// The client's whole view of the world: filled by the reducer (reducer.hpp) from
// server events, read by the screens. Plain data: no sockets, no storage, no ImGui,
// so it compiles natively for the unit tests.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/audio_settings.hpp"
#include "client/i18n.hpp"
#include "client/replays.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::client {

enum class Screen {
    connecting,
    onboarding,
    hallway,
    room,
    profile,
    invites,
    notifications,
    event,
    club,
    ended_room,  // a room that is not live: its page with its replays (replays.hpp)
};

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
        case Screen::invites:
            return "invites";
        case Screen::notifications:
            return "notifications";
        case Screen::event:
            return "event";
        case Screen::club:
            return "club";
        case Screen::ended_room:
            return "ended_room";
    }
    return "connecting";
}

// One speaker as this client's playback hears them (from the playback worklet).
struct SpeakerAudio {
    protocol::UserId id = 0;
    int level = 0;  // 0-127, loudest block played in the last report period
    bool playing = false;
    int depth_ms = 0;   // jitter buffer: audio ready to play
    int target_ms = 0;  // jitter buffer: the delay it aims for
    int jitter_ms = 0;
    std::uint64_t received = 0, late = 0, concealed = 0, recovered = 0, dropped = 0, played = 0;
    int delay_ms = 0;  // jitter buffer: playout delay it adds (after the ideal arrival)
    bool operator==(const SpeakerAudio&) const = default;
};

// A microphone or output the browser offers (enumerateDevices).
struct AudioDevice {
    std::string id;     // deviceId
    std::string label;  // "" until the page may use the microphone
    bool operator==(const AudioDevice&) const = default;
};

// The open microphone track as the browser runs it (MediaStreamTrack.getSettings()).
struct MicTrack {
    std::string device;  // deviceId
    std::string label;
    bool echo_cancellation = false;
    bool noise_suppression = false;
    bool auto_gain = false;
    bool operator==(const MicTrack&) const = default;
};

// The browser's audio (docs/audio.md), as reported by web/audio-engine.js. The user's
// wishes (gestures, the microphone test) go the other way: the web layer passes them
// to the engine.
struct AudioState {
    int gestures = 0;            // taps on "Join audio" or unmute, which unlock audio
    bool joined = false;         // the engine set up playback
    bool needs_gesture = false;  // the browser wants a tap before it plays anything
    bool started = false;        // the audio connection carries audio
    // The engine's microphone: "off", "pending", "ready", "denied", "unavailable".
    std::string mic_device = "off";
    std::string mic_message;  // why the microphone cannot be used
    int my_level = 0;         // 0-127, own microphone as encoded
    bool speaking = false;    // the voice detector lets our frames through
    std::vector<SpeakerAudio> speakers;
    int rtt_ms = -1;  // audio connection round trip; -1 until measured
    std::uint64_t frames_sent = 0, frames_dropped = 0, batches_received = 0;

    // Devices and controls (docs/audio.md, "Devices and controls").
    std::vector<AudioDevice> inputs, outputs;
    // How this browser lets us choose the output: "context" (AudioContext.setSinkId),
    // "element" (an <audio> element's setSinkId) or "none" (the browser chooses).
    std::string output_choice = "none";
    bool test_wanted = false;       // the user asked to hear their own microphone
    bool testing = false;           // the engine plays the microphone back
    std::optional<MicTrack> track;  // while the microphone is open
};

// An error as the user sees it: the wire code and a human message.
struct ShownError {
    std::string code;
    std::string message;

    // The server's refusal of an intent, with its message.
    static ShownError refusal(const protocol::Error& e) {
        return {std::string(wire_name(e.code)), e.message};
    }
    // What our own check found before sending, in the user's language.
    static ShownError check(Lang lang, ErrorCode code) {
        return {std::string(wire_name(code)),
                error_text(lang, wire_name(code), default_message(code))};
    }
    bool operator==(const ShownError&) const = default;
};

// The profile's "Change password" form. It lives in the app state, not in the screens'
// UiState, because the reducer clears it when the server confirms the change and
// puts the server's refusal on it.
struct PasswordForm {
    // Sized for the longest password the rules allow (128 bytes) plus room to type
    // past it, so the form can say "too long" rather than silently cut it.
    std::array<char, 132> current{};
    std::array<char, 132> fresh{};
    std::array<char, 132> repeat{};
    bool pending = false;             // sent; no answer yet
    std::optional<ShownError> error;  // shown under the form: our own check or the server's
};

// The user's own profile picture, or a club's: what they asked for, and the upload
// under way. The web layer opens the file picker and talks to /api/avatar (or
// /api/clubs/<club>/avatar); the server's user_updated (or club and clubs) then
// carries the new version.
struct PictureRequests {
    int picks = 0;          // taps on "Change picture": each opens the browser's file picker
    int removals = 0;       // taps on "Remove picture"
    bool pending = false;   // an upload or removal is on its way
    std::int64_t club = 0;  // the club the last pick or removal is for; 0: our own picture
};

// Search as you type (client/search.hpp): what was typed, when, what was sent, and the
// answer to the latest query sent (answers to older queries are dropped).
struct SearchState {
    std::string typed;     // the box's text as last seen
    double typed_at = 0;   // when it last changed (ImGui time, seconds)
    bool due = false;      // typed differs from what was sent: send after the pause
    std::string sent;      // the last query sent; "" when none or the box was cleared
    std::string answered;  // the query the results below answer
    std::vector<protocol::User> users;
    std::vector<protocol::RoomSummary> rooms;
    std::vector<protocol::ClubSummary> clubs;
};
// Our knock on a closed room (docs/protocol.md, "Moderation"), shown on the hallway.
struct KnockState {
    enum class Status {
        closed,    // join_room was refused with room_closed: we may knock
        knocking,  // knocked; the moderators have not answered
        declined,  // a moderator turned the knock down
        let_in,    // let in while we were in another room: join when ready
    };
    std::string room;
    std::string title;  // "" until known (the hallway or the server names it)
    Status status = Status::closed;
    bool operator==(const KnockState&) const = default;
};

// The name tests see in state().knock.status (docs/client-test-api.md).
constexpr std::string_view knock_status_name(KnockState::Status status) {
    switch (status) {
        case KnockState::Status::closed:
            return "closed";
        case KnockState::Status::knocking:
            return "knocking";
        case KnockState::Status::declined:
            return "declined";
        case KnockState::Status::let_in:
            return "let_in";
    }
    return "closed";
}

// The room's chat (docs/protocol.md, "Chat"): its messages, oldest first, as the
// history and then each new message and deletion left them.
struct ChatState {
    std::string room;  // the room these messages belong to
    std::vector<protocol::ChatMessage> messages;
    bool loaded = false;  // chat_history arrived for this room
    int unread = 0;       // messages that arrived while the chat was not shown
};
// The room's reactions since the room screen last drew them: it takes them (with the
// time it saw them) to float over people's pictures. `counts` is the latest event's.
struct ReactionState {
    std::vector<protocol::Reaction> fresh;
    std::vector<protocol::ReactionCount> counts;
    std::uint64_t events = 0;  // reactions events received in this room
    // Reactions floating on screen, with when the screen first drew each (seconds).
    struct Floating {
        protocol::Reaction reaction;
        double since = 0;
    };
    std::vector<Floating> floating;
};

// Scheduling or editing an event (docs/protocol.md, "Events"): the fields as typed.
// The date and time are local to `time_zone` (the browser's, at first).
struct EventForm {
    bool open = false;
    std::string editing;  // the event being edited; "" for a new one
    std::array<char, 360> title{};
    std::array<char, 4100> description{};
    std::array<char, 16> date{};  // YYYY-MM-DD
    std::array<char, 8> time{};   // HH:MM
    std::array<char, 64> time_zone{};
    std::array<char, 160> hosts{};     // co-hosts' handles, separated by spaces or commas
    std::optional<std::int64_t> club;  // the club to schedule in; nothing: no club
    bool pending = false;              // sent; no answer yet
    std::optional<ShownError> error;
};

// Copies `text` into a form's fixed buffer, cut on a character boundary.
template <std::size_t N>
void fill_field(std::array<char, N>& buffer, std::string_view text) {
    buffer.fill('\0');
    std::size_t n = std::min(text.size(), N - 1);
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text.copy(buffer.data(), n);
}

// Creating or editing a club (docs/protocol.md, "Clubs"): the fields as typed.
struct ClubForm {
    bool open = false;
    std::int64_t editing = 0;  // the club being edited; 0 for a new one
    // 40 and 300 code points, 4 bytes each at most.
    std::array<char, 164> name{};
    std::array<char, 1204> description{};
    std::string room_access = "members";  // who may join its rooms: "members" or "followers"
    bool pending = false;                 // sent; no answer yet
    std::optional<ShownError> error;
};

// Clubs as this user sees them.
struct ClubsState {
    std::int64_t open = 0;                   // the club whose page was asked for; 0: none
    std::optional<protocol::ClubPage> page;  // that page, as the server last sent it
    protocol::MyClubs mine;                  // the user's clubs and invitations
    std::int64_t after_sign_in = 0;          // a /c/<id> link opened before signing in
    ClubForm form;
    std::array<char, 328> room_title{};  // a leader's new club room
    // An invitation sent from a profile, until the club's page confirms it.
    std::int64_t inviting_to = 0;
    std::optional<protocol::User> inviting;
};

// Scheduled events as this user sees them.
struct EventsState {
    std::vector<protocol::EventInfo> upcoming;  // soonest first; ranked when drawn
    std::vector<std::string> notify;            // the events we asked to hear about
    std::optional<protocol::EventInfo> shown;   // the event page's event
    std::string shown_id;                       // asked for; shown once it arrives
    std::string after_sign_in;                  // an /e/<id> link opened before signing in
    EventForm form;
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
    // The language the client speaks (i18n.hpp): the web layer picks it from the
    // browser or what the user chose before; the EN / IT switch changes it. Notices are
    // written in it when they happen.
    Lang lang = Lang::en;
    // Room to join as soon as a session starts: a deep link, or the room we were in
    // when the connection dropped.
    std::string join_after_sign_in;
    PasswordForm password_form;
    // "Log out everywhere" was clicked once; the profile asks to confirm.
    bool confirm_logout_everywhere = false;
    PictureRequests picture;
    AudioState audio;
    // The audio choices of this browser (audio_settings.hpp): the web layer loads them
    // at start and stores them when they change.
    AudioSettings audio_settings;

    // ---- invite management, admin, search and sharing (issue 9)
    // This page's origin ("https://salotto.example"): links are copied as full URLs.
    std::string origin;
    // The invite code of an /i/<code> page, filled into the sign-up form.
    std::string invite_link;
    // The handle of a /u/<handle> page: its profile opens once signed in.
    std::string profile_after_sign_in;
    // What an admin sees of the account on the open profile (only admins get it).
    std::optional<protocol::AccountStatus> account_status;
    // "Disable account" was clicked once; the profile asks to confirm.
    bool confirm_disable = false;
    SearchState search;
    // The last text put on the clipboard by a Copy button.
    std::string last_copied;
    // Moderation: the room of the last join_room sent (to tie a refusal to it), and
    // our knock on a closed room, if any.
    std::string joining;
    std::optional<KnockState> knock;
    // The social graph as this user sees it (docs/protocol.md, "Follows and profiles",
    // "Hallway ranking", "Pings and notifications").
    std::vector<protocol::UserId> following;
    std::vector<protocol::UserId> blocked;
    std::vector<protocol::FriendPlace> places;  // where the people we follow are
    std::vector<protocol::Notification> notifications;
    int unread = 0;
    // The followers or following list last asked for (the profile's lists, the room's
    // "Ping" panel).
    std::optional<protocol::Follows> follows;
    // Chat and reactions in the current room.
    ChatState chat;
    bool chat_open = false;  // the room shows its chat panel (read: no unread count)
    ReactionState reactions;
    // A link the user opened (a chat message's), for the web layer to open in a new tab.
    std::string open_url;
    // Minutes east of UTC where the browser is, for times of day (chat messages).
    int utc_offset_minutes = 0;
    // The emoji font has arrived (web/emoji_font.hpp): emoji draw as glyphs.
    bool emoji_font = false;
    // The browser's IANA time zone ("Europe/Rome"), and the time now (unix seconds),
    // both set by the web layer: scheduling starts from them.
    std::string time_zone;
    std::int64_t now = 0;
    EventsState events;
    // Recording and replays (replays.hpp).
    ReplayState replays;
    ClubsState clubs;  // docs/protocol.md, "Clubs"
};

// Whether the user asked to hear about event `id`.
inline bool notified(const AppState& state, std::string_view id) {
    for (const auto& n : state.events.notify)
        if (n == id) return true;
    return false;
}

// Whether the signed-in user follows / blocked `id`.
inline bool follows(const AppState& state, protocol::UserId id) {
    for (auto f : state.following)
        if (f == id) return true;
    return false;
}
inline bool blocks(const AppState& state, protocol::UserId id) {
    for (auto b : state.blocked)
        if (b == id) return true;
    return false;
}

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

// What the room shows about the user's microphone: "off" (not on stage or no audio),
// "muted", "live", "denied" or "unavailable" (docs/client-test-api.md).
std::string_view mic_status(const AppState& state);

// The speaker's playback figures, or nullptr when none arrived yet.
inline const SpeakerAudio* find_speaker_audio(const AppState& state, protocol::UserId id) {
    for (const auto& s : state.audio.speakers)
        if (s.id == id) return &s;
    return nullptr;
}

}  // namespace salotto::client
