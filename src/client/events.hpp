// Scheduled events in the client (docs/protocol.md, "Events"): what the server's
// events do to the app state, the intents behind the event page's and the scheduling
// form's buttons, and the words for when an event starts. Platform-free, like the
// reducer, which calls the *_received functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::client {

void events_received(AppState& state, const protocol::UpcomingEvents& e);
void event_received(AppState& state, const protocol::EventChanged& e);
void event_notify_received(AppState& state, const protocol::EventNotify& e);
// A refusal of an event intent: shown on the form or the event page rather than in the
// banner. False when the refusal is not about events.
bool event_refused(AppState& state, const protocol::Error& e);

// The event page for `id` (asked of the server), and back from it.
void open_event(AppState& state, Outbox& out, std::string_view id);
void close_event(AppState& state);
// "Notify me" on or off.
void set_event_notify(AppState& state, Outbox& out, const std::string& id, bool on);
// The scheduling form: empty (tomorrow at 18:00 in the browser's time zone), or filled
// from `editing`.
void open_event_form(AppState& state, const protocol::EventInfo* editing = nullptr);
void close_event_form(AppState& state);
// Checks the form as the server will and sends create_event or update_event; a mistake
// goes on the form instead.
void submit_event_form(AppState& state, Outbox& out);

// The clubs the form offers: those where state.clubs.mine says we are leader or admin,
// and, when editing, the event's own club (a host keeps it without being a leader).
std::vector<protocol::ClubTag> schedulable_clubs(const AppState& state);

// The upcoming events in the strip's order (core/social/events.hpp's ranking).
std::vector<std::size_t> ranked_events(const AppState& state);

// "Monday 20 November 2023, 18:30 (Europe/Rome)": the start as the creator set it.
std::string event_when(Lang lang, const protocol::EventInfo& event);
// The same instant on this browser's clock ("20 November 2023, 12:30 your time"), or ""
// when the browser is in the event's own time zone.
std::string event_when_here(const AppState& state, const protocol::EventInfo& event);

}  // namespace salotto::client
