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
    relation.let_in = room.admitted(user) && !room.removed(user);
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

std::optional<ErrorCode> join_refusal(UserId user, const room::Room& room, const SocialGraph& graph,
                                      const ClubDirectory& clubs) {
    // Someone removed is told so first. Otherwise the social rule (blocks, social
    // rooms), then the moderators' admission: a closed room lets in whom they let in,
    // or anyone while link joins are on.
    auto relation = relation_of(user, room, graph);
    relation.let_in = true;  // closed rooms: admission() below decides
    if (!room.removed(user))
        if (auto refused = social::join_refusal(room.type(), relation)) return refused;
    // The club's rule holds whatever the type: a closed club room needs both.
    if (room.club() && !room.removed(user))
        if (auto refused = clubs.join_refusal(user, room.club()->id)) return refused;
    return room.admission(user);
}

bool same_for_everyone(const room::Room& room, const SocialGraph& graph) {
    if (room.type() != protocol::RoomType::open || room.removed_anyone()) return false;
    for (const auto& member : room.members())
        if (room::on_stage(member) && graph.blocks_anyone(member.id)) return false;
    return true;
}

}  // namespace salotto::service
