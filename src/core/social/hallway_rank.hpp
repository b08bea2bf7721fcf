// The per-user hallway order (docs/protocol.md, "Hallway ranking"): rooms with people
// the user follows on stage first, then rooms where people they follow listen, then
// the rest by size, each with the reason it is there ("Ada and 2 others you follow
// are speaking").
//
// One pure function over the room summaries, whom the user follows and where those
// people are: the server orders the hallway snapshot with it, and the web client
// re-ranks with it on every live update, so both always agree.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::social {

// A followers or following list holds at most this many people (the newest).
inline constexpr std::size_t kMaxFollowsListed = 200;

enum class HallwayTier { speaking = 0, listening = 1, other = 2 };

struct RankedRoom {
    std::size_t index = 0;  // into the summaries given
    HallwayTier tier = HallwayTier::other;
    int followed = 0;    // followed people speaking (tier speaking) or listening
    std::string reason;  // empty for tier other
    bool operator==(const RankedRoom&) const = default;
};

// Ranks `rooms` for a user who follows `following`; `places` says which room each
// followed person is in (those not on that room's stage are listening). Within a tier,
// rooms with more followed people come first, then bigger rooms (listeners + stage),
// then the order given (the server lists newest first).
std::vector<RankedRoom> rank_hallway(std::span<const protocol::RoomSummary> rooms,
                                     const std::unordered_set<protocol::UserId>& following,
                                     std::span<const protocol::FriendPlace> places);

// "Ada is speaking", "Ada and Bruno are speaking", "Ada and 2 others you follow are
// speaking"; the same with "listening".
std::string hallway_reason(HallwayTier tier, std::span<const std::string> names, int count);

}  // namespace salotto::social
