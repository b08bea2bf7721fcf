// Moderation on screen (docs/protocol.md, "Moderation"): on the hallway, the card of
// our knock on a closed room; in a room, a line saying its type and settings, the
// settings card a moderator opens from the header (type, raised hands, link joins),
// and the list of people knocking with "Let in" and "Decline". The per-person actions
// (mute, remove as moderator, remove from the room) are on the person's card in
// screen_room.cpp.
#include <string>

#include "client/clubs.hpp"
#include "client/draw.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

std::string type_explained(Lang lang, p::RoomType type) {
    switch (type) {
        case p::RoomType::open:
            return tr(lang, "moderation.explained_open");
        case p::RoomType::social:
            return tr(lang, "moderation.explained_social");
        case p::RoomType::closed:
            return tr(lang, "moderation.explained_closed");
    }
    return "";
}

void dim(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

}  // namespace

void draw_knock(Ui& ui) {
    if (!ui.state.knock) return;
    const KnockState& knock = *ui.state.knock;
    const Lang lang = ui.state.lang;
    const std::string& title = knock.title;
    auto line = [&](const std::string& text) { ImGui::TextWrapped("%s", text.c_str()); };
    begin_card();
    switch (knock.status) {
        case KnockState::Status::closed:
            line(title.empty() ? tr(lang, "knock.closed_untitled")
                               : tr(lang, "knock.closed", {{"title", title}}));
            dim(tr(lang, "knock.closed_hint"));
            if (button(ui, tr(lang, "knock.knock"), "knock.knock", ButtonKind::primary))
                ui.send(p::Knock{knock.room});
            break;
        case KnockState::Status::knocking:
            line(title.empty() ? tr(lang, "knock.knocking_untitled")
                               : tr(lang, "knock.knocking", {{"title", title}}));
            dim(tr(lang, "knock.knocking_hint"));
            break;
        case KnockState::Status::declined:
            line(title.empty() ? tr(lang, "knock.declined_untitled")
                               : tr(lang, "knock.declined", {{"title", title}}));
            break;
        case KnockState::Status::let_in:
            line(title.empty() ? tr(lang, "knock.let_in_untitled")
                               : tr(lang, "knock.let_in", {{"title", title}}));
            // Joining leaves the room we are in, if any (docs/protocol.md).
            if (button(ui, tr(lang, "knock.join"), "knock.join", ButtonKind::primary)) {
                ui.state.joining = knock.room;
                ui.send(p::JoinRoom{knock.room});
            }
            break;
    }
    if (knock.status != KnockState::Status::let_in) ImGui::SameLine();
    if (button(ui, tr(lang, "knock.dismiss"), "knock.dismiss", ButtonKind::ghost))
        ui.state.knock.reset();
    end_card();
}

void room_badges(Ui& ui) {
    const auto& room = *ui.state.room;
    const Lang lang = ui.state.lang;
    // Separate phrases joined by a dot: each reads on its own, so no word order is built.
    std::string line = room.type == p::RoomType::open     ? tr(lang, "moderation.badge_open")
                       : room.type == p::RoomType::social ? tr(lang, "moderation.badge_social")
                                                          : tr(lang, "moderation.badge_closed");
    if (!room.hands_allowed) line += "  \xC2\xB7  " + tr(lang, "moderation.badge_hands_off");
    if (room.type == p::RoomType::closed && room.link_joins)
        line += "  \xC2\xB7  " + tr(lang, "moderation.badge_link_joins");
    ImGui::PushFont(ui.fonts.small);
    dim(line);
    ImGui::PopFont();
    // A club's room links to the club's page.
    if (room.club) {
        ImGui::SameLine();
        const p::ClubTag club = *room.club;
        if (button(ui, tr(lang, "hallway.in_club", {{"club", club.name}}), "room.club",
                   ButtonKind::ghost))
            open_club(ui.state, ui.out, club.id);
    }
}

void room_settings_panel(Ui& ui) {
    const auto& room = *ui.state.room;
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "moderation.settings"));
    begin_card();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(lang, "moderation.who_may_join").c_str());
    for (p::RoomType type : {p::RoomType::open, p::RoomType::social, p::RoomType::closed}) {
        ImGui::SameLine();
        const bool current = room.type == type;
        if (button(ui, room_type_name(lang, type), "room.type." + std::string(p::wire_name(type)),
                   current ? ButtonKind::primary : ButtonKind::soft) &&
            !current)
            ui.send(p::SetRoomType{type});
    }
    dim(type_explained(lang, room.type));
    card_divider();

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(room.hands_allowed ? tr(lang, "moderation.hands_on").c_str()
                                              : tr(lang, "moderation.hands_off").c_str());
    ImGui::SameLine();
    if (button(
            ui,
            room.hands_allowed ? tr(lang, "moderation.turn_off") : tr(lang, "moderation.turn_on"),
            "room.hands"))
        ui.send(p::SetHandsAllowed{!room.hands_allowed});

    if (room.type == p::RoomType::closed) {
        card_divider();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(room.link_joins ? tr(lang, "moderation.link_lets_in").c_str()
                                               : tr(lang, "moderation.link_must_knock").c_str());
        ImGui::SameLine();
        if (button(ui,
                   room.link_joins ? tr(lang, "moderation.make_knock")
                                   : tr(lang, "moderation.let_link_in"),
                   "room.link_joins"))
            ui.send(p::SetLinkJoins{!room.link_joins});
        dim(tr(lang, "moderation.link", {{"path", "/r/" + room.id}}));
    }
    end_card();
}

void knocks_list(Ui& ui) {
    const auto& knocks = ui.state.room->knocks;
    if (knocks.empty()) return;
    const Lang lang = ui.state.lang;
    section_title(tr(lang, "moderation.knocking", {{"count", std::to_string(knocks.size())}}));
    const std::string let_in = tr(lang, "moderation.let_in"),
                      decline = tr(lang, "moderation.decline");
    begin_card();
    for (const auto& u : knocks) {
        float row = ImGui::GetFrameHeight();
        ImVec2 pos = ImGui::GetCursorScreenPos();
        avatar(ui, ImGui::GetWindowDrawList(), ImVec2(pos.x + row * 0.5f, pos.y + row * 0.5f),
               row * 0.45f, u.id, u.name, u.avatar);
        ImGui::Dummy(ImVec2(row, row));
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(u.name.c_str());
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 18 - button_width(let_in) - spacing -
                        button_width(decline));
        if (button(ui, let_in, "room.let_in." + std::to_string(u.id), ButtonKind::primary))
            ui.send(p::LetIn{u.id});
        ImGui::SameLine();
        if (button(ui, decline, "room.decline." + std::to_string(u.id), ButtonKind::ghost))
            ui.send(p::DeclineKnock{u.id});
    }
    end_card();
}

}  // namespace salotto::client
