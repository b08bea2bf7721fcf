// Scheduled events (docs/protocol.md, "Events"): hosts schedule, edit, cancel and start
// them; anyone signed in lists them, asks to be told when one starts ("notify me"),
// and fetches one by its link. Every change is written to SQLite and sent to every
// signed-in connection; starting an event opens its room and notifies the hosts'
// followers and everyone who asked; cancelling notifies those who asked. An event may be
// scheduled in a club (its leaders and admins only, core/social/clubs.hpp's open_room
// rule); its room then opens in that club and the club's page lists it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/messages.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/connections.hpp"
#include "server/service/options.hpp"
#include "server/service/room_intents.hpp"
#include "server/service/social_graph.hpp"
#include "server/service/social_intents.hpp"
#include "server/storage/event_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class EventIntents {
  public:
    // `clubs` is read only once handling intents (ClubIntents loads it).
    EventIntents(storage::Store& store, Connections& connections, RoomIntents& room_intents,
                 SocialIntents& social, const SocialGraph& graph, const ServiceOptions& options,
                 const ClubDirectory& clubs);

    void handle(Request& r, const protocol::CreateEvent& m);
    void handle(Request& r, const protocol::UpdateEvent& m);
    void handle(Request& r, const protocol::CancelEvent& m);
    void handle(Request& r, const protocol::GetEvent& m);
    void handle(Request& r, const protocol::ListEvents& m);
    void handle(Request& r, const protocol::SetEventNotify& m);
    void handle(Request& r, const protocol::StartEvent& m);

    // Connection `id` signed in as `user`: the upcoming events, when there are any.
    void signed_in(ConnectionId id, UserId user);
    // Event `id` as anyone sees it (for its calendar file); nothing when there is none.
    std::optional<protocol::EventInfo> event(std::string_view id);

  private:
    // Checks what a host sent and turns it into stored fields; `creator` leads the
    // hosts. `unchanged_start` is the stored event's (zone, local start), which may
    // stay as it is even once it is in the past.
    std::optional<ErrorCode> read_fields(
        const std::string& title, const std::string& description, const std::string& start,
        const std::string& time_zone, const std::vector<std::string>& hosts, UserId creator,
        storage::EventFields& out,
        const std::optional<std::pair<std::string, std::string>>& unchanged_start = {});
    // The event, for a request that must be one of its hosts: refusal sent otherwise.
    std::optional<protocol::EventInfo> hosted(Request& r, const std::string& id);
    // Why the requester may not schedule in `club` (when it is not `kept`, the club the
    // event already has), or nothing.
    std::optional<ErrorCode> club_refusal(UserId user, const std::optional<std::int64_t>& club,
                                          const std::optional<protocol::ClubTag>& kept = {});
    protocol::UpcomingEvents upcoming_for(UserId user);

    storage::Store& store_;
    storage::EventStore events_;
    Connections& connections_;
    RoomIntents& room_intents_;
    SocialIntents& social_;
    const SocialGraph& graph_;
    const ServiceOptions& options_;
    const ClubDirectory& clubs_;
};

}  // namespace salotto::service
