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
            if (link_row(ui, "search.user." + user.handle, user.name, "@" + user.handle,
                         card_inner_width(), {user.id, user.avatar}))
                open_profile(s, ui.out, user.handle);
    }
    if (!search.rooms.empty()) {
        if (!search.users.empty()) card_divider();
        card_text(color::kTextDim, tr(lang, "search.rooms"));
        for (const auto& room : search.rooms) {
            const std::string listeners = trn(lang, "hallway.listeners", room.listeners);
            if (link_row(ui, "search.room." + room.id, room.title, listeners, card_inner_width()))
                ui.send(protocol::JoinRoom{room.id});
        }
    }
    if (!search.clubs.empty()) {
        if (!search.users.empty() || !search.rooms.empty()) card_divider();
        card_text(color::kTextDim, tr(lang, "search.clubs"));
        // A copy: opening a club may clear the results.
        const auto clubs = search.clubs;
        for (const auto& club : clubs)
            if (link_row(ui, "search.club." + std::to_string(club.id), club.name,
                         trn(lang, "clubs.members", club.members), card_inner_width(),
                         {club_picture_key(club.id), club.avatar}))
                open_club(s, ui.out, club.id);
    }
    end_card();
}

}  // namespace salotto::client
