// Scheduled events in the client; see events.hpp.
#include "client/events.hpp"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <unordered_set>

#include "client/clubs.hpp"
#include "client/reducer.hpp"
#include "core/social/events.hpp"
#include "core/validation.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

bool is_event_intent(std::string_view in) {
    return in == p::CreateEvent::kType || in == p::UpdateEvent::kType ||
           in == p::CancelEvent::kType || in == p::GetEvent::kType ||
           in == p::SetEventNotify::kType || in == p::StartEvent::kType;
}

// The civil date and time of `unix_seconds` shifted by `offset_minutes`.
std::tm civil(std::int64_t unix_seconds, int offset_minutes) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds + offset_minutes * 60LL);
    std::tm out{};
    gmtime_r(&t, &out);
    return out;
}

std::string two_digits(int n) {
    return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

// Co-hosts' handles as typed: separated by spaces or commas, "@" allowed in front.
std::vector<std::string> split_handles(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) out.push_back(std::exchange(current, {}));
    };
    for (char c : text) {
        if (c == ' ' || c == ',' || c == ';' || c == '\t') {
            flush();
        } else if (!(c == '@' && current.empty())) {
            current += c;
        }
    }
    flush();
    return out;
}

}  // namespace

void events_received(AppState& state, const p::UpcomingEvents& e) {
    state.events.upcoming = e.items;
    state.events.notify = e.notify;
}

// Puts `event` in `list` (soonest first) in place of its earlier version, or only takes
// that out when the event is no longer upcoming.
void place_upcoming(std::vector<p::EventInfo>& list, const p::EventInfo& event, bool keep) {
    std::erase_if(list, [&](const auto& x) { return x.id == event.id; });
    if (!keep || event.cancelled || event.room) return;
    auto at = std::find_if(list.begin(), list.end(),
                           [&](const auto& x) { return x.starts > event.starts; });
    list.insert(at, event);
}

void event_received(AppState& state, const p::EventChanged& e) {
    auto& events = state.events;
    const p::EventInfo& event = e.event;
    place_upcoming(events.upcoming, event, true);
    // The open club page lists the club's upcoming events: follow it there too (into
    // it, out of it, or to another club).
    if (state.clubs.page)
        place_upcoming(state.clubs.page->events, event,
                       event.club && event.club->id == state.clubs.page->club.id);
    if (events.shown_id == event.id) events.shown = event;
    // Our own form's answer: the event is scheduled (or changed); show its page.
    auto& form = events.form;
    const bool ours =
        form.pending && (form.editing.empty() ? state.user && !event.hosts.empty() &&
                                                    event.hosts.front().id == state.user->id
                                              : form.editing == event.id);
    if (ours) {
        close_event_form(state);
        events.shown_id = event.id;
        events.shown = event;
        state.screen = Screen::event;
    }
}

void event_notify_received(AppState& state, const p::EventNotify& e) {
    auto& notify = state.events.notify;
    std::erase(notify, e.id);
    if (e.on) notify.push_back(e.id);
    for (auto& event : state.events.upcoming)
        if (event.id == e.id) event.interested = e.interested;
    if (state.events.shown && state.events.shown->id == e.id)
        state.events.shown->interested = e.interested;
}

bool event_refused(AppState& state, const p::Error& e) {
    if (!is_event_intent(e.in)) return false;
    ShownError shown = ShownError::refusal(e);
    if (e.in == p::CreateEvent::kType || e.in == p::UpdateEvent::kType) {
        state.events.form.pending = false;
        state.events.form.error = std::move(shown);
        return true;
    }
    if (e.in == p::GetEvent::kType && state.screen == Screen::event) {
        state.events.shown.reset();
        state.events.shown_id.clear();
        state.screen = state.room ? Screen::room : Screen::hallway;
    }
    state.error = std::move(shown);
    return true;
}

void open_event(AppState& state, Outbox& out, std::string_view id) {
    auto& events = state.events;
    if (events.shown_id != id) events.shown.reset();
    events.shown_id = std::string(id);
    for (const auto& event : events.upcoming)
        if (event.id == id) events.shown = event;
    state.screen = Screen::event;
    out.push(p::GetEvent{std::string(id)});
}

void close_event(AppState& state) {
    close_event_form(state);
    state.events.shown.reset();
    state.events.shown_id.clear();
    state.screen = state.room ? Screen::room : Screen::hallway;
}

void set_event_notify(AppState&, Outbox& out, const std::string& id, bool on) {
    out.push(p::SetEventNotify{id, on});
}

void open_event_form(AppState& state, const p::EventInfo* editing) {
    EventForm form;
    form.open = true;
    if (editing) {
        form.editing = editing->id;
        fill_field(form.title, editing->title);
        fill_field(form.description, editing->description);
        const std::string_view local = editing->local_start;  // YYYY-MM-DDTHH:MM
        fill_field(form.date, local.substr(0, 10));
        if (local.size() > 11) fill_field(form.time, local.substr(11));
        fill_field(form.time_zone, editing->time_zone);
        std::string hosts;
        for (std::size_t i = 1; i < editing->hosts.size(); ++i)
            hosts += (hosts.empty() ? "" : " ") + editing->hosts[i].handle;
        fill_field(form.hosts, hosts);
        if (editing->club) form.club = editing->club->id;
    } else {
        const std::tm tomorrow = civil(state.now + 24 * 3600, state.utc_offset_minutes);
        fill_field(form.date, std::to_string(tomorrow.tm_year + 1900) + "-" +
                                  two_digits(tomorrow.tm_mon + 1) + "-" +
                                  two_digits(tomorrow.tm_mday));
        fill_field(form.time, "18:00");
        fill_field(form.time_zone, state.time_zone.empty() ? "UTC" : state.time_zone);
    }
    state.events.form = std::move(form);
}

void close_event_form(AppState& state) {
    state.events.form = EventForm{};
}

void submit_event_form(AppState& state, Outbox& out) {
    EventForm& form = state.events.form;
    if (form.pending) return;
    const Lang lang = state.lang;
    const std::string title = form.title.data(), description = form.description.data();
    const std::string date = form.date.data(), time = form.time.data();
    auto refuse = [&](ErrorCode code) { form.error = ShownError::check(lang, code); };
    if (!state.connected) {
        form.error = ShownError{"offline", tr(lang, "error.offline")};
        return;
    }
    if (!validation::is_valid_room_title(title)) return refuse(ErrorCode::title_invalid);
    if (!social::is_valid_event_description(description))
        return refuse(ErrorCode::event_description_invalid);
    if (date.size() != 10 || time.size() != 5) return refuse(ErrorCode::event_time_invalid);
    const auto hosts = split_handles(form.hosts.data());
    if (hosts.size() > social::kEventMaxHosts) return refuse(ErrorCode::event_hosts_invalid);
    form.error.reset();
    form.pending = true;
    const std::string start = date + "T" + time;
    if (form.editing.empty())
        out.push(
            p::CreateEvent{title, description, start, form.time_zone.data(), hosts, form.club});
    else
        out.push(p::UpdateEvent{form.editing, title, description, start, form.time_zone.data(),
                                hosts, form.club});
}

std::vector<p::ClubTag> schedulable_clubs(const AppState& state) {
    std::vector<p::ClubTag> out;
    if (state.events.shown && state.events.form.editing == state.events.shown->id &&
        state.events.shown->club)
        out.push_back(*state.events.shown->club);
    for (const auto& club : clubs_i_lead(state))
        if (std::none_of(out.begin(), out.end(), [&](const auto& c) { return c.id == club.id; }))
            out.push_back({club.id, club.name});
    return out;
}

std::vector<std::size_t> ranked_events(const AppState& state) {
    const std::unordered_set<p::UserId> following(state.following.begin(), state.following.end());
    return social::rank_events(state.events.upcoming, following);
}

std::string event_when(Lang lang, const p::EventInfo& event) {
    const std::string_view local = event.local_start;
    std::tm day{};
    day.tm_year = std::atoi(std::string(local.substr(0, 4)).c_str()) - 1900;
    day.tm_mon = std::atoi(std::string(local.substr(5, 2)).c_str()) - 1;
    day.tm_mday = std::atoi(std::string(local.substr(8, 2)).c_str());
    day.tm_hour = 12;
    const std::string date = format_date(lang, static_cast<std::int64_t>(timegm(&day)));
    const std::string time = local.size() >= 16 ? std::string(local.substr(11, 5)) : "";
    return tr(lang, "events.when", {{"date", date}, {"time", time}, {"zone", event.time_zone}});
}

std::string event_when_here(const AppState& state, const p::EventInfo& event) {
    if (state.time_zone.empty() || state.time_zone == event.time_zone) return {};
    const std::tm here = civil(event.starts, state.utc_offset_minutes);
    const std::string date =
        format_date(state.lang, event.starts + state.utc_offset_minutes * 60LL);
    const std::string time = two_digits(here.tm_hour) + ":" + two_digits(here.tm_min);
    return tr(state.lang, "events.when_here", {{"date", date}, {"time", time}});
}

}  // namespace salotto::client
