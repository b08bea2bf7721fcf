// An event as an iCalendar file; see ics.hpp.
#include "server/calendar/ics.hpp"

#include <cstdlib>
#include <memory>
#include <stdexcept>

#include <libical/ical.h>

namespace salotto::calendar {

namespace {

struct ComponentFree {
    void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

struct CharFree {
    void operator()(char* text) const { std::free(text); }
};

// Times are written in UTC ("...Z"): every calendar shows them in its own zone, and
// no VTIMEZONE rules need to travel with the file.
icaltimetype utc_time(std::int64_t unix_seconds) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(unix_seconds), 0,
                                         icaltimezone_get_utc_timezone());
}

}  // namespace

std::string event_ics(const protocol::EventInfo& event, std::string_view page,
                      std::string_view host, std::int64_t now) {
    Component calendar{icalcomponent_new_vcalendar()};
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_prodid("-//Salotto//Events//EN"));
    icalcomponent_add_property(calendar.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));

    icalcomponent* entry = icalcomponent_new_vevent();
    const std::string uid = event.id + "@" + std::string(host);
    icalcomponent_add_property(entry, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(entry, icalproperty_new_dtstamp(utc_time(now)));
    icalcomponent_add_property(entry, icalproperty_new_dtstart(utc_time(event.starts)));
    icalcomponent_add_property(
        entry, icalproperty_new_dtend(utc_time(event.starts + kCalendarEntrySeconds)));
    icalcomponent_add_property(entry, icalproperty_new_summary(event.title.c_str()));
    std::string description = event.description;
    if (!description.empty()) description += "\n\n";
    description += std::string(page);
    icalcomponent_add_property(entry, icalproperty_new_description(description.c_str()));
    const std::string url(page);
    icalcomponent_add_property(entry, icalproperty_new_url(url.c_str()));
    icalcomponent_add_property(
        entry,
        icalproperty_new_status(event.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(calendar.get(), entry);

    const std::unique_ptr<char, CharFree> text{icalcomponent_as_ical_string_r(calendar.get())};
    if (!text) throw std::runtime_error("libical could not write the calendar entry");
    return text.get();
}

}  // namespace salotto::calendar
