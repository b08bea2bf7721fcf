// Recording and replays in the client; see replays.hpp.
#include "client/replays.hpp"

#include <algorithm>

#include "client/app_state.hpp"
#include "client/outbox.hpp"

namespace salotto::client {

namespace p = protocol;

bool room_recorded(const AppState& state) {
    return state.room && !state.replays.recording_room.empty() &&
           state.replays.recording_room == state.room->id;
}

void handle(AppState& state, const p::RoomRecording& e, Outbox&) {
    if (e.recording)
        state.replays.recording_room = e.room;
    else if (state.replays.recording_room == e.room)
        state.replays.recording_room.clear();
}

void handle(AppState& state, const p::Replays& e, Outbox&) {
    state.replays.list = e;
}

void handle(AppState& state, const p::ReplayReady& e, Outbox&) {
    state.replays.ready.push_back(e.replay);
    // A list that the new replay belongs to shows it at once.
    if (auto& list = state.replays.list;
        list &&
        ((list->room && *list->room == e.replay.room) ||
         (list->user && std::any_of(e.replay.hosts.begin(), e.replay.hosts.end(),
                                    [&](const p::User& u) { return u.id == *list->user; }))))
        list->items.insert(list->items.begin(), e.replay);
}

void handle(AppState& state, const p::ReplayDeleted& e, Outbox&) {
    const auto gone = [&](const p::Replay& r) { return r.id == e.id; };
    if (state.replays.list) std::erase_if(state.replays.list->items, gone);
    std::erase_if(state.replays.ready, gone);
    if (state.replays.playing && state.replays.playing->id == e.id) stop_replay(state);
}

void handle(AppState& state, const p::ReplayLink& e, Outbox&) {
    if (state.replays.playing && state.replays.playing->id == e.id)
        state.replays.playing_url = e.url;
}

void play_replay(AppState& state, Outbox& out, const p::Replay& replay) {
    state.replays.playing = replay;
    state.replays.playing_url.clear();
    out.push(p::GetReplayLink{replay.id});
}

void stop_replay(AppState& state) {
    state.replays.playing.reset();
    state.replays.playing_url.clear();
}

}  // namespace salotto::client
