// The hallway's search box: people by handle and name, live rooms by title, results
// as you type (client/search.hpp decides when a query goes out). A person opens their
// profile; a room is joined; a club opens its page.
#include <cfloat>
#include <cstdint>
#include <string>

#include "client/clubs.hpp"
#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"
#include "client/search.hpp"

namespace salotto::client {

namespace {

constexpr float kRowRadius = 16;

// One result row: a person's picture (none for `avatar_id` 0), a line of text and a
// dim one; true when clicked.
bool result_row(Ui& ui, const std::string& widget_id, protocol::UserId avatar_id,
                std::int64_t picture, const std::string& line, const std::string& detail) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const float width = card_inner_width();
    ImGui::PushID(widget_id.c_str());
    bool clicked = ImGui::InvisibleButton("row", ImVec2(width, 2 * kRowRadius + 4));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    clicked |= ui.rects.record_last_item(widget_id, line + ", " + detail, Role::link);
    float x = row.x;
    if (avatar_id != 0) {
        avatar(ui, dl, ImVec2(row.x + kRowRadius, row.y + kRowRadius + 2), kRowRadius, avatar_id,
               line, picture);
        x += 2 * kRowRadius + 10;
    }
    text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, row.y), row.x + width,
                 hovered ? color::kAccent : color::kText, line);
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(x, row.y + 20), row.x + width,
                 color::kTextDim, detail);
    return clicked;
}

}  // namespace

void draw_search(Ui& ui) {
    AppState& s = ui.state;
    auto& box = ui.ui.search;
    ImGui::SetNextItemWidth(-FLT_MIN);
    const Lang lang = s.lang;
    input_field(ui, tr(lang, "search.hint"), tr(lang, "search.hint"), "hallway.search", box, 0,
                nullptr, Autofill::search);
    const double now = ImGui::GetTime();
    search_typed(s, box.data(), now);
    search_tick(s, ui.out, now);

    const SearchState& search = s.search;
    if (search.answered.empty() || search.answered != search.sent) return;
    begin_card();
    if (search.users.empty() && search.rooms.empty() && search.clubs.empty())
        card_text(color::kTextDim, tr(lang, "search.nothing", {{"query", search.answered}}));
    if (!search.users.empty()) {
        card_text(color::kTextDim, tr(lang, "search.people"));
        for (const auto& user : search.users)
            if (result_row(ui, "search.user." + user.handle, user.id, user.avatar, user.name,
                           "@" + user.handle))
                open_profile(s, ui.out, user.handle);
    }
    if (!search.rooms.empty()) {
        if (!search.users.empty()) card_divider();
        card_text(color::kTextDim, tr(lang, "search.rooms"));
        for (const auto& room : search.rooms) {
            const std::string listeners = trn(lang, "hallway.listeners", room.listeners);
            if (result_row(ui, "search.room." + room.id, 0, 0, room.title, listeners))
                ui.send(protocol::JoinRoom{room.id});
        }
    }
    if (!search.clubs.empty()) {
        if (!search.users.empty() || !search.rooms.empty()) card_divider();
        card_text(color::kTextDim, tr(lang, "search.clubs"));
        // A copy: opening a club may clear the results.
        const auto clubs = search.clubs;
        for (const auto& club : clubs)
            if (result_row(ui, "search.club." + std::to_string(club.id), club_picture_key(club.id),
                           club.avatar, club.name, trn(lang, "clubs.members", club.members)))
                open_club(s, ui.out, club.id);
    }
    end_card();
}

}  // namespace salotto::client
