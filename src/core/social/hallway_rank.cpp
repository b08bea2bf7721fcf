// The hallway ranking; see hallway_rank.hpp.
#include "core/social/hallway_rank.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace salotto::social {

std::string hallway_reason(HallwayTier tier, std::span<const std::string> names, int count) {
    if (tier == HallwayTier::other || names.empty() || count <= 0) return {};
    const bool speaking = tier == HallwayTier::speaking;
    if (count == 1) return names[0] + (speaking ? " is speaking" : " is listening");
    const std::string verb = speaking ? " are speaking" : " are listening";
    if (count == 2 && names.size() >= 2) return names[0] + " and " + names[1] + verb;
    return names[0] + " and " + std::to_string(count - 1) + " others you follow" + verb;
}

std::vector<RankedRoom> rank_hallway(std::span<const protocol::RoomSummary> rooms,
                                     const std::unordered_set<protocol::UserId>& following,
                                     std::span<const protocol::FriendPlace> places) {
    // Followed people by room, in the order given; only the first two names are shown.
    std::unordered_map<std::string_view, std::vector<const protocol::User*>> in_room;
    for (const auto& place : places)
        if (following.count(place.user.id)) in_room[place.room].push_back(&place.user);

    std::vector<RankedRoom> ranked(rooms.size());
    std::vector<int> size(rooms.size());
    for (std::size_t i = 0; i < rooms.size(); ++i) {
        const auto& room = rooms[i];
        RankedRoom& out = ranked[i];
        out.index = i;
        size[i] = room.listeners + static_cast<int>(room.speakers.size());
        std::vector<std::string> names;
        for (const auto& speaker : room.speakers) {
            if (!following.count(speaker.id)) continue;
            if (names.size() < 2) names.push_back(speaker.name);
            ++out.followed;
        }
        if (out.followed > 0) {
            out.tier = HallwayTier::speaking;
        } else if (auto it = in_room.find(room.id); it != in_room.end()) {
            for (const protocol::User* user : it->second) {
                const bool on_stage =
                    std::any_of(room.speakers.begin(), room.speakers.end(),
                                [&](const protocol::User& s) { return s.id == user->id; });
                if (on_stage) continue;
                if (names.size() < 2) names.push_back(user->name);
                ++out.followed;
            }
            if (out.followed > 0) out.tier = HallwayTier::listening;
        }
        out.reason = hallway_reason(out.tier, names, out.followed);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](const RankedRoom& a, const RankedRoom& b) {
        if (a.tier != b.tier) return a.tier < b.tier;
        if (a.followed != b.followed) return a.followed > b.followed;
        return size[a.index] > size[b.index];
    });
    return ranked;
}

}  // namespace salotto::social
