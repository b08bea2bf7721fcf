// The hallway: search, live rooms to drop into, starting a room, invites for friends.
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
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = bell_width(ui.state) + spacing + button_width("Profile") + spacing +
                  button_width("Log out");
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - width);
    bell_button(ui, "hallway.bell");
    ImGui::SameLine();
    if (button(ui, "Profile", "hallway.profile") && ui.state.user)
        open_profile(ui.state, ui.out, ui.state.user->handle);
    ImGui::SameLine();
    if (button(ui, "Log out", "hallway.logout", ButtonKind::ghost)) ui.send(protocol::Logout{});
}

const char* type_hint(protocol::RoomType type) {
    switch (type) {
        case protocol::RoomType::open:
            return "Anyone can join.";
        case protocol::RoomType::social:
            return "People followed by someone on stage.";
        case protocol::RoomType::closed:
            return "Only people you let in.";
    }
    return "";
}

void start_room(Ui& ui) {
    begin_card();
    ImGui::TextUnformatted("Start a room");
    float start_width = button_width("Start");
    ImGui::SetNextItemWidth(card_inner_width() - start_width - ImGui::GetStyle().ItemSpacing.x);
    auto& title = ui.ui.room_title;
    bool enter = ImGui::InputTextWithHint("##room_title", "What shall we talk about?", title.data(),
                                          title.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    ui.rects.record_last_item("hallway.title_input");
    ImGui::SameLine();
    if (button(ui, "Start", "hallway.create_room", ButtonKind::primary) || enter) {
        ui.send(protocol::CreateRoom{.title = title.data(), .type = ui.ui.room_type});
        title.fill('\0');
    }
    // Who may join (docs/protocol.md, "Room types"): the picked one is highlighted.
    struct Choice {
        protocol::RoomType type;
        const char* label;
        const char* id;
    };
    constexpr Choice kChoices[] = {{protocol::RoomType::open, "Open", "hallway.type_open"},
                                   {protocol::RoomType::social, "Social", "hallway.type_social"},
                                   {protocol::RoomType::closed, "Closed", "hallway.type_closed"}};
    for (const auto& choice : kChoices) {
        const bool picked = ui.ui.room_type == choice.type;
        if (button(ui, choice.label, choice.id, picked ? ButtonKind::primary : ButtonKind::ghost))
            ui.ui.room_type = choice.type;
        ImGui::SameLine();
    }
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(type_hint(ui.ui.room_type));
    ImGui::PopStyleColor();
    end_card();
}

// "Ada, Bruno and 3 others" for the people on stage.
std::string speaker_names(const std::vector<protocol::User>& speakers) {
    if (speakers.empty()) return "Nobody on stage yet";
    std::string names;
    std::size_t shown = std::min<std::size_t>(speakers.size(), 2);
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) names += shown == speakers.size() ? " and " : ", ";
        names += speakers[i].name;
    }
    if (speakers.size() > shown) {
        auto others = speakers.size() - shown;
        names += " and " + std::to_string(others) + (others == 1 ? " other" : " others");
    }
    return names;
}

// One live room as a card; clicking anywhere on it joins.
void room_card(Ui& ui, const protocol::RoomSummary& room, const std::string& reason) {
    const float kHeight = reason.empty() ? 106 : 128;
    constexpr float kPad = 18, kRadius = 17, kStep = 25;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushID(room.id.c_str());
    bool clicked = ImGui::InvisibleButton("room", ImVec2(width, kHeight));
    ImGui::PopID();
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    ui.rects.record_last_item("hallway.room." + room.id);

    ImVec2 max(pos.x + width, pos.y + kHeight);
    dl->AddRectFilled(pos, max, hovered ? color::kCardHover : color::kCard, 16);
    dl->AddRect(pos, max, hovered ? color::kSoftActive : color::kBorder, 16);
    float right = max.x - 44;
    float title_right = right;
    if (room.type != protocol::RoomType::open) {
        // The type as a small tag at the top right.
        const char* tag = room.type == protocol::RoomType::social ? "social" : "closed";
        float w = ui.fonts.small->CalcTextSizeA(kSmallSize, FLT_MAX, 0, tag).x;
        ImVec2 t0(right - w - 12, pos.y + 16), t1(right, pos.y + 16 + kSmallSize + 6);
        dl->AddRectFilled(t0, t1, color::kSoft, 8);
        dl->AddText(ui.fonts.small, kSmallSize, ImVec2(t0.x + 6, t0.y + 3), color::kTextDim, tag);
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
                 speaker_names(room.speakers));
    std::string listeners = room.listeners == 0   ? "No listeners yet"
                            : room.listeners == 1 ? "1 listening"
                                                  : std::to_string(room.listeners) + " listening";
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
    const auto& rooms = ui.state.hallway;
    section_title(rooms.empty() ? "Live now" : "Live now (" + std::to_string(rooms.size()) + ")");
    if (rooms.empty()) {
        begin_card();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("It is quiet in here. Start a room and friends can drop in.");
        ImGui::PopStyleColor();
        end_card();
        return;
    }
    // Ranked as the server ranks (core/social/hallway_rank.hpp), again on every update.
    for (const auto& ranked : ranked_hallway(ui.state))
        room_card(ui, rooms[ranked.index], ranked.reason);
}

void invites(Ui& ui) {
    const auto& s = ui.state;
    section_title("Invite friends");
    begin_card();
    int left = s.remaining_invites;
    std::string count = left == 0   ? "You have no invites left."
                        : left == 1 ? "You have 1 invite left."
                                    : "You have " + std::to_string(left) + " invites left.";
    ImGui::TextUnformatted(count.c_str());
    if (button(ui, "Create an invite", "hallway.create_invite", ButtonKind::primary))
        ui.send(protocol::CreateInvite{});
    if (s.last_created_invite) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted("Share this code with a friend:");
        ImGui::PopStyleColor();
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextUnformatted(s.last_created_invite->c_str());
        ImGui::PopFont();
        copy_link_button(ui, "Copy invite link", "hallway.copy_invite",
                         invite_path(*s.last_created_invite));
    }
    if (!s.invites.empty()) {
        card_divider();
        const std::string manage = "Manage invites (" + std::to_string(s.invites.size()) + ")";
        if (button(ui, manage.c_str(), "hallway.manage_invites", ButtonKind::ghost))
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
        ImGui::Text("Ciao, %s!", ui.state.user->name.c_str());
        ImGui::PopStyleColor();
    }
    draw_messages(ui);
    draw_search(ui);
    draw_knock(ui);
    if (wide) {
        ImGui::BeginChild("rooms", ImVec2(ImGui::GetContentRegionAvail().x - kSide - kGap, 0));
        start_room(ui);
        live_rooms(ui);
        ImGui::EndChild();
        ImGui::SameLine(0, kGap);
        ImGui::BeginChild("side");
        invites(ui);
        ImGui::EndChild();
    } else {
        start_room(ui);
        live_rooms(ui);
        invites(ui);
    }
    end_screen();
}

}  // namespace salotto::client
