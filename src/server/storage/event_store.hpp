// Scheduled events' queries (schema steps 9 and 12): the events, their hosts, who asked
// to be told when each starts, and the club each is scheduled in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

// What an event's creator or hosts set; the rest (interest, room, cancelled) follows
// from what happens to it.
struct EventFields {
    std::string title;
    std::string description;
    std::int64_t starts = 0;
    std::string time_zone;
    std::string local_start;
    std::vector<protocol::UserId> hosts;  // the creator first
    std::optional<std::int64_t> club;     // the club it is scheduled in
};

class EventStore {
  public:
    explicit EventStore(Database& db) : db_(db) {}

    // Stores a new event; false when `id` is taken.
    bool insert(std::string_view id, protocol::UserId creator, const EventFields& fields,
                std::int64_t now);
    void update(std::string_view id, const EventFields& fields);
    void cancel(std::string_view id);
    void set_room(std::string_view id, std::string_view room);

    std::optional<protocol::EventInfo> find(std::string_view id);
    // The creator of event `id`; nothing when there is no such event.
    std::optional<protocol::UserId> creator_of(std::string_view id);
    // Events neither cancelled nor started whose start is at or after `since`, soonest
    // first, at most `limit`.
    std::vector<protocol::EventInfo> upcoming(std::int64_t since, std::size_t limit);
    // The same, of club `club` only.
    std::vector<protocol::EventInfo> upcoming_in_club(std::int64_t club, std::int64_t since,
                                                      std::size_t limit);

    // Whether `user` asked to hear about event `id`; changes it.
    bool notify_of(std::string_view id, protocol::UserId user);
    void set_notify(std::string_view id, protocol::UserId user, bool on);
    // Of `events`, the ids `user` asked to hear about.
    std::vector<std::string> notified_among(std::span<const protocol::EventInfo> events,
                                            protocol::UserId user);
    // Everyone who asked to hear about event `id`.
    std::vector<protocol::UserId> notified(std::string_view id);

  private:
    std::vector<protocol::User> hosts_of(std::string_view id);
    void replace_hosts(std::string_view id, std::span<const protocol::UserId> hosts);
    std::vector<protocol::EventInfo> read(Statement& s);

    Database& db_;
};

}  // namespace salotto::storage
