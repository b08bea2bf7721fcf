// Who may see and join a live room, on the server: the one place that gathers the
// facts (membership, who on stage follows or blocked the user, the moderators' let-in
// list) and applies core/social/room_access.hpp's rule. The hallway and join_room both
// ask here; a let-in list for closed rooms belongs in relation_of().
#pragma once

#include <optional>
#include <span>

#include "core/error_code.hpp"
#include "core/room/room.hpp"
#include "core/social/room_access.hpp"
#include "server/service/social_graph.hpp"

namespace salotto::service {

social::Relation relation_of(UserId user, const room::Room& room, const SocialGraph& graph);
// The same from a room's stage (a summary's speakers) and whether the user is in the
// room: what the hallway has at hand for every user and room without walking a big
// room's audience.
social::Relation relation_of(UserId user, std::span<const protocol::User> stage, bool in_room,
                             const SocialGraph& graph);

// Why `user` may not join `room` (and does not see it in the hallway), or nothing.
std::optional<ErrorCode> join_refusal(UserId user, const room::Room& room,
                                      const SocialGraph& graph);
inline bool may_see(UserId user, const room::Room& room, const SocialGraph& graph) {
    return !join_refusal(user, room, graph);
}
inline bool may_see(UserId user, protocol::RoomType type, std::span<const protocol::User> stage,
                    bool in_room, const SocialGraph& graph) {
    return social::may_join(type, relation_of(user, stage, in_room, graph));
}

// Whether the room looks the same to everyone signed in: open, and nobody on its stage
// blocked anyone. Such rooms share one hallway frame; the others are sent per user.
bool same_for_everyone(const room::Room& room, const SocialGraph& graph);

}  // namespace salotto::service
