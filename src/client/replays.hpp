// Recording and replays in the client (docs/protocol.md, "Recording and replays"):
// whether the current room is being recorded, the replay lists last asked for, the
// replay being played (the web layer plays its link in an HTML audio element, which
// seeks with byte ranges), the page of a room that has ended (its replays), and the
// invitation of someone a moderator brought on stage. The reducer hands these events
// here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::client {

struct AppState;
class Outbox;

struct ReplayState {
    // The room being recorded, as room_recording last said ("" : none).
    std::string recording_room;
    // The last replays answer (a room's or a host's), and which query it answers.
    std::optional<protocol::Replays> list;
    // Replays saved since sign-in (replay_ready), newest last: the notice offers them.
    std::vector<protocol::Replay> ready;
    // The replay being played and its link; the web layer points an audio element at it.
    std::optional<protocol::Replay> playing;
    std::string playing_url;
    // The list last asked for ("room:<id>" or "user:<id>"), so a screen asks once.
    std::string asked;
    // The page of a room that is not live (Screen::ended_room): /r/<id> opened after it
    // ended, or the recorded room we were in ending. `confirmed` once we know it ended
    // (we were in it, or the server's replays answer says so); until then the page
    // waits for that answer, and a room the server does not know becomes an error.
    struct EndedRoom {
        std::string id;
        std::string title;  // "" until known
        bool confirmed = false;
        bool operator==(const EndedRoom&) const = default;
    };
    std::optional<EndedRoom> ended;
    // Whether a room that is not live opens its page; an embed (one room, no pages)
    // turns this off and shows join_room's refusal as before.
    bool ended_pages = true;
    // The room in which a moderator brought us from the audience on stage (muted), while
    // we have not unmuted or stepped down yet: the room shows the invitation, which
    // says whether the room is being recorded before we speak. "" : none.
    std::string stage_invitation;
};

// Whether the room the user is in is being recorded.
bool room_recorded(const AppState& state);

void handle(AppState& state, const protocol::RoomRecording& e, Outbox& out);
void handle(AppState& state, const protocol::Replays& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayReady& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayDeleted& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayLink& e, Outbox& out);

// join_room was refused with room_not_found: the room may have ended. Opens its page,
// which asks the server about it (list_replays); true when the error is taken so.
bool room_not_live(AppState& state, Outbox& out, const protocol::Error& e);
// Shows the page of room `id`, which has ended (`confirmed`) or may have, and asks for
// its replays.
void open_ended_room(AppState& state, Outbox& out, std::string id, std::string title,
                     bool confirmed);
// Off the ended room's page, to the hallway.
void close_ended_room(AppState& state);
// The room we were in ended: whether its page is worth showing (it was being recorded,
// or has replays) rather than going back to the hallway. Call before the room is dropped.
bool ended_room_has_replays(const AppState& state);
// Our own member changed from `before` (nullptr: not known) to `after`: a move from
// the audience onto the stage opens the stage invitation; unmuting or stepping down
// closes it.
void own_member_changed(AppState& state, const protocol::Member* before,
                        const protocol::Member& after);

// Asks for a replay's link; playing starts when it arrives.
void play_replay(AppState& state, Outbox& out, const protocol::Replay& replay);
void stop_replay(AppState& state);

}  // namespace salotto::client
