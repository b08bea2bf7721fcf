// An event as an iCalendar file (RFC 5545) that calendar apps import: served at
// /e/<id>.ics. libical writes it (escaping, line folding, the date forms).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/protocol/messages.hpp"

namespace salotto::calendar {

// How long calendar entries say an event lasts (events have no end time).
inline constexpr std::int64_t kCalendarEntrySeconds = 3600;

// One VEVENT in a VCALENDAR. `page` is the event's page (/e/<id>), put in URL and the
// description; `host` names the server in the entry's UID; `now` stamps it (DTSTAMP).
std::string event_ics(const protocol::EventInfo& event, std::string_view page,
                      std::string_view host, std::int64_t now);

}  // namespace salotto::calendar
