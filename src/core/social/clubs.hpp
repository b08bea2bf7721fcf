// Clubs' rules (docs/protocol.md, "Clubs"): who in a club may do what, and who may join
// its rooms. Platform-free and without I/O: the server gathers a person's role and the
// club's setting and asks club_refusal(); the client uses the same rule to decide which
// buttons a club page offers, so the two never disagree.
#pragma once

#include <optional>
#include <string_view>

#include "core/error_code.hpp"

namespace salotto::social {

// A person's place in a club, from none to admin. A follower hears about the club but is
// no member; leaders and admins are members too.
enum class ClubRole { none, follower, member, leader, admin };

// Who besides members may join the club's rooms (a club setting, chosen by its admins).
enum class ClubRoomAccess { members, followers };

// What someone asks to do in or with a club.
enum class ClubAction {
    view,             // see the club page
    follow,           // follow (or unfollow) the club
    request,          // ask to become a member
    accept_invite,    // accept or decline an invitation (one must be pending)
    leave,            // stop being a member
    join_room,        // join one of the club's rooms
    open_room,        // open a room in the club
    approve_request,  // approve or decline someone's request
    invite,           // invite someone to become a member
    change_role,      // make a member admin, leader or member
    remove_member,    // remove a member from the club
    edit,             // change the name, description, picture or room access
};

inline constexpr ClubRole kClubRoles[] = {ClubRole::none, ClubRole::follower, ClubRole::member,
                                          ClubRole::leader, ClubRole::admin};
inline constexpr ClubAction kClubActions[] = {
    ClubAction::view,          ClubAction::follow,          ClubAction::request,
    ClubAction::accept_invite, ClubAction::leave,           ClubAction::join_room,
    ClubAction::open_room,     ClubAction::approve_request, ClubAction::invite,
    ClubAction::change_role,   ClubAction::remove_member,   ClubAction::edit,
};
inline constexpr ClubRoomAccess kClubRoomAccesses[] = {ClubRoomAccess::members,
                                                       ClubRoomAccess::followers};

// Code points of a club's name and description (validation::is_valid_text).
inline constexpr std::size_t kClubNameMaxCodePoints = 40;
inline constexpr std::size_t kClubDescriptionMaxCodePoints = 300;

bool is_member(ClubRole role);  // member, leader or admin

// Why someone with `role` may not do `action` in a club whose rooms are open to
// `access`, or nothing when they may:
//   view, follow: anyone;
//   request: not yet a member (none, follower), else club_already_member;
//   accept_invite: not yet a member, else club_already_member;
//   leave: members, else club_not_member;
//   join_room: members; followers too when access is `followers`; else
//     club_members_only (access `members`) or club_followers_only (access `followers`);
//   open_room, approve_request: leaders and admins, else club_leader_only;
//   invite, change_role, remove_member, edit: admins, else club_admin_only.
// Rules about the other person (the last admin, oneself) are club_target_refusal's.
std::optional<ErrorCode> club_refusal(ClubRole role, ClubAction action, ClubRoomAccess access);

// Why an admin may not change `target`'s role to `to` (or remove them when `to` is
// none), given how many admins the club has: the target must be a member
// (club_member_not_found); the last admin may not stop being one (club_last_admin).
// Also for someone leaving (actor and target the same).
std::optional<ErrorCode> club_target_refusal(ClubRole target, ClubRole to, int admins);

// Wire names: "none", "follower", "member", "leader", "admin"; "members", "followers".
std::string_view wire_name(ClubRole role);
std::optional<ClubRole> club_role_from_wire(std::string_view wire);
std::string_view wire_name(ClubRoomAccess access);
std::optional<ClubRoomAccess> club_room_access_from_wire(std::string_view wire);

// A club's name: 1-kClubNameMaxCodePoints code points of text; its description:
// 0-kClubDescriptionMaxCodePoints.
bool is_valid_club_name(std::string_view name);
bool is_valid_club_description(std::string_view description);

}  // namespace salotto::social
