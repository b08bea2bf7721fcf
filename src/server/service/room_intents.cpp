// The room intents and the live rooms' lifecycle; see room_intents.hpp.
#include "server/service/room_intents.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/validation.hpp"
#include "server/service/room_access.hpp"
#include "server/storage/club_store.hpp"

namespace salotto::service {

namespace {

// Room ids are random; a clash with a stored id is possible only in theory.
constexpr int kRoomIdAttempts = 8;

}  // namespace

void RoomIntents::handle(Request& r, const protocol::CreateRoom& m) {
    const protocol::User& me = *r.connection.user;
    // A room in a club: leaders and admins open them (core/social/clubs.hpp).
    std::optional<protocol::ClubTag> club;
    if (m.club) {
        const Club* found = clubs_.find(*m.club);
        if (!found) return connections_.reject(r.id, ErrorCode::club_not_found, r.type);
        if (auto refusal = social::club_refusal(
                found->role_of(me.id), social::ClubAction::open_room, found->record.room_access))
            return connections_.reject(r.id, *refusal, r.type);
        club = found->tag();
    }
    open_room(r, m.title, m.type.value_or(protocol::RoomType::open), club);
}

LiveRoom* RoomIntents::open_room(Request& r, const std::string& title, protocol::RoomType type,
                                 const std::optional<protocol::ClubTag>& club) {
    if (!validation::is_valid_room_title(title)) {
        connections_.reject(r.id, ErrorCode::title_invalid, r.type);
        return nullptr;
    }
    const protocol::User& me = *r.connection.user;
    std::string id;
    for (int attempt = 0; attempt < kRoomIdAttempts && id.empty(); ++attempt) {
        std::string candidate = auth::new_room_id();
        if (!rooms_.contains(candidate) &&
            store_.insert_room(candidate, title, type, me.id, options_.unix_now()))
            id = std::move(candidate);
    }
    if (id.empty()) {
        connections_.reject(r.id, ErrorCode::internal, r.type);
        return nullptr;
    }

    leave_current_room(me.id);
    LiveRoom& live =
        rooms_.open(id, title, room::Person{me.id, me.handle, me.name, me.avatar}, type);
    if (club) {
        storage::ClubStore(store_.database()).set_room_club(id, club->id);
        live.room.set_club(club);
    }
    rooms_.seat(me.id, id);
    spdlog::info("room {} opened by @{}", id, me.handle);
    connections_.send_user(me.id, protocol::RoomState{live.room.snapshot_for(me.id)});
    broadcaster_.opened(live);
    return &live;
}

void RoomIntents::handle(Request& r, const protocol::JoinRoom& m) {
    LiveRoom* live = rooms_.find(m.room);
    if (!live) return connections_.reject(r.id, ErrorCode::room_not_found, r.type);
    const protocol::User& me = *r.connection.user;
    room::Room& target = live->room;
    if (target.contains(me.id))
        return connections_.send(r.id, protocol::RoomState{target.snapshot_for(me.id)});
    // Before leaving the room one is in: a refused join changes nothing.
    if (auto refusal = join_refusal(me.id, target, graph_, clubs_))
        return connections_.reject(r.id, *refusal, r.type);

    leave_current_room(me.id);
    const auto before = target.summary();
    auto outcome = target.join(room::Person{me.id, me.handle, me.name, me.avatar});
    if (!outcome.ok()) return connections_.reject(r.id, *outcome.error, r.type);
    rooms_.seat(me.id, target.id());
    connections_.send_user(me.id, protocol::RoomState{target.snapshot_for(me.id)});
    publish(*live, outcome, before);
}

void RoomIntents::handle(Request& r, const protocol::LeaveRoom&) {
    if (!rooms_.of(r.user())) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    leave_current_room(r.user());
}

void RoomIntents::handle(Request& r, const protocol::RaiseHand&) {
    room_action(r, [&](room::Room& room) { return room.raise_hand(r.user()); });
}

void RoomIntents::handle(Request& r, const protocol::LowerHand&) {
    room_action(r, [&](room::Room& room) { return room.lower_hand(r.user()); });
}

void RoomIntents::handle(Request& r, const protocol::InviteSpeaker& m) {
    room_action(r, [&](room::Room& room) { return room.invite_speaker(r.user(), m.user); });
}

void RoomIntents::handle(Request& r, const protocol::MoveToAudience& m) {
    room_action(r, [&](room::Room& room) { return room.move_to_audience(r.user(), m.user); });
}

void RoomIntents::handle(Request& r, const protocol::MakeModerator& m) {
    room_action(r, [&](room::Room& room) { return room.make_moderator(r.user(), m.user); });
}

void RoomIntents::handle(Request& r, const protocol::EndRoom&) {
    room_action(r, [&](room::Room& room) { return room.end(r.user()); });
}

void RoomIntents::handle(Request& r, const protocol::SetMute& m) {
    room_action(r, [&](room::Room& room) { return room.set_muted(r.user(), m.muted); });
}

void RoomIntents::room_action(Request& r, const std::function<room::Outcome(room::Room&)>& action) {
    LiveRoom* live = rooms_.of(r.user());
    if (!live) return connections_.reject(r.id, ErrorCode::not_in_room, r.type);
    const auto before = live->room.summary();
    auto outcome = action(live->room);
    if (!outcome.ok()) return connections_.reject(r.id, *outcome.error, r.type);
    publish(*live, outcome, before);
}

void RoomIntents::leave_current_room(UserId user) {
    LiveRoom* live = rooms_.of(user);
    if (!live) return;
    const auto before = live->room.summary();
    auto outcome = live->room.leave(user);
    rooms_.unseat(user);
    connections_.send_user(user, protocol::LeftRoom{live->room.id()});
    publish(*live, outcome, before);
}

void RoomIntents::keep_seat_or_leave(UserId user) {
    LiveRoom* live = rooms_.of(user);
    if (!live) return;
    const room::Member* member = live->room.find(user);
    if (member && room::on_stage(*member)) {
        away_[user] = options_.steady_now() + kSeatGrace;
        spdlog::info("@{} dropped off the stage of room {}; the seat is kept for {} s",
                     member->handle, live->room.id(), kSeatGrace.count());
        return;
    }
    leave_current_room(user);
}

void RoomIntents::sweep_seats(Clock::time_point now) {
    std::vector<UserId> seats_lost;
    for (const auto& [user, until] : away_)
        if (now >= until) seats_lost.push_back(user);
    for (UserId user : seats_lost) {
        away_.erase(user);
        if (connections_.count_of(user) == 0) leave_current_room(user);
    }
}

void RoomIntents::publish(LiveRoom& live, const room::Outcome& outcome,
                          const protocol::RoomSummary& before) {
    if (!outcome.changes.empty()) audio_.room_changed(live);
    if (broadcaster_.publish(live, outcome, before))
        retire(live.room.id());  // a copy: retiring destroys `live`
}

void RoomIntents::person_changed(const protocol::User& user) {
    LiveRoom* live = rooms_.of(user.id);
    if (!live) return;
    const auto before = live->room.summary();
    const auto outcome =
        live->room.update_person(room::Person{user.id, user.handle, user.name, user.avatar});
    if (!outcome.changes.empty()) publish(*live, outcome, before);
}

void RoomIntents::retire(std::string room_id) {
    LiveRoom* live = rooms_.find(room_id);
    if (!live) return;
    std::vector<UserId> knockers;
    for (const auto& user : live->room.knocks()) knockers.push_back(user.id);
    rooms_.erase(room_id);
    spdlog::info("room {} ended", room_id);
    broadcaster_.gone(room_id, knockers);
    store_.end_room(room_id, options_.unix_now());
}

void RoomIntents::save_stages() {
    std::vector<storage::SeatedRoom> rooms;
    for (const auto& [id, live] : rooms_.all()) {
        storage::SeatedRoom saved{id, live.room.title(), live.room.type(), {}};
        for (const auto& member : live.room.members())
            if (room::on_stage(member)) saved.seats.push_back({member.id, member.role});
        if (!saved.seats.empty()) rooms.push_back(std::move(saved));
    }
    store_.save_seats(rooms);
    // What moderators decided (removals, let-ins, settings) goes with each saved stage.
    std::vector<storage::RoomAccessRecord> access;
    for (const auto& saved : rooms) {
        const auto kept = rooms_.find(saved.id)->room.access();
        access.push_back({saved.id, kept.hands_allowed, kept.link_joins, kept.removed,
                          kept.admitted, kept.chat_allowed});
    }
    store_.save_room_access(access);
    spdlog::info("saved the stages of {} live room(s) for the next start", rooms.size());
}

int RoomIntents::restore_stages() {
    int restored = 0;
    const auto until = options_.steady_now() + kRestoredSeatGrace;
    auto access = store_.take_room_access();
    for (const auto& saved : store_.take_seated_rooms()) {
        std::vector<std::pair<protocol::User, room::Role>> seats;
        for (const auto& seat : saved.seats)
            if (auto user = accounts_.user(seat.user); user && !rooms_.of(user->id))
                seats.emplace_back(*user, seat.role);
        // The first moderator opens the room again; a stage without one gets its
        // first speaker as moderator, as a room always has one.
        std::stable_partition(seats.begin(), seats.end(), [](const auto& seat) {
            return seat.second == room::Role::moderator;
        });
        if (seats.empty()) {
            store_.end_room(saved.id, options_.unix_now());
            continue;
        }
        const auto& [first, first_role] = seats.front();
        LiveRoom& live = rooms_.open(
            saved.id, saved.title, {first.id, first.handle, first.name, first.avatar}, saved.type);
        room::Room& room = live.room;
        if (auto kept = access.find(saved.id); kept != access.end()) {
            const auto& a = kept->second;
            room.restore_access(
                {a.hands_allowed, a.link_joins, a.removed, a.admitted, a.chat_allowed});
        }
        for (std::size_t i = 1; i < seats.size(); ++i) {
            const auto& [user, role] = seats[i];
            room.join({user.id, user.handle, user.name, user.avatar});
            room.invite_speaker(first.id, user.id);
            if (role == room::Role::moderator) room.make_moderator(first.id, user.id);
        }
        for (const auto& [user, role] : seats) {
            rooms_.seat(user.id, saved.id);
            away_[user.id] = until;
        }
        if (auto club_id = storage::ClubStore(store_.database()).room_club(saved.id))
            if (const Club* club = clubs_.find(*club_id)) room.set_club(club->tag());
        live.hallway_sent = room.summary();
        ++restored;
    }
    return restored;
}

}  // namespace salotto::service
