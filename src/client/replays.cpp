// Recording and replays in the client; see replays.hpp.
#include "client/replays.hpp"

#include <algorithm>
#include <utility>

#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "client/reducer.hpp"

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

void handle(AppState& state, const p::Replays& e, Outbox& out) {
    state.replays.list = e;
    auto& ended = state.replays.ended;
    if (!ended || !e.room || *e.room != ended->id) return;
    if (e.room_title && !e.room_title->empty()) ended->title = *e.room_title;
    if (ended->confirmed) return;
    if (e.ended.value_or(false)) {
        ended->confirmed = true;
        return;
    }
    std::string room = ended->id;
    close_ended_room(state);
    // Live after all (it came back between the refusal and this answer): join it.
    if (e.ended.has_value()) return join_room(state, out, std::move(room));
    // The server knows no such room: its refusal stands.
    state.error = ShownError{"room_not_found", tr(state.lang, "error.room_not_found")};
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

bool room_not_live(AppState& state, Outbox& out, const p::Error& e) {
    if (!state.replays.ended_pages || e.in != p::JoinRoom::kType ||
        e.code != ErrorCode::room_not_found || state.joining.empty())
        return false;
    open_ended_room(state, out, std::exchange(state.joining, {}), "", false);
    return true;
}

void open_ended_room(AppState& state, Outbox& out, std::string id, std::string title,
                     bool confirmed) {
    auto& replays = state.replays;
    // Another room's or person's list must not show on this page while its own loads.
    if (replays.list && replays.list->room != id) replays.list.reset();
    replays.asked = "room:" + id;
    out.push(p::ListReplays{id, std::nullopt});
    replays.ended = ReplayState::EndedRoom{std::move(id), std::move(title), confirmed};
    state.screen = Screen::ended_room;
}

void close_ended_room(AppState& state) {
    state.replays.ended.reset();
    if (state.screen == Screen::ended_room)
        state.screen = state.room ? Screen::room : Screen::hallway;
}

bool ended_room_has_replays(const AppState& state) {
    if (!state.room) return false;
    const auto& list = state.replays.list;
    return room_recorded(state) || (list && list->room == state.room->id && !list->items.empty());
}

void own_member_changed(AppState& state, const p::Member* before, const p::Member& after) {
    auto& invitation = state.replays.stage_invitation;
    const bool brought_on = before && before->role == p::Role::audience &&
                            after.role != p::Role::audience && after.muted;
    if (brought_on && state.room)
        invitation = state.room->id;
    else if (after.role == p::Role::audience || !after.muted)
        invitation.clear();
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
