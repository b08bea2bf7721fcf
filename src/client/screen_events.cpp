// Scheduled events on screen (docs/protocol.md, "Events"): the hallway's "upcoming"
// strip and its "Schedule" button, the banner that joins an event that just started
// with one tap, the scheduling form, and the event page (/e/<id>) with "Notify me",
// the share link, the calendar file and, for hosts, start, edit and cancel; and the
// club page's upcoming events with, for its leaders and admins, scheduling in it.
#include <algorithm>
#include <string>
#include <vector>

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

// "In Poeti", for an event scheduled in a club; "" otherwise.
std::string club_line(Lang lang, const protocol::EventInfo& event) {
    return event.club ? tr(lang, "events.in_club", {{"club", event.club->name}}) : std::string();
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

// One upcoming event as a card: tapping it opens its page. The card's widget is named
// `prefix` + the event id and its "Notify me" `notify_prefix` + the id (the hallway's,
// or the club page's).
void event_card(Ui& ui, const protocol::EventInfo& event,
                const std::string& prefix = "hallway.event.",
                const std::string& notify_prefix = "hallway.event_notify.") {
    const Lang lang = ui.state.lang;
    begin_card();
    const std::string when = event_when(lang, event);
    ImGui::PushID(event.id.c_str());
    const ImVec2 start = ImGui::GetCursorScreenPos();
    bool clicked = ImGui::InvisibleButton("event", ImVec2(card_inner_width(), 52));
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const std::string in_club = event.club ? ", " + club_line(lang, event) : "";
    clicked |= ui.rects.record_last_item(
        prefix + event.id, event.title + ", " + when + ", " + host_names(lang, event) + in_club,
        Role::link);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float right = start.x + card_inner_width();
    text_clipped(dl, ui.fonts.body, kBodySize, start, right,
                 hovered ? color::kAccent : color::kText, event.title);
    const std::string club = club_line(lang, event);
    text_clipped(dl, ui.fonts.small, kSmallSize, ImVec2(start.x, start.y + 24), right,
                 color::kTextDim,
                 when + "  ·  " + host_names(lang, event) + (club.empty() ? "" : "  ·  " + club));
    notify_button(ui, event, notify_prefix + event.id);
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

// Which club the event is in: "No club" or one where we may schedule, the picked one
// highlighted. Offered only when there is a club to pick.
void club_picker(Ui& ui, EventForm& form) {
    const auto clubs = schedulable_clubs(ui.state);
    if (clubs.empty()) return;
    const Lang lang = ui.state.lang;
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextUnformatted(tr(lang, "events.field_club").c_str());
    ImGui::PopStyleColor();
    bool first = true;
    auto choice = [&](const std::string& label, const std::string& id,
                      std::optional<std::int64_t> club) {
        const bool picked = form.club == club;
        // Wrap onto a new line when the next choice would not fit.
        if (!first && ImGui::GetContentRegionAvail().x < button_width(label)) ImGui::NewLine();
        first = false;
        if (button(ui, label, id, picked ? ButtonKind::primary : ButtonKind::ghost))
            form.club = club;
        ui.rects.mark_pressed(picked);
        ImGui::SameLine();
    };
    choice(tr(lang, "events.no_club"), "events.form.club.none", std::nullopt);
    for (const auto& club : clubs)
        choice(club.name, "events.form.club." + std::to_string(club.id), club.id);
    ImGui::NewLine();
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
    club_picker(ui, form);
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

void draw_club_events(Ui& ui) {
    if (!ui.state.clubs.page) return;
    const Lang lang = ui.state.lang;
    const protocol::ClubPage& page = *ui.state.clubs.page;
    section_title(tr(lang, "club_events.upcoming"));
    const auto clubs = schedulable_clubs(ui.state);
    const bool may_schedule = std::any_of(clubs.begin(), clubs.end(),
                                          [&](const auto& c) { return c.id == page.club.id; });
    EventForm& form = ui.state.events.form;
    if (form.open && form.editing.empty()) {
        event_form(ui);
    } else if (may_schedule &&
               button(ui, tr(lang, "club_events.schedule"), "club.schedule_event")) {
        open_event_form(ui.state);
        ui.state.events.form.club = page.club.id;
    }
    if (page.events.empty()) card_text(color::kTextDim, tr(lang, "club_events.none"));
    // A copy: a tap may open another screen, which may change the page.
    const std::vector<protocol::EventInfo> events = page.events;
    for (const auto& event : events) event_card(ui, event, "club.event.", "club.event_notify.");
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
    if (event.club) {
        const std::string club = club_line(lang, event);
        ImGui::TextWrapped("%s", club.c_str());
        ui.rects.record_last_item("event.club", club, Role::text);
    }
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
