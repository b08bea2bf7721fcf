// Who gets which hallway summary; see hallway_audience.hpp.
#include "server/service/hallway_audience.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/protocol/codec.hpp"
#include "core/social/hallway_rank.hpp"
#include "server/service/room_access.hpp"

namespace salotto::service {

bool HallwayAudience::has(const LiveRoom& live, UserId user) const {
    const std::string& id = live.room.id();
    if (shared_.count(id)) return true;
    auto it = viewers_.find(id);
    return it != viewers_.end() && it->second.count(user);
}

bool HallwayAudience::visible(UserId user, LiveRoom& live) {
    return may_see(user, live.room, live.hallway_sent.speakers, rooms_.of(user) == &live, graph_);
}

void HallwayAudience::send(const std::vector<LiveRoom*>& changed, bool batch) {
    protocol::HallwayRooms shared;
    std::vector<LiveRoom*> per_user;
    for (LiveRoom* live : changed) {
        if (same_for_everyone(live->room, graph_)) {
            shared.rooms.push_back(live->hallway_sent);
        } else {
            per_user.push_back(live);
        }
    }
    // The common case: one encoding, one write per connection.
    if (batch && !shared.rooms.empty()) connections_.send_signed_in(shared);
    if (!batch)
        for (const auto& room : shared.rooms)
            connections_.send_signed_in(protocol::HallwayRoom{room});
    for (const auto& room : shared.rooms) {
        shared_.insert(room.id);
        viewers_.erase(room.id);
    }
    if (per_user.empty()) return;

    std::map<UserId, protocol::HallwayRooms> shown;
    std::map<UserId, std::vector<std::string>> hidden;
    for (LiveRoom* live : per_user) {
        const std::string& id = live->room.id();
        std::unordered_set<UserId> viewers;
        for (const auto& [user, ids] : connections_.users()) {
            if (visible(user, *live)) {
                shown[user].rooms.push_back(live->hallway_sent);
                viewers.insert(user);
            } else if (has(*live, user)) {
                hidden[user].push_back(id);
            }
        }
        shared_.erase(id);
        viewers_[id] = std::move(viewers);
    }
    for (auto& [user, rooms] : shown) {
        if (batch) {
            connections_.send_user(user, rooms);
        } else {
            for (auto& room : rooms.rooms)
                connections_.send_user(user, protocol::HallwayRoom{room});
        }
    }
    for (const auto& [user, ids] : hidden)
        for (const auto& id : ids) connections_.send_user(user, protocol::HallwayRoomGone{id});
}

void HallwayAudience::gone(const std::string& room_id, std::span<const UserId> knockers) {
    const bool everyone = shared_.erase(room_id) > 0;
    auto it = viewers_.find(room_id);
    if (everyone || it == viewers_.end()) {
        connections_.send_signed_in(protocol::HallwayRoomGone{room_id});
        if (it != viewers_.end()) viewers_.erase(it);
        return;
    }
    std::unordered_set<UserId> told = std::move(it->second);
    viewers_.erase(it);
    // Knockers rarely see the closed room they knock on, yet wait on its answer.
    told.insert(knockers.begin(), knockers.end());
    for (UserId user : told) connections_.send_user(user, protocol::HallwayRoomGone{room_id});
}

protocol::Hallway HallwayAudience::hallway_for(UserId user) {
    const LiveRoom* own = rooms_.of(user);
    std::vector<std::pair<const LiveRoom*, protocol::RoomSummary>> live;
    live.reserve(rooms_.size());
    for (auto& [id, room] : rooms_.all()) {
        // The current summary's stage decides, as for every hallway update.
        auto summary = room.room.summary();
        if (!may_see(user, room.room, summary.speakers, own == &room, graph_)) {
            // Hidden since the last send (a change waiting for the flush): the user's
            // other tabs drop it now, and the flush has nothing to take back.
            if (has(room, user)) forget(id, user);
            continue;
        }
        live.emplace_back(&room, std::move(summary));
        if (!shared_.count(id)) viewers_[id].insert(user);
    }
    // Newest first before ranking: within a tier and size, what just opened comes first.
    std::sort(live.begin(), live.end(),
              [](const auto& a, const auto& b) { return a.first->opened > b.first->opened; });
    std::vector<protocol::RoomSummary> summaries;
    summaries.reserve(live.size());
    for (auto& [room, summary] : live) summaries.push_back(std::move(summary));
    const auto places = places_for(user);
    protocol::Hallway out;
    out.rooms.reserve(summaries.size());
    for (const auto& ranked : social::rank_hallway(summaries, graph_.following(user), places))
        out.rooms.push_back(std::move(summaries[ranked.index]));
    return out;
}

void HallwayAudience::refresh(UserId user) {
    if (connections_.count_of(user) == 0) return;
    protocol::HallwayRooms appeared;
    for (auto& [id, live] : rooms_.all()) {
        const bool now = visible(user, live);
        const bool had = has(live, user);
        if (now && !had) {
            viewers_[id].insert(user);
            appeared.rooms.push_back(live.hallway_sent);
        } else if (!now && had) {
            forget(id, user);
        }
    }
    if (!appeared.rooms.empty()) connections_.send_user(user, appeared);
}

void HallwayAudience::forget(const std::string& room_id, UserId user) {
    if (shared_.erase(room_id)) {
        // Everyone had it; now everyone but this user.
        auto& viewers = viewers_[room_id];
        for (const auto& [other, ids] : connections_.users())
            if (other != user) viewers.insert(other);
    } else {
        viewers_[room_id].erase(user);
    }
    connections_.send_user(user, protocol::HallwayRoomGone{room_id});
}

std::vector<protocol::FriendPlace> HallwayAudience::places_for(UserId user) {
    std::vector<protocol::FriendPlace> places;
    for (UserId followed : graph_.following(user)) {
        LiveRoom* live = rooms_.of(followed);
        if (!live || !may_see(user, live->room, graph_)) continue;
        if (const auto* member = live->room.find(followed))
            places.push_back({{member->id, member->handle, member->name}, live->room.id()});
    }
    return places;
}

}  // namespace salotto::service
