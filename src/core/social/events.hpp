// Scheduled events' rules (docs/protocol.md, "Events"): what an event may hold, who may
// change or start it, how long it stays upcoming, and the order of the hallway's
// "upcoming" strip. Platform-free: the server enforces these, the client explains a
// mistake before sending and ranks the strip with the same function the server uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::social {

// Code points; the title follows the room title's rule (validation.hpp).
inline constexpr std::size_t kEventDescriptionMaxCodePoints = 1000;
// Hosts besides the creator, who is always one.
inline constexpr std::size_t kEventMaxHosts = 5;
// How far ahead an event may be scheduled.
inline constexpr std::int64_t kEventMaxLeadSeconds = 366LL * 24 * 3600;
// An event nobody started stays listed (as "starting soon") this long after its start.
inline constexpr std::int64_t kEventGraceSeconds = 6LL * 3600;
// The hallway's upcoming strip lists at most this many events.
inline constexpr std::size_t kUpcomingListed = 50;

// A description: 0-kEventDescriptionMaxCodePoints code points of text, without control
// or invisible formatting characters (validation::is_valid_text).
bool is_valid_event_description(std::string_view description);

// Hosts and the creator may edit, cancel and start an event.
bool is_event_host(const protocol::EventInfo& event, protocol::UserId user);

// Still worth listing at `now` (unix seconds): not cancelled, not yet live, and not
// more than kEventGraceSeconds past its start.
bool is_upcoming(const protocol::EventInfo& event, std::int64_t now);

// The strip's order for a user who follows `following`: events hosted by more people
// they follow first, then those more people asked to hear about, then the soonest.
// Returns indices into `events`.
std::vector<std::size_t> rank_events(std::span<const protocol::EventInfo> events,
                                     const std::unordered_set<protocol::UserId>& following);

}  // namespace salotto::social
