// Clubs; see club_intents.hpp.
#include "server/service/club_intents.hpp"

#include <set>
#include <utility>

#include "core/social/events.hpp"
#include "server/service/room_access.hpp"

namespace salotto::service {

namespace {

using social::ClubAction;
using social::ClubRole;

std::optional<social::ClubRoomAccess> room_access(const std::string& wire) {
    return social::club_room_access_from_wire(wire);
}

}  // namespace

ClubIntents::ClubIntents(auth::Accounts& accounts, storage::Store& store, Connections& connections,
                         LiveRooms& rooms, const SocialGraph& graph, ClubDirectory& clubs,
                         const ServiceOptions& options)
    : accounts_(accounts),
      store_(store.database()),
      events_(store.database()),
      connections_(connections),
      rooms_(rooms),
      graph_(graph),
      clubs_(clubs),
      options_(options) {
    clubs_.load(store_);
}

Club* ClubIntents::find(Request& r, std::int64_t id) {
    Club* club = clubs_.find(id);
    if (!club) connections_.reject(r.id, ErrorCode::club_not_found, r.type);
    return club;
}

bool ClubIntents::allowed(Request& r, const Club& club, ClubAction action) {
    auto refusal = social::club_refusal(club.role_of(r.user()), action, club.record.room_access);
    if (refusal) connections_.reject(r.id, *refusal, r.type);
    return !refusal;
}

void ClubIntents::set_role(Club& club, UserId user, ClubRole role) {
    store_.set_role(club.record.id, user, role, options_.unix_now());
    if (role == ClubRole::none)
        club.record.people.erase(user);
    else
        club.record.people[user] = role;
    if (social::is_member(role)) club.record.pending.erase(user);
}

void ClubIntents::set_pending(Club& club, UserId user, bool invited) {
    store_.set_pending(club.record.id, user, invited, options_.unix_now());
    club.record.pending[user] = invited;
}

void ClubIntents::drop_pending(Club& club, UserId user) {
    store_.remove_pending(club.record.id, user);
    club.record.pending.erase(user);
}

protocol::ClubPage ClubIntents::page(const Club& club, UserId viewer) {
    protocol::ClubPage out;
    out.club = club.summary();
    out.room_access = std::string(social::wire_name(club.record.room_access));
    const ClubRole role = club.role_of(viewer);
    out.your_role = std::string(social::wire_name(role));
    const auto pending = club.pending_of(viewer);
    out.invited = pending && *pending;
    out.requested = pending && !*pending;
    out.members = store_.members_of(club.record.id);
    if (role == ClubRole::leader || role == ClubRole::admin) {
        out.invitations = store_.pending_of(club.record.id, true);
        out.requests = store_.pending_of(club.record.id, false);
    }
    // Club rooms are listed as the hallway lists them (room_access.hpp).
    for (const auto& [id, live] : rooms_.all())
        if (live.room.club() && live.room.club()->id == club.record.id &&
            may_see(viewer, live.room, graph_))
            out.rooms.push_back(live.room.summary());
    // As the hallway's strip: still listed a while after the start if nobody started it.
    out.events = events_.upcoming_in_club(
        club.record.id, options_.unix_now() - social::kEventGraceSeconds, social::kUpcomingListed);
    return out;
}

protocol::MyClubs ClubIntents::clubs_of(UserId user) const {
    protocol::MyClubs out;
    for (const auto& [id, club] : clubs_.all()) {
        if (const ClubRole role = club.role_of(user); role != ClubRole::none)
            out.clubs.push_back({club.summary(), std::string(social::wire_name(role))});
        if (const auto pending = club.pending_of(user); pending && *pending)
            out.invitations.push_back(club.summary());
    }
    return out;
}

void ClubIntents::changed(Club& club, std::initializer_list<UserId> concerned) {
    std::set<UserId> to(concerned.begin(), concerned.end());
    for (const auto& [user, role] : club.record.people)
        if (role == ClubRole::leader || role == ClubRole::admin) to.insert(user);
    for (UserId user : to)
        if (connections_.count_of(user) > 0) connections_.send_user(user, page(club, user));
    for (UserId user : concerned)
        if (connections_.count_of(user) > 0) connections_.send_user(user, clubs_of(user));
}

void ClubIntents::picture_changed(std::int64_t id, std::int64_t avatar) {
    Club* club = clubs_.find(id);
    if (!club) return;
    club->record.avatar = avatar;
    changed(*club, {});
    for (const auto& [user, role] : club->record.people)
        if (connections_.count_of(user) > 0) connections_.send_user(user, clubs_of(user));
}

void ClubIntents::handle(Request& r, const protocol::CreateClub& m) {
    if (!social::is_valid_club_name(m.name))
        return connections_.reject(r.id, ErrorCode::club_name_invalid, r.type);
    if (!social::is_valid_club_description(m.description))
        return connections_.reject(r.id, ErrorCode::club_description_invalid, r.type);
    const auto access = room_access(m.room_access);
    if (!access) return connections_.reject(r.id, ErrorCode::club_setting_invalid, r.type);
    const std::int64_t now = options_.unix_now();
    storage::ClubRecord record;
    record.id = store_.create(m.name, m.description, *access, r.user(), now);
    record.name = m.name;
    record.description = m.description;
    record.room_access = *access;
    record.created_at = now;
    record.people[r.user()] = ClubRole::admin;
    changed(clubs_.put(std::move(record)), {r.user()});
}

void ClubIntents::handle(Request& r, const protocol::UpdateClub& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::edit)) return;
    if (!social::is_valid_club_name(m.name))
        return connections_.reject(r.id, ErrorCode::club_name_invalid, r.type);
    if (!social::is_valid_club_description(m.description))
        return connections_.reject(r.id, ErrorCode::club_description_invalid, r.type);
    const auto access = room_access(m.room_access);
    if (!access) return connections_.reject(r.id, ErrorCode::club_setting_invalid, r.type);
    store_.update(club->record.id, m.name, m.description, *access);
    auto record = club->record;
    record.name = m.name;
    record.description = m.description;
    record.room_access = *access;
    changed(clubs_.put(std::move(record)), {r.user()});
}

void ClubIntents::handle(Request& r, const protocol::GetClub& m) {
    if (Club* club = find(r, m.club)) connections_.send(r.id, page(*club, r.user()));
}

void ClubIntents::handle(Request& r, const protocol::ListClubs&) {
    connections_.send(r.id, clubs_of(r.user()));
}

void ClubIntents::handle(Request& r, const protocol::FollowClub& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::follow)) return;
    // Members follow their club already: following or unfollowing changes nothing
    // for them (they leave instead).
    const ClubRole role = club->role_of(r.user());
    if (m.follow && role == ClubRole::none) set_role(*club, r.user(), ClubRole::follower);
    if (!m.follow && role == ClubRole::follower) set_role(*club, r.user(), ClubRole::none);
    changed(*club, {r.user()});
}

void ClubIntents::handle(Request& r, const protocol::InviteToClub& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::invite)) return;
    if (!accounts_.user(m.user))
        return connections_.reject(r.id, ErrorCode::user_not_found, r.type);
    if (social::is_member(club->role_of(m.user)))
        return connections_.reject(r.id, ErrorCode::club_already_member, r.type);
    // Someone who asked to join is in at once; anyone else is asked.
    if (const auto pending = club->pending_of(m.user); pending && !*pending)
        set_role(*club, m.user, ClubRole::member);
    else
        set_pending(*club, m.user, true);
    changed(*club, {r.user(), m.user});
}

void ClubIntents::handle(Request& r, const protocol::AnswerClubInvite& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::accept_invite)) return;
    const auto pending = club->pending_of(r.user());
    if (!pending || !*pending)
        return connections_.reject(r.id, ErrorCode::club_invite_not_found, r.type);
    if (m.accept)
        set_role(*club, r.user(), ClubRole::member);
    else
        drop_pending(*club, r.user());
    changed(*club, {r.user()});
}

void ClubIntents::handle(Request& r, const protocol::RequestClub& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::request)) return;
    // Someone invited who asks is in at once.
    if (const auto pending = club->pending_of(r.user()); pending && *pending)
        set_role(*club, r.user(), ClubRole::member);
    else
        set_pending(*club, r.user(), false);
    changed(*club, {r.user()});
}

void ClubIntents::handle(Request& r, const protocol::AnswerClubRequest& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::approve_request)) return;
    const auto pending = club->pending_of(m.user);
    if (!pending || *pending)
        return connections_.reject(r.id, ErrorCode::club_request_not_found, r.type);
    if (m.approve)
        set_role(*club, m.user, ClubRole::member);
    else
        drop_pending(*club, m.user);
    changed(*club, {r.user(), m.user});
}

void ClubIntents::handle(Request& r, const protocol::SetClubRole& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::change_role)) return;
    const auto to = social::club_role_from_wire(m.role);
    if (!to || !social::is_member(*to))
        return connections_.reject(r.id, ErrorCode::club_setting_invalid, r.type);
    if (auto refusal = social::club_target_refusal(club->role_of(m.user), *to, club->admins()))
        return connections_.reject(r.id, *refusal, r.type);
    set_role(*club, m.user, *to);
    changed(*club, {r.user(), m.user});
}

void ClubIntents::handle(Request& r, const protocol::RemoveClubMember& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::remove_member)) return;
    if (m.user == r.user()) return connections_.reject(r.id, ErrorCode::cannot_remove_self, r.type);
    if (auto refusal =
            social::club_target_refusal(club->role_of(m.user), ClubRole::none, club->admins()))
        return connections_.reject(r.id, *refusal, r.type);
    set_role(*club, m.user, ClubRole::none);
    changed(*club, {r.user(), m.user});
}

void ClubIntents::handle(Request& r, const protocol::LeaveClub& m) {
    Club* club = find(r, m.club);
    if (!club || !allowed(r, *club, ClubAction::leave)) return;
    if (auto refusal =
            social::club_target_refusal(club->role_of(r.user()), ClubRole::none, club->admins()))
        return connections_.reject(r.id, *refusal, r.type);
    set_role(*club, r.user(), ClubRole::none);
    changed(*club, {r.user()});
}

}  // namespace salotto::service
