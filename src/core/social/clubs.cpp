// Clubs' rules; see clubs.hpp.
#include "core/social/clubs.hpp"

#include "core/validation.hpp"

namespace salotto::social {

bool is_member(ClubRole role) {
    return role == ClubRole::member || role == ClubRole::leader || role == ClubRole::admin;
}

std::optional<ErrorCode> club_refusal(ClubRole role, ClubAction action, ClubRoomAccess access) {
    const bool member = is_member(role);
    const bool leads = role == ClubRole::leader || role == ClubRole::admin;
    switch (action) {
        case ClubAction::view:
        case ClubAction::follow:
            return std::nullopt;
        case ClubAction::request:
        case ClubAction::accept_invite:
            if (member) return ErrorCode::club_already_member;
            return std::nullopt;
        case ClubAction::leave:
            if (!member) return ErrorCode::club_not_member;
            return std::nullopt;
        case ClubAction::join_room:
            if (member) return std::nullopt;
            if (access == ClubRoomAccess::followers) {
                if (role == ClubRole::follower) return std::nullopt;
                return ErrorCode::club_followers_only;
            }
            return ErrorCode::club_members_only;
        case ClubAction::open_room:
        case ClubAction::approve_request:
            if (leads) return std::nullopt;
            return ErrorCode::club_leader_only;
        case ClubAction::invite:
        case ClubAction::change_role:
        case ClubAction::remove_member:
        case ClubAction::edit:
            if (role == ClubRole::admin) return std::nullopt;
            return ErrorCode::club_admin_only;
    }
    return ErrorCode::club_admin_only;
}

std::optional<ErrorCode> club_target_refusal(ClubRole target, ClubRole to, int admins) {
    if (!is_member(target)) return ErrorCode::club_member_not_found;
    if (target == ClubRole::admin && to != ClubRole::admin && admins <= 1)
        return ErrorCode::club_last_admin;
    return std::nullopt;
}

std::string_view wire_name(ClubRole role) {
    switch (role) {
        case ClubRole::none:
            return "none";
        case ClubRole::follower:
            return "follower";
        case ClubRole::member:
            return "member";
        case ClubRole::leader:
            return "leader";
        case ClubRole::admin:
            return "admin";
    }
    return "none";
}

std::optional<ClubRole> club_role_from_wire(std::string_view wire) {
    for (ClubRole role : kClubRoles)
        if (wire_name(role) == wire) return role;
    return std::nullopt;
}

std::string_view wire_name(ClubRoomAccess access) {
    return access == ClubRoomAccess::followers ? "followers" : "members";
}

std::optional<ClubRoomAccess> club_room_access_from_wire(std::string_view wire) {
    if (wire == "members") return ClubRoomAccess::members;
    if (wire == "followers") return ClubRoomAccess::followers;
    return std::nullopt;
}

bool is_valid_club_name(std::string_view name) {
    return validation::is_valid_text(name, 1, kClubNameMaxCodePoints);
}

bool is_valid_club_description(std::string_view description) {
    return validation::is_valid_text(description, 0, kClubDescriptionMaxCodePoints);
}

}  // namespace salotto::social
