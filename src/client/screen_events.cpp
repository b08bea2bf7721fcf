// Scheduled events on screen (docs/protocol.md, "Events"): the hallway's "upcoming"
// strip and its "Schedule" button, the banner that joins an event that just started
// with one tap, the scheduling form, and the event page (/e/<id>) with "Notify me",
// the share link, the calendar file and, for hosts, start, edit and cancel.
#include <string>

#include "client/deep_link.hpp"
#include "client/draw.hpp"
#include "client/events.hpp"
#include "client/reducer.hpp"
#include "client/screens.hpp"

namespace salotto::client {

namespace {

std::string host_names(Lang lang, const protocol::EventInfo& event) {
    if (event.hosts.empty()) return {};
    const Arg first{"first", event.hosts[0].name};
    if (event.hosts.size() == 1) return tr(lang, "events.hosted_by", {first});
    if (event.hosts.size() == 2)
        return tr(lang, "events.hosted_by_two", {first, {"second", event.hosts[1].name}});
    return trn(lang, "events.hosted_by_more", static_cast<long long>(event.hosts.size() - 1),
               {first});
}

bool is_host(const AppState& state, const protocol::EventInfo& event) {
    if (!state.user) return false;
    for (const auto& host : event.hosts)
        if (host.id == state.user->id) return true;
    return false;
}

void notify_button(Ui& ui, const protocol::EventInfo& event, const std::string& widget_id) {
    const Lang lang = ui.state.lang;
    const bool on = notified(ui.state, event.id);
    if (button(ui, on ? tr(lang, "events.notifying") : tr(lang, "events.notify_me"), widget_id,
               on ? ButtonKind::primary : ButtonKind::soft))
        set_event_notify(ui.state, ui.out, event.id, !on);
    ui.rects.mark_pressed(on);
}

// One upcoming event as a card: tapping it opens its page.
void event_card(Ui& ui, const protocol::EventInfo& event) {
    const Lang lang = ui.state.lang;
    begin_card();
    const std::string when = event_when(lang, event);
    ImGui::PushID(event.id.c_str());
    const ImVec2 start = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton("event", ImVec2(card_inner_width(), 52));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    clicked |= ui.rects.record_last_item("hallway.event." + event.id,
                                         event.title + ", " + when + ", " + host_names(lang, event),
                                         Role::link);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float right = start.x + card_inner_width();
    text_clipped(dl, ui.fonts.body, kBodySize, start, right,
                 hovered ? color::kAccent : color::kText, event.title);
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(start.x, start.y + 24), right,
                 color::kTextDim, when + "  ·  " + host_names(lang, event));
    notify_button(ui, event, "hallway.event_notify." + event.id);
    if (event.interested > 0) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextUnformatted(trn(lang, "events.interested", event.interested).c_str());
        ImGui::PopStyleColor();
    }
    end_card();
    if (clicked) open_event(ui.state, ui.out, event.id);
}

// The scheduling (or editing) form, in a card.
void event_form(Ui& ui) {
    const Lang lang = ui.state.lang;
    EventForm& form = ui.state.events.form;
    begin_card();
    const std::string heading =
        form.editing.empty() ? tr(lang, "events.form_new") : tr(lang, "events.form_edit");
    ImGui::TextUnformatted(heading.c_str());
    text_field(ui, tr(lang, "events.field_title"), tr(lang, "hallway.title_hint"),
               "events.form.title", form.title);
    text_field(ui, tr(lang, "events.field_description"), "", "events.form.description",
               form.description);
    const float half = (card_inner_width() - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(tr(lang, "events.field_when").c_str());
    ImGui::PopStyleColor();
    ImGui::SetNextItemWidth(half);
    input_field(ui, tr(lang, "events.field_date"), "YYYY-MM-DD", "events.form.date", form.date);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(half);
    input_field(ui, tr(lang, "events.field_time"), "HH:MM", "events.form.time", form.time);
    text_field(ui, tr(lang, "events.field_zone"), "Europe/Rome", "events.form.zone",
               form.time_zone);
    const bool enter = text_field(ui, tr(lang, "events.field_hosts"), tr(lang, "events.hosts_hint"),
                                  "events.form.hosts", form.hosts);
    if (form.error)
        card_text(color::kDanger, error_text(lang, form.error->code, form.error->message));
    const std::string submit =
        form.editing.empty() ? tr(lang, "events.schedule") : tr(lang, "events.save");
    if (button(ui, submit, "events.form.submit", ButtonKind::primary) || enter)
        submit_event_form(ui.state, ui.out);
    ImGui::SameLine();
    if (button(ui, tr(lang, "events.form_cancel"), "events.form.close", ButtonKind::ghost))
        close_event_form(ui.state);
    end_card();
}

}  // namespace

void draw_event_started(Ui& ui) {
    // The newest unread "event started" whose room is still live: one tap joins.
    for (const auto& n : ui.state.notifications) {
        if (n.read || n.kind != "event_started" || !n.room || !n.event) continue;
        bool live = false;
        for (const auto& room : ui.state.hallway) live |= room.id == *n.room;
        if (!live) continue;
        const Lang lang = ui.state.lang;
        begin_card();
        ImGui::PushStyleColor(ImGuiCol_Text, color::kAccent);
        ImGui::TextWrapped("%s", tr(lang, "events.started",
                                    {{"name", n.from.name}, {"title", n.room_title.value_or("")}})
                                     .c_str());
        ImGui::PopStyleColor();
        if (button(ui, tr(lang, "events.join"), "hallway.event_join." + *n.event,
                   ButtonKind::primary))
            open_notification(ui.state, ui.out, n);
        end_card();
        return;
    }
}

void draw_upcoming(Ui& ui) {
    const Lang lang = ui.state.lang;
    const auto& upcoming = ui.state.events.upcoming;
    section_title(upcoming.empty() ? tr(lang, "events.upcoming")
                                   : tr(lang, "events.upcoming_count",
                                        {{"count", std::to_string(upcoming.size())}}));
    if (ui.state.events.form.open && ui.state.events.form.editing.empty()) {
        event_form(ui);
    } else if (button(ui, tr(lang, "events.new"), "hallway.schedule_event")) {
        open_event_form(ui.state);
    }
    constexpr std::size_t kShown = 3;  // the rest are a tap on "All upcoming" away
    std::size_t shown = 0;
    for (std::size_t index : ranked_events(ui.state)) {
        if (shown++ == kShown && !ui.ui.all_events) {
            if (button(ui, tr(lang, "events.show_all"), "hallway.all_events", ButtonKind::ghost))
                ui.ui.all_events = true;
            break;
        }
        event_card(ui, upcoming[index]);
    }
}

void draw_event(Ui& ui) {
    AppState& s = ui.state;
    const Lang lang = s.lang;
    begin_screen("event", 640);
    if (button(ui, tr(lang, "events.back"), "event.back")) {
        close_event(s);
        end_screen();
        return;
    }
    draw_messages(ui);
    if (!s.events.shown) {
        spinner(ImGui::GetWindowDrawList(),
                ImVec2(ImGui::GetCursorScreenPos().x + 24, ImGui::GetCursorScreenPos().y + 24), 12);
        end_screen();
        return;
    }
    const protocol::EventInfo event = *s.events.shown;
    if (s.events.form.open && s.events.form.editing == event.id) {
        event_form(ui);
        end_screen();
        return;
    }
    begin_card();
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextWrapped("%s", event.title.c_str());
    ImGui::PopFont();
    ui.rects.record_last_item("event.title", event.title, Role::heading);
    const std::string when = event_when(lang, event);
    ImGui::TextWrapped("%s", when.c_str());
    ui.rects.record_last_item("event.when", when, Role::text);
    if (const std::string here = event_when_here(s, event); !here.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
        ImGui::TextWrapped("%s", here.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", host_names(lang, event).c_str());
    if (event.interested > 0)
        ImGui::TextUnformatted(trn(lang, "events.interested", event.interested).c_str());
    ImGui::PopStyleColor();
    if (!event.description.empty()) {
        card_divider();
        ImGui::TextWrapped("%s", event.description.c_str());
    }
    card_divider();
    if (event.cancelled) {
        card_text(color::kDanger, tr(lang, "events.cancelled"));
    } else if (event.room) {
        bool live = false;
        for (const auto& room : s.hallway) live |= room.id == *event.room;
        if (live && button(ui, tr(lang, "events.join"), "event.join", ButtonKind::primary))
            join_room(s, ui.out, *event.room);
        if (!live) card_text(color::kTextDim, tr(lang, "events.over"));
    } else {
        notify_button(ui, event, "event.notify");
        if (is_host(s, event)) {
            ImGui::SameLine();
            if (button(ui, tr(lang, "events.start"), "event.start", ButtonKind::primary))
                ui.send(protocol::StartEvent{event.id});
            ImGui::SameLine();
            if (button(ui, tr(lang, "events.edit"), "event.edit")) open_event_form(s, &event);
            ImGui::SameLine();
            if (button(ui, tr(lang, "events.cancel"), "event.cancel", ButtonKind::danger))
                ui.send(protocol::CancelEvent{event.id});
        }
    }
    card_divider();
    copy_link_button(ui, tr(lang, "events.copy_link"), "event.copy", event_path(event.id));
    ImGui::SameLine();
    if (button(ui, tr(lang, "events.calendar"), "event.calendar", ButtonKind::ghost))
        s.open_url = full_url(s.origin, event_calendar_path(event.id));
    end_card();
    end_screen();
}

}  // namespace salotto::client
