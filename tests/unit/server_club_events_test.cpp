// Events scheduled in a club (docs/protocol.md, "Events" and "Clubs"): only the club's
// leaders and admins schedule in it, the event carries the club's tag, the club page
// lists its upcoming events, starting one opens its room in the club, and all of it is
// read back from the database file by a server started again.
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

// 2023-11-14 22:13:20 UTC; the events below are set a few days later.
constexpr std::int64_t kNow = 1'700'000'000;

class ClubEventsTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    template <class E>
    E last(ConnectionId id) {
        auto events = take(id);
        auto found = only<E>(events);
        EXPECT_FALSE(found.empty()) << types(events);
        return found.empty() ? E{} : found.back();
    }
    CreateEvent talk(std::optional<std::int64_t> in_club, std::vector<std::string> hosts = {}) {
        return CreateEvent{"Versi al tramonto", "Letture.",       "2023-11-20T18:30",
                           "Europe/Rome",       std::move(hosts), in_club};
    }
    // The event with a new description, Cat still co-hosting, in `in_club`.
    UpdateEvent edit(const EventInfo& e, std::optional<std::int64_t> in_club) {
        UpdateEvent m{e.id, e.title, "Letture e musica.", e.local_start, e.time_zone, {"cat"}};
        m.club = in_club;
        return m;
    }
    // Ada creates "Poeti" and "Città" (she is admin of both); Bob becomes a member of
    // Poeti.
    void SetUp() override {
        send(ada, CreateClub{"Poeti", "Versi e caffè", "members"});
        club = last<ClubPage>(ada).club.id;
        send(ada, CreateClub{"Città", "", "members"});
        other_club = last<ClubPage>(ada).club.id;
        send(ada, InviteToClub{club, users.at(bob).id});
        send(bob, AnswerClubInvite{club, true});
        drain();
    }
    EventInfo schedule(std::vector<std::string> hosts = {}) {
        send(ada, talk(club, std::move(hosts)));
        const auto event = last<EventChanged>(ada).event;
        drain();
        return event;
    }

    test::TempDbFile file;
    std::int64_t now = kNow;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{file.path()};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = {},
                                    .offload = service::run_inline};
    service::Service service{accounts, store, outbox, options};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat");
    std::int64_t club = 0, other_club = 0;
};

}  // namespace

TEST_F(ClubEventsTest, AnAdminSchedulesInTheClubAndItsPageListsTheEvent) {
    send(ada, talk(club));
    const auto event = last<EventChanged>(ada).event;
    ASSERT_TRUE(event.club);
    EXPECT_EQ(*event.club, (ClubTag{club, "Poeti"}));
    EXPECT_EQ(last<EventChanged>(cat).event, event) << "everyone signed in hears of it";

    // Members and people with no place in the club alike see it on the page.
    for (ConnectionId viewer : {bob, cat}) {
        send(viewer, GetClub{club});
        const auto page = last<ClubPage>(viewer);
        ASSERT_EQ(page.events.size(), 1u) << viewer;
        EXPECT_EQ(page.events[0], event);
    }
    send(cat, GetClub{other_club});
    EXPECT_TRUE(last<ClubPage>(cat).events.empty()) << "another club's page does not list it";

    // An event without a club is on no club's page.
    send(ada, talk(std::nullopt));
    EXPECT_FALSE(last<EventChanged>(ada).event.club);
    send(bob, GetClub{club});
    EXPECT_EQ(last<ClubPage>(bob).events.size(), 1u);
}

TEST_F(ClubEventsTest, OnlyLeadersAndAdminsScheduleInAClub) {
    send(bob, talk(club));  // a member
    expect_error(bob, ErrorCode::club_leader_only, "create_event");
    send(cat, talk(club));  // no place in the club
    expect_error(cat, ErrorCode::club_leader_only, "create_event");
    send(cat, FollowClub{club, true});
    drain();
    send(cat, talk(club));  // a follower
    expect_error(cat, ErrorCode::club_leader_only, "create_event");
    send(ada, talk(999));
    expect_error(ada, ErrorCode::club_not_found, "create_event");
    send(ada, ListEvents{});
    EXPECT_TRUE(last<UpcomingEvents>(ada).items.empty()) << "nothing refused was stored";

    send(ada, SetClubRole{club, users.at(bob).id, "leader"});
    drain();
    send(bob, talk(club));
    const auto event = last<EventChanged>(bob).event;
    ASSERT_TRUE(event.club);
    EXPECT_EQ(event.club->id, club);
}

TEST_F(ClubEventsTest, HostsKeepTheClubButOnlyItsLeadersMoveAnEventIntoOne) {
    const auto event = schedule({"cat"});  // Cat hosts but has no place in the club

    send(cat, edit(event, club));  // keeps the club: fine for any host
    auto changed = last<EventChanged>(cat).event;
    EXPECT_EQ(changed.description, "Letture e musica.");
    ASSERT_TRUE(changed.club);
    EXPECT_EQ(changed.club->id, club);
    drain();

    send(cat, edit(event, other_club));  // into a club where Cat is nobody
    expect_error(cat, ErrorCode::club_leader_only, "update_event");
    send(ada, edit(event, 999));
    expect_error(ada, ErrorCode::club_not_found, "update_event");

    send(ada, edit(event, other_club));
    changed = last<EventChanged>(ada).event;
    ASSERT_TRUE(changed.club);
    EXPECT_EQ(*changed.club, (ClubTag{other_club, "Città"}));
    drain();
    send(bob, GetClub{club});
    EXPECT_TRUE(last<ClubPage>(bob).events.empty()) << "moved to the other club's page";

    send(ada, edit(event, std::nullopt));
    EXPECT_FALSE(last<EventChanged>(ada).event.club);
}

TEST_F(ClubEventsTest, StartingAClubEventOpensItsRoomInTheClub) {
    const auto event = schedule();
    send(ada, StartEvent{event.id});
    const auto states = only<RoomState>(take(ada));
    ASSERT_EQ(states.size(), 1u);
    ASSERT_TRUE(states[0].room.club);
    EXPECT_EQ(*states[0].room.club, (ClubTag{club, "Poeti"}));
    const std::string room = states[0].room.id;
    drain();

    send(cat, JoinRoom{room});  // the club's rooms are for its members
    expect_error(cat, ErrorCode::club_members_only, "join_room");
    send(bob, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(bob)).size(), 1u);

    send(bob, GetClub{club});
    const auto page = last<ClubPage>(bob);
    EXPECT_TRUE(page.events.empty()) << "a live event is no longer upcoming";
    ASSERT_EQ(page.rooms.size(), 1u);
    EXPECT_EQ(page.rooms[0].id, room);
}

TEST_F(ClubEventsTest, AClubEventIsReadBackFromTheFileAfterARestart) {
    const auto event = schedule();
    send(ada, UpdateClub{club, "Poeti e amici", "", "members"});
    drain();

    // A second server on the same file, with its own connection to it.
    storage::Store reopened(file.path());
    auth::Accounts accounts_after{reopened, auth::PasswordCost::minimum(), [this] { return now; }};
    test::RecordingOutbox after;
    service::Service restarted{accounts_after, reopened, after, options};
    restarted.open(1, "p1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[bob]}));
    restarted.text(1, encode(GetClub{club}));
    const auto upcoming = only<UpcomingEvents>(after.inbox[1]);
    ASSERT_EQ(upcoming.size(), 1u) << types(after.inbox[1]);
    ASSERT_EQ(upcoming[0].items.size(), 1u);
    ASSERT_TRUE(upcoming[0].items[0].club);
    EXPECT_EQ(*upcoming[0].items[0].club, (ClubTag{club, "Poeti e amici"}))
        << "the tag names the club as it is now";
    const auto pages = only<ClubPage>(after.inbox[1]);
    ASSERT_EQ(pages.size(), 1u) << types(after.inbox[1]);
    ASSERT_EQ(pages[0].events.size(), 1u);
    EXPECT_EQ(pages[0].events[0].id, event.id);
}
