// Who may see and join a live room (docs/protocol.md, "Room types"): the rule over the
// facts that decide it, platform-free so the server and the tests share it.
//
// The server gathers the facts for one user and one room (service/room_access.hpp)
// and asks join_refusal(); the hallway shows a room exactly when it would let the
// user join, so the two never disagree.
#pragma once

#include <optional>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::social {

// What decides whether one user may join one room.
struct Relation {
    bool in_room = false;            // already a member (audience or stage)
    bool followed_by_stage = false;  // someone on stage follows them
    bool blocked_by_stage = false;   // someone on stage blocked them
    bool let_in = false;             // the moderators let them in (closed rooms)
};

// Why the user may not join (and does not see) the room, or nothing when they may:
//   a member always may (they are in it);
//   blocked by someone on stage: `blocked`, whatever the type;
//   open: anyone signed in;
//   social: people followed by someone on stage, else `room_social_only`;
//   closed: people the moderators let in, else `room_closed`.
std::optional<ErrorCode> join_refusal(protocol::RoomType type, const Relation& relation);

inline bool may_join(protocol::RoomType type, const Relation& relation) {
    return !join_refusal(type, relation);
}

}  // namespace salotto::social
