// The live rooms; see live_rooms.hpp.
#include "server/service/live_rooms.hpp"

#include <algorithm>

#include "core/text/search_normalise.hpp"

namespace salotto::service {

LiveRoom& LiveRooms::open(const std::string& id, const std::string& title,
                          const room::Person& creator, protocol::RoomType type) {
    auto [it, inserted] = rooms_.try_emplace(
        id, LiveRoom{room::Room(id, title, creator, type), ++rooms_opened_, AudioRoute(pool_)});
    if (inserted) it->second.title_terms = text::search_terms(title);
    return it->second;
}

LiveRoom* LiveRooms::find(std::string_view id) {
    auto it = rooms_.find(id);
    return it == rooms_.end() ? nullptr : &it->second;
}

LiveRoom* LiveRooms::of(UserId user) {
    auto it = user_room_.find(user);
    if (it == user_room_.end()) return nullptr;
    auto room = rooms_.find(it->second);
    return room == rooms_.end() ? nullptr : &room->second;
}

void LiveRooms::seat(UserId user, const std::string& id) {
    user_room_[user] = id;
    if (seat_listener_) seat_listener_(user, id);
}

void LiveRooms::unseat(UserId user) {
    if (user_room_.erase(user) > 0 && seat_listener_) seat_listener_(user, std::nullopt);
}

void LiveRooms::erase(const std::string& id) {
    auto it = rooms_.find(id);
    if (it == rooms_.end()) return;
    std::vector<UserId> seated;
    for (const auto& member : it->second.room.members())
        if (user_room_.erase(member.id) > 0) seated.push_back(member.id);
    rooms_.erase(it);
    if (seat_listener_)
        for (UserId user : seated) seat_listener_(user, std::nullopt);
}

protocol::Hallway LiveRooms::hallway() const {
    std::vector<const LiveRoom*> live;
    live.reserve(rooms_.size());
    for (const auto& [id, room] : rooms_) live.push_back(&room);
    // Newest first: what just opened is what people are most likely looking for.
    std::sort(live.begin(), live.end(),
              [](const LiveRoom* a, const LiveRoom* b) { return a->opened > b->opened; });
    protocol::Hallway out;
    for (const LiveRoom* room : live) out.rooms.push_back(room->room.summary());
    return out;
}

}  // namespace salotto::service
