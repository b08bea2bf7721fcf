// Scheduled events' rules; see events.hpp.
#include "core/social/events.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/validation.hpp"

namespace salotto::social {

bool is_valid_event_description(std::string_view description) {
    return validation::is_valid_text(description, 0, kEventDescriptionMaxCodePoints);
}

bool is_event_host(const protocol::EventInfo& event, protocol::UserId user) {
    return std::any_of(event.hosts.begin(), event.hosts.end(),
                       [&](const protocol::User& host) { return host.id == user; });
}

bool is_upcoming(const protocol::EventInfo& event, std::int64_t now) {
    return !event.cancelled && !event.room && now <= event.starts + kEventGraceSeconds;
}

std::vector<std::size_t> rank_events(std::span<const protocol::EventInfo> events,
                                     const std::unordered_set<protocol::UserId>& following) {
    std::vector<int> followed(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
        followed[i] = static_cast<int>(
            std::count_if(events[i].hosts.begin(), events[i].hosts.end(),
                          [&](const protocol::User& host) { return following.contains(host.id); }));
    std::vector<std::size_t> order(events.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::tuple(-followed[a], -events[a].interested, events[a].starts) <
               std::tuple(-followed[b], -events[b].interested, events[b].starts);
    });
    return order;
}

}  // namespace salotto::social
