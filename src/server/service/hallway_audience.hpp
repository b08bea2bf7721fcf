// Who gets which hallway summary (docs/protocol.md, "Room types" and "Hallway
// ranking"). Rooms that look the same to everyone (open, nobody on stage blocked
// anyone) go in one shared frame to every signed-in connection, as before; the others
// go to each signed-in user who may see them, and a user who saw one and may no longer
// gets hallway_room_gone. Called by the broadcaster for room changes and by the social
// intents when a follow or block changes what one user may see.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/social_graph.hpp"

namespace salotto::service {

class HallwayAudience {
  public:
    HallwayAudience(Connections& connections, LiveRooms& rooms, const SocialGraph& graph)
        : connections_(connections), rooms_(rooms), graph_(graph) {}

    // Sends the summaries last recorded in `changed` rooms' hallway_sent: as one
    // hallway_rooms (batch) or one hallway_room per room.
    void send(const std::vector<LiveRoom*>& changed, bool batch);
    // Room `room_id` ended: the users who may have it, and those still knocking on it,
    // hear hallway_room_gone.
    void gone(const std::string& room_id, std::span<const UserId> knockers);
    // The hallway snapshot for `user` at sign-in: the rooms they may see, ranked
    // (core/social/hallway_rank.hpp).
    protocol::Hallway hallway_for(UserId user);
    // What `user` may see changed (a follow or a block): sends them the rooms they may
    // now see and hallway_room_gone for those they no longer may.
    void refresh(UserId user);
    // Followed people of `user` in live rooms that `user` may see.
    std::vector<protocol::FriendPlace> places_for(UserId user);

  private:
    // Whether `user` may have `live`'s summary from earlier sends.
    bool has(const LiveRoom& live, UserId user) const;
    // Whether `user` may see `live`, judged by its last sent summary's stage
    // (room_access.hpp), which is current whenever a summary goes out.
    bool visible(UserId user, LiveRoom& live);
    // `user` may no longer see `room_id`: off its viewers, and told hallway_room_gone.
    void forget(const std::string& room_id, UserId user);

    Connections& connections_;
    LiveRooms& rooms_;
    const SocialGraph& graph_;
    // Rooms last sent to everyone in the shared frame.
    std::unordered_set<std::string> shared_;
    // Rooms sent per user, and to whom.
    std::unordered_map<std::string, std::unordered_set<UserId>> viewers_;
};

}  // namespace salotto::service
