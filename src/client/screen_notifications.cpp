// The notifications screen: pings, new followers and invites used, newest first, with
// the unread ones marked. Tapping a ping joins its room; any other opens the profile
// of the person it is from. Leaving the screen marks everything shown read.
#include <string>

#include "client/draw.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

std::string describe(Lang lang, const protocol::Notification& n) {
    const Arg name{"name", n.from.name};
    if (n.kind == "ping") {
        if (!n.room_title) return tr(lang, "notifications.ping_untitled", {name});
        return tr(lang, "notifications.ping", {name, {"title", *n.room_title}});
    }
    if (n.kind == "follow") return tr(lang, "notifications.follow", {name});
    if (n.kind == "invite_used") return tr(lang, "notifications.invite_used", {name});
    const std::string title_text = n.room_title.value_or("");
    const Arg title{"title", title_text};
    if (n.kind == "event_started") return tr(lang, "notifications.event_started", {name, title});
    if (n.kind == "event_cancelled")
        return tr(lang, "notifications.event_cancelled", {name, title});
    return n.from.name;
}

void notification_row(Ui& ui, const protocol::Notification& n) {
    const Lang lang = ui.state.lang;
    constexpr float kHeight = 58, kRadius = 18;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushID(static_cast<int>(n.id));
    bool clicked = ImGui::InvisibleButton("notification", ImVec2(width, kHeight));
    ImGui::PopID();
    bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    std::string when = format_date(lang, n.at);
    if (n.kind == "ping" || n.kind == "event_started")
        when = tr(lang, "notifications.tap_to_join", {{"date", when}});
    clicked |= ui.rects.record_last_item("notifications.item." + std::to_string(n.id),
                                         describe(lang, n) + ", " + when, Role::link);
    ImVec2 max(pos.x + width, pos.y + kHeight);
    dl->AddRectFilled(pos, max, hovered ? color::kCardHover : color::kCard, 12);
    if (!n.read) dl->AddCircleFilled(ImVec2(pos.x + 10, pos.y + kHeight * 0.5f), 4, color::kAccent);
    avatar(ui, dl, ImVec2(pos.x + 22 + kRadius, pos.y + kHeight * 0.5f), kRadius, n.from.id,
           n.from.name, n.from.avatar);
    float x = pos.x + 22 + 2 * kRadius + 12;
    text_clipped(dl, ui.fonts.body, kBodySize, ImVec2(x, pos.y + 9), max.x - 12,
                 n.read ? color::kTextDim : color::kText, describe(lang, n));
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(x, pos.y + 32), max.x - 12, color::kTextDim,
                 when);
    if (clicked) open_notification(ui.state, ui.out, n);
}

}  // namespace

void draw_notifications(Ui& ui) {
    const Lang lang = ui.state.lang;
    begin_screen("notifications", 560);
    if (button(ui, tr(lang, "notifications.back"), "notifications.back")) {
        close_notifications(ui.state, ui.out);
        end_screen();
        return;
    }
    ui.rects.set_escape("notifications.back");
    ImGui::SameLine();
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted(tr(lang, "notifications.title").c_str());
    ImGui::PopFont();
    draw_messages(ui);
    const auto& items = ui.state.notifications;
    if (items.empty()) {
        begin_card();
        card_text(color::kTextDim, tr(lang, "notifications.empty"));
        end_card();
    }
    // Copied: tapping a ping changes the screen and may change the list.
    const auto shown = items;
    for (const auto& n : shown) notification_row(ui, n);
    end_screen();
}

namespace {

std::string bell_label(const AppState& state) {
    return state.unread > 0
               ? tr(state.lang, "notifications.count", {{"count", std::to_string(state.unread)}})
               : tr(state.lang, "notifications.title");
}

}  // namespace

// The bell: "Notifications" with the unread count; opens the notifications screen.
void bell_button(Ui& ui, const char* widget_id) {
    if (button(ui, bell_label(ui.state), widget_id,
               ui.state.unread > 0 ? ButtonKind::primary : ButtonKind::soft))
        open_notifications(ui.state, ui.out);
}

float bell_width(const AppState& state) {
    return button_width(bell_label(state));
}

}  // namespace salotto::client
