// The follow and block graph in memory, loaded from SQLite at start and changed
// together with it: the hallway's visibility and ranking read it for every signed-in
// user on every room change, which must not wait for the disk.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "core/protocol/messages.hpp"
#include "server/storage/social_store.hpp"

namespace salotto::service {

using protocol::UserId;
using UserSet = std::unordered_set<UserId>;

class SocialGraph {
  public:
    void load(storage::SocialStore& store);

    bool follows(UserId follower, UserId followee) const;
    bool blocks(UserId blocker, UserId blocked) const;
    // Whether `blocker` blocked anyone at all (their rooms are then shown per user).
    bool blocks_anyone(UserId blocker) const;
    const UserSet& following(UserId user) const { return get(following_, user); }
    const UserSet& followers(UserId user) const { return get(followers_, user); }
    const UserSet& blocked_by_me(UserId user) const { return get(blocking_, user); }
    // Who blocked `user`.
    const UserSet& blockers(UserId user) const { return get(blocked_by_, user); }

    void add_follow(UserId follower, UserId followee);
    void remove_follow(UserId follower, UserId followee);
    // Also removes the follows between the two, both ways.
    void add_block(UserId blocker, UserId blocked);
    void remove_block(UserId blocker, UserId blocked);

  private:
    using Edges = std::unordered_map<UserId, UserSet>;
    static const UserSet& get(const Edges& edges, UserId user);
    static void remove(Edges& edges, UserId from, UserId to);

    Edges following_, followers_, blocking_, blocked_by_;
};

}  // namespace salotto::service
