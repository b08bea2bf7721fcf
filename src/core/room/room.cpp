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

bool may_mute(const Member& actor, const Member& target) {
    return is_moderator(actor) && actor.id != target.id && on_stage(target) && !target.muted;
}

bool may_unmake_moderator(std::span<const Member> members, const Member& actor,
                          const Member& target) {
    return is_moderator(actor) && is_moderator(target) && !is_sole_moderator(members, target.id);
}

bool may_remove(const Member& actor, const Member& target) {
    return is_moderator(actor) && actor.id != target.id;
}

bool may_raise_hand(const Member& member, bool hands_allowed) {
    return hands_allowed && !on_stage(member);
}

Room::Room(std::string id, std::string title, const Person& creator, RoomType type)
    : id_(std::move(id)), title_(std::move(title)), type_(type) {
    members_.push_back(Member{creator.id, creator.handle, creator.name, Role::moderator, false,
                              false, creator.avatar});
    admitted_.insert(creator.id);
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
    protocol::RoomSummary s{id_, title_, type_, {}, audience_count(), club_};
    for (const Member* m : stage_in_order(members_)) s.speakers.push_back(as_user(*m));
    return s;
}

protocol::RoomSnapshot Room::snapshot() const {
    return {id_, title_, type_, members_, hands_allowed_, link_joins_, {}, chat_allowed_, club_};
}

protocol::RoomSnapshot Room::snapshot_for(UserId viewer) const {
    auto snapshot = this->snapshot();
    if (const Member* m = find(viewer); m && is_moderator(*m)) snapshot.knocks = knocks_;
    return snapshot;
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
    if (auto error = admission(person.id)) return Outcome::fail(*error);
    members_.push_back(
        Member{person.id, person.handle, person.name, Role::audience, false, true, person.avatar});
    Outcome out{{Joined{members_.back()}}, std::nullopt};
    // Once in a closed room, one may come back to it (a reloaded tab, a dropped line).
    if (type_ == RoomType::closed) admitted_.insert(person.id);
    // Someone who knocked and then came in by the link needs no answer any more.
    if (std::erase_if(knocks_, [&](const protocol::User& u) { return u.id == person.id; }) > 0)
        out.changes.emplace_back(std::in_place_type<KnocksChanged>);
    return out;
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
        // The new moderator answers the knocks from now on: they need the list.
        if (!knocks_.empty()) out.changes.emplace_back(std::in_place_type<KnocksChanged>);
    }
    return out;
}

Outcome Room::raise_hand(UserId user) {
    Member* m = find_mutable(user);
    if (!m) return Outcome::fail(ErrorCode::not_in_room);
    if (on_stage(*m)) return Outcome::fail(ErrorCode::not_in_audience);
    if (!hands_allowed_) return Outcome::fail(ErrorCode::hands_off);
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
    Outcome out{{Updated{*m}}, std::nullopt};
    if (!knocks_.empty()) out.changes.emplace_back(std::in_place_type<KnocksChanged>);
    return out;
}

Outcome Room::end(UserId actor) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    ended_ = true;
    return {{Ended{}}, std::nullopt};
}

// ---- moderation ---------------------------------------------------------------------

protocol::RoomSettings Room::settings() const {
    return {id_, type_, hands_allowed_, link_joins_, chat_allowed_};
}

bool Room::knocking(UserId user) const {
    return std::any_of(knocks_.begin(), knocks_.end(),
                       [user](const protocol::User& u) { return u.id == user; });
}

std::optional<ErrorCode> Room::admission(UserId user) const {
    if (removed_.contains(user)) return ErrorCode::removed_from_room;
    if (type_ != RoomType::closed || contains(user) || admitted_.contains(user) || link_joins_)
        return std::nullopt;
    return knocking(user) ? ErrorCode::knock_pending : ErrorCode::room_closed;
}

Outcome Room::mute_speaker(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    Member* m = find_mutable(target);
    if (!m) return Outcome::fail(ErrorCode::member_not_found);
    if (!on_stage(*m)) return Outcome::fail(ErrorCode::not_on_stage);
    if (m->muted) return {};
    m->muted = true;
    return {{Updated{*m}, Muted{target, actor}}, std::nullopt};
}

Outcome Room::unmake_moderator(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    Member* m = find_mutable(target);
    if (!m) return Outcome::fail(ErrorCode::member_not_found);
    if (m->role == Role::speaker) return {};
    if (m->role != Role::moderator) return Outcome::fail(ErrorCode::not_on_stage);
    if (is_sole_moderator(members_, target)) return Outcome::fail(ErrorCode::last_moderator);
    m->role = Role::speaker;
    return {{Updated{*m}}, std::nullopt};
}

Outcome Room::remove(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (actor == target) return Outcome::fail(ErrorCode::cannot_remove_self);
    auto it = std::find_if(members_.begin(), members_.end(),
                           [target](const Member& m) { return m.id == target; });
    if (it == members_.end()) return Outcome::fail(ErrorCode::member_not_found);
    // The actor stays, and is a moderator: the room keeps a member and a moderator.
    members_.erase(it);
    removed_.insert(target);
    admitted_.erase(target);
    return {{Removed{target}, Left{target}}, std::nullopt};
}

Outcome Room::set_hands_allowed(UserId actor, bool allowed) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (hands_allowed_ == allowed) return {};
    hands_allowed_ = allowed;
    Outcome out{{SettingsChanged{}}, std::nullopt};
    if (!allowed) {
        for (auto& m : members_) {
            if (!m.hand) continue;
            m.hand = false;
            out.changes.push_back(Updated{m});
        }
    }
    return out;
}

Outcome Room::set_type(UserId actor, RoomType type) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (type_ == type) return {};
    type_ = type;
    Outcome out{{SettingsChanged{}}, std::nullopt};
    if (type == RoomType::closed) {
        // Nobody in the room is shut out by closing it: stepping out and back is fine.
        for (const auto& m : members_) admitted_.insert(m.id);
    } else if (!knocks_.empty()) {
        // Knocks only exist for closed rooms: whoever waits may now come in.
        for (const auto& u : knocks_) out.changes.push_back(KnockAnswered{u.id, true});
        knocks_.clear();
        out.changes.emplace_back(std::in_place_type<KnocksChanged>);
    }
    return out;
}

Outcome Room::set_link_joins(UserId actor, bool allowed) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (link_joins_ == allowed) return {};
    link_joins_ = allowed;
    return {{SettingsChanged{}}, std::nullopt};
}

Outcome Room::set_chat_allowed(UserId actor, bool allowed) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (chat_allowed_ == allowed) return {};
    chat_allowed_ = allowed;
    return {{SettingsChanged{}}, std::nullopt};
}

Outcome Room::knock(const Person& person) {
    if (ended_) return Outcome::fail(ErrorCode::room_not_found);
    if (contains(person.id)) return Outcome::fail(ErrorCode::knock_not_needed);
    const auto refused = admission(person.id);
    if (!refused) return Outcome::fail(ErrorCode::knock_not_needed);
    if (*refused == ErrorCode::knock_pending) return {};
    if (*refused != ErrorCode::room_closed) return Outcome::fail(*refused);
    if (knocks_.size() >= kMaxKnocks) return Outcome::fail(ErrorCode::knocks_full);
    knocks_.push_back({person.id, person.handle, person.name});
    return {{KnocksChanged{}}, std::nullopt};
}

Outcome Room::let_in(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (std::erase_if(knocks_, [&](const protocol::User& u) { return u.id == target; }) == 0)
        return Outcome::fail(ErrorCode::knock_not_found);
    admitted_.insert(target);
    return {{KnocksChanged{}, KnockAnswered{target, true}}, std::nullopt};
}

Outcome Room::decline(UserId actor, UserId target) {
    if (auto error = check_moderator(actor)) return Outcome::fail(*error);
    if (std::erase_if(knocks_, [&](const protocol::User& u) { return u.id == target; }) == 0)
        return Outcome::fail(ErrorCode::knock_not_found);
    return {{KnocksChanged{}, KnockAnswered{target, false}}, std::nullopt};
}

Access Room::access() const {
    return {hands_allowed_,
            link_joins_,
            {removed_.begin(), removed_.end()},
            {admitted_.begin(), admitted_.end()},
            chat_allowed_};
}

void Room::restore_access(const Access& access) {
    hands_allowed_ = access.hands_allowed;
    link_joins_ = access.link_joins;
    chat_allowed_ = access.chat_allowed;
    removed_.insert(access.removed.begin(), access.removed.end());
    admitted_.insert(access.admitted.begin(), access.admitted.end());
}

}  // namespace salotto::room
