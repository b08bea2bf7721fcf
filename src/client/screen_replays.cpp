// Recording and replays on screen (docs/protocol.md, "Recording and replays"): the
// room's "REC" strip with the moderators' Record / Stop button and the stage's notice
// that what they say is recorded; the replay lists of a room and of a host's profile
// with Play, Download and (for hosts) Delete; and the player line above them. The
// sound itself plays in an HTML <audio> element the web layer keeps pointed at
// ReplayState::playing_url (it seeks with byte ranges).
#include <cstdio>
#include <string>

#include <imgui.h>

#include "client/draw.hpp"
#include "client/replays.hpp"
#include "client/screens.hpp"
#include "client/theme.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

std::string duration_text(std::int64_t ms) {
    const auto seconds = ms / 1000;
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60));
    return text;
}

// Asks for a list once per room or person shown.
void ask(Ui& ui, const std::string& key, p::ListReplays query) {
    if (ui.state.replays.asked == key) return;
    ui.state.replays.asked = key;
    ui.out.push(std::move(query));
}

void player_line(Ui& ui) {
    const auto& playing = ui.state.replays.playing;
    if (!playing) return;
    const Lang lang = ui.state.lang;
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextWrapped("%s", tr(lang, "replay.playing", {{"title", playing->title}}).c_str());
    ImGui::PopStyleColor();
    const std::string& url = ui.state.replays.playing_url;
    if (!url.empty()) {
        if (button(ui, tr(lang, "replay.download"), "replay.download"))
            ui.state.open_url = ui.state.origin + url;
        ImGui::SameLine();
    }
    if (button(ui, tr(lang, "replay.close"), "replay.close")) stop_replay(ui.state);
}

void replay_list(Ui& ui, const std::string& title) {
    const auto& list = ui.state.replays.list;
    if (!list || list->items.empty()) return;
    const Lang lang = ui.state.lang;
    ImGui::Dummy(ImVec2(0, 6));
    ImGui::TextUnformatted(title.c_str());
    player_line(ui);
    for (const auto& replay : list->items) {
        ImGui::PushID(replay.id.c_str());
        ImGui::TextWrapped("%s  (%s)", replay.title.c_str(),
                           duration_text(replay.duration_ms).c_str());
        if (button(ui, tr(lang, "replay.play"), "replay.play." + replay.id, ButtonKind::primary))
            play_replay(ui.state, ui.out, replay);
        bool host = false;
        for (const auto& h : replay.hosts) host |= ui.state.user && h.id == ui.state.user->id;
        if (host) {
            ImGui::SameLine();
            if (button(ui, tr(lang, "replay.delete"), "replay.delete." + replay.id,
                       ButtonKind::danger))
                ui.send(p::DeleteReplay{replay.id});
        }
        ImGui::PopID();
    }
}

}  // namespace

void recording_strip(Ui& ui) {
    if (!ui.state.room || !ui.state.user) return;
    const Lang lang = ui.state.lang;
    const auto& room = *ui.state.room;
    const p::Member* self = find_member(ui.state, ui.state.user->id);
    const bool recorded = room_recorded(ui.state);
    if (recorded) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
        ImGui::TextWrapped("%s", tr(lang, "replay.recording").c_str());
        ImGui::PopStyleColor();
        ui.rects.text("room.recording", tr(lang, "replay.recording"));  // read out too
        if (self && room::on_stage(*self)) {
            ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
            ImGui::TextWrapped("%s", tr(lang, "replay.stage_notice").c_str());
            ImGui::PopStyleColor();
            ui.rects.text("room.recording_notice", tr(lang, "replay.stage_notice"));
        }
    }
    if (self && room::is_moderator(*self)) {
        if (recorded) {
            if (button(ui, tr(lang, "replay.stop"), "room.stop_recording"))
                ui.send(p::StopRecording{});
        } else if (button(ui, tr(lang, "replay.record"), "room.record")) {
            ui.send(p::StartRecording{});
        }
    }
    ask(ui, "room:" + room.id, p::ListReplays{room.id, std::nullopt});
    replay_list(ui, tr(lang, "replay.room_list"));
}

void profile_replays(Ui& ui, p::UserId user) {
    ask(ui, "user:" + std::to_string(user), p::ListReplays{std::nullopt, user});
    replay_list(ui, tr(ui.state.lang, "replay.profile_list"));
}

}  // namespace salotto::client
