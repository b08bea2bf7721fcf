// The signalling service end to end over fake connections: every frame goes in as
// text and every answer comes out through a recording Outbox, decoded with the
// real codec, so these tests see exactly what clients would.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
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
using test::RecordingOutbox;
using test::types;

class ServiceTest : public test::ServiceFixture {
  protected:
    // Most tests check room semantics event by event, so they run with immediate
    // hallway updates (interval 0); HallwayCoalescingTest runs the default.
    explicit ServiceTest(std::chrono::milliseconds hallway_interval = {})
        : hallway_interval(hallway_interval) {}

    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    using ServiceFixture::signup;
    // A new user on a new connection, invited by `inviter`, who hears that their invite
    // was used (social_test.cpp checks it) and has that consumed too.
    ConnectionId signup(const std::string& handle, ConnectionId inviter) {
        send(inviter, CreateInvite{});
        const ConnectionId id = signup(handle, "", take_one<Invite>(inviter).code);
        take(inviter);
        return id;
    }
    ConnectionId login(const std::string& handle) {
        const ConnectionId id = connect();
        send(id, Login{handle, "password123"});
        auto events = take(id);
        EXPECT_GE(events.size(), 2u) << types(events);
        users[id] = only<Session>(events).at(0).user;
        return id;
    }
    // A user with password "password123", created without going through a connection;
    // their token goes into `tokens` under connection 0.
    void signup_now(const std::string& handle) {
        auto created = accounts.signup(
            {accounts.create_bootstrap_invite().code, handle, "Name of " + handle, "password123"});
        ASSERT_TRUE(std::holds_alternative<auth::SignedIn>(created));
        tokens[0] = std::get<auth::SignedIn>(created).token.value_or("");
    }
    // Opens a room as `owner` and drains the room_state and hallway_room events.
    std::string open_room(ConnectionId owner, const std::string& title,
                          std::initializer_list<ConnectionId> watchers = {},
                          RoomType type = RoomType::open) {
        send(owner, CreateRoom{title, type});
        auto events = take(owner);
        EXPECT_EQ(types(events), "room_state hallway_room ");
        for (ConnectionId w : watchers) take(w);
        return only<RoomState>(events).at(0).room.id;
    }
    void join(ConnectionId id, const std::string& room) {
        send(id, JoinRoom{room});
        auto events = take(id);
        EXPECT_FALSE(only<RoomState>(events).empty()) << types(events);
    }

    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    std::chrono::milliseconds hallway_interval;
    // Where slow jobs (password hashing) go; tests of the worker hand-off replace it.
    std::function<bool(service::SlowJob)> offload = service::run_inline;
    service::Service service{
        accounts, store, outbox,
        service::ServiceOptions{
            .server_name = "test-server",
            .steady_now = [this] { return steady; },
            .unix_now = [this] { return now; },
            .hallway_interval = hallway_interval,
            .offload = [this](service::SlowJob job) { return offload(std::move(job)); }}};
};

}  // namespace

TEST_F(ServiceTest, HelloFirstAndVersionChecked) {
    service.open(1);
    send(1, Ping{});
    expect_error(1, ErrorCode::hello_required, "ping");
    send(1, Login{"ada", "password123"});
    expect_error(1, ErrorCode::hello_required, "login");
    send(1, Hello{2, "future client"});
    expect_error(1, ErrorCode::unsupported_version, "hello");
    send(1, Ping{});
    expect_error(1, ErrorCode::hello_required, "ping");
    send(1, Hello{1, "client"});
    auto welcome = take_one<Welcome>(1);
    EXPECT_EQ(welcome.v, 1);
    EXPECT_EQ(welcome.server, "test-server");
    send(1, Ping{});
    take_one<Pong>(1);
}

TEST_F(ServiceTest, SignedOutConnectionsMaySendOnlySignInIntents) {
    auto id = connect();
    for (const Intent& intent :
         std::vector<Intent>{CreateRoom{.title = "x"}, JoinRoom{"abc"}, Logout{}, CreateInvite{},
                             ListInvites{}, GetProfile{"ada"}, RaiseHand{}, EndRoom{}}) {
        send(id, intent);
        expect_error(id, ErrorCode::not_signed_in, type_of(intent));
    }
}

TEST_F(ServiceTest, AnUnknownTypeCutInsideACharacterIsAnsweredAndServingGoesOn) {
    auto id = connect();
    const std::string type = std::string(kMaxEchoedType - 1, 'a') + "ß";
    service.text(id, R"({"t":")" + type + R"("})");
    expect_error(id, ErrorCode::unknown_type, std::string(kMaxEchoedType - 1, 'a'));
    send(id, Ping{});
    take_one<Pong>(id);
}

TEST_F(ServiceTest, MalformedFramesGetErrorsAndTheConnectionStays) {
    auto id = connect();
    service.text(id, "not json");
    expect_error(id, ErrorCode::bad_json, "");
    service.text(id, R"({"t":"dance"})");
    expect_error(id, ErrorCode::unknown_type, "dance");
    service.text(id, R"({"t":"join_room","room":7})");
    expect_error(id, ErrorCode::bad_message, "join_room");
    service.text(id, std::string(kMaxTextFrame + 1, ' '));
    expect_error(id, ErrorCode::too_large, "");
    service.binary(id, std::vector<std::uint8_t>{1, 2});
    expect_error(id, ErrorCode::binary_unsupported, "");
    send(id, Ping{});
    take_one<Pong>(id);
}

TEST_F(ServiceTest, SignupAnswersSessionThenHallway) {
    auto code = accounts.create_bootstrap_invite().code;
    auto id = connect();
    send(id, Signup{code, "ada", "Niccolò Пётр", "password123"});
    auto events = take(id);
    ASSERT_EQ(types(events), "session hallway ");
    auto session = std::get<Session>(events[0]);
    EXPECT_EQ(session.user.handle, "ada");
    EXPECT_EQ(session.user.name, "Niccolò Пётр");
    ASSERT_TRUE(session.token);
    EXPECT_TRUE(std::get<Hallway>(events[1]).rooms.empty());

    send(id, Login{"ada", "password123"});
    expect_error(id, ErrorCode::already_signed_in, "login");

    // Reload: a new connection resumes with the stored token.
    auto reload = connect();
    send(reload, Resume{*session.token});
    events = take(reload);
    ASSERT_EQ(types(events), "session hallway ");
    EXPECT_FALSE(std::get<Session>(events[0]).token);
    EXPECT_EQ(std::get<Session>(events[0]).user, session.user);
}

TEST_F(ServiceTest, SignupErrorsComeBackAsErrors) {
    auto ada = signup("ada");
    auto id = connect();
    send(id, Signup{"WRNG-CODE-HERE", "bob", "Bob", "password123"});
    expect_error(id, ErrorCode::invite_invalid, "signup");
    send(ada, CreateInvite{});
    auto code = take_one<Invite>(ada).code;
    send(id, Signup{code, "ada", "Bob", "password123"});
    expect_error(id, ErrorCode::handle_taken, "signup");
    send(id, Signup{code, "bob", "", "password123"});
    expect_error(id, ErrorCode::name_invalid, "signup");
    send(id, Login{"bob", "password123"});
    expect_error(id, ErrorCode::login_failed, "login");
    send(id, Resume{"nope"});
    expect_error(id, ErrorCode::session_invalid, "resume");
}

TEST_F(ServiceTest, InvitesAndProfilesThroughTheService) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    send(ada, CreateInvite{});
    take_one<Invite>(ada);
    send(ada, CreateInvite{});
    take_one<Invite>(ada);
    send(ada, CreateInvite{});
    expect_error(ada, ErrorCode::invite_quota, "create_invite");

    send(ada, ListInvites{});
    auto invites = take_one<Invites>(ada);
    EXPECT_EQ(invites.items.size(), 3u);
    EXPECT_EQ(invites.remaining, 0);
    ASSERT_TRUE(invites.items[0].used_by);
    EXPECT_EQ(invites.items[0].used_by->handle, "bob");

    send(ada, GetProfile{"bob"});
    auto profile = take_one<Profile>(ada);
    EXPECT_EQ(profile.user.handle, "bob");
    ASSERT_TRUE(profile.invited_by);
    EXPECT_EQ(profile.invited_by->handle, "ada");
    send(bob, GetProfile{"nobody"});
    expect_error(bob, ErrorCode::user_not_found, "get_profile");
}

TEST_F(ServiceTest, FullRoomFlowBroadcastsToTheRightConnections) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto eve = signup("eve", ada);  // signed in, never joins: sees only the hallway

    send(ada, CreateRoom{.title = "Chiacchiere del venerdì"});
    auto events = take(ada);
    ASSERT_EQ(types(events), "room_state hallway_room ");
    auto state = std::get<RoomState>(events[0]).room;
    EXPECT_EQ(state.title, "Chiacchiere del venerdì");
    EXPECT_EQ(state.id.size(), 10u);
    ASSERT_EQ(state.members.size(), 1u);
    EXPECT_EQ(state.members[0].role, Role::moderator);
    auto hallway = take_one<HallwayRoom>(eve).room;
    EXPECT_EQ(hallway.id, state.id);
    EXPECT_EQ(hallway.listeners, 0);
    ASSERT_EQ(hallway.speakers.size(), 1u);
    EXPECT_EQ(hallway.speakers[0].handle, "ada");
    take_one<HallwayRoom>(bob);
    const std::string room = state.id;

    // Bob joins the audience.
    send(bob, JoinRoom{room});
    events = take(bob);
    ASSERT_EQ(types(events), "room_state hallway_room ");
    EXPECT_EQ(std::get<RoomState>(events[0]).room.members.size(), 2u);
    events = take(ada);
    ASSERT_EQ(types(events), "members_changed hallway_room ");
    EXPECT_EQ(std::get<MembersChanged>(events[0]).members.at(0).id, uid(bob));
    EXPECT_EQ(std::get<MembersChanged>(events[0]).members.at(0).role, Role::audience);
    EXPECT_EQ(take_one<HallwayRoom>(eve).room.listeners, 1);

    // Hands: room members see it, the hallway does not change.
    send(bob, RaiseHand{});
    EXPECT_TRUE(take_one<MemberUpdated>(ada).member.hand);
    EXPECT_TRUE(take_one<MemberUpdated>(bob).member.hand);
    expect_nothing(eve);

    // Ada brings Bob on stage: his hand goes down and the hallway shows two speakers.
    send(ada, InviteSpeaker{uid(bob)});
    events = take(bob);
    ASSERT_EQ(types(events), "member_updated hallway_room ");
    auto bob_member = std::get<MemberUpdated>(events[0]).member;
    EXPECT_EQ(bob_member.role, Role::speaker);
    EXPECT_FALSE(bob_member.hand);
    take(ada);
    hallway = take_one<HallwayRoom>(eve).room;
    EXPECT_EQ(hallway.speakers.size(), 2u);
    EXPECT_EQ(hallway.listeners, 0);

    // A speaker may not moderate.
    send(bob, MakeModerator{uid(ada)});
    expect_error(bob, ErrorCode::forbidden, "make_moderator");
    send(bob, EndRoom{});
    expect_error(bob, ErrorCode::forbidden, "end_room");

    send(ada, MakeModerator{uid(bob)});
    EXPECT_EQ(take_one<MemberUpdated>(bob).member.role, Role::moderator);
    take(ada);
    take(eve);

    // Ada steps down; Bob, now moderator, ends the room for everyone.
    send(ada, MoveToAudience{uid(ada)});
    events = take(bob);
    ASSERT_EQ(types(events), "member_updated hallway_room ");
    EXPECT_EQ(std::get<MemberUpdated>(events[0]).member.role, Role::audience);
    EXPECT_EQ(types(take(ada)), "member_updated hallway_room ");
    EXPECT_EQ(take_one<HallwayRoom>(eve).room.listeners, 1);
    send(bob, EndRoom{});
    EXPECT_EQ(types(take(ada)), "room_ended hallway_room_gone ");
    EXPECT_EQ(types(take(bob)), "room_ended hallway_room_gone ");
    EXPECT_EQ(take_one<HallwayRoomGone>(eve).room, room);
    EXPECT_EQ(service.room_count(), 0u);

    send(ada, LeaveRoom{});
    expect_error(ada, ErrorCode::not_in_room, "leave_room");
    send(ada, JoinRoom{room});
    expect_error(ada, ErrorCode::room_not_found, "join_room");

    auto ended = store.database().prepare("SELECT ended_at FROM rooms WHERE id = ?1");
    ended.bind(1, std::string_view(room));
    ASSERT_TRUE(ended.step());
    EXPECT_EQ(ended.int64(0), now);
}

TEST_F(ServiceTest, RoomRulesAreEnforced) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto eve = signup("eve", ada);
    send(ada, CreateRoom{.title = ""});
    expect_error(ada, ErrorCode::title_invalid, "create_room");
    send(ada, CreateRoom{.title = "Bad\ttitle"});
    expect_error(ada, ErrorCode::title_invalid, "create_room");
    send(ada, RaiseHand{});
    expect_error(ada, ErrorCode::not_in_room, "raise_hand");

    auto room = open_room(ada, "Rules", {bob, eve});
    join(bob, room);
    take(ada);
    take(eve);

    send(bob, InviteSpeaker{uid(bob)});
    expect_error(bob, ErrorCode::forbidden, "invite_speaker");
    send(bob, MoveToAudience{uid(ada)});
    expect_error(bob, ErrorCode::forbidden, "move_to_audience");
    send(ada, RaiseHand{});
    expect_error(ada, ErrorCode::not_in_audience, "raise_hand");
    send(ada, InviteSpeaker{uid(eve)});
    expect_error(ada, ErrorCode::member_not_found, "invite_speaker");
    send(ada, MakeModerator{uid(bob)});
    expect_error(ada, ErrorCode::not_on_stage, "make_moderator");
    send(ada, MoveToAudience{uid(ada)});
    expect_error(ada, ErrorCode::last_moderator, "move_to_audience");
    send(ada, JoinRoom{"nosuchroom"});
    expect_error(ada, ErrorCode::room_not_found, "join_room");
    // Rejections changed nothing and told nobody.
    expect_nothing(bob);
    expect_nothing(eve);
}

TEST_F(ServiceTest, DisconnectLeavesTheRoomAndTheLastOneOutEndsIt) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto eve = signup("eve", ada);
    auto room = open_room(ada, "Ciao", {bob, eve});
    join(bob, room);
    take(ada);
    take(eve);

    service.close(bob);
    auto events = take(ada);
    ASSERT_EQ(types(events), "members_changed hallway_room ");
    EXPECT_EQ(std::get<MembersChanged>(events[0]).left.at(0), uid(bob));
    EXPECT_EQ(take_one<HallwayRoom>(eve).room.listeners, 0);

    // The moderator keeps the seat for a while after dropping, then goes; being the
    // last one out, that ends the room.
    service.close(ada);
    expect_nothing(eve);
    steady += service::kSeatGrace;
    service.sweep();
    EXPECT_EQ(take_one<HallwayRoomGone>(eve).room, room);
    EXPECT_EQ(service.room_count(), 0u);
    EXPECT_EQ(service.connection_count(), 1u);
}

TEST_F(ServiceTest, SomeoneOnStageWhoReconnectsInTimeKeepsTheSeat) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto room = open_room(ada, "Ciao", {bob});
    join(bob, room);
    take(ada);

    service.close(ada);
    steady += service::kSeatGrace - std::chrono::seconds(1);
    service.sweep();
    expect_nothing(bob);

    auto back = connect();
    send(back, Resume{tokens[ada]});
    auto events = take(back);
    // `social`: Ada has an unread notification (Bob used her invite).
    ASSERT_EQ(types(events), "session hallway social room_state ");
    const auto& members = std::get<RoomState>(events[3]).room.members;
    ASSERT_FALSE(members.empty());
    EXPECT_EQ(members[0].id, uid(ada));
    EXPECT_EQ(members[0].role, Role::moderator);
    steady += std::chrono::minutes(5);
    service.sweep();
    expect_nothing(bob);
    EXPECT_EQ(service.room_count(), 1u);
}

TEST_F(ServiceTest, StagesSavedAtShutdownComeBackAfterARestart) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto cat = signup("cat", ada);
    // A social room admits people someone on stage follows.
    send(ada, Follow{uid(bob)});
    send(ada, Follow{uid(cat)});
    take(ada);
    auto room = open_room(ada, "Riavvio", {bob, cat}, RoomType::social);
    join(bob, room);
    join(cat, room);
    send(bob, RaiseHand{});
    send(ada, InviteSpeaker{uid(bob)});
    take(ada);
    take(bob);
    take(cat);
    service.save_stages();

    // A new service over the same database: the server after a restart.
    RecordingOutbox restarted_outbox;
    service::Service restarted{accounts, store, restarted_outbox,
                               service::ServiceOptions{.steady_now = [this] { return steady; },
                                                       .unix_now = [this] { return now; },
                                                       .hallway_interval = {}}};
    EXPECT_EQ(store.end_open_rooms(now), 0) << "a saved room is not ended at start";
    EXPECT_EQ(restarted.restore_stages(), 1);
    EXPECT_EQ(restarted.room_count(), 1u);
    EXPECT_TRUE(store.take_seated_rooms().empty()) << "restored seats are forgotten";

    restarted.open(1, "peer-1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[bob]}));
    // welcome, session, hallway, social (Ada's follow is unread), room_state.
    ASSERT_EQ(restarted_outbox.inbox[1].size(), 5u);
    const auto& state = std::get<RoomState>(restarted_outbox.inbox[1][4]).room;
    EXPECT_EQ(state.id, room);
    EXPECT_EQ(state.type, RoomType::social) << "the room keeps its type";
    ASSERT_EQ(state.members.size(), 2u) << "the stage, not the audience";
    EXPECT_EQ(state.members[0].id, uid(ada));
    EXPECT_EQ(state.members[0].role, Role::moderator);
    EXPECT_EQ(state.members[1].id, uid(bob));
    EXPECT_EQ(state.members[1].role, Role::speaker);

    // Ada never comes back: her seat goes after the grace; Bob's room lives on.
    steady += service::kRestoredSeatGrace;
    restarted.sweep();
    EXPECT_EQ(restarted.room_count(), 1u);
}

TEST_F(ServiceTest, BigRoomsBatchJoinsAndLeaves) {
    auto ada = signup("ada");
    const auto room = open_room(ada, "Folla");
    // Up to kBatchedMembersFrom - 1 members, each join goes out at once.
    std::vector<ConnectionId> crowd;
    while (crowd.size() + 2 < service::kBatchedMembersFrom) {
        crowd.push_back(signup("folla" + std::to_string(crowd.size())));
        join(crowd.back(), room);
    }
    auto events = take(ada);
    EXPECT_EQ(only<MembersChanged>(events).size(), crowd.size());
    const auto last = only<MembersChanged>(events).back();
    ASSERT_EQ(last.members.size(), 1u);
    EXPECT_EQ(last.members[0].id, uid(crowd.back()));
    EXPECT_TRUE(last.left.empty());
    for (auto id : crowd) take(id);

    // The room reaches kBatchedMembersFrom: joins and leaves wait for the flush.
    auto carla = signup("carla");
    auto dario = signup("dario");
    auto ezio = signup("ezio");
    join(carla, room);
    join(dario, room);
    send(crowd[0], LeaveRoom{});
    join(ezio, room);
    send(ezio, LeaveRoom{});  // joined and left between two flushes
    events = take(ada);
    EXPECT_TRUE(only<MembersChanged>(events).empty()) << types(events);
    for (auto id : {carla, dario, ezio}) take(id);
    for (auto id : crowd) take(id);

    service.flush_members();
    auto batch = take_one<MembersChanged>(ada);
    ASSERT_EQ(batch.members.size(), 2u);
    EXPECT_EQ(batch.members[0].id, uid(carla));
    EXPECT_EQ(batch.members[1].id, uid(dario));
    EXPECT_EQ(batch.left, (std::vector<UserId>{uid(crowd[0]), uid(ezio)}));
    EXPECT_EQ(take_one<MembersChanged>(carla), batch);  // listing carla again is harmless
    expect_nothing(ezio);
    service.flush_members();
    expect_nothing(ada);

    // An update joins the collected changes too (members_changed upserts), so a storm
    // of hand toggles costs the room one message per interval, not one per toggle.
    auto fabio = signup("fabio");
    join(fabio, room);
    send(fabio, RaiseHand{});
    events = take(ada);
    EXPECT_TRUE(only<MembersChanged>(events).empty()) << types(events);
    EXPECT_TRUE(only<MemberUpdated>(events).empty()) << types(events);
    service.flush_members();
    auto update = take_one<MembersChanged>(ada);
    ASSERT_EQ(update.members.size(), 1u);
    EXPECT_EQ(update.members[0].id, uid(fabio));
    EXPECT_TRUE(update.members[0].hand);
}

TEST_F(ServiceTest, ModeratorLeavingHandsTheRoleOn) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto room = open_room(ada, "Passing", {bob});
    join(bob, room);
    take(ada);

    send(ada, LeaveRoom{});
    EXPECT_EQ(types(take(ada)), "left_room hallway_room ");
    auto events = take(bob);
    ASSERT_EQ(types(events), "members_changed member_updated hallway_room ");
    EXPECT_EQ(std::get<MemberUpdated>(events[1]).member.role, Role::moderator);
}

TEST_F(ServiceTest, JoiningAnotherRoomLeavesTheFirst) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto eve = signup("eve", ada);
    auto first = open_room(ada, "First", {bob, eve});
    auto second = open_room(bob, "Second", {ada, eve});
    join(eve, first);
    take(ada);
    take(bob);

    send(eve, JoinRoom{second});
    auto events = take(eve);
    // Leaving and entering both change hallway counts.
    ASSERT_EQ(types(events), "left_room hallway_room room_state hallway_room ");
    EXPECT_EQ(std::get<LeftRoom>(events[0]).room, first);
    EXPECT_EQ(std::get<RoomState>(events[2]).room.id, second);
    EXPECT_EQ(types(take(ada)), "members_changed hallway_room hallway_room ");
    EXPECT_EQ(types(take(bob)), "hallway_room members_changed hallway_room ");

    // Creating a room leaves the current one too; Eve inherits the moderator role.
    send(bob, CreateRoom{.title = "Third"});
    EXPECT_EQ(types(take(bob)), "left_room hallway_room room_state hallway_room ");
    events = take(eve);
    ASSERT_EQ(types(events), "members_changed member_updated hallway_room hallway_room ");
    EXPECT_EQ(std::get<MemberUpdated>(events[1]).member.id, uid(eve));
    EXPECT_EQ(std::get<MemberUpdated>(events[1]).member.role, Role::moderator);
}

TEST_F(ServiceTest, HallwaySnapshotListsLiveRoomsNewestFirst) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto older = open_room(ada, "Older", {bob});
    auto newer = open_room(bob, "Newer", {ada});
    auto eve_code = [&] {
        send(ada, CreateInvite{});
        return take_one<Invite>(ada).code;
    }();
    auto eve = connect();
    send(eve, Signup{eve_code, "eve", "Eve", "password123"});
    auto events = take(eve);
    ASSERT_EQ(types(events), "session hallway ");
    auto rooms = std::get<Hallway>(events[1]).rooms;
    ASSERT_EQ(rooms.size(), 2u);
    EXPECT_EQ(rooms[0].id, newer);
    EXPECT_EQ(rooms[1].id, older);
}

TEST_F(ServiceTest, TwoTabsShareTheUsersRoom) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto ada2 = login("ada");

    send(ada, CreateRoom{.title = "Tabs"});
    auto events = take(ada);
    ASSERT_EQ(types(events), "room_state hallway_room ");
    const auto room = std::get<RoomState>(events[0]).room.id;
    EXPECT_EQ(types(take(ada2)), "room_state hallway_room ");
    join(bob, room);
    EXPECT_EQ(types(take(ada)), "members_changed hallway_room ");
    EXPECT_EQ(types(take(ada2)), "members_changed hallway_room ");

    // A third tab signing in is shown the room at once.
    auto ada3 = connect();
    send(ada3, Resume{tokens[ada]});
    // `social`: Ada has an unread notification (Bob used her invite).
    EXPECT_EQ(types(take(ada3)), "session hallway social room_state ");

    // Closing tabs keeps Ada in the room until the last one goes, and then for the
    // seat's grace period: she is on stage.
    service.close(ada);
    service.close(ada3);
    expect_nothing(bob);
    service.close(ada2);
    expect_nothing(bob);
    steady += service::kSeatGrace;
    service.sweep();
    events = take(bob);
    ASSERT_EQ(types(events), "members_changed member_updated hallway_room ");
    EXPECT_EQ(std::get<MembersChanged>(events[0]).left.at(0), uid(ada2));
}

TEST_F(ServiceTest, LogoutRevokesTheTokenAndLeavesTheRoom) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    auto room = open_room(ada, "Bye", {bob});
    join(bob, room);
    take(ada);

    // A second tab on the same token (browsers share localStorage).
    auto bob2 = connect();
    send(bob2, Resume{tokens[bob]});
    take(bob2);

    send(bob, Logout{});
    // Both tabs leave the room together, still signed in while they do.
    EXPECT_EQ(types(take(bob)), "left_room hallway_room logged_out ");
    EXPECT_EQ(types(take(bob2)), "left_room hallway_room logged_out ");
    EXPECT_EQ(types(take(ada)), "members_changed hallway_room ");

    send(bob, CreateRoom{.title = "Nope"});
    expect_error(bob, ErrorCode::not_signed_in, "create_room");
    send(bob, Resume{tokens[bob]});
    expect_error(bob, ErrorCode::session_invalid, "resume");
    send(bob, Login{"bob", "password123"});
    EXPECT_EQ(types(take(bob)), "session hallway ");
}

TEST_F(ServiceTest, IntentsAreRateLimitedPerConnection) {
    auto id = connect();  // the hello used one token
    for (int i = 0; i < 39; ++i) send(id, Ping{});
    EXPECT_EQ(only<Pong>(take(id)).size(), 39u);
    send(id, Ping{});
    expect_error(id, ErrorCode::rate_limited, "ping");

    auto other = connect();  // limits are per connection
    send(other, Ping{});
    take_one<Pong>(other);

    steady += std::chrono::milliseconds(100);  // refills two tokens at 20/s
    send(id, Ping{});
    send(id, Ping{});
    send(id, Ping{});
    EXPECT_EQ(types(take(id)), "pong pong error ");
}

TEST_F(ServiceTest, SignInAttemptsAreRateLimited) {
    auto id = connect();
    for (int i = 0; i < 10; ++i) send(id, Login{"nobody", "password123"});
    EXPECT_EQ(only<Error>(take(id)).size(), 10u);
    send(id, Login{"nobody", "password123"});
    expect_error(id, ErrorCode::rate_limited, "login");
    steady += std::chrono::seconds(6);  // one attempt back at 10 per minute
    send(id, Login{"nobody", "password123"});
    expect_error(id, ErrorCode::login_failed, "login");
}

// ---- coalesced hallway updates (the default) ------------------------------------------

// ---- sign-in off the event loop ----------------------------------------------------

// Slow jobs wait in `jobs` until the test runs them, as a worker thread would later.
class SignInOffLoopTest : public ServiceTest {
  protected:
    SignInOffLoopTest() {
        offload = [this](service::SlowJob job) {
            if (!pool_open) return false;
            jobs.push_back(std::move(job));
            return true;
        };
    }
    // Runs the oldest waiting job and then its continuation, as the server does.
    void finish_one_job() {
        ASSERT_FALSE(jobs.empty());
        auto job = std::move(jobs.front());
        jobs.erase(jobs.begin());
        job()();
    }
    std::vector<service::SlowJob> jobs;
    bool pool_open = true;
};

TEST_F(SignInOffLoopTest, OthersAreServedWhileAPasswordIsHashed) {
    const auto code = accounts.create_bootstrap_invite().code;
    auto hashing = connect();
    auto other = connect();
    send(hashing, Signup{code, "ada", "Ada", "password123"});
    expect_nothing(hashing);
    ASSERT_EQ(jobs.size(), 1u);
    send(other, Ping{});
    take_one<Pong>(other);

    finish_one_job();
    EXPECT_EQ(types(take(hashing)), "session hallway ");
}

TEST_F(SignInOffLoopTest, LogInsToo) {
    signup_now("ada");
    auto id = connect();
    send(id, Login{"ada", "password123"});
    expect_nothing(id);
    finish_one_job();
    EXPECT_EQ(types(take(id)), "session hallway ");

    auto wrong = connect();
    send(wrong, Login{"ada", "not the password"});
    finish_one_job();
    expect_error(wrong, ErrorCode::login_failed, "login");
}

TEST_F(SignInOffLoopTest, ASecondSignInWaitsForTheFirst) {
    signup_now("ada");
    auto id = connect();
    send(id, Login{"ada", "password123"});
    send(id, Login{"ada", "password123"});
    expect_error(id, ErrorCode::password_check_pending, "login");
    EXPECT_EQ(jobs.size(), 1u);
    finish_one_job();
    EXPECT_EQ(types(take(id)), "session hallway ");
}

TEST_F(SignInOffLoopTest, AWrongInviteOrTakenHandleCostsNoHash) {
    signup_now("ada");
    auto id = connect();
    send(id, Signup{"ZZZZ-ZZZZ-ZZZZ", "bob", "Bob", "password123"});
    expect_error(id, ErrorCode::invite_invalid, "signup");
    send(id, Signup{accounts.create_bootstrap_invite().code, "ada", "Ada", "password123"});
    expect_error(id, ErrorCode::handle_taken, "signup");
    EXPECT_TRUE(jobs.empty());
}

TEST_F(SignInOffLoopTest, AFullPoolAnswersBusyAndTheNextTryWorks) {
    signup_now("ada");
    auto id = connect();
    pool_open = false;
    send(id, Login{"ada", "password123"});
    expect_error(id, ErrorCode::server_busy, "login");
    pool_open = true;
    send(id, Login{"ada", "password123"});
    finish_one_job();
    EXPECT_EQ(types(take(id)), "session hallway ");
}

TEST_F(SignInOffLoopTest, AConnectionClosedWhileHashingGetsNothing) {
    signup_now("ada");
    auto id = connect();
    send(id, Login{"ada", "password123"});
    service.close(id);
    finish_one_job();
    expect_nothing(id);
    EXPECT_EQ(service.connection_count(), 0u);
}

TEST_F(SignInOffLoopTest, TheInviteIsCheckedAgainAfterHashing) {
    const auto code = accounts.create_bootstrap_invite().code;
    auto first = connect();
    auto second = connect();
    send(first, Signup{code, "ada", "Ada", "password123"});
    send(second, Signup{code, "bob", "Bob", "password123"});
    ASSERT_EQ(jobs.size(), 2u);
    finish_one_job();
    finish_one_job();
    EXPECT_EQ(types(take(first)), "session hallway ");
    expect_error(second, ErrorCode::invite_used, "signup");
}

TEST_F(ServiceTest, PasswordSignInsAreLimitedPerAddress) {
    signup_now("ada");
    const auto from = [this](const std::string& address) {
        const ConnectionId id = next_id++;
        service.open(id, address);
        send(id, Hello{kVersion, "test"});
        take_one<Welcome>(id);
        return id;
    };
    // Fresh connections each time: the per-connection limit never trips.
    for (int i = 0; i < static_cast<int>(service::kAddressSignInBurst); ++i) {
        auto id = from("203.0.113.7");
        send(id, Login{"ada", "wrong password"});
        expect_error(id, ErrorCode::login_failed, "login");
    }
    auto over = from("203.0.113.7");
    send(over, Login{"ada", "password123"});
    expect_error(over, ErrorCode::rate_limited, "login");
    // A session token costs no hash: resuming is not limited per address.
    send(over, Resume{tokens.begin()->second});
    EXPECT_EQ(types(take(over)), "session hallway ");

    auto elsewhere = from("198.51.100.1");
    send(elsewhere, Login{"ada", "password123"});
    EXPECT_EQ(types(take(elsewhere)), "session hallway ");

    steady += std::chrono::seconds(static_cast<int>(1 / service::kAddressSignInsPerSecond) + 1);
    auto later = from("203.0.113.7");
    send(later, Login{"ada", "password123"});
    EXPECT_EQ(types(take(later)), "session hallway ");
}

// ---- sessions ------------------------------------------------------------------------

TEST_F(ServiceTest, LogOutEverywhereSignsOutEveryDevice) {
    auto phone = signup("ada");
    auto laptop = login("ada");
    auto bob = signup("bob", phone);
    const auto room = open_room(phone, "Salotto", {laptop, bob});
    join(bob, room);
    take(phone);
    take(laptop);

    send(laptop, LogoutEverywhere{});
    // The room's hallway update still reaches them before they are signed out.
    EXPECT_EQ(types(take(phone)), "left_room hallway_room logged_out ");
    EXPECT_EQ(types(take(laptop)), "left_room hallway_room logged_out ");
    EXPECT_FALSE(only<MembersChanged>(take(bob)).empty()) << "bob sees ada leave";
    auto again = connect();
    send(again, Resume{tokens[phone]});
    expect_error(again, ErrorCode::session_invalid, "resume");
}

TEST_F(ServiceTest, ChangingThePasswordRevokesTheOtherSessions) {
    auto here = signup("ada");
    auto elsewhere = login("ada");
    take(here);

    send(here, ChangePassword{"not my password", "brand-new-password"});
    expect_error(here, ErrorCode::password_wrong, "change_password");
    send(here, ChangePassword{"password123", "short"});
    expect_error(here, ErrorCode::password_invalid, "change_password");
    expect_nothing(elsewhere);

    send(here, ChangePassword{"password123", "brand-new-password"});
    take_one<PasswordChanged>(here);
    take_one<LoggedOut>(elsewhere);

    auto old_password = connect();
    send(old_password, Login{"ada", "password123"});
    expect_error(old_password, ErrorCode::login_failed, "login");
    auto new_password = connect();
    send(new_password, Login{"ada", "brand-new-password"});
    EXPECT_EQ(types(take(new_password)), "session hallway ");
    // The session that changed it lives on.
    auto resumed = connect();
    send(resumed, Resume{tokens[here]});
    EXPECT_EQ(types(take(resumed)), "session hallway ");
}

// ---- limits ------------------------------------------------------------------------

TEST_F(ServiceTest, ConnectionsMustSayHelloAndSignInInTime) {
    const ConnectionId silent = next_id++;
    service.open(silent, "peer-silent");
    auto greeted = connect();
    auto ada = signup("ada");
    steady += service::kHelloDeadline - std::chrono::seconds(1);
    service.sweep();
    EXPECT_TRUE(outbox.disconnected.empty());

    steady += std::chrono::seconds(1);
    service.sweep();
    EXPECT_EQ(outbox.disconnected, std::set<ConnectionId>{silent});
    expect_error(silent, ErrorCode::hello_required, "");
    expect_nothing(greeted);

    steady += service::kSignInDeadline;
    service.sweep();
    EXPECT_TRUE(outbox.disconnected.contains(greeted));
    expect_error(greeted, ErrorCode::not_signed_in, "");
    EXPECT_FALSE(outbox.disconnected.contains(ada)) << "signed in: no deadline";
    // A cut-off connection's late frames are ignored.
    send(greeted, Ping{});
    expect_nothing(greeted);
}

TEST_F(ServiceTest, AConnectionThatKeepsFloodingIsCutOffAndOthersAreServed) {
    auto flooder = connect();
    auto other = connect();
    const int burst = static_cast<int>(service::kIntentBurst) - 1;  // hello took one
    for (int i = 0; i < burst; ++i) send(flooder, Ping{});
    EXPECT_EQ(only<Pong>(take(flooder)).size(), static_cast<std::size_t>(burst));
    for (int i = 0; i < static_cast<int>(service::kStrikeBurst); ++i) {
        send(flooder, Ping{});
        expect_error(flooder, ErrorCode::rate_limited, "ping");
    }
    EXPECT_FALSE(outbox.disconnected.contains(flooder));
    send(flooder, Ping{});
    EXPECT_TRUE(outbox.disconnected.contains(flooder));
    auto last = take_one<Error>(flooder);
    EXPECT_EQ(last.code, ErrorCode::rate_limited);
    EXPECT_NE(last.message.find("disconnected"), std::string::npos) << last.message;

    send(other, Ping{});
    take_one<Pong>(other);
}

TEST_F(ServiceTest, RoomCreationIsLimitedPerUserAcrossConnections) {
    auto ada = signup("ada");
    for (int i = 0; i < static_cast<int>(service::kRoomCreationBurst); ++i) {
        send(ada, CreateRoom{.title = "Room " + std::to_string(i)});
        EXPECT_FALSE(only<RoomState>(take(ada)).empty());
    }
    // Another tab of the same user shares the allowance.
    auto tab = login("ada");
    take(ada);
    send(tab, CreateRoom{.title = "One too many"});
    expect_error(tab, ErrorCode::rate_limited, "create_room");

    steady += std::chrono::seconds(static_cast<int>(1 / service::kRoomCreationsPerSecond) + 1);
    send(tab, CreateRoom{.title = "Later"});
    EXPECT_FALSE(only<RoomState>(take(tab)).empty());
}

TEST_F(ServiceTest, HandTogglesAreLimitedPerUser) {
    auto ada = signup("ada");
    auto bob = signup("bob", ada);
    const auto room = open_room(ada, "Hands", {bob});
    join(bob, room);
    take(ada);
    const int burst = static_cast<int>(service::kHandToggleBurst);
    for (int i = 0; i < burst; ++i) {
        if (i % 2 == 0)
            send(bob, RaiseHand{});
        else
            send(bob, LowerHand{});
    }
    EXPECT_EQ(only<MemberUpdated>(take(ada)).size(), static_cast<std::size_t>(burst));
    take(bob);
    send(bob, RaiseHand{});
    expect_error(bob, ErrorCode::rate_limited, "raise_hand");
    expect_nothing(ada);
    // Other intents are not held back by the hand allowance.
    send(bob, Ping{});
    take_one<Pong>(bob);
}

class HallwayCoalescingTest : public ServiceTest {
  protected:
    HallwayCoalescingTest() : ServiceTest(service::kDefaultHallwayInterval) {}
};

TEST_F(HallwayCoalescingTest, ManyJoinsReachOnlookersAsOneUpdatePerFlush) {
    auto ada = signup("ada");
    auto eve = signup("eve");  // signed in, never joins
    auto room = open_room(ada, "Busy", {eve});
    std::vector<ConnectionId> listeners;
    for (int i = 0; i < 12; ++i) listeners.push_back(signup("listener" + std::to_string(i)));
    for (auto id : listeners) {
        join(id, room);
        // Room members still get every members_changed, exactly, and no hallway_room.
        EXPECT_EQ(types(take(ada)), "members_changed ");
    }
    expect_nothing(eve);

    service.flush_hallway();
    auto updates = take_one<HallwayRooms>(eve).rooms;
    ASSERT_EQ(updates.size(), 1u);
    auto update = updates[0];
    EXPECT_EQ(update.id, room);
    EXPECT_EQ(update.listeners, 12);
    EXPECT_EQ(only<HallwayRooms>(take(ada)).size(), 1u);
    for (auto id : listeners) EXPECT_EQ(only<HallwayRooms>(take(id)).size(), 1u);

    // Three leave, one goes on stage: again one update with the final summary.
    for (int i = 0; i < 3; ++i) send(listeners[i], LeaveRoom{});
    send(ada, InviteSpeaker{uid(listeners[3])});
    EXPECT_EQ(types(take(ada)), "members_changed members_changed members_changed member_updated ");
    expect_nothing(eve);
    service.flush_hallway();
    updates = take_one<HallwayRooms>(eve).rooms;
    ASSERT_EQ(updates.size(), 1u);
    update = updates[0];
    EXPECT_EQ(update.listeners, 8);
    ASSERT_EQ(update.speakers.size(), 2u);
    EXPECT_EQ(update.speakers[1].id, uid(listeners[3]));

    // Nothing changed since: nothing goes out.
    service.flush_hallway();
    expect_nothing(eve);
}

TEST_F(HallwayCoalescingTest, ChangesOfSeveralRoomsGoOutInOneMessage) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    auto cat = signup("cat");
    auto dan = signup("dan");
    auto eve = signup("eve");
    const auto first = open_room(ada, "Prima", {bob, cat, dan, eve});
    const auto second = open_room(bob, "Seconda", {ada, cat, dan, eve});
    join(cat, first);
    join(dan, second);
    expect_nothing(eve);
    service.flush_hallway();
    const auto rooms = take_one<HallwayRooms>(eve).rooms;
    ASSERT_EQ(rooms.size(), 2u);
    std::set<std::string> ids;
    for (const auto& r : rooms) {
        ids.insert(r.id);
        EXPECT_EQ(r.listeners, 1) << r.id;
    }
    EXPECT_EQ(ids, (std::set<std::string>{first, second}));
}

TEST_F(HallwayCoalescingTest, ChangesThatUndoThemselvesSendNothing) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    auto eve = signup("eve");
    auto room = open_room(ada, "Round trip", {bob, eve});
    join(bob, room);
    send(bob, LeaveRoom{});
    EXPECT_EQ(types(take(ada)), "members_changed members_changed ");
    service.flush_hallway();
    expect_nothing(eve);
    expect_nothing(ada);
}

TEST_F(HallwayCoalescingTest, FlushWithNothingDirtySendsNothing) {
    auto ada = signup("ada");
    auto eve = signup("eve");
    open_room(ada, "Quiet", {eve});
    service.flush_hallway();
    expect_nothing(ada);
    expect_nothing(eve);
}

TEST_F(HallwayCoalescingTest, OpeningIsImmediate) {
    auto ada = signup("ada");
    auto eve = signup("eve");
    send(ada, CreateRoom{.title = "Now"});
    EXPECT_EQ(types(take(ada)), "room_state hallway_room ");
    auto opened = take_one<HallwayRoom>(eve).room;
    EXPECT_EQ(opened.title, "Now");
    EXPECT_EQ(opened.listeners, 0);
    service.flush_hallway();
    expect_nothing(eve);
}

TEST_F(HallwayCoalescingTest, ARoomEndingWhileDirtySendsOnlyGone) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    auto eve = signup("eve");
    auto room = open_room(ada, "Short", {bob, eve});
    join(bob, room);
    take(ada);
    send(ada, EndRoom{});
    EXPECT_EQ(types(take(ada)), "room_ended hallway_room_gone ");
    EXPECT_EQ(types(take(bob)), "room_ended hallway_room_gone ");
    EXPECT_EQ(take_one<HallwayRoomGone>(eve).room, room);
    service.flush_hallway();
    expect_nothing(eve);
    expect_nothing(ada);

    // Also when the last member leaves a dirty room.
    room = open_room(ada, "Shorter", {bob, eve});
    join(bob, room);
    send(ada, LeaveRoom{});  // bob inherits the moderator role: the summary changes
    send(bob, LeaveRoom{});
    take(ada);
    take(bob);
    EXPECT_EQ(take_one<HallwayRoomGone>(eve).room, room);
    service.flush_hallway();
    expect_nothing(eve);
}

TEST_F(HallwayCoalescingTest, SignInSnapshotShowsTheCurrentSummary) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    auto room = open_room(ada, "Fresh", {bob});
    join(bob, room);
    // A newcomer's snapshot is exact even while an update is pending.
    const ConnectionId late = connect();
    send(late, Login{"ada", "password123"});
    auto events = take(late);
    auto snapshot = only<Hallway>(events).at(0);
    ASSERT_EQ(snapshot.rooms.size(), 1u);
    EXPECT_EQ(snapshot.rooms[0].listeners, 1);
}
