// A club's picture on its page (docs/protocol.md, "Clubs"): the picture (or the name's
// initials) centred, and for the club's admins "Change picture", which opens the
// browser's file picker as one's own profile picture does, and "Remove".
#include <cmath>
#include <string>

#include "client/draw.hpp"
#include "client/picture_requests.hpp"
#include "client/screens.hpp"

namespace salotto::client {

void draw_club_picture(Ui& ui, float radius) {
    if (!ui.state.clubs.page) return;
    const protocol::ClubSummary club = ui.state.clubs.page->club;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 center(std::round(at.x + width * 0.5f), std::round(at.y + radius));
    club_avatar(ui, ImGui::GetWindowDrawList(), center, radius, club);
    ImGui::Dummy(ImVec2(width, radius * 2 + 4));
    ui.rects.record_last_item("club.picture", club.name, Role::text);
    if (!may_change_club_picture(ui.state, club.id)) return;

    const Lang lang = ui.state.lang;
    const bool pending = ui.state.picture.pending && ui.state.picture.club == club.id;
    const std::string change = pending ? tr(lang, "picture.uploading") : tr(lang, "picture.change");
    const std::string remove = tr(lang, "picture.remove");
    float buttons = button_width(change) + ImGui::GetStyle().FramePadding.x * 2;
    if (club.avatar > 0)
        buttons += button_width(remove) + ImGui::GetStyle().FramePadding.x * 2 +
                   ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                         std::floor((ImGui::GetContentRegionAvail().x - buttons) * 0.5f));
    if (button(ui, change, "club.picture_change", ButtonKind::soft))
        pick_picture(ui.state, club.id);
    if (club.avatar <= 0) return;
    ImGui::SameLine();
    if (button(ui, remove, "club.picture_remove", ButtonKind::ghost))
        remove_picture(ui.state, club.id);
}

}  // namespace salotto::client
