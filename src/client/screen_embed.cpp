// The compact room view of an embed (/embed/<room>, docs/embedding.md): an iframe
// from 320x400 up shows the room's title, the stage and the audience as small tiles,
// and a dock with join audio, mute, hand and leave. Nothing of the hallway, profiles
// or invites: the host page is the surrounding app. Before joining it shows the room
// and a Join button; signed out, a compact log-in form (sign-up: the ordinary form).
#include <algorithm>
#include <cmath>
#include <string>

#include "client/draw.hpp"
#include "client/i18n.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

constexpr float kColumn = 640;  // wide iframes keep the view readable in the middle

void dim_line(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

std::string counts_line(Lang lang, const p::RoomSnapshot& room) {
    const auto stage = room::stage_in_order(room.members).size();
    const auto audience = room::audience_in_order(room.members).size();
    return tr(lang, "embed.counts",
              {{"stage", std::to_string(stage)}, {"audience", std::to_string(audience)}});
}

// Not in the room yet: what it is, and the one button that joins (and, being a tap,
// also lets the browser play sound).
void draw_lobby(Ui& ui, const std::string& room_id) {
    const Lang lang = ui.state.lang;
    begin_screen("embed_lobby", kColumn);
    std::string title;
    int listeners = -1;
    for (const auto& r : ui.state.hallway) {
        if (r.id != room_id) continue;
        title = r.title;
        listeners = r.listeners + static_cast<int>(r.speakers.size());
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", title.empty() ? tr(lang, "embed.audio_room").c_str() : title.c_str());
    ImGui::PopFont();
    if (listeners >= 0) dim_line(trn(lang, "embed.people_in_room", listeners));
    if (ui.state.room) dim_line(tr(lang, "embed.elsewhere", {{"title", ui.state.room->title}}));
    draw_messages(ui);
    draw_knock(ui);
    const bool joining = !ui.state.joining.empty();
    if (!ui.state.knock &&
        button(ui, joining ? tr(lang, "embed.joining") : tr(lang, "embed.join"), "embed.join",
               ButtonKind::primary, ImVec2(ImGui::GetContentRegionAvail().x, 0)) &&
        !joining) {
        ++ui.state.audio.gestures;
        ui.state.error.reset();
        join_room(ui.state, ui.out, room_id);
    }
    end_screen();
}

// The dock's buttons, wrapping on narrow frames.
class Row {
  public:
    Row() : right_(ImGui::GetWindowContentRegionMax().x) {}
    bool add(Ui& ui, const std::string& label, std::string id, ButtonKind kind) {
        const float width = button_width(label);
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        if (any_ && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + spacing + width <= right_)
            ImGui::SameLine();
        any_ = true;
        return button(ui, label, std::move(id), kind);
    }

  private:
    float right_;
    bool any_ = false;
};

void dock_buttons(Ui& ui, const p::Member& self) {
    const Lang lang = ui.state.lang;
    AudioState& audio = ui.state.audio;
    Row row;
    if (!audio.joined || audio.needs_gesture) {
        if (row.add(ui, tr(lang, "audio.join"), "embed.join_audio", ButtonKind::primary))
            ++audio.gestures;
    }
    if (room::on_stage(self)) {
        ui.rects.set_space("embed.mute");  // Space toggles it (docs/client.md)
        if (self.muted) {
            if (row.add(ui, tr(lang, "audio.unmute"), "embed.mute", ButtonKind::primary)) {
                ++audio.gestures;
                ui.send(p::SetMute{false});
            }
        } else if (row.add(ui, tr(lang, "room.mute"), "embed.mute", ButtonKind::soft)) {
            ui.send(p::SetMute{true});
        }
    } else if (self.hand) {
        if (row.add(ui, tr(lang, "room.lower_hand"), "embed.hand", ButtonKind::soft))
            ui.send(p::LowerHand{});
    } else if (room::may_raise_hand(self, ui.state.room->hands_allowed)) {
        if (row.add(ui, tr(lang, "room.raise_hand"), "embed.hand", ButtonKind::soft))
            ui.send(p::RaiseHand{});
    }
    // The microphone picker and test (audio_settings_panel.cpp, compact).
    if (row.add(
            ui,
            ui.ui.audio_settings ? tr(lang, "embed.hide_microphone") : tr(lang, "embed.microphone"),
            "embed.audio_settings", ButtonKind::ghost))
        ui.ui.audio_settings = !ui.ui.audio_settings;
    if (row.add(ui, tr(lang, "embed.leave"), "embed.leave", ButtonKind::ghost)) {
        ui.ui.selected = 0;
        ui.send(p::LeaveRoom{});
    }
    const std::string_view mic = mic_status(ui.state);
    if (mic == "denied" || mic == "unavailable") {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
        ImGui::TextWrapped(
            "%s", (mic == "denied" ? tr(lang, "audio.mic_denied") : tr(lang, "embed.mic_unusable"))
                      .c_str());
        ImGui::PopStyleColor();
    } else if (room::on_stage(self) && !self.muted) {
        ImGui::PushFont(ui.fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, color::kModerator);
        ImGui::TextUnformatted(
            (mic == "live" ? tr(lang, "embed.live") : tr(lang, "audio.mic_starting")).c_str());
        ImGui::PopStyleColor();
        ImGui::PopFont();
    }
}

// The dock, pinned to the bottom of the frame; returns its height.
float embed_dock(Ui& ui, const p::Member& self) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float width = std::min(kColumn, viewport->Size.x);
    ImGui::SetNextWindowPos(
        ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y),
        ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, FLT_MAX));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 10));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, color::kCard);
    ImGui::Begin("embed_dock", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoFocusOnAppearing);
    dock_buttons(ui, self);
    const float height = ImGui::GetWindowHeight();
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    return height;
}

void draw_embed_room(Ui& ui) {
    const Lang lang = ui.state.lang;
    const auto& room = *ui.state.room;
    begin_screen("embed_room", kColumn, false);
    // One line of title: the frame is small and the people matter more.
    text_clipped(
        ImGui::GetWindowDrawList(), ui.fonts.title, kBodySize + 3, ImGui::GetCursorScreenPos(),
        ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x, color::kText, room.title);
    ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, kBodySize + 4));
    ui.rects.record_last_item("embed.title", room.title, Role::heading);
    ui.rects.set_screen(room.title);
    ImGui::PushFont(ui.fonts.small);
    dim_line(counts_line(lang, room));
    ImGui::PopFont();
    draw_messages(ui);

    ImGui::BeginChild("embed_people", ImVec2(0, -(ui.ui.dock_height + 4)));
    if (ui.ui.audio_settings) audio_settings_panel(ui, true);
    const auto stage = room::stage_in_order(room.members);
    const auto audience = room::audience_in_order(room.members);
    section_title(tr(lang, "embed.on_stage"));
    room_tile_grid(ui, stage, 24, 80);
    section_title(tr(lang, "room.listening"));
    if (audience.empty()) {
        ImGui::PushFont(ui.fonts.small);
        dim_line(tr(lang, "embed.nobody_listening"));
        ImGui::PopFont();
    }
    room_tile_grid(ui, audience, 18, 66);
    ImGui::EndChild();
    end_screen();

    const p::Member* self = me(ui.state);
    ui.ui.dock_height = self ? embed_dock(ui, *self) : 0;
}

// Handles are lower case: fold capitals as they are typed (as the onboarding form).
int handle_filter(ImGuiInputTextCallbackData* data) {
    if (data->EventChar >= 'A' && data->EventChar <= 'Z') data->EventChar += 'a' - 'A';
    return data->EventChar == ' ' ? 1 : 0;
}

// Logging in, cut to what fits a 320x400 frame with its button in view; sign-up (with
// an invite code) is the ordinary onboarding form, which scrolls.
void draw_sign_in(Ui& ui) {
    const Lang lang = ui.state.lang;
    auto& f = ui.ui;
    if (f.mode == UiState::Mode::signup) {
        draw_onboarding(ui);
        return;
    }
    begin_screen("embed_sign_in", 440);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", tr(lang, "embed.log_in_to_join").c_str());
    draw_messages(ui);
    begin_card();
    bool submit =
        text_field(ui, tr(lang, "login.handle"), "your_handle", "login.handle", f.login_handle,
                   ImGuiInputTextFlags_CallbackCharFilter, handle_filter, Autofill::username);
    submit |= text_field(ui, tr(lang, "login.password"), "", "login.password", f.login_password,
                         ImGuiInputTextFlags_Password, nullptr, Autofill::current_password);
    submit |= button(ui, tr(lang, "login.submit"), "login.submit", ButtonKind::primary,
                     ImVec2(card_inner_width(), 0));
    if (submit) ui.send(p::Login{f.login_handle.data(), f.login_password.data()});
    end_card();
    if (button(ui, tr(lang, "embed.sign_up"), "onboarding.mode_signup", ButtonKind::ghost))
        f.mode = UiState::Mode::signup;
    end_screen();
}

}  // namespace

void draw_embed(Ui& ui, const std::string& room_id) {
    ui.rects.set_screen("Salotto");  // the room's title once in it
    switch (ui.state.screen) {
        case Screen::connecting:
            draw_connecting(ui);
            return;
        case Screen::onboarding:
            // The session it starts is stored in this frame's own origin
            // (docs/embedding.md, "Signing in").
            draw_sign_in(ui);
            return;
        default:
            break;
    }
    // The server keeps a person in one room: one joined in another tab or embed is
    // not this embed's room.
    if (ui.state.room && ui.state.room->id == room_id) {
        draw_embed_room(ui);
    } else {
        draw_lobby(ui, room_id);
    }
}

}  // namespace salotto::client
