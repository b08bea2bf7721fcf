// Clubs through the service (docs/protocol.md, "Clubs"): creating one, invitations and
// requests, roles and removals with their refusal codes, who may join a club's rooms,
// search, and what a restart keeps.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server_service_fixture.hpp"
#include "server_test_support.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::ConnectionId;

namespace {

using test::only;
using test::types;

class ClubsTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    // The last event of type E sent to `id` (E{} and a failure when there is none);
    // takes everything sent to `id`.
    template <class E>
    E last(ConnectionId id) {
        auto events = take(id);
        auto found = only<E>(events);
        EXPECT_FALSE(found.empty()) << types(events);
        return found.empty() ? E{} : found.back();
    }
    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    // Ada creates "Poeti" (members-only rooms); returns its id.
    std::int64_t create(const std::string& access = "members") {
        send(ada, CreateClub{"Poeti", "Versi e caffè", access});
        const auto page = last<ClubPage>(ada);
        EXPECT_EQ(page.your_role, "admin");
        EXPECT_EQ(page.club.members, 1);
        drain();
        return page.club.id;
    }
    std::string open_club_room(std::int64_t club) {
        send(ada, CreateRoom{"Serata", RoomType::open, club});
        const auto states = only<RoomState>(take(ada));
        EXPECT_EQ(states.size(), 1u);
        drain();
        return states.at(0).room.id;
    }

    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = {},
                                    .offload = service::run_inline};
    service::Service service{accounts, store, outbox, options};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat");
};

}  // namespace

TEST_F(ClubsTest, AMembersOnlyClubRoomRefusesOutsidersAndLetsMembersIn) {
    const auto club = create();
    const auto room = open_club_room(club);
    send(bob, JoinRoom{room});
    expect_error(bob, ErrorCode::club_members_only, "join_room");

    send(ada, InviteToClub{club, users.at(bob).id});
    const auto invited = last<MyClubs>(bob);
    ASSERT_EQ(invited.invitations.size(), 1u);
    EXPECT_EQ(invited.invitations[0].id, club);
    send(bob, AnswerClubInvite{club, true});
    EXPECT_EQ(last<ClubPage>(bob).your_role, "member");
    drain();
    send(bob, JoinRoom{room});
    const auto states = only<RoomState>(take(bob));
    ASSERT_EQ(states.size(), 1u);
    ASSERT_TRUE(states[0].room.club);
    EXPECT_EQ(states[0].room.club->name, "Poeti");
}

TEST_F(ClubsTest, FollowersMayJoinWhenTheClubSaysSo) {
    const auto club = create("followers");
    const auto room = open_club_room(club);
    send(cat, JoinRoom{room});
    expect_error(cat, ErrorCode::club_followers_only, "join_room");
    send(cat, FollowClub{club, true});
    EXPECT_EQ(last<ClubPage>(cat).your_role, "follower");
    drain();
    send(cat, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(cat)).size(), 1u);

    send(ada, UpdateClub{club, "Poeti", "", "members"});
    drain();
    send(bob, FollowClub{club, true});
    drain();
    send(bob, JoinRoom{room});
    expect_error(bob, ErrorCode::club_members_only, "join_room");
}

TEST_F(ClubsTest, ARequestIsApprovedByALeaderAndPushedLive) {
    const auto club = create();
    send(ada, InviteToClub{club, users.at(cat).id});
    send(cat, AnswerClubInvite{club, true});
    send(ada, SetClubRole{club, users.at(cat).id, "leader"});
    drain();
    send(bob, RequestClub{club});
    EXPECT_TRUE(last<ClubPage>(bob).requested);
    // The leaders and admins see the request at once.
    EXPECT_EQ(last<ClubPage>(cat).requests.size(), 1u);
    EXPECT_EQ(last<ClubPage>(ada).requests.size(), 1u);
    send(cat, AnswerClubRequest{club, users.at(bob).id, true});
    const auto page = last<ClubPage>(bob);
    EXPECT_EQ(page.your_role, "member");
    EXPECT_EQ(page.club.members, 3);
    ASSERT_EQ(page.members.size(), 3u);
    EXPECT_EQ(page.members[0].role, "admin");
    EXPECT_EQ(page.members[1].role, "leader");
    EXPECT_EQ(page.members[2].user.handle, "bob");
}

TEST_F(ClubsTest, EveryRefusalHasItsCode) {
    const auto club = create();
    send(bob, GetClub{club + 100});
    expect_error(bob, ErrorCode::club_not_found, "get_club");
    send(bob, CreateClub{"", "", "members"});
    expect_error(bob, ErrorCode::club_name_invalid, "create_club");
    send(bob, CreateClub{"X", std::string(301, 'd'), "members"});
    expect_error(bob, ErrorCode::club_description_invalid, "create_club");
    send(bob, CreateClub{"X", "", "everyone"});
    expect_error(bob, ErrorCode::club_setting_invalid, "create_club");
    send(bob, InviteToClub{club, users.at(cat).id});
    expect_error(bob, ErrorCode::club_admin_only, "invite_to_club");
    send(bob, AnswerClubInvite{club, true});
    expect_error(bob, ErrorCode::club_invite_not_found, "answer_club_invite");
    send(bob, LeaveClub{club});
    expect_error(bob, ErrorCode::club_not_member, "leave_club");
    send(bob, CreateRoom{"Nope", RoomType::open, club});
    expect_error(bob, ErrorCode::club_leader_only, "create_room");
    send(ada, AnswerClubRequest{club, users.at(bob).id, true});
    expect_error(ada, ErrorCode::club_request_not_found, "answer_club_request");
    send(ada, LeaveClub{club});
    expect_error(ada, ErrorCode::club_last_admin, "leave_club");
    send(ada, SetClubRole{club, users.at(ada).id, "member"});
    expect_error(ada, ErrorCode::club_last_admin, "set_club_role");
    send(ada, SetClubRole{club, users.at(bob).id, "leader"});
    expect_error(ada, ErrorCode::club_member_not_found, "set_club_role");
    send(ada, SetClubRole{club, users.at(ada).id, "owner"});
    expect_error(ada, ErrorCode::club_setting_invalid, "set_club_role");
    send(ada, RemoveClubMember{club, users.at(ada).id});
    expect_error(ada, ErrorCode::cannot_remove_self, "remove_club_member");
    send(ada, InviteToClub{club, users.at(ada).id});
    expect_error(ada, ErrorCode::club_already_member, "invite_to_club");
}

TEST_F(ClubsTest, AnAdminRemovesAMemberWhoThenCannotJoin) {
    const auto club = create();
    const auto room = open_club_room(club);
    send(bob, RequestClub{club});
    send(ada, AnswerClubRequest{club, users.at(bob).id, true});
    send(ada, RemoveClubMember{club, users.at(bob).id});
    EXPECT_TRUE(last<MyClubs>(bob).clubs.empty());
    drain();
    send(bob, ListClubs{});
    EXPECT_TRUE(last<MyClubs>(bob).clubs.empty());
    send(bob, JoinRoom{room});
    expect_error(bob, ErrorCode::club_members_only, "join_room");
}

TEST_F(ClubsTest, SearchFindsClubsByNameAccentInsensitive) {
    send(ada, CreateClub{"Città Notturna", "", "members"});
    drain();
    send(bob, Search{"citta"});
    const auto results = take_one<SearchResults>(bob);
    ASSERT_EQ(results.clubs.size(), 1u);
    EXPECT_EQ(results.clubs[0].name, "Città Notturna");
    send(bob, Search{"nott"});
    EXPECT_EQ(take_one<SearchResults>(bob).clubs.size(), 1u);
    send(bob, Search{"poeti"});
    EXPECT_TRUE(take_one<SearchResults>(bob).clubs.empty());
}

TEST_F(ClubsTest, ClubsMembershipsAndClubRoomsOutliveARestart) {
    const auto club = create();
    const auto room = open_club_room(club);
    send(ada, InviteToClub{club, users.at(bob).id});
    send(bob, AnswerClubInvite{club, true});
    send(cat, FollowClub{club, true});
    service.save_stages();

    test::RecordingOutbox after;
    service::Service restarted{accounts, store, after, options};
    EXPECT_EQ(restarted.restore_stages(), 1);
    restarted.open(1, "p1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[bob]}));
    restarted.text(1, encode(GetClub{club}));
    restarted.text(1, encode(JoinRoom{room}));
    const auto pages = only<ClubPage>(after.inbox[1]);
    ASSERT_EQ(pages.size(), 1u) << types(after.inbox[1]);
    EXPECT_EQ(pages[0].your_role, "member");
    EXPECT_EQ(pages[0].club.members, 2);
    EXPECT_EQ(pages[0].club.followers, 1);
    ASSERT_EQ(pages[0].rooms.size(), 1u);
    const auto states = only<RoomState>(after.inbox[1]);
    ASSERT_EQ(states.size(), 1u) << types(after.inbox[1]);
    ASSERT_TRUE(states[0].room.club);
    EXPECT_EQ(states[0].room.club->id, club);

    restarted.open(2, "p2");
    restarted.text(2, encode(Hello{kVersion, "t"}));
    restarted.text(2, encode(Resume{tokens[cat]}));
    restarted.text(2, encode(JoinRoom{room}));
    bool refused = false;
    for (const auto& e : only<Error>(after.inbox[2]))
        refused |= e.code == ErrorCode::club_members_only;
    EXPECT_TRUE(refused) << types(after.inbox[2]);
}
