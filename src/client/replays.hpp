// Recording and replays in the client (docs/protocol.md, "Recording and replays"):
// whether the current room is being recorded, the replay lists last asked for, and the
// replay being played (the web layer plays its link in an HTML audio element, which
// seeks with byte ranges). The reducer hands these events here.
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
};

// Whether the room the user is in is being recorded.
bool room_recorded(const AppState& state);

void handle(AppState& state, const protocol::RoomRecording& e, Outbox& out);
void handle(AppState& state, const protocol::Replays& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayReady& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayDeleted& e, Outbox& out);
void handle(AppState& state, const protocol::ReplayLink& e, Outbox& out);

// Asks for a replay's link; playing starts when it arrives.
void play_replay(AppState& state, Outbox& out, const protocol::Replay& replay);
void stop_replay(AppState& state);

}  // namespace salotto::client
