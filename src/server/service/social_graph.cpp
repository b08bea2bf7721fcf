// The in-memory social graph; see social_graph.hpp.
#include "server/service/social_graph.hpp"

namespace salotto::service {

void SocialGraph::load(storage::SocialStore& store) {
    following_.clear();
    followers_.clear();
    blocking_.clear();
    blocked_by_.clear();
    for (auto [a, b] : store.all_follows()) add_follow(a, b);
    for (auto [a, b] : store.all_blocks()) add_block(a, b);
}

const UserSet& SocialGraph::get(const Edges& edges, UserId user) {
    static const UserSet kNone;
    auto it = edges.find(user);
    return it == edges.end() ? kNone : it->second;
}

void SocialGraph::remove(Edges& edges, UserId from, UserId to) {
    auto it = edges.find(from);
    if (it == edges.end()) return;
    it->second.erase(to);
    if (it->second.empty()) edges.erase(it);
}

bool SocialGraph::follows(UserId follower, UserId followee) const {
    return following(follower).count(followee) > 0;
}

bool SocialGraph::blocks(UserId blocker, UserId blocked) const {
    return blocked_by_me(blocker).count(blocked) > 0;
}

bool SocialGraph::blocks_anyone(UserId blocker) const {
    return blocking_.count(blocker) > 0;
}

void SocialGraph::add_follow(UserId follower, UserId followee) {
    following_[follower].insert(followee);
    followers_[followee].insert(follower);
}

void SocialGraph::remove_follow(UserId follower, UserId followee) {
    remove(following_, follower, followee);
    remove(followers_, followee, follower);
}

void SocialGraph::add_block(UserId blocker, UserId blocked) {
    blocking_[blocker].insert(blocked);
    blocked_by_[blocked].insert(blocker);
    remove_follow(blocker, blocked);
    remove_follow(blocked, blocker);
}

void SocialGraph::remove_block(UserId blocker, UserId blocked) {
    remove(blocking_, blocker, blocked);
    remove(blocked_by_, blocked, blocker);
}

}  // namespace salotto::service
