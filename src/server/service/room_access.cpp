// Room access on the server; see room_access.hpp.
#include "server/service/room_access.hpp"

namespace salotto::service {

social::Relation relation_of(UserId user, const room::Room& room, const SocialGraph& graph) {
    // The user's own sets, looked up once: this runs for every room in a hallway.
    const UserSet& followers = graph.followers(user);
    const UserSet& blockers = graph.blockers(user);
    social::Relation relation;
    for (const auto& member : room.members()) {
        if (member.id == user) relation.in_room = true;
        if (!room::on_stage(member)) continue;
        if (!followers.empty() && followers.count(member.id)) relation.followed_by_stage = true;
        if (!blockers.empty() && blockers.count(member.id)) relation.blocked_by_stage = true;
    }
    return relation;
}

social::Relation relation_of(UserId user, std::span<const protocol::User> stage, bool in_room,
                             const SocialGraph& graph) {
    const UserSet& followers = graph.followers(user);
    const UserSet& blockers = graph.blockers(user);
    social::Relation relation;
    relation.in_room = in_room;
    for (const auto& member : stage) {
        if (member.id == user) relation.in_room = true;
        if (!followers.empty() && followers.count(member.id)) relation.followed_by_stage = true;
        if (!blockers.empty() && blockers.count(member.id)) relation.blocked_by_stage = true;
    }
    return relation;
}

std::optional<ErrorCode> join_refusal(UserId user, const room::Room& room,
                                      const SocialGraph& graph) {
    return social::join_refusal(room.type(), relation_of(user, room, graph));
}

bool same_for_everyone(const room::Room& room, const SocialGraph& graph) {
    if (room.type() != protocol::RoomType::open) return false;
    for (const auto& member : room.members())
        if (room::on_stage(member) && graph.blocks_anyone(member.id)) return false;
    return true;
}

}  // namespace salotto::service
