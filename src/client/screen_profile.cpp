// A person's profile: name, handle, bio, when they joined, and who nominated them.
#include <cmath>
#include <string>

#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

// Text centred in the window's content column.
void centered(ImFont* font, ImU32 col, const std::string& text) {
    ImGui::PushFont(font);
    float width = ImGui::CalcTextSize(text.c_str()).x;
    float avail = ImGui::GetContentRegionAvail().x;
    if (width < avail)
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::floor((avail - width) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

}  // namespace

void draw_profile(Ui& ui) {
    begin_screen("profile", 560);
    if (button(ui, "Back", "profile.back")) close_profile(ui.state);
    draw_messages(ui);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto& profile = ui.state.profile;
    if (!profile) {
        ImVec2 pos = ImGui::GetCursorScreenPos();
        spinner(dl, ImVec2(pos.x + ImGui::GetContentRegionAvail().x * 0.5f, pos.y + 60), 14);
        end_screen();
        return;
    }

    constexpr float kRadius = 48;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 center(pos.x + std::floor(ImGui::GetContentRegionAvail().x * 0.5f),
                  pos.y + 12 + kRadius);
    avatar(ui.fonts, dl, center, kRadius, profile->user.id, profile->user.name);
    ImGui::Dummy(ImVec2(0, 2 * kRadius + 16));
    centered(ui.fonts.title, color::kText, profile->user.name);
    centered(ui.fonts.body, color::kTextDim, "@" + profile->user.handle);
    if (!profile->bio.empty()) centered(ui.fonts.body, color::kText, profile->bio);
    centered(ui.fonts.small, color::kTextDim, "Joined " + format_date(profile->joined));
    ImGui::Dummy(ImVec2(0, 6));

    begin_card();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted("Nominated by");
    ImGui::PopStyleColor();
    if (const auto& by = profile->invited_by) {
        // The nominator, as a row that opens their profile in turn.
        constexpr float kSmall = 20;
        ImVec2 row = ImGui::GetCursorScreenPos();
        bool clicked = ImGui::InvisibleButton("invited_by", ImVec2(card_inner_width(), 2 * kSmall));
        bool hovered = ImGui::IsItemHovered();
        if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ui.rects.record_last_item("profile.invited_by");
        avatar(ui.fonts, dl, ImVec2(row.x + kSmall, row.y + kSmall), kSmall, by->id, by->name);
        float x = row.x + 2 * kSmall + 12, right = row.x + card_inner_width();
        text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, row.y + 1), right,
                     hovered ? color::kAccent : color::kText, by->name);
        text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(x, row.y + 21), right, color::kTextDim,
                     "@" + by->handle);
        if (clicked) open_profile(ui.state, ui.out, by->handle);
    } else {
        ImGui::TextUnformatted("A founding member of this Salotto.");
    }
    end_card();
    end_screen();
}

}  // namespace salotto::client
