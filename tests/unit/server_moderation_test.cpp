// Moderation through the service (docs/protocol.md, "Moderation"): frames in as text,
// events out through a recording Outbox decoded with the real codec. Who hears what
// when a member is removed or muted, the room's type changes, hands go off, someone
// knocks; the checks and codes; the rate limit on knocks; what a restart keeps.
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

class ModerationTest : public test::ServiceFixture {
  protected:
    // Hallway summaries go out at once unless an interval says to coalesce them.
    explicit ModerationTest(std::chrono::milliseconds hallway_interval = {})
        : hallway_interval(hallway_interval) {}

    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    // Everyone's events dropped: the start of the next step.
    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    // Ada's room of `type` with Bob and Cat in the audience (they came in while it was
    // open); Dan signed in outside.
    void open_room(RoomType type = RoomType::open) {
        send(ada, CreateRoom{"Moderata", RoomType::open});
        room = only<RoomState>(take(ada)).at(0).room.id;
        for (ConnectionId c : {bob, cat}) {
            send(c, JoinRoom{room});
            EXPECT_EQ(only<RoomState>(take(c)).size(), 1u);
        }
        if (type != RoomType::open) send(ada, SetRoomType{type});
        drain();
    }
    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    std::chrono::milliseconds hallway_interval;
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::Service service{accounts, store, outbox,
                             service::ServiceOptions{.server_name = "test",
                                                     .steady_now = [this] { return steady; },
                                                     .unix_now = [this] { return now; },
                                                     .hallway_interval = hallway_interval,
                                                     .offload = service::run_inline}};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat"), dan = signup("dan");
    std::string room;
};

class CoalescedModerationTest : public ModerationTest {
  protected:
    CoalescedModerationTest() : ModerationTest(std::chrono::milliseconds(250)) {}
};

}  // namespace

TEST_F(ModerationTest, ARemovedMemberIsToldAndCannotRejoin) {
    open_room();
    send(ada, RemoveMember{uid(bob)});
    auto events = take(bob);
    // The room is never listed to Bob again (docs/protocol.md, "Moderation").
    ASSERT_EQ(types(events), "removed_from_room hallway_room_gone ");
    EXPECT_EQ(std::get<RemovedFromRoom>(events[0]).room, room);
    EXPECT_EQ(std::get<HallwayRoomGone>(events[1]).room, room);
    EXPECT_EQ(std::get<RemovedFromRoom>(events[0]).title, "Moderata");
    events = take(cat);
    ASSERT_EQ(types(events), "members_changed hallway_room ");
    EXPECT_EQ(std::get<MembersChanged>(events[0]).left, std::vector<UserId>{uid(bob)});
    EXPECT_EQ(take_one<HallwayRoom>(dan).room.listeners, 1);
    EXPECT_EQ(types(take(ada)), "members_changed hallway_room ");

    send(bob, RaiseHand{});
    expect_error(bob, ErrorCode::not_in_room, "raise_hand");
    send(bob, JoinRoom{room});
    expect_error(bob, ErrorCode::removed_from_room, "join_room");
    send(bob, Knock{room});
    expect_error(bob, ErrorCode::removed_from_room, "knock");
    expect_nothing(ada);
    expect_nothing(cat);

    // Refused, Bob stays where he is: a refused join does not leave one's room.
    send(bob, CreateRoom{"Altrove", RoomType::open});
    const auto other = only<RoomState>(take(bob)).at(0).room.id;
    send(bob, JoinRoom{room});
    expect_error(bob, ErrorCode::removed_from_room, "join_room");
    send(bob, RaiseHand{});
    expect_error(bob, ErrorCode::not_in_audience, "raise_hand");  // still moderating `other`
    send(bob, EndRoom{});
    EXPECT_EQ(types(take(bob)), "room_ended hallway_room_gone ");
    EXPECT_NE(other, room);
}

TEST_F(ModerationTest, ChecksAndCodes) {
    open_room();
    send(bob, RemoveMember{uid(cat)});
    expect_error(bob, ErrorCode::forbidden, "remove_member");
    send(bob, MuteSpeaker{uid(ada)});
    expect_error(bob, ErrorCode::forbidden, "mute_speaker");
    send(bob, SetRoomType{RoomType::closed});
    expect_error(bob, ErrorCode::forbidden, "set_room_type");
    send(bob, SetHandsAllowed{false});
    expect_error(bob, ErrorCode::forbidden, "set_hands_allowed");
    send(bob, SetLinkJoins{true});
    expect_error(bob, ErrorCode::forbidden, "set_link_joins");
    send(bob, UnmakeModerator{uid(ada)});
    expect_error(bob, ErrorCode::forbidden, "unmake_moderator");
    send(bob, LetIn{uid(dan)});
    expect_error(bob, ErrorCode::forbidden, "let_in");
    send(bob, DeclineKnock{uid(dan)});
    expect_error(bob, ErrorCode::forbidden, "decline_knock");

    send(dan, RemoveMember{uid(cat)});
    expect_error(dan, ErrorCode::not_in_room, "remove_member");
    send(dan, SetRoomType{RoomType::closed});
    expect_error(dan, ErrorCode::not_in_room, "set_room_type");

    send(ada, RemoveMember{uid(dan)});
    expect_error(ada, ErrorCode::member_not_found, "remove_member");
    send(ada, MuteSpeaker{uid(dan)});
    expect_error(ada, ErrorCode::member_not_found, "mute_speaker");
    send(ada, MuteSpeaker{uid(bob)});
    expect_error(ada, ErrorCode::not_on_stage, "mute_speaker");
    send(ada, RemoveMember{uid(ada)});
    expect_error(ada, ErrorCode::cannot_remove_self, "remove_member");
    send(ada, UnmakeModerator{uid(ada)});
    expect_error(ada, ErrorCode::last_moderator, "unmake_moderator");
    send(ada, LetIn{uid(dan)});
    expect_error(ada, ErrorCode::knock_not_found, "let_in");
    send(dan, Knock{room});
    expect_error(dan, ErrorCode::knock_not_needed, "knock");
    send(dan, Knock{"nosuchroom"});
    expect_error(dan, ErrorCode::room_not_found, "knock");
    // Refusals told nobody else.
    expect_nothing(bob);
    expect_nothing(cat);
}

TEST_F(ModerationTest, AMutedSpeakerIsToldAndUnmutes) {
    open_room();
    send(ada, InviteSpeaker{uid(bob)});
    send(bob, SetMute{false});
    drain();
    send(ada, MuteSpeaker{uid(bob)});
    auto events = take(bob);
    ASSERT_EQ(types(events), "member_updated muted_by_moderator ");
    EXPECT_TRUE(std::get<MemberUpdated>(events[0]).member.muted);
    EXPECT_EQ(std::get<MutedByModerator>(events[1]).by.handle, "ada");
    EXPECT_EQ(std::get<MutedByModerator>(events[1]).room, room);
    EXPECT_TRUE(take_one<MemberUpdated>(cat).member.muted);
    take(ada);
    send(bob, SetMute{false});
    EXPECT_FALSE(take_one<MemberUpdated>(cat).member.muted);
}

TEST_F(ModerationTest, UnmakingAModerator) {
    open_room();
    send(ada, InviteSpeaker{uid(bob)});
    send(ada, MakeModerator{uid(bob)});
    drain();
    send(bob, UnmakeModerator{uid(ada)});
    auto events = take(cat);
    ASSERT_EQ(types(events), "member_updated hallway_room ") << "the stage's order changed";
    EXPECT_EQ(std::get<MemberUpdated>(events[0]).member.role, Role::speaker);
    drain();
    send(ada, RemoveMember{uid(cat)});
    expect_error(ada, ErrorCode::forbidden, "remove_member");
    send(bob, UnmakeModerator{uid(bob)});
    expect_error(bob, ErrorCode::last_moderator, "unmake_moderator");
}

TEST_F(ModerationTest, ChangingTheTypeTellsTheRoomTheHallwayAndTheDatabase) {
    open_room();
    send(ada, SetRoomType{RoomType::closed});
    auto events = take(cat);
    ASSERT_EQ(types(events), "room_settings hallway_room ");
    const auto settings = std::get<RoomSettings>(events[0]);
    EXPECT_EQ(settings, (RoomSettings{room, RoomType::closed, true, false}));
    // Dan, in no room and not let in, no longer sees it (docs/protocol.md, "Room types").
    EXPECT_EQ(take_one<HallwayRoomGone>(dan).room, room);
    auto stored = store.database().prepare("SELECT type FROM rooms WHERE id = ?1");
    stored.bind(1, std::string_view(room));
    ASSERT_TRUE(stored.step());
    EXPECT_EQ(stored.text(0), "closed");
    EXPECT_EQ(types(take(ada)), "room_settings hallway_room ");

    send(ada, SetRoomType{RoomType::closed});
    expect_nothing(cat);  // the same type: nothing changes, nothing is sent
    expect_nothing(ada);
}

TEST_F(ModerationTest, HandsOffLowersHandsAndRefusesNewOnes) {
    open_room();
    send(bob, RaiseHand{});
    drain();
    send(ada, SetHandsAllowed{false});
    auto events = take(cat);
    ASSERT_EQ(types(events), "room_settings member_updated ");
    EXPECT_FALSE(std::get<RoomSettings>(events[0]).hands_allowed);
    EXPECT_FALSE(std::get<MemberUpdated>(events[1]).member.hand);
    drain();
    send(cat, RaiseHand{});
    expect_error(cat, ErrorCode::hands_off, "raise_hand");
    expect_nothing(ada);

    // Someone joining now learns hands are off from the room itself.
    send(dan, JoinRoom{room});
    const auto state = only<RoomState>(take(dan)).at(0).room;
    EXPECT_FALSE(state.hands_allowed);
    EXPECT_TRUE(state.knocks.empty());
}

TEST_F(ModerationTest, AKnockIsLetInAndTheKnockerJoins) {
    open_room(RoomType::closed);
    send(dan, JoinRoom{room});
    expect_error(dan, ErrorCode::room_closed, "join_room");

    send(dan, Knock{room});
    EXPECT_EQ(take_one<Knocked>(dan), (Knocked{room, "Moderata"}));
    const auto knocks = take_one<Knocks>(ada);
    ASSERT_EQ(knocks.users.size(), 1u);
    EXPECT_EQ(knocks.users[0].id, uid(dan));
    expect_nothing(bob);  // only moderators see knocks
    send(dan, JoinRoom{room});
    expect_error(dan, ErrorCode::knock_pending, "join_room");

    // A second tab of Ada's, entering the room, gets the knocks in its room_state.
    const ConnectionId ada2 = next_id++;
    service.open(ada2, "peer-ada2");
    send(ada2, Hello{kVersion, "t"});
    send(ada2, Resume{tokens[ada]});
    auto resumed = only<RoomState>(take(ada2));
    ASSERT_EQ(resumed.size(), 1u);
    ASSERT_EQ(resumed[0].room.knocks.size(), 1u);
    EXPECT_EQ(resumed[0].room.knocks[0].handle, "dan");

    send(ada, LetIn{uid(dan)});
    // Let in, Dan finds the closed room in his hallway too.
    auto answer = take(dan);
    ASSERT_EQ(types(answer), "knock_answered hallway_rooms ");
    EXPECT_EQ(std::get<KnockAnswered>(answer[0]), (KnockAnswered{room, "Moderata", true}));
    ASSERT_EQ(std::get<HallwayRooms>(answer[1]).rooms.size(), 1u);
    EXPECT_EQ(std::get<HallwayRooms>(answer[1]).rooms[0].id, room);
    EXPECT_TRUE(take_one<Knocks>(ada).users.empty());
    take(ada2);
    send(dan, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(dan)).size(), 1u);
}

TEST_F(ModerationTest, ADeclinedKnockerIsToldAndLinkJoinsLetPeopleIn) {
    open_room(RoomType::closed);
    send(dan, Knock{room});
    drain();
    send(ada, DeclineKnock{uid(dan)});
    EXPECT_EQ(take_one<KnockAnswered>(dan), (KnockAnswered{room, "Moderata", false}));
    send(dan, JoinRoom{room});
    expect_error(dan, ErrorCode::room_closed, "join_room");

    send(ada, SetLinkJoins{true});
    EXPECT_TRUE(take_one<RoomSettings>(bob).link_joins);
    send(dan, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(dan)).size(), 1u);
}

TEST_F(ModerationTest, KnockersHearWhenTheRoomEnds) {
    open_room(RoomType::closed);
    send(dan, Knock{room});
    drain();
    send(ada, EndRoom{});
    // Dan never saw the closed room in his hallway, yet waits on it.
    EXPECT_EQ(take_one<HallwayRoomGone>(dan).room, room);
}

// A tab that signs in while a change waits for the hallway flush gets the hallway as
// it is now; the flush must not then take back a room that tab never had (a knock card
// on it would read "the room ended").
TEST_F(CoalescedModerationTest, AHiddenRoomIsNotTakenBackFromATabThatNeverHadIt) {
    open_room();
    service.flush_hallway();
    drain();
    send(ada, SetRoomType{RoomType::closed});  // the summary waits for the flush

    const ConnectionId dan2 = next_id++;
    service.open(dan2, "peer-dan2");
    send(dan2, Hello{kVersion, "t"});
    send(dan2, Resume{tokens[dan]});
    auto signed_in = take(dan2);
    auto hallways = only<Hallway>(signed_in);
    ASSERT_EQ(hallways.size(), 1u) << types(signed_in);
    EXPECT_TRUE(hallways[0].rooms.empty());
    // Dan's older tab, which shows the room, drops it now.
    EXPECT_EQ(take_one<HallwayRoomGone>(dan).room, room);

    send(dan2, JoinRoom{room});
    expect_error(dan2, ErrorCode::room_closed, "join_room");
    service.flush_hallway();
    expect_nothing(dan2);
    expect_nothing(dan);
    EXPECT_EQ(only<HallwayRooms>(take(cat)).size(), 1u);
}

TEST_F(ModerationTest, KnocksAreRateLimitedPerUser) {
    open_room(RoomType::closed);
    for (int i = 0; i < static_cast<int>(service::kKnockBurst); ++i) {
        send(dan, Knock{room});
        take_one<Knocked>(dan);
        send(ada, DeclineKnock{uid(dan)});
        take_one<KnockAnswered>(dan);
    }
    send(dan, Knock{room});
    expect_error(dan, ErrorCode::rate_limited, "knock");
    steady += std::chrono::seconds(20);
    send(dan, Knock{room});
    take_one<Knocked>(dan);
}

TEST_F(ModerationTest, RemovalsAndSettingsOutliveAGracefulRestart) {
    open_room(RoomType::closed);
    send(ada, InviteSpeaker{uid(cat)});
    send(ada, RemoveMember{uid(bob)});
    send(dan, Knock{room});
    send(ada, LetIn{uid(dan)});
    send(ada, SetHandsAllowed{false});
    service.save_stages();

    test::RecordingOutbox after;
    service::Service restarted{accounts, store, after,
                               service::ServiceOptions{.steady_now = [this] { return steady; },
                                                       .unix_now = [this] { return now; },
                                                       .hallway_interval = {}}};
    EXPECT_EQ(restarted.restore_stages(), 1);
    auto connect = [&](ConnectionId id, ConnectionId as) {
        restarted.open(id, "p" + std::to_string(id));
        restarted.text(id, encode(Hello{kVersion, "t"}));
        restarted.text(id, encode(Resume{tokens[as]}));
        after.inbox[id].clear();
    };
    connect(1, bob);
    restarted.text(1, encode(JoinRoom{room}));
    ASSERT_EQ(types(after.inbox[1]), "error ");
    EXPECT_EQ(std::get<Error>(after.inbox[1][0]).code, ErrorCode::removed_from_room);
    connect(2, dan);
    restarted.text(2, encode(JoinRoom{room}));
    auto states = only<RoomState>(after.inbox[2]);
    ASSERT_EQ(states.size(), 1u) << "let in before the restart: " << types(after.inbox[2]);
    EXPECT_FALSE(states[0].room.hands_allowed);
    EXPECT_EQ(states[0].room.type, RoomType::closed);
    EXPECT_TRUE(store.take_room_access().empty()) << "restored access is forgotten";
}
