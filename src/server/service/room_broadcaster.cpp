// The room broadcaster; see room_broadcaster.hpp and docs/protocol.md, "Room events".
#include "server/service/room_broadcaster.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/protocol/codec.hpp"

namespace salotto::service {

void RoomBroadcaster::opened(LiveRoom& live) {
    live.hallway_sent = live.room.summary();
    hallway_.send({&live}, false);
}

bool RoomBroadcaster::publish(LiveRoom& live, const room::Outcome& outcome,
                              const protocol::RoomSummary& before) {
    const room::Room& room = live.room;
    const auto note_change = [&live](UserId user) {
        auto& changed = live.members_changed;
        if (std::find(changed.begin(), changed.end(), user) == changed.end())
            changed.push_back(user);
    };
    std::optional<UserId> joined;
    bool ended = false;
    for (const auto& change : outcome.changes) {
        std::visit(
            [&](const auto& c) {
                using C = std::decay_t<decltype(c)>;
                if constexpr (std::is_same_v<C, room::Joined>) {
                    note_change(c.member.id);
                    joined = c.member.id;
                } else if constexpr (std::is_same_v<C, room::Left>) {
                    note_change(c.user);
                } else if constexpr (std::is_same_v<C, room::Updated>) {
                    if (batches_members(live)) {
                        // members_changed upserts: in a big room an update waits for the
                        // next one, so a storm of hand toggles costs the room one message
                        // per interval instead of one per toggle and member.
                        note_change(c.member.id);
                        return;
                    }
                    // Collected joins and leaves go first: an update must not arrive
                    // for a member the client has not been told about.
                    send_members_changed(live);
                    send_members(room, protocol::MemberUpdated{c.member});
                } else if constexpr (std::is_same_v<C, room::Ended>) {
                    send_members(room, protocol::RoomEnded{room.id()});
                    ended = true;
                } else {
                    moderation_changed(live, c);
                }
            },
            change);
    }
    if (ended) return true;
    // The newcomer got the whole room in room_state already.
    if (!batches_members(live)) send_members_changed(live, joined);
    if (room.summary() != before) hallway_changed(live);
    return false;
}

void RoomBroadcaster::moderation_changed(LiveRoom& live, const room::Change& change) {
    const room::Room& room = live.room;
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, room::Removed>) {
                connections_.send_user(c.user, protocol::RemovedFromRoom{room.id(), room.title()});
                hallway_.refresh(c.user);  // never listed to them again
            } else if constexpr (std::is_same_v<C, room::Muted>) {
                const room::Member* by = room.find(c.by);
                if (by && c.by != c.user)
                    connections_.send_user(c.user, protocol::MutedByModerator{
                                                       room.id(), {by->id, by->handle, by->name}});
            } else if constexpr (std::is_same_v<C, room::SettingsChanged>) {
                // Rare and small: at once, after the joins and leaves collected so far.
                send_members_changed(live);
                send_members(room, room.settings());
            } else if constexpr (std::is_same_v<C, room::KnocksChanged>) {
                const std::string frame =
                    protocol::encode(protocol::Event{protocol::Knocks{room.id(), room.knocks()}});
                for (const auto& member : room.members())
                    if (room::is_moderator(member))
                        connections_.send_frame_to_user(member.id, frame);
            } else if constexpr (std::is_same_v<C, room::KnockAnswered>) {
                connections_.send_user(c.user,
                                       protocol::KnockAnswered{room.id(), room.title(), c.let_in});
                if (c.let_in) hallway_.refresh(c.user);  // a closed room now listed to them
            }
        },
        change);
}

void RoomBroadcaster::gone(const std::string& room_id, std::span<const UserId> knockers) {
    hallway_dirty_.erase(room_id);
    hallway_.gone(room_id, knockers);
}

bool RoomBroadcaster::batches_members(const LiveRoom& live) const {
    return options_.members_interval.count() > 0 &&
           live.room.members().size() >= kBatchedMembersFrom;
}

void RoomBroadcaster::send_members_changed(LiveRoom& live, std::optional<UserId> except) {
    if (live.members_changed.empty()) return;
    protocol::MembersChanged event;
    for (UserId user : std::exchange(live.members_changed, {})) {
        if (const auto* member = live.room.find(user))
            event.members.push_back(*member);
        else
            event.left.push_back(user);
    }
    send_members(live.room, event, except);
}

void RoomBroadcaster::send_members(const room::Room& room, const protocol::Event& event,
                                   std::optional<UserId> except) {
    const std::string frame = protocol::encode(event);
    for (const auto& member : room.members()) {
        if (member.id == except) continue;
        connections_.send_frame_to_user(member.id, frame);
    }
}

void RoomBroadcaster::flush_members() {
    for (auto& [id, live] : rooms_.all()) send_members_changed(live);
}

void RoomBroadcaster::hallway_changed(LiveRoom& live) {
    if (options_.hallway_interval.count() > 0) {
        hallway_dirty_.insert(live.room.id());
        return;
    }
    live.hallway_sent = live.room.summary();
    hallway_.send({&live}, false);
}

void RoomBroadcaster::flush_hallway() {
    auto dirty = std::exchange(hallway_dirty_, {});
    std::vector<LiveRoom*> changed;
    for (const auto& id : dirty) {
        LiveRoom* live = rooms_.find(id);
        if (!live) continue;  // ended meanwhile: hallway_room_gone went out
        auto now = live->room.summary();
        if (now == live->hallway_sent) continue;
        live->hallway_sent = std::move(now);
        changed.push_back(live);
    }
    // One message for all of them: each costs a write to every signed-in connection.
    if (!changed.empty()) hallway_.send(changed, true);
}

}  // namespace salotto::service
