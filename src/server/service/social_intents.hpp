// The social intents (docs/protocol.md, "Follows and profiles", "Blocks", "Pings and
// notifications"): profiles with their follow counts, follow and unfollow, block and
// unblock, profile edits, follower lists, pings, and the notifications list. Each
// change is written to SQLite and to the in-memory SocialGraph, and whoever's view it
// changes hears at once: the user's `social` state, the hallway rooms that appear or
// disappear for someone (HallwayAudience), a live notification.
//
// It also keeps the followers of each user told where that user is (friend_moved),
// for the hallway's "listening" reasons; LiveRooms calls seat_changed().
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/connections.hpp"
#include "server/service/hallway_audience.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/room_intents.hpp"
#include "server/service/social_graph.hpp"
#include "server/service/token_bucket.hpp"
#include "server/storage/social_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// Pings a user may send: a burst, then one every 10 seconds.
inline constexpr double kPingBurst = 5;
inline constexpr double kPingsPerSecond = 0.1;

class SocialIntents {
  public:
    SocialIntents(auth::Accounts& accounts, storage::Store& store, Connections& connections,
                  LiveRooms& rooms, SocialGraph& graph, HallwayAudience& hallway,
                  RoomIntents& room_intents, const ServiceOptions& options);

    void handle(Request& r, const protocol::GetProfile& m);
    void handle(Request& r, const protocol::Follow& m);
    void handle(Request& r, const protocol::Unfollow& m);
    void handle(Request& r, const protocol::Block& m);
    void handle(Request& r, const protocol::Unblock& m);
    void handle(Request& r, const protocol::UpdateProfile& m);
    void handle(Request& r, const protocol::ListFollows& m);
    void handle(Request& r, const protocol::PingUser& m);
    void handle(Request& r, const protocol::ListNotifications& m);
    void handle(Request& r, const protocol::MarkNotificationsRead& m);

    // Connection `id` signed in as `user`: their social state, when there is any.
    void signed_in(ConnectionId id, UserId user);
    // `user` just signed up: whoever invited them hears it.
    void signed_up(UserId user);
    // `user` entered room `room`, or left their room (nothing): their followers hear it.
    void seat_changed(UserId user, const std::optional<std::string>& room);
    // Forgets rate-limit state that has refilled.
    void forget_refilled(Clock::time_point now);
    // Stores a notification for `n.user` and sends it to their connections.
    void notify(const storage::NewNotification& n);

  private:
    protocol::Social social_state(UserId user);
    void send_social(UserId user);
    std::optional<protocol::Profile> profile_for(UserId viewer, std::string_view handle);
    // The checks follow and block share: `target` exists and is someone else.
    std::optional<ErrorCode> check_target(UserId me, UserId target);
    void send_profile(Request& r, UserId target);

    auth::Accounts& accounts_;
    storage::SocialStore store_;
    Connections& connections_;
    LiveRooms& rooms_;
    SocialGraph& graph_;
    HallwayAudience& hallway_;
    RoomIntents& room_intents_;
    const ServiceOptions& options_;
    std::unordered_map<UserId, TokenBucket> pings_;
};

}  // namespace salotto::service
