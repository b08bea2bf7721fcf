// The room broadcaster: who gets which room and hallway event (docs/protocol.md,
// "Room events" and "Hallway"). A room's changes go to the connections of its
// members; a room's summary goes to everyone signed in who may see it
// (HallwayAudience).
//
// Both are coalesced. A room's summary changes on every join, so sending each change
// to every signed-in connection made a join flood cost O(N^2) frames: openings and
// endings go out at once, other changes mark the room dirty and flush_hallway() sends
// the dirty rooms' latest summaries, all in one hallway_rooms. Likewise joins and leaves of big
// rooms collect into one members_changed per flush_members().
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "core/protocol/messages.hpp"
#include "core/room/room.hpp"
#include "server/service/connections.hpp"
#include "server/service/hallway_audience.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"

namespace salotto::service {

// Joins and leaves of rooms with at least kBatchedMembersFrom members are collected
// into one members_changed per interval: sent one by one, each join of a room of N
// costs N writes, and filling a room costs N² (docs/protocol.md, "Room events").
inline constexpr std::size_t kBatchedMembersFrom = 100;

class RoomBroadcaster {
  public:
    RoomBroadcaster(Connections& connections, LiveRooms& rooms, HallwayAudience& hallway,
                    const ServiceOptions& options)
        : connections_(connections), rooms_(rooms), hallway_(hallway), options_(options) {}

    // `live` just opened: its summary goes to everyone signed in at once (people look
    // for the room they were told about).
    void opened(LiveRoom& live);
    // Sends the changes of one operation on `live` (its summary was `before`); true
    // when the room ended (its members were told), and the caller retires it.
    [[nodiscard]] bool publish(LiveRoom& live, const room::Outcome& outcome,
                               const protocol::RoomSummary& before);
    // Room `room_id` is gone: everyone who may have it in their hallway, and everyone
    // still knocking on it, hears it, and no stale summary follows.
    void gone(const std::string& room_id, std::span<const UserId> knockers);

    // Sends each room's collected joins and leaves as one members_changed.
    void flush_members();
    // To every connection of every member, except those of `except`.
    void send_members(const room::Room& room, const protocol::Event& event,
                      std::optional<UserId> except = std::nullopt);
    // Sends the latest summaries of the live rooms whose summary changed since the last
    // flush, in one hallway_rooms, to every signed-in connection.
    void flush_hallway();

  private:
    // Whether `live`'s joins and leaves wait for flush_members().
    bool batches_members(const LiveRoom& live) const;
    // Sends `live`'s collected joins and leaves, if any, to its members except `except`.
    void send_members_changed(LiveRoom& live, std::optional<UserId> except = std::nullopt);
    // Tells the hallway that `live`'s summary changed: at once, or at the next
    // flush_hallway().
    void hallway_changed(LiveRoom& live);
    // Sends what one moderation change means to the people it concerns: the removed
    // person, the muted one, the room (settings), its moderators (knocks), a knocker.
    void moderation_changed(LiveRoom& live, const room::Change& change);

    Connections& connections_;
    LiveRooms& rooms_;
    HallwayAudience& hallway_;  // who may see which summary (room types, blocks)
    const ServiceOptions& options_;
    // Rooms whose hallway summary changed since the last flush_hallway(); ended
    // rooms leave it, so they never send a stale hallway_room.
    std::set<std::string> hallway_dirty_;
};

}  // namespace salotto::service
