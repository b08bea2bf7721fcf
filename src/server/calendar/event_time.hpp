// Event start times: the local date and time a creator picks in their IANA time zone,
// turned into the instant it names (docs/protocol.md, "Events"). The time zone rules
// come from the system's tz database (Debian's tzdata) through Howard Hinnant's date
// library, so daylight-saving changes are those of the real zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error_code.hpp"

namespace salotto::calendar {

struct StartInstant {
    std::int64_t utc = 0;  // unix seconds
    std::optional<ErrorCode> error;
};

// `local` is "YYYY-MM-DDTHH:MM" in `zone`. A time skipped when clocks go forward is
// refused (event_time_invalid); a time that happens twice when they go back means the
// first of the two. An unknown zone is time_zone_invalid.
StartInstant start_instant(std::string_view local, std::string_view zone);

// The local "YYYY-MM-DDTHH:MM" of `utc` in `zone` (which must be known).
std::string local_text(std::int64_t utc, std::string_view zone);

// Reads the tz database now, so the first event on the event loop does not.
void preload_time_zones();

}  // namespace salotto::calendar
