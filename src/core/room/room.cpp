// Room rules; see room.hpp and docs/protocol.md.
#include "core/room/room.hpp"

#include <algorithm>

namespace salotto::room {

namespace {

protocol::User as_user(const Member& m) {
    return protocol::User{m.id, m.handle, m.name, m.avatar};
}

}  // namespace

bool on_stage(const Member& member) {
    return member.role != Role::audience;
}

bool is_moderator(const Member& member) {
    return member.role == Role::moderator;
}

bool is_sole_moderator(std::span<const Member> members, UserId user) {
    bool found = false;
    for (const auto& m : members) {
        if (!is_moderator(m)) continue;
        if (m.id != user) return false;
        found = true;
    }
    return found;
}

std::vector<const Member*> stage_in_order(std::span<const Member> members) {
    std::vector<const Member*> stage;
    for (const auto& m : members)
        if (is_moderator(m)) stage.push_back(&m);
    for (const auto& m : members)
        if (m.role == Role::speaker) stage.push_back(&m);
    return stage;
}

std::vector<const Member*> audience_in_order(std::span<const Member> members) {
    std::vector<const Member*> audience;
    for (const auto& m : members)
        if (!on_stage(m)) audience.push_back(&m);
    return audience;
}

std::vector<const Member*> raised_hands(std::span<const Member> members) {
    std::vector<const Member*> hands;
    for (const auto& m : members)
        if (!on_stage(m) && m.hand) hands.push_back(&m);
    return hands;
}

bool may_invite_speaker(const Member& actor, const Member& target) {
    return is_moderator(actor) && !on_stage(target);
}

bool may_make_moderator(const Member& actor, const Member& target) {
    return is_moderator(actor) && target.role == Role::speaker;
}

bool may_move_to_audience(std::span<const Member> members, const Member& actor,
                          const Member& target) {
    return on_stage(target) && (is_moderator(actor) || actor.id == target.id) &&
           !is_sole_moderator(members, target.id);
}

Room::Room(std::string id, std::string title, const Person& creator, RoomType type)
    : id_(std::move(id)), title_(std::move(title)), type_(type) {
    members_.push_back(Member{creator.id, creator.handle, creator.name, Role::moderator, false,
                              false, creator.avatar});
}

const Member* Room::find(UserId user) const {
    auto it = std::find_if(members_.begin(), members_.end(),
                           [user](const Member& m) { return m.id == user; });
    return it == members_.end() ? nullptr : &*it;
}

Member* Room::find_mutable(UserId user) {
    auto it = std::find_if(members_.begin(), members_.end(),
                           [user](const Member& m) { return m.id == user; });
    return it == members_.end() ? nullptr : &*it;
}

int Room::audience_count() const {
    return static_cast<int>(std::count_if(members_.begin(), members_.end(),
                                          [](const Member& m) { return !on_stage(m); }));
}

int Room::moderator_count() const {
    return static_cast<int>(std::count_if(members_.begin(), members_.end(), is_moderator));
}

protocol::RoomSummary Room::summary() const {
    protocol::RoomSummary s{id_, title_, type_, {}, audience_count()};
    for (const Member* m : stage_in_order(members_)) s.speakers.push_back(as_user(*m));
    return s;
}

protocol::RoomSnapshot Room::snapshot() const {
    return {id_, title_, type_, members_};
}

std::optional<ErrorCode> Room::check_moderator(UserId actor) const {
    const Member* m = find(actor);
    if (!m) return ErrorCode::not_in_room;
    if (!is_moderator(*m)) return ErrorCode::forbidden;
    return std::nullopt;
}

Outcome Room::join(const Person& person) {
    if (ended_) return Outcome::fail(ErrorCode::room_not_found);
    if (contains(person.id)) return {};
    members_.push_back(
        Member{person.id, person.handle, person.name, Role::audience, false, true, person.avatar});
    return {{Joined{members_.back()}}, std::nullopt};
}

Outcome Room::leave(UserId user) {
    if (ended_) return Outcome::fail(ErrorCode::room_not_found);
    auto it = std::find_if(members_.begin(), members_.end(),
                           [user](const Member& m) { return m.id == user; });
    if (it == members_.end()) return Outcome::fail(ErrorCode::not_in_room);
    const bool was_moderator = is_moderator(*it);
    members_.erase(it);

    Outcome out{{Left{user}}, std::nullopt};
    if (members_.empty()) {
        ended_ = true;
        out.changes.emplace_back(std::in_place_type<Ended>);
        return out;
    }
    if (was_moderator && moderator_count() == 0) {
        // Someone must be able to moderate: the longest-standing person on stage, or,
        // with nobody on stage, the longest-standing listener.
        auto heir = std::find_if(members_.begin(), members_.end(), on_stage);
        if (heir == members_.end()) heir = members_.begin();
        if (heir->role == Role::audience) heir->muted = true;
        heir->role = Role::moderator;
        heir->hand = false;
        out.changes.push_back(Updated{*heir});
    }
    return out;
}

Outcome Room::raise_hand(UserId user) {
    Member* m = find_mutable(user);
    if (!m) return Outcome::fail(ErrorCode::not_in_room);
    if (on_stage(*m)) return Outcome::fail(ErrorCode::not_in_audience);
    if (m->hand) return {};
    m->hand = true;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::lower_hand(UserId user) {
    Member* m = find_mutable(user);
    if (!m) return Outcome::fail(ErrorCode::not_in_room);
    if (on_stage(*m)) return Outcome::fail(ErrorCode::not_in_audience);
    if (!m->hand) return {};
    m->hand = false;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::invite_speaker(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    Member* m = find_mutable(target);
    if (!m) return Outcome::fail(ErrorCode::member_not_found);
    if (on_stage(*m)) return Outcome::fail(ErrorCode::not_in_audience);
    m->role = Role::speaker;
    m->hand = false;
    m->muted = true;  // nobody goes live by surprise: they unmute when ready
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::move_to_audience(UserId actor, UserId target) {
    const Member* a = find(actor);
    if (!a) return Outcome::fail(ErrorCode::not_in_room);
    if (actor != target && !is_moderator(*a)) return Outcome::fail(ErrorCode::forbidden);
    Member* m = find_mutable(target);
    if (!m) return Outcome::fail(ErrorCode::member_not_found);
    if (!on_stage(*m)) return Outcome::fail(ErrorCode::not_on_stage);
    if (is_sole_moderator(members_, target)) return Outcome::fail(ErrorCode::last_moderator);
    m->role = Role::audience;
    m->hand = false;
    m->muted = true;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::update_person(const Person& person) {
    Member* m = find_mutable(person.id);
    if (ended_ || !m) return {};
    if (m->handle == person.handle && m->name == person.name && m->avatar == person.avatar)
        return {};
    m->handle = person.handle;
    m->name = person.name;
    m->avatar = person.avatar;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::set_muted(UserId user, bool muted) {
    Member* m = find_mutable(user);
    if (!m) return Outcome::fail(ErrorCode::not_in_room);
    if (!on_stage(*m)) return Outcome::fail(ErrorCode::not_on_stage);
    if (m->muted == muted) return {};
    m->muted = muted;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::make_moderator(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    Member* m = find_mutable(target);
    if (!m) return Outcome::fail(ErrorCode::member_not_found);
    if (m->role == Role::moderator) return {};
    if (m->role != Role::speaker) return Outcome::fail(ErrorCode::not_on_stage);
    m->role = Role::moderator;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::end(UserId actor) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    ended_ = true;
    return {{Ended{}}, std::nullopt};
}

}  // namespace salotto::room
