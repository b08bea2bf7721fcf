// Who may see and join a live room, on the server: the one place that gathers the
// facts (membership, who on stage follows or blocked the user, the moderators' let-in
// list, removals) and applies core/social/room_access.hpp's rule after the room's own
// admission() (src/core/room: removals, closed rooms' let-in list and link joins).
// The hallway and join_room both ask here.
#pragma once

#include <optional>
#include <span>

#include "core/error_code.hpp"
#include "core/room/room.hpp"
#include "core/social/room_access.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/social_graph.hpp"

namespace salotto::service {

social::Relation relation_of(UserId user, const room::Room& room, const SocialGraph& graph);
// The same from a room's stage (a summary's speakers) and whether the user is in the
// room: what the hallway has at hand for every user and room without walking a big
// room's audience.
social::Relation relation_of(UserId user, std::span<const protocol::User> stage, bool in_room,
                             const SocialGraph& graph);

// Why `user` may not join `room`, or nothing. A room opened in a club also needs what
// the club's rule asks (core/social/clubs.hpp: members, or members and followers);
// club rooms are still listed to everyone who may see them otherwise (may_see below),
// so that people find clubs through their rooms.
std::optional<ErrorCode> join_refusal(UserId user, const room::Room& room, const SocialGraph& graph,
                                      const ClubDirectory& clubs);
// Whether `user` sees `room` in the hallway and in search: as join_refusal, except that
// a closed room is listed only to people let in, even when its link lets anyone join,
// and a room is never listed to someone removed from it.
inline bool may_see(UserId user, const room::Room& room, const SocialGraph& graph) {
    if (room.removed(user)) return false;
    return social::may_join(room.type(), relation_of(user, room, graph));
}
// The same judged from a summary's stage and whether the user is in the room.
inline bool may_see(UserId user, const room::Room& room, std::span<const protocol::User> stage,
                    bool in_room, const SocialGraph& graph) {
    if (room.removed(user)) return false;
    auto relation = relation_of(user, stage, in_room, graph);
    relation.let_in = room.admitted(user);
    return social::may_join(room.type(), relation);
}

// Whether the room looks the same to everyone signed in: open, nobody removed from it,
// and nobody on its stage blocked anyone. Such rooms share one hallway frame; the
// others are sent per user.
bool same_for_everyone(const room::Room& room, const SocialGraph& graph);

}  // namespace salotto::service
