// Picks the screen to draw from the state, and the "connecting" screen itself.
#include <algorithm>
#include <cmath>

#include "client/draw.hpp"
#include "client/screens.hpp"
#include "client/search.hpp"

namespace salotto::client {

ImTextureID Pictures::find(protocol::UserId user, std::int64_t version) {
    auto it = loaded_.find(user);
    if (it != loaded_.end() && it->second.first == version) return it->second.second;
    const std::pair want{user, version};
    if (std::find(wanted_.begin(), wanted_.end(), want) == wanted_.end()) wanted_.push_back(want);
    // An older picture of the same person stays up while the new one loads.
    return it != loaded_.end() ? it->second.second : ImTextureID{};
}

void Pictures::loaded(protocol::UserId user, std::int64_t version, ImTextureID texture) {
    loaded_[user] = {version, texture};
}

bool screen_animates(const AppState& state) {
    return state.screen == Screen::connecting ||
           (state.screen == Screen::profile && !state.profile) ||
           (state.screen == Screen::club && !state.clubs.page) || search_waiting(state) ||
           (state.screen == Screen::ended_room && state.replays.ended &&
            !state.replays.ended->confirmed) ||
           (state.screen == Screen::room &&
            !(state.reactions.fresh.empty() && state.reactions.floating.empty()));
}

namespace {

// The screen's name for its landmark and heading in the DOM mirror; screens with a
// title of their own (a room, invites) set theirs while drawing.
std::string screen_label(const AppState& s) {
    switch (s.screen) {
        case Screen::connecting:
            return tr(s.lang, "a11y.screen_connecting");
        case Screen::onboarding:
            return tr(s.lang, "a11y.screen_onboarding");
        case Screen::profile:
            return s.profile ? s.profile->user.name : tr(s.lang, "common.loading");
        case Screen::notifications:
            return tr(s.lang, "notifications.title");
        case Screen::invites:
            return tr(s.lang, "invites.title");
        case Screen::event:
            return s.events.shown ? s.events.shown->title : tr(s.lang, "common.loading");
        case Screen::club:
            return s.clubs.page ? s.clubs.page->club.name : tr(s.lang, "common.loading");
        case Screen::ended_room:
            return s.replays.ended && !s.replays.ended->title.empty()
                       ? s.replays.ended->title
                       : tr(s.lang, "common.loading");
        case Screen::hallway:
        case Screen::room:
            break;
    }
    return tr(s.lang, "a11y.screen_hallway");
}

}  // namespace

void draw_app(Ui& ui) {
    ui.rects.set_screen(screen_label(ui.state));
    switch (ui.state.screen) {
        case Screen::connecting:
            draw_connecting(ui);
            break;
        case Screen::onboarding:
            draw_onboarding(ui);
            break;
        case Screen::hallway:
            draw_hallway(ui);
            break;
        case Screen::room:
            // A room screen without a room cannot happen in practice; show the hallway.
            if (ui.state.room) {
                draw_room(ui);
            } else {
                draw_hallway(ui);
            }
            break;
        case Screen::profile:
            draw_profile(ui);
            break;
        case Screen::invites:
            draw_invites(ui);
            break;
        case Screen::notifications:
            draw_notifications(ui);
            break;
        case Screen::event:
            draw_event(ui);
            break;
        case Screen::club:
            draw_club(ui);
            break;
        case Screen::ended_room:
            draw_ended_room(ui);
            break;
    }
}

void draw_connecting(Ui& ui) {
    begin_screen("connecting", 480, false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImVec2 center(viewport->Pos.x + viewport->Size.x * 0.5f,
                  viewport->Pos.y + viewport->Size.y * 0.42f);
    const char* wordmark = "Salotto";
    ImVec2 size = ui.fonts.title->CalcTextSizeA(kTitleSize * 1.3f, FLT_MAX, 0, wordmark);
    dl->AddText(ui.fonts.title, kTitleSize * 1.3f,
                ImVec2(std::round(center.x - size.x * 0.5f), center.y - 70), color::kAccent,
                wordmark);
    spinner(dl, center, 16);
    // After a few seconds, say why nothing happens yet.
    const std::string status = ImGui::GetTime() < 4.0
                                   ? tr(ui.state.lang, "connecting.connecting")
                                   : tr(ui.state.lang, "connecting.still_trying");
    ImVec2 status_size = ui.fonts.body->CalcTextSizeA(kBodySize, FLT_MAX, 0, status.c_str());
    dl->AddText(ui.fonts.body, kBodySize,
                ImVec2(std::round(center.x - status_size.x * 0.5f), center.y + 36), color::kTextDim,
                status.c_str());
    end_screen();
}

}  // namespace salotto::client
