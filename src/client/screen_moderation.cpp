// Moderation on screen (docs/protocol.md, "Moderation"): on the hallway, the card of
// our knock on a closed room; in a room, a line saying its type and settings, the
// settings card a moderator opens from the header (type, raised hands, link joins),
// and the list of people knocking with "Let in" and "Decline". The per-person actions
// (mute, remove as moderator, remove from the room) are on the person's card in
// screen_room.cpp.
#include <string>

#include "client/draw.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

const char* type_label(p::RoomType type) {
    switch (type) {
        case p::RoomType::open:
            return "Open";
        case p::RoomType::social:
            return "Social";
        case p::RoomType::closed:
            return "Closed";
    }
    return "";
}

const char* type_explained(p::RoomType type) {
    switch (type) {
        case p::RoomType::open:
            return "Anyone signed in may join.";
        case p::RoomType::social:
            return "People followed by someone on stage may join.";
        case p::RoomType::closed:
            return "Only people the moderators let in may join.";
    }
    return "";
}

void dim(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// "“Title”", or "This room" when the title is not known.
std::string quoted(const std::string& title) {
    return title.empty() ? "This room" : "\xE2\x80\x9C" + title + "\xE2\x80\x9D";
}

}  // namespace

void draw_knock(Ui& ui) {
    if (!ui.state.knock) return;
    const KnockState& knock = *ui.state.knock;
    begin_card();
    switch (knock.status) {
        case KnockState::Status::closed:
            ImGui::TextWrapped("%s is closed.", quoted(knock.title).c_str());
            dim("Knock to ask its moderators to let you in.");
            if (button(ui, "Knock", "knock.knock", ButtonKind::primary))
                ui.send(p::Knock{knock.room});
            break;
        case KnockState::Status::knocking:
            ImGui::TextWrapped("You knocked on %s.", quoted(knock.title).c_str());
            dim("You will join as soon as a moderator lets you in.");
            break;
        case KnockState::Status::declined:
            ImGui::TextWrapped("The moderators of %s did not let you in.",
                               quoted(knock.title).c_str());
            break;
        case KnockState::Status::let_in:
            ImGui::TextWrapped("You were let in to %s.", quoted(knock.title).c_str());
            // Joining leaves the room we are in, if any (docs/protocol.md).
            if (button(ui, "Join", "knock.join", ButtonKind::primary)) {
                ui.state.joining = knock.room;
                ui.send(p::JoinRoom{knock.room});
            }
            break;
    }
    if (knock.status != KnockState::Status::let_in) ImGui::SameLine();
    if (button(ui, "Dismiss", "knock.dismiss", ButtonKind::ghost)) ui.state.knock.reset();
    end_card();
}

void room_badges(Ui& ui) {
    const auto& room = *ui.state.room;
    std::string line = std::string(type_label(room.type)) + " room";
    if (!room.hands_allowed) line += "  \xC2\xB7  raised hands off";
    if (room.type == p::RoomType::closed && room.link_joins)
        line += "  \xC2\xB7  the link lets people in";
    ImGui::PushFont(ui.fonts.small);
    dim(line);
    ImGui::PopFont();
}

void room_settings_panel(Ui& ui) {
    const auto& room = *ui.state.room;
    section_title("Room settings");
    begin_card();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Who may join");
    for (p::RoomType type : {p::RoomType::open, p::RoomType::social, p::RoomType::closed}) {
        ImGui::SameLine();
        const bool current = room.type == type;
        if (button(ui, type_label(type), "room.type." + std::string(p::wire_name(type)),
                   current ? ButtonKind::primary : ButtonKind::soft) &&
            !current)
            ui.send(p::SetRoomType{type});
    }
    dim(type_explained(room.type));
    card_divider();

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(room.hands_allowed ? "Raised hands are on" : "Raised hands are off");
    ImGui::SameLine();
    if (button(ui, room.hands_allowed ? "Turn off" : "Turn on", "room.hands"))
        ui.send(p::SetHandsAllowed{!room.hands_allowed});

    if (room.type == p::RoomType::closed) {
        card_divider();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(room.link_joins ? "The room's link lets people in"
                                               : "People with the link must knock");
        ImGui::SameLine();
        if (button(ui, room.link_joins ? "Make them knock" : "Let the link in", "room.link_joins"))
            ui.send(p::SetLinkJoins{!room.link_joins});
        dim("Link: /r/" + room.id);
    }
    end_card();
}

void knocks_list(Ui& ui) {
    const auto& knocks = ui.state.room->knocks;
    if (knocks.empty()) return;
    section_title("Knocking (" + std::to_string(knocks.size()) + ")");
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
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - 18 - button_width("Let in") -
                        spacing - button_width("Decline"));
        if (button(ui, "Let in", "room.let_in." + std::to_string(u.id), ButtonKind::primary))
            ui.send(p::LetIn{u.id});
        ImGui::SameLine();
        if (button(ui, "Decline", "room.decline." + std::to_string(u.id), ButtonKind::ghost))
            ui.send(p::DeclineKnock{u.id});
    }
    end_card();
}

}  // namespace salotto::client
