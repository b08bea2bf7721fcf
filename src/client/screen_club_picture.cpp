// A club's picture on its page (docs/protocol.md, "Clubs"): the picture (or the name's
// initials) left of the club's name, and for the club's admins "Change picture", which
// opens the browser's file picker as one's own profile picture does, and "Remove".
#include <algorithm>
#include <cmath>
#include <string>

#include "client/draw.hpp"
#include "client/picture_requests.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

constexpr float kRadius = 20;

}  // namespace

void draw_club_picture(Ui& ui) {
    if (!ui.state.clubs.page) return;
    const protocol::ClubSummary& club = ui.state.clubs.page->club;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    club_avatar(ui, ImGui::GetWindowDrawList(), ImVec2(at.x + kRadius, at.y + kRadius), kRadius,
                club);
    ImGui::Dummy(ImVec2(kRadius * 2, kRadius * 2));
    ui.rects.record_last_item("club.picture", club.name, Role::text);
    // The name (in the title font) follows on this line, centred on the picture.
    ImGui::SameLine(0, 12);
    ImGui::SetCursorScreenPos(
        ImVec2(ImGui::GetCursorScreenPos().x, at.y + std::max(0.0f, kRadius - kTitleSize * 0.5f)));
}

void club_picture_buttons(Ui& ui) {
    if (!ui.state.clubs.page) return;
    const protocol::ClubSummary& club = ui.state.clubs.page->club;
    if (!may_change_club_picture(ui.state, club.id)) return;
    const Lang lang = ui.state.lang;
    const bool pending = ui.state.picture.pending && ui.state.picture.club == club.id;
    ImGui::SameLine();
    if (button(ui, pending ? tr(lang, "picture.uploading") : tr(lang, "picture.change"),
               "club.picture_change", ButtonKind::soft))
        pick_picture(ui.state, club.id);
    if (club.avatar <= 0) return;
    ImGui::SameLine();
    if (button(ui, tr(lang, "picture.remove"), "club.picture_remove", ButtonKind::ghost))
        remove_picture(ui.state, club.id);
}

}  // namespace salotto::client
