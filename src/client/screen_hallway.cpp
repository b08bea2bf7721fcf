// The hallway: search, live rooms to drop into, starting a room, upcoming events,
// invites for friends.
#include <algorithm>
#include <string>

#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

void top_bar(Ui& ui) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
    ImGui::TextUnformatted("Salotto");
    ImGui::PopStyleColor();
    ImGui::PopFont();
    const Lang lang = ui.state.lang;
    const std::string profile = tr(lang, "hallway.profile"), logout = tr(lang, "hallway.logout");
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float title_right = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    float width =
        bell_width(ui.state) + spacing + button_width(profile) + spacing + button_width(logout);
    // On a narrow screen (a phone) the EN / IT switch goes on a line of its own.
    const bool switch_here = title_right + spacing + width + spacing + lang_toggle_width() <= right;
    if (switch_here) width += spacing + lang_toggle_width();
    ImGui::SameLine(right - width);
    bell_button(ui, "hallway.bell");
    ImGui::SameLine();
    if (button(ui, profile, "hallway.profile") && ui.state.user)
        open_profile(ui.state, ui.out, ui.state.user->handle);
    ImGui::SameLine();
    if (button(ui, logout, "hallway.logout", ButtonKind::ghost)) ui.send(protocol::Logout{});
    lang_toggle(ui, switch_here);
}

std::string type_hint(Lang lang, protocol::RoomType type) {
    switch (type) {
        case protocol::RoomType::open:
            return tr(lang, "hallway.type_hint_open");
        case protocol::RoomType::social:
            return tr(lang, "hallway.type_hint_social");
        case protocol::RoomType::closed:
            return tr(lang, "hallway.type_hint_closed");
    }
    return "";
}

void start_room(Ui& ui) {
    const Lang lang = ui.state.lang;
    begin_card();
    ImGui::TextUnformatted(tr(lang, "hallway.start_title").c_str());
    const std::string start = tr(lang, "hallway.start");
    float start_width = button_width(start);
    ImGui::SetNextItemWidth(card_inner_width() - start_width - ImGui::GetStyle().ItemSpacing.x);
    auto& title = ui.ui.room_title;
    const bool enter = input_field(ui, tr(lang, "hallway.start_title"),
                                   tr(lang, "hallway.title_hint"), "hallway.title_input", title);
    ImGui::SameLine();
    if (button(ui, start, "hallway.create_room", ButtonKind::primary) || enter) {
        ui.send(protocol::CreateRoom{.title = title.data(), .type = ui.ui.room_type});
        title.fill('\0');
    }
    // Who may join (docs/protocol.md, "Room types"): the picked one is highlighted.
    struct Choice {
        protocol::RoomType type;
        const char* id;
    };
    constexpr Choice kChoices[] = {{protocol::RoomType::open, "hallway.type_open"},
                                   {protocol::RoomType::social, "hallway.type_social"},
                                   {protocol::RoomType::closed, "hallway.type_closed"}};
    for (const auto& choice : kChoices) {
        const bool picked = ui.ui.room_type == choice.type;
        if (button(ui, room_type_name(lang, choice.type), choice.id,
                   picked ? ButtonKind::primary : ButtonKind::ghost))
            ui.ui.room_type = choice.type;
        ui.rects.mark_pressed(picked);
        ImGui::SameLine();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(type_hint(lang, ui.ui.room_type).c_str());
    ImGui::PopStyleColor();
    end_card();
}

// "Ada, Bruno and 3 others" for the people on stage.
std::string speaker_names(Lang lang, const std::vector<protocol::User>& speakers) {
    if (speakers.empty()) return tr(lang, "hallway.speakers_none");
    if (speakers.size() == 1) return speakers[0].name;
    const Arg first{"first", speakers[0].name}, second{"second", speakers[1].name};
    if (speakers.size() == 2) return tr(lang, "hallway.speakers_two", {first, second});
    return trn(lang, "hallway.speakers_more", static_cast<long long>(speakers.size() - 2),
               {first, second});
}

// One live room as a card; clicking anywhere on it joins. A club's room says whose it
// is, on the line that says why it is shown.
void room_card(Ui& ui, const protocol::RoomSummary& room, const std::string& why) {
    const Lang lang = ui.state.lang;
    std::string reason = why;
    if (room.club) {
        const std::string club = tr(lang, "hallway.in_club", {{"club", room.club->name}});
        reason = why.empty() ? club : club + "  ·  " + why;
    }
    const float kHeight = reason.empty() ? 106 : 128;
    constexpr float kPad = 18, kRadius = 17, kStep = 25;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushID(room.id.c_str());
    bool clicked = ImGui::InvisibleButton("room", ImVec2(width, kHeight));  // or the mirror
    ImGui::PopID();
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const std::string speakers = speaker_names(lang, room.speakers);
    const std::string listeners = room.listeners == 0
                                      ? tr(lang, "hallway.listeners_none")
                                      : trn(lang, "hallway.listeners", room.listeners);
    std::string name =
        tr(lang, "a11y.room_card",
           {{"title", room.title}, {"speakers", speakers}, {"listeners", listeners}});
    if (!reason.empty()) name += " " + reason;
    clicked |= ui.rects.record_last_item("hallway.room." + room.id, name, Role::link);

    ImVec2 max(pos.x + width, pos.y + kHeight);
    dl->AddRectFilled(pos, max, hovered ? color::kCardHover : color::kCard, 16);
    dl->AddRect(pos, max, hovered ? color::kSoftActive : color::kBorder, 16);
    float right = max.x - 44;
    float title_right = right;
    if (room.type != protocol::RoomType::open) {
        // The type as a small tag at the top right.
        const std::string tag = room.type == protocol::RoomType::social
                                    ? tr(lang, "hallway.tag_social")
                                    : tr(lang, "hallway.tag_closed");
        float w = ui.fonts.small->CalcTextSizeA(kSmallSize, FLT_MAX, 0, tag.c_str()).x;
        ImVec2 t0(right - w - 12, pos.y + 16), t1(right, pos.y + 16 + kSmallSize + 6);
        dl->AddRectFilled(t0, t1, color::kSoft, 8);
        dl->AddText(ui.fonts.small, kSmallSize, ImVec2(t0.x + 6, t0.y + 3), color::kTextDim,
                    tag.c_str());
        title_right = t0.x - 8;
    }
    text_clipped(dl, ui.fonts.title, 21, ImVec2(pos.x + kPad, pos.y + 14), title_right,
                 color::kText, room.title);
    if (!reason.empty())
        text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(pos.x + kPad, pos.y + 44), right,
                     color::kAccent, reason);

    float row_y = pos.y + (reason.empty() ? 70 : 92);
    std::size_t faces = std::min<std::size_t>(room.speakers.size(), 4);
    // Drawn right to left so each face overlaps the next, like a stack of coins.
    for (std::size_t i = faces; i-- > 0;) {
        ImVec2 c(pos.x + kPad + kRadius + i * kStep, row_y);
        dl->AddCircleFilled(c, kRadius + 2, IM_COL32_WHITE);
        avatar(ui, dl, c, kRadius, room.speakers[i].id, room.speakers[i].name,
               room.speakers[i].avatar);
    }
    float text_x = pos.x + kPad + (faces ? 2 * kRadius + (faces - 1) * kStep + 12 : 0);
    text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(text_x, row_y - 20), right, color::kText,
                 speakers);
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(text_x, row_y + 2), right, color::kTextDim,
                 listeners);

    // A chevron: this card goes somewhere.
    ImVec2 c(max.x - 24, pos.y + kHeight * 0.5f);
    ImU32 chevron = hovered ? color::kAccent : color::kTextDim;
    dl->AddLine(ImVec2(c.x - 4, c.y - 7), ImVec2(c.x + 3, c.y), chevron, 2.0f);
    dl->AddLine(ImVec2(c.x + 3, c.y), ImVec2(c.x - 4, c.y + 7), chevron, 2.0f);

    if (clicked) {
        ui.state.joining = room.id;  // a refusal (a closed room) offers to knock
        ui.send(protocol::JoinRoom{room.id});
    }
}

void live_rooms(Ui& ui) {
    const Lang lang = ui.state.lang;
    const auto& rooms = ui.state.hallway;
    section_title(rooms.empty() ? tr(lang, "hallway.live_now")
                                : tr(lang, "hallway.live_now_count",
                                     {{"count", std::to_string(rooms.size())}}));
    if (rooms.empty()) {
        begin_card();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", tr(lang, "hallway.quiet").c_str());
        ImGui::PopStyleColor();
        end_card();
        return;
    }
    // Ranked as the server ranks (core/social/hallway_rank.hpp), again on every update.
    for (const auto& ranked : ranked_hallway(ui.state))
        room_card(ui, rooms[ranked.index], hallway_reason_text(ui.state, ranked));
}

void invites(Ui& ui) {
    const auto& s = ui.state;
    const Lang lang = s.lang;
    section_title(tr(lang, "hallway.invite_friends"));
    begin_card();
    ImGui::TextUnformatted(invites_left_text(lang, s.remaining_invites).c_str());
    if (button(ui, tr(lang, "invites.create"), "hallway.create_invite", ButtonKind::primary))
        ui.send(protocol::CreateInvite{});
    if (s.last_created_invite) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted(tr(lang, "hallway.share_code").c_str());
        ImGui::PopStyleColor();
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextUnformatted(s.last_created_invite->c_str());
        ImGui::PopFont();
        copy_link_button(ui, tr(lang, "hallway.copy_invite"), "hallway.copy_invite",
                         invite_path(*s.last_created_invite));
    }
    if (!s.invites.empty()) {
        card_divider();
        const std::string manage =
            tr(lang, "hallway.manage_invites", {{"count", std::to_string(s.invites.size())}});
        if (button(ui, manage, "hallway.manage_invites", ButtonKind::ghost))
            open_invites(ui.state, ui.out);
    }
    end_card();
}

}  // namespace

void draw_hallway(Ui& ui) {
    // Wide screens get two columns, so invites stay in view however many rooms are live.
    constexpr float kSide = 320, kGap = 20, kWide = 1000;
    bool wide = ImGui::GetMainViewport()->Size.x >= kWide;
    begin_screen("hallway", wide ? 980 : 640, !wide);
    top_bar(ui);
    if (ui.state.user) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        const std::string greeting =
            tr(ui.state.lang, "hallway.greeting", {{"name", ui.state.user->name}});
        ImGui::TextUnformatted(greeting.c_str());
        ImGui::PopStyleColor();
        // Tests look at the name's pixels here (tests/e2e/i18n.test.js).
        ui.rects.record_last_item("hallway.greeting", greeting, Role::text);
    }
    draw_messages(ui);
    draw_search(ui);
    draw_knock(ui);
    draw_event_started(ui);
    if (wide) {
        ImGui::BeginChild("rooms", ImVec2(ImGui::GetContentRegionAvail().x - kSide - kGap, 0));
        start_room(ui);
        live_rooms(ui);
        ImGui::EndChild();
        ImGui::SameLine(0, kGap);
        ImGui::BeginChild("side");
        draw_upcoming(ui);
        draw_my_clubs(ui);
        invites(ui);
        ImGui::EndChild();
    } else {
        start_room(ui);
        live_rooms(ui);
        draw_upcoming(ui);
        draw_my_clubs(ui);
        invites(ui);
    }
    end_screen();
}

}  // namespace salotto::client
