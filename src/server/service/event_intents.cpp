// Scheduled events; see event_intents.hpp.
#include "server/service/event_intents.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/social/clubs.hpp"
#include "core/social/events.hpp"
#include "core/validation.hpp"
#include "server/auth/secrets.hpp"
#include "server/calendar/event_time.hpp"

namespace salotto::service {

namespace {

// Event ids are random, like room ids; a clash is possible only in theory.
constexpr int kEventIdAttempts = 8;

}  // namespace

EventIntents::EventIntents(storage::Store& store, Connections& connections,
                           RoomIntents& room_intents, SocialIntents& social,
                           const SocialGraph& graph, const ServiceOptions& options,
                           const ClubDirectory& clubs)
    : store_(store),
      events_(store.database()),
      connections_(connections),
      room_intents_(room_intents),
      social_(social),
      graph_(graph),
      options_(options),
      clubs_(clubs) {
    calendar::preload_time_zones();
}

std::optional<ErrorCode> EventIntents::read_fields(
    const std::string& title, const std::string& description, const std::string& start,
    const std::string& time_zone, const std::vector<std::string>& hosts, UserId creator,
    storage::EventFields& out,
    const std::optional<std::pair<std::string, std::string>>& unchanged_start) {
    if (!validation::is_valid_room_title(title)) return ErrorCode::title_invalid;
    if (!social::is_valid_event_description(description))
        return ErrorCode::event_description_invalid;
    const auto instant = calendar::start_instant(start, time_zone);
    if (instant.error) return instant.error;
    const std::int64_t now = options_.unix_now();
    const bool kept =
        unchanged_start && unchanged_start->first == time_zone && unchanged_start->second == start;
    if (!kept && (instant.utc < now || instant.utc > now + social::kEventMaxLeadSeconds))
        return ErrorCode::event_time_invalid;

    if (hosts.size() > social::kEventMaxHosts + 1) return ErrorCode::event_hosts_invalid;
    out.hosts = {creator};
    for (const auto& handle : hosts) {
        const auto host = store_.user_by_handle(handle);
        if (!host) return ErrorCode::event_hosts_invalid;
        if (std::find(out.hosts.begin(), out.hosts.end(), host->user.id) == out.hosts.end())
            out.hosts.push_back(host->user.id);
    }
    if (out.hosts.size() > social::kEventMaxHosts + 1) return ErrorCode::event_hosts_invalid;

    out.title = title;
    out.description = description;
    out.starts = instant.utc;
    out.time_zone = time_zone;
    out.local_start = start;
    return std::nullopt;
}

std::optional<ErrorCode> EventIntents::club_refusal(UserId user,
                                                    const std::optional<std::int64_t>& club,
                                                    const std::optional<protocol::ClubTag>& kept) {
    if (!club || (kept && kept->id == *club)) return std::nullopt;
    const Club* found = clubs_.find(*club);
    if (!found) return ErrorCode::club_not_found;
    // Scheduling in a club is opening a room in it ahead of time: the same rule.
    return social::club_refusal(found->role_of(user), social::ClubAction::open_room,
                                found->record.room_access);
}

std::optional<protocol::EventInfo> EventIntents::hosted(Request& r, const std::string& id) {
    auto event = events_.find(id);
    if (!event) {
        connections_.reject(r.id, ErrorCode::event_not_found, r.type);
        return std::nullopt;
    }
    if (!social::is_event_host(*event, r.user())) {
        connections_.reject(r.id, ErrorCode::forbidden, r.type);
        return std::nullopt;
    }
    return event;
}

void EventIntents::handle(Request& r, const protocol::CreateEvent& m) {
    storage::EventFields fields;
    if (auto error =
            read_fields(m.title, m.description, m.start, m.time_zone, m.hosts, r.user(), fields))
        return connections_.reject(r.id, *error, r.type);
    if (auto error = club_refusal(r.user(), m.club))
        return connections_.reject(r.id, *error, r.type);
    fields.club = m.club;
    std::string id;
    for (int attempt = 0; attempt < kEventIdAttempts && id.empty(); ++attempt) {
        std::string candidate = auth::new_room_id();
        if (events_.insert(candidate, r.user(), fields, options_.unix_now()))
            id = std::move(candidate);
    }
    if (id.empty()) return connections_.reject(r.id, ErrorCode::internal, r.type);
    spdlog::info("event {} scheduled by @{}", id, r.connection.user->handle);
    if (auto event = events_.find(id)) connections_.send_signed_in(protocol::EventChanged{*event});
}

void EventIntents::handle(Request& r, const protocol::UpdateEvent& m) {
    const auto event = hosted(r, m.id);
    if (!event) return;
    if (event->cancelled || event->room)
        return connections_.reject(r.id, ErrorCode::event_over, r.type);
    const auto creator = events_.creator_of(m.id).value_or(r.user());
    storage::EventFields fields;
    if (auto error = read_fields(m.title, m.description, m.start, m.time_zone, m.hosts, creator,
                                 fields, std::pair(event->time_zone, event->local_start)))
        return connections_.reject(r.id, *error, r.type);
    if (auto error = club_refusal(r.user(), m.club, event->club))
        return connections_.reject(r.id, *error, r.type);
    fields.club = m.club;
    events_.update(m.id, fields);
    if (auto changed = events_.find(m.id))
        connections_.send_signed_in(protocol::EventChanged{*changed});
}

void EventIntents::handle(Request& r, const protocol::CancelEvent& m) {
    const auto event = hosted(r, m.id);
    if (!event) return;
    if (event->cancelled || event->room)
        return connections_.reject(r.id, ErrorCode::event_over, r.type);
    events_.cancel(m.id);
    const std::int64_t now = options_.unix_now();
    for (UserId user : events_.notified(m.id))
        if (user != r.user())
            social_.notify({user, "event_cancelled", r.user(), {}, event->title, now, m.id});
    if (auto changed = events_.find(m.id))
        connections_.send_signed_in(protocol::EventChanged{*changed});
}

void EventIntents::handle(Request& r, const protocol::GetEvent& m) {
    const auto event = events_.find(m.id);
    if (!event) return connections_.reject(r.id, ErrorCode::event_not_found, r.type);
    connections_.send(r.id, protocol::EventChanged{*event});
    connections_.send(
        r.id, protocol::EventNotify{m.id, events_.notify_of(m.id, r.user()), event->interested});
}

void EventIntents::handle(Request& r, const protocol::ListEvents&) {
    connections_.send(r.id, upcoming_for(r.user()));
}

void EventIntents::handle(Request& r, const protocol::SetEventNotify& m) {
    const auto event = events_.find(m.id);
    if (!event) return connections_.reject(r.id, ErrorCode::event_not_found, r.type);
    if (m.on && (event->cancelled || event->room))
        return connections_.reject(r.id, ErrorCode::event_over, r.type);
    events_.set_notify(m.id, r.user(), m.on);
    const int interested = events_.find(m.id).value_or(*event).interested;
    connections_.send_user(r.user(), protocol::EventNotify{m.id, m.on, interested});
}

void EventIntents::handle(Request& r, const protocol::StartEvent& m) {
    const auto event = hosted(r, m.id);
    if (!event) return;
    if (event->cancelled || event->room)
        return connections_.reject(r.id, ErrorCode::event_over, r.type);
    // The room opens in the event's club, under the club's name as it is now; the host
    // may start it even if they are no leader, since a leader scheduled it with them.
    std::optional<protocol::ClubTag> club;
    if (event->club)
        if (const Club* found = clubs_.find(event->club->id)) club = found->tag();
    LiveRoom* live = room_intents_.open_room(r, event->title, protocol::RoomType::open, club);
    if (!live) return;
    const std::string room = live->room.id();
    events_.set_room(m.id, room);

    // The other hosts, the hosts' followers and everyone who asked, each once.
    std::set<UserId> told;
    for (const auto& host : event->hosts) {
        told.insert(host.id);
        for (UserId follower : graph_.followers(host.id)) told.insert(follower);
    }
    for (UserId user : events_.notified(m.id)) told.insert(user);
    told.erase(r.user());
    const std::int64_t now = options_.unix_now();
    // One transaction: a host with many followers costs one disk sync, not one each.
    storage::Transaction tx(store_.database());
    for (UserId user : told) {
        if (graph_.blocks(user, r.user()) || graph_.blocks(r.user(), user)) continue;
        social_.notify({user, "event_started", r.user(), room, event->title, now, m.id});
    }
    tx.commit();
    spdlog::info("event {} started in room {} by @{} ({} told)", m.id, room,
                 r.connection.user->handle, told.size());
    if (auto changed = events_.find(m.id))
        connections_.send_signed_in(protocol::EventChanged{*changed});
}

protocol::UpcomingEvents EventIntents::upcoming_for(UserId user) {
    protocol::UpcomingEvents out;
    out.items =
        events_.upcoming(options_.unix_now() - social::kEventGraceSeconds, social::kUpcomingListed);
    out.notify = events_.notified_among(out.items, user);
    return out;
}

void EventIntents::signed_in(ConnectionId id, UserId user) {
    auto upcoming = upcoming_for(user);
    if (!upcoming.items.empty()) connections_.send(id, std::move(upcoming));
}

std::optional<protocol::EventInfo> EventIntents::event(std::string_view id) {
    return events_.find(id);
}

}  // namespace salotto::service
