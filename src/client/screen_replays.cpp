// Recording and replays on screen (docs/protocol.md, "Recording and replays"): the
// room's "REC" strip with the moderators' Record / Stop button and the stage's notice
// that what they say is recorded; the invitation of someone brought on stage, which
// says so before they unmute; the replay lists of a room, of a host's profile and of
// an ended room's page with Play, Download and (for hosts) Delete; and the player line
// above them. The sound itself plays in an HTML <audio> element the web layer keeps
// pointed at ReplayState::playing_url (it seeks with byte ranges).
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
        const std::string line = replay.title + "  (" + duration_text(replay.duration_ms) + ")";
        ImGui::TextWrapped("%s", line.c_str());
        ui.rects.text("replay.item." + replay.id, line);
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

// Someone a moderator just brought on stage arrives muted: this card is the
// invitation. In a recorded room it says so before they unmute.
void stage_invitation(Ui& ui, const p::Member& self, bool recorded) {
    const Lang lang = ui.state.lang;
    begin_card();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextWrapped("%s", tr(lang, "replay.invitation").c_str());
    ImGui::PopStyleColor();
    ui.rects.text("room.stage_invitation", tr(lang, "replay.invitation"));
    const std::string detail =
        recorded ? tr(lang, "replay.invitation_recorded") : tr(lang, "replay.invitation_muted");
    ImGui::PushStyleColor(ImGuiCol_Text, recorded ? color::kDanger : color::kTextDim);
    ImGui::TextWrapped("%s", detail.c_str());
    ImGui::PopStyleColor();
    ui.rects.text(recorded ? "room.stage_invitation_recorded" : "room.stage_invitation_muted",
                  detail);
    const bool push_to_talk = ui.state.audio_settings.push_to_talk;
    const std::string accept =
        push_to_talk ? tr(lang, "replay.invitation_ok") : tr(lang, "replay.invitation_accept");
    if (button(ui, accept, "room.stage_invitation.accept", ButtonKind::primary)) {
        if (push_to_talk) {
            // Push-to-talk unmutes while the key is held: nothing to send now.
            ui.state.replays.stage_invitation.clear();
        } else {
            ++ui.state.audio.gestures;
            ui.send(p::SetMute{false});
        }
    }
    ImGui::SameLine();
    if (button(ui, tr(lang, "replay.invitation_decline"), "room.stage_invitation.decline"))
        ui.send(p::MoveToAudience{self.id});
    end_card();
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
    if (self && ui.state.replays.stage_invitation == room.id && room::on_stage(*self) &&
        self->muted)
        stage_invitation(ui, *self, recorded);
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

void draw_ended_room(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    begin_screen("ended_room", 640);
    if (button(ui, tr(lang, "replay.ended_back"), "ended_room.back")) {
        close_ended_room(s);
        end_screen();
        return;
    }
    ui.rects.set_escape("ended_room.back");
    draw_messages(ui);
    if (!s.replays.ended || !s.replays.ended->confirmed) {
        // Waiting for the server to say what became of the room.
        spinner(ImGui::GetWindowDrawList(),
                ImVec2(ImGui::GetCursorScreenPos().x + 24, ImGui::GetCursorScreenPos().y + 24), 12);
        end_screen();
        return;
    }
    const ReplayState::EndedRoom ended = *s.replays.ended;
    begin_card();
    if (!ended.title.empty()) {
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextWrapped("%s", ended.title.c_str());
        ImGui::PopFont();
        ui.rects.record_last_item("ended_room.title", ended.title, Role::heading);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", tr(lang, "replay.ended").c_str());
    ImGui::PopStyleColor();
    ui.rects.text("ended_room.status", tr(lang, "replay.ended"));
    end_card();
    ask(ui, "room:" + ended.id, p::ListReplays{ended.id, std::nullopt});
    const auto& list = s.replays.list;
    if (list && list->room == ended.id && list->items.empty()) {
        ImGui::Dummy(ImVec2(0, 6));
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", tr(lang, "replay.none").c_str());
        ImGui::PopStyleColor();
        ui.rects.text("ended_room.no_replays", tr(lang, "replay.none"));
    }
    replay_list(ui, tr(lang, "replay.room_list"));
    end_screen();
}

}  // namespace salotto::client
