// Event start times; see event_time.hpp.
#include "server/calendar/event_time.hpp"

#include <chrono>
#include <sstream>
#include <stdexcept>

#include <date/date.h>
#include <date/tz.h>

namespace salotto::calendar {

namespace {

constexpr std::string_view kLocalFormat = "%Y-%m-%dT%H:%M";
constexpr std::size_t kLocalLength = 16;  // "2026-12-01T18:30"

const date::time_zone* find_zone(std::string_view zone) {
    try {
        return date::locate_zone(zone);
    } catch (const std::runtime_error&) {
        return nullptr;
    }
}

}  // namespace

StartInstant start_instant(std::string_view local, std::string_view zone) {
    const date::time_zone* tz = find_zone(zone);
    if (!tz) return {0, ErrorCode::time_zone_invalid};
    if (local.size() != kLocalLength) return {0, ErrorCode::event_time_invalid};
    date::local_time<std::chrono::minutes> when;
    std::istringstream in{std::string(local)};
    in >> date::parse(std::string(kLocalFormat), when);
    if (in.fail() || in.peek() != std::char_traits<char>::eof())
        return {0, ErrorCode::event_time_invalid};
    const auto info = tz->get_info(when);
    if (info.result == date::local_info::nonexistent) return {0, ErrorCode::event_time_invalid};
    // unique: first is the one offset; ambiguous: first is the earlier of the two.
    const auto utc = when.time_since_epoch() - info.first.offset;
    return {std::chrono::duration_cast<std::chrono::seconds>(utc).count(), std::nullopt};
}

std::string local_text(std::int64_t utc, std::string_view zone) {
    const date::zoned_time zoned{
        date::locate_zone(zone),
        std::chrono::sys_time<std::chrono::minutes>(
            std::chrono::floor<std::chrono::minutes>(std::chrono::seconds(utc)))};
    return date::format(std::string(kLocalFormat), zoned);
}

void preload_time_zones() {
    date::get_tzdb();
}

}  // namespace salotto::calendar
