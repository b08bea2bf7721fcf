// The club permission matrix (core/social/clubs.hpp): every role x action x room-access
// cell, with the code of each refusal, and the rules about the person acted on.
#include <optional>

#include <gtest/gtest.h>

#include "core/social/clubs.hpp"

namespace salotto::social {
namespace {

using A = ClubAction;
using R = ClubRole;
using E = ErrorCode;

// What the rule should say, written out cell by cell from the documented table rather
// than computed the way clubs.cpp computes it.
std::optional<E> expected(R role, A action, ClubRoomAccess access) {
    const bool member = role == R::member || role == R::leader || role == R::admin;
    switch (action) {
        case A::view:
        case A::follow:
            return std::nullopt;
        case A::request:
        case A::accept_invite:
            return member ? std::optional<E>(E::club_already_member) : std::nullopt;
        case A::leave:
            return member ? std::nullopt : std::optional<E>(E::club_not_member);
        case A::join_room:
            if (member) return std::nullopt;
            if (access == ClubRoomAccess::members) return E::club_members_only;
            return role == R::follower ? std::nullopt : std::optional<E>(E::club_followers_only);
        case A::open_room:
        case A::approve_request:
            return role == R::leader || role == R::admin ? std::nullopt
                                                         : std::optional<E>(E::club_leader_only);
        case A::invite:
        case A::change_role:
        case A::remove_member:
        case A::edit:
            return role == R::admin ? std::nullopt : std::optional<E>(E::club_admin_only);
    }
    return E::internal;
}

TEST(ClubPermissions, FullMatrix) {
    int cells = 0, denied = 0;
    for (R role : kClubRoles)
        for (A action : kClubActions)
            for (ClubRoomAccess access : kClubRoomAccesses) {
                const auto got = club_refusal(role, action, access);
                EXPECT_EQ(got, expected(role, action, access))
                    << wire_name(role) << " / action " << static_cast<int>(action) << " / "
                    << wire_name(access);
                ++cells;
                if (got) ++denied;
            }
    EXPECT_EQ(cells, 5 * 12 * 2);
    // Guards against a rule that allows (or refuses) everything.
    EXPECT_GT(denied, 40);
    EXPECT_LT(denied, cells - 40);
}

TEST(ClubPermissions, SpotChecksOfTheRoomRule) {
    EXPECT_EQ(club_refusal(R::none, A::join_room, ClubRoomAccess::members), E::club_members_only);
    EXPECT_EQ(club_refusal(R::follower, A::join_room, ClubRoomAccess::members),
              E::club_members_only);
    EXPECT_EQ(club_refusal(R::follower, A::join_room, ClubRoomAccess::followers), std::nullopt);
    EXPECT_EQ(club_refusal(R::none, A::join_room, ClubRoomAccess::followers),
              E::club_followers_only);
    EXPECT_EQ(club_refusal(R::member, A::join_room, ClubRoomAccess::members), std::nullopt);
    EXPECT_EQ(club_refusal(R::member, A::open_room, ClubRoomAccess::members), E::club_leader_only);
    EXPECT_EQ(club_refusal(R::leader, A::invite, ClubRoomAccess::members), E::club_admin_only);
}

TEST(ClubPermissions, TargetRules) {
    EXPECT_EQ(club_target_refusal(R::none, R::member, 1), E::club_member_not_found);
    EXPECT_EQ(club_target_refusal(R::follower, R::none, 1), E::club_member_not_found);
    EXPECT_EQ(club_target_refusal(R::admin, R::leader, 1), E::club_last_admin);
    EXPECT_EQ(club_target_refusal(R::admin, R::none, 1), E::club_last_admin);
    EXPECT_EQ(club_target_refusal(R::admin, R::member, 2), std::nullopt);
    EXPECT_EQ(club_target_refusal(R::admin, R::admin, 1), std::nullopt);
    EXPECT_EQ(club_target_refusal(R::member, R::admin, 1), std::nullopt);
}

TEST(ClubPermissions, WireNamesRoundTrip) {
    for (R role : kClubRoles) EXPECT_EQ(club_role_from_wire(wire_name(role)), role);
    for (ClubRoomAccess a : kClubRoomAccesses)
        EXPECT_EQ(club_room_access_from_wire(wire_name(a)), a);
    EXPECT_EQ(club_role_from_wire("owner"), std::nullopt);
    EXPECT_EQ(club_room_access_from_wire("everyone"), std::nullopt);
    EXPECT_TRUE(is_valid_club_name("Salotto dei poeti"));
    EXPECT_FALSE(is_valid_club_name(""));
    EXPECT_TRUE(is_valid_club_description(""));
}

}  // namespace
}  // namespace salotto::social
