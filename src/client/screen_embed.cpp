// The compact room view of an embed (/embed/<room>, docs/embedding.md): an iframe
// from 320x400 up shows the room's title, the stage and the audience as small tiles,
// and a dock with join audio, mute, hand and leave. Nothing of the hallway, profiles
// or invites: the host page is the surrounding app. Before joining it shows the room
// and a Join button; signed out, a compact log-in form (sign-up: the ordinary form).
#include <algorithm>
#include <cmath>
#include <string>

#include "client/draw.hpp"
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

std::string counts_line(const p::RoomSnapshot& room) {
    const auto stage = room::stage_in_order(room.members).size();
    const auto audience = room::audience_in_order(room.members).size();
    return std::to_string(stage) + " on stage \xC2\xB7 " + std::to_string(audience) + " listening";
}

// Not in the room yet: what it is, and the one button that joins (and, being a tap,
// also lets the browser play sound).
void draw_lobby(Ui& ui, const std::string& room_id) {
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
    ImGui::TextWrapped("%s", title.empty() ? "Audio room" : title.c_str());
    ImGui::PopFont();
    if (listeners >= 0)
        dim_line(std::to_string(listeners) + (listeners == 1 ? " person" : " people") +
                 " in the room");
    if (ui.state.room)
        dim_line("You are in \xE2\x80\x9C" + ui.state.room->title +
                 "\xE2\x80\x9D elsewhere; joining here takes you out of it.");
    draw_messages(ui);
    draw_knock(ui);
    const bool joining = !ui.state.joining.empty();
    if (!ui.state.knock &&
        button(ui, joining ? "Joining..." : "Join the room", "embed.join", ButtonKind::primary,
               ImVec2(ImGui::GetContentRegionAvail().x, 0)) &&
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
    bool add(Ui& ui, const char* label, std::string id, ButtonKind kind) {
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
    AudioState& audio = ui.state.audio;
    Row row;
    if (!audio.joined || audio.needs_gesture) {
        if (row.add(ui, "Join audio", "embed.join_audio", ButtonKind::primary)) ++audio.gestures;
    }
    if (room::on_stage(self)) {
        if (self.muted) {
            if (row.add(ui, "Unmute", "embed.mute", ButtonKind::primary)) {
                ++audio.gestures;
                ui.send(p::SetMute{false});
            }
        } else if (row.add(ui, "Mute", "embed.mute", ButtonKind::soft)) {
            ui.send(p::SetMute{true});
        }
    } else if (self.hand) {
        if (row.add(ui, "Lower hand", "embed.hand", ButtonKind::soft)) ui.send(p::LowerHand{});
    } else if (room::may_raise_hand(self, ui.state.room->hands_allowed)) {
        if (row.add(ui, "Raise hand", "embed.hand", ButtonKind::soft)) ui.send(p::RaiseHand{});
    }
    if (row.add(ui, "Leave", "embed.leave", ButtonKind::ghost)) {
        ui.ui.selected = 0;
        ui.send(p::LeaveRoom{});
    }
    const std::string_view mic = mic_status(ui.state);
    if (mic == "denied" || mic == "unavailable") {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
        ImGui::TextWrapped("%s", audio.mic_message.empty() ? "The microphone cannot be used."
                                                           : audio.mic_message.c_str());
        ImGui::PopStyleColor();
    } else if (room::on_stage(self) && !self.muted) {
        ImGui::PushFont(ui.fonts.small);
        ImGui::PushStyleColor(ImGuiCol_Text, color::kModerator);
        ImGui::TextUnformatted(mic == "live" ? "You are live" : "Starting the microphone...");
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
    const auto& room = *ui.state.room;
    begin_screen("embed_room", kColumn, false);
    // One line of title: the frame is small and the people matter more.
    text_clipped(
        ImGui::GetWindowDrawList(), ui.fonts.title, kBodySize + 3, ImGui::GetCursorScreenPos(),
        ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x, color::kText, room.title);
    ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, kBodySize + 4));
    ui.rects.record_last_item("embed.title");
    ImGui::PushFont(ui.fonts.small);
    dim_line(counts_line(room));
    ImGui::PopFont();
    draw_messages(ui);

    ImGui::BeginChild("embed_people", ImVec2(0, -(ui.ui.dock_height + 4)));
    const auto stage = room::stage_in_order(room.members);
    const auto audience = room::audience_in_order(room.members);
    section_title("On stage");
    room_tile_grid(ui, stage, 24, 80);
    section_title("Listening");
    if (audience.empty()) {
        ImGui::PushFont(ui.fonts.small);
        dim_line("Nobody is listening yet.");
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
    auto& f = ui.ui;
    if (f.mode == UiState::Mode::signup) {
        draw_onboarding(ui);
        return;
    }
    begin_screen("embed_sign_in", 440);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("Log in to join the room.");
    draw_messages(ui);
    begin_card();
    bool submit = text_field(ui, "Handle", "your_handle", "login.handle", f.login_handle,
                             ImGuiInputTextFlags_CallbackCharFilter, handle_filter);
    submit |= text_field(ui, "Password", "", "login.password", f.login_password,
                         ImGuiInputTextFlags_Password);
    submit |=
        button(ui, "Log in", "login.submit", ButtonKind::primary, ImVec2(card_inner_width(), 0));
    if (submit) ui.send(p::Login{f.login_handle.data(), f.login_password.data()});
    end_card();
    if (button(ui, "New here? Sign up with an invite", "onboarding.mode_signup", ButtonKind::ghost))
        f.mode = UiState::Mode::signup;
    end_screen();
}

}  // namespace

void draw_embed(Ui& ui, const std::string& room_id) {
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
