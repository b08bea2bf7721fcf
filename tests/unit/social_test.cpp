// The social layer: the room access rule as a permission matrix (core and through the
// service), the hallway ranking and its reasons, follows, blocks, pings, the
// notifications list (its cap and unread counts), and all of it surviving a restarted
// Service over the same database.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/protocol/codec.hpp"
#include "core/social/hallway_rank.hpp"
#include "core/social/room_access.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server/storage/social_store.hpp"
#include "server_service_fixture.hpp"
#include "server_test_support.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::ConnectionId;

namespace {

// ---- the rule in core ------------------------------------------------------------------

enum class Rel { stranger, followed_by_stage, on_stage, blocked_by_stage, let_in };

social::Relation relation(Rel rel) {
    social::Relation r;
    switch (rel) {
        case Rel::stranger:
            break;
        case Rel::followed_by_stage:
            r.followed_by_stage = true;
            break;
        case Rel::on_stage:
            r.in_room = true;
            break;
        case Rel::blocked_by_stage:
            r.blocked_by_stage = true;
            break;
        case Rel::let_in:
            r.let_in = true;
            break;
    }
    return r;
}

TEST(RoomAccessRule, PermissionMatrix) {
    using T = RoomType;
    using std::nullopt;
    struct Cell {
        Rel rel;
        RoomType type;
        std::optional<ErrorCode> refusal;
    };
    const std::vector<Cell> matrix = {
        {Rel::stranger, T::open, nullopt},
        {Rel::stranger, T::social, ErrorCode::room_social_only},
        {Rel::stranger, T::closed, ErrorCode::room_closed},
        {Rel::followed_by_stage, T::open, nullopt},
        {Rel::followed_by_stage, T::social, nullopt},
        {Rel::followed_by_stage, T::closed, ErrorCode::room_closed},
        {Rel::on_stage, T::open, nullopt},
        {Rel::on_stage, T::social, nullopt},
        {Rel::on_stage, T::closed, nullopt},
        {Rel::blocked_by_stage, T::open, ErrorCode::blocked},
        {Rel::blocked_by_stage, T::social, ErrorCode::blocked},
        {Rel::blocked_by_stage, T::closed, ErrorCode::blocked},
        {Rel::let_in, T::open, nullopt},
        {Rel::let_in, T::social, ErrorCode::room_social_only},
        {Rel::let_in, T::closed, nullopt},
    };
    for (const auto& cell : matrix) {
        const auto got = social::join_refusal(cell.type, relation(cell.rel));
        EXPECT_EQ(got, cell.refusal)
            << "relation " << static_cast<int>(cell.rel) << ", type " << wire_name(cell.type);
        EXPECT_EQ(social::may_join(cell.type, relation(cell.rel)), !cell.refusal);
    }
    // Blocked by someone on stage but followed by another: the block wins.
    social::Relation both;
    both.followed_by_stage = both.blocked_by_stage = true;
    EXPECT_EQ(social::join_refusal(T::social, both), ErrorCode::blocked);
}

// ---- the ranking -----------------------------------------------------------------------

User person(UserId id, std::string name) {
    return User{id, "u" + std::to_string(id), std::move(name)};
}

RoomSummary summary(std::string id, std::vector<User> stage, int listeners) {
    return RoomSummary{std::move(id), "title", RoomType::open, std::move(stage), listeners};
}

TEST(HallwayRank, FollowedSpeakersThenListenersThenSize) {
    const std::vector<RoomSummary> rooms = {
        summary("small", {person(1, "Zoe")}, 1),
        summary("big", {person(2, "Yan")}, 50),
        summary("listened", {person(3, "Xia")}, 2),
        summary("spoken", {person(4, "Ada"), person(5, "Bea"), person(6, "Cy")}, 0),
        summary("one_speaker", {person(7, "Dan")}, 0),
    };
    const std::unordered_set<UserId> following = {4, 5, 6, 7, 8, 9};
    const std::vector<FriendPlace> places = {
        {person(8, "Bruno"), "listened"},
        {person(9, "Ugo"), "nowhere_visible"},  // a room not in the list: ignored
        {person(4, "Ada"), "spoken"},           // on stage there: counted as speaking only
    };
    const auto ranked = social::rank_hallway(rooms, following, places);
    std::vector<std::string> order;
    for (const auto& r : ranked) order.push_back(rooms[r.index].id);
    EXPECT_EQ(order,
              (std::vector<std::string>{"spoken", "one_speaker", "listened", "big", "small"}));
    EXPECT_EQ(ranked[0].tier, social::HallwayTier::speaking);
    EXPECT_EQ(ranked[0].followed, 3);
    EXPECT_EQ(ranked[0].reason, "Ada and 2 others you follow are speaking");
    EXPECT_EQ(ranked[1].reason, "Dan is speaking");
    EXPECT_EQ(ranked[2].tier, social::HallwayTier::listening);
    EXPECT_EQ(ranked[2].reason, "Bruno is listening");
    EXPECT_EQ(ranked[3].tier, social::HallwayTier::other);
    EXPECT_EQ(ranked[3].reason, "");
}

TEST(HallwayRank, Reasons) {
    const std::vector<std::string> two = {"Ada", "Bruno"};
    EXPECT_EQ(social::hallway_reason(social::HallwayTier::speaking, two, 2),
              "Ada and Bruno are speaking");
    EXPECT_EQ(social::hallway_reason(social::HallwayTier::listening, two, 2),
              "Ada and Bruno are listening");
    EXPECT_EQ(social::hallway_reason(social::HallwayTier::listening, two, 4),
              "Ada and 3 others you follow are listening");
    EXPECT_EQ(social::hallway_reason(social::HallwayTier::other, two, 2), "");
}

TEST(HallwayRank, NobodyFollowedKeepsSizeThenGivenOrder) {
    const std::vector<RoomSummary> rooms = {summary("a", {person(1, "A")}, 3),
                                            summary("b", {person(2, "B")}, 3),
                                            summary("c", {person(3, "C")}, 9)};
    const auto ranked = social::rank_hallway(rooms, {}, {});
    ASSERT_EQ(ranked.size(), 3u);
    EXPECT_EQ(ranked[0].index, 2u);
    EXPECT_EQ(ranked[1].index, 0u);  // a tie keeps the order given (newest first)
    EXPECT_EQ(ranked[2].index, 1u);
}

// ---- the store -------------------------------------------------------------------------

TEST(SocialStore, NotificationsKeepTheNewest100AndCountUnread) {
    storage::Store store(":memory:");
    auto& db = store.database();
    for (const char* h : {"alice", "bob"})
        db.exec(
            std::string("INSERT INTO users (handle, name, password_hash, created_at) VALUES ('") +
            h + "', '" + h + "', 'x', 0)");
    storage::SocialStore social(db);
    std::int64_t last = 0;
    for (int i = 0; i < 105; ++i)
        last = storage::insert_notification(db, {1, "follow", 2, {}, {}, 1000 + i});
    auto items = social.notifications(1);
    ASSERT_EQ(items.size(), 100u);
    EXPECT_EQ(items.front().id, last);
    EXPECT_EQ(items.front().at, 1104);
    EXPECT_EQ(items.back().at, 1005);  // the five oldest went
    EXPECT_EQ(items.front().from.handle, "bob");
    EXPECT_EQ(social.unread(1), 100);
    EXPECT_EQ(social.unread(2), 0);
    social.mark_read(1, items[10].id);
    EXPECT_EQ(social.unread(1), 10);
    social.mark_read(1, last);
    EXPECT_EQ(social.unread(1), 0);
    EXPECT_TRUE(social.notifications(1).front().read);
}

TEST(SocialStore, FollowListsComePageByPageNewestFirstWithPictures) {
    storage::Store store(":memory:");
    auto& db = store.database();
    constexpr int kFans = 450;
    db.exec(
        "INSERT INTO users (handle, name, password_hash, created_at) VALUES "
        "('star', 'Star', 'x', 0)");
    for (int i = 0; i < kFans; ++i)
        db.exec("INSERT INTO users (handle, name, password_hash, created_at, avatar) VALUES ('fan" +
                std::to_string(i) + "', 'Fan', 'x', 0, " + std::to_string(i % 3) + ")");
    storage::SocialStore social(db);
    for (int i = 0; i < kFans; ++i) social.follow(i + 2, 1, 1000 + i);  // fan0 followed first

    constexpr int kPage = static_cast<int>(social::kMaxFollowsListed);
    std::vector<protocol::User> all;
    for (int offset = 0;; offset += kPage) {
        auto page = social.follows_of(1, true, offset, kPage);
        all.insert(all.end(), page.begin(), page.end());
        if (static_cast<int>(page.size()) < kPage) break;
    }
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kFans));
    EXPECT_EQ(all.front().handle, "fan449");
    EXPECT_EQ(all[kPage].handle, "fan249");  // the second page starts where the first ended
    EXPECT_EQ(all.back().handle, "fan0");
    EXPECT_EQ(all.front().avatar, 449 % 3);
    EXPECT_TRUE(social.follows_of(1, true, kFans, kPage).empty());
    EXPECT_EQ(social.follows_of(2, false, 0, kPage).at(0).handle, "star");
}

// ---- through the service ---------------------------------------------------------------

using test::only;
using test::types;

class SocialServiceTest : public test::ServiceFixture {
  protected:
    SocialServiceTest() : store(db_file.path()) {}
    void SetUp() override { start(); }

    service::Service& service_under_test() override { return *service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    // A new Service over the same store; `hallway_interval` 0 sends hallway changes at
    // once, anything else waits for flush_hallway().
    void start(std::chrono::milliseconds hallway_interval = std::chrono::milliseconds(0)) {
        service.reset();
        outbox.inbox.clear();
        service = std::make_unique<service::Service>(
            accounts, store, outbox,
            service::ServiceOptions{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = hallway_interval,
                                    .offload = service::run_inline});
    }

    // The id of the user who signed up as `handle`.
    UserId id_of(const std::string& handle) {
        for (const auto& [id, user] : users)
            if (user.handle == handle) return user.id;
        ADD_FAILURE() << "nobody signed up as " << handle;
        return 0;
    }
    ConnectionId login(const std::string& handle, std::vector<Event>* events = nullptr) {
        const ConnectionId id = connect();
        send(id, Login{handle, "password123"});
        auto got = take(id);
        if (events) *events = got;
        return id;
    }
    std::optional<ErrorCode> error_of(ConnectionId id) {
        auto errors = only<Error>(take(id));
        if (errors.empty()) return std::nullopt;
        return errors.back().code;
    }
    std::string open_room(ConnectionId owner, RoomType type) {
        send(owner, CreateRoom{"Room", type});
        auto states = only<RoomState>(take(owner));
        EXPECT_EQ(states.size(), 1u);
        return states.empty() ? "" : states[0].room.id;
    }
    // Whether `id` was sent `room`'s summary since the last take, and not its end.
    bool saw_room(ConnectionId id, const std::string& room) {
        bool seen = false;
        for (const auto& e : take(id)) {
            if (auto* h = std::get_if<HallwayRoom>(&e); h && h->room.id == room) seen = true;
            if (auto* h = std::get_if<HallwayRooms>(&e))
                for (const auto& r : h->rooms)
                    if (r.id == room) seen = true;
            if (auto* h = std::get_if<Hallway>(&e))
                for (const auto& r : h->rooms)
                    if (r.id == room) seen = true;
            if (auto* g = std::get_if<HallwayRoomGone>(&e); g && g->room == room) seen = false;
        }
        return seen;
    }

    test::TempDbFile db_file;
    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store;
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    std::unique_ptr<service::Service> service;
};

// Every relation to the person on stage × every room type × see (hallway) and join.
TEST_F(SocialServiceTest, PermissionMatrixThroughTheService) {
    const ConnectionId host = signup("host");
    const ConnectionId stranger = signup("stranger");
    const ConnectionId friend_ = signup("friendly");
    const ConnectionId blocked = signup("blocked");
    send(host, Follow{id_of("friendly")});
    send(host, Block{id_of("blocked")});
    for (ConnectionId c : {host, stranger, friend_, blocked}) take(c);

    struct Expect {
        ConnectionId who;
        std::optional<ErrorCode> social, closed, open;
    };
    const std::vector<Expect> rows = {
        {stranger, ErrorCode::room_social_only, ErrorCode::room_closed, std::nullopt},
        {friend_, std::nullopt, ErrorCode::room_closed, std::nullopt},
        {blocked, ErrorCode::blocked, ErrorCode::blocked, ErrorCode::blocked},
    };
    for (RoomType type : {RoomType::open, RoomType::social, RoomType::closed}) {
        const std::string room = open_room(host, type);
        for (const auto& row : rows) {
            const auto expected = type == RoomType::open     ? row.open
                                  : type == RoomType::social ? row.social
                                                             : row.closed;
            EXPECT_EQ(saw_room(row.who, room), !expected)
                << "connection " << row.who << " in a " << wire_name(type) << " room";
            // A fresh sign-in's hallway snapshot agrees with the live updates.
            std::vector<Event> events;
            const ConnectionId again = login(row.who == stranger  ? "stranger"
                                             : row.who == friend_ ? "friendly"
                                                                  : "blocked",
                                             &events);
            bool listed = false;
            for (const auto& h : only<Hallway>(events))
                for (const auto& r : h.rooms) listed |= r.id == room;
            EXPECT_EQ(listed, !expected) << wire_name(type);
            service->close(again);
            send(row.who, JoinRoom{room});
            const auto got = take(row.who);
            if (expected) {
                const auto errors = only<Error>(got);
                ASSERT_EQ(errors.size(), 1u) << types(got);
                EXPECT_EQ(wire_name(errors[0].code), wire_name(*expected)) << wire_name(type);
            } else {
                EXPECT_EQ(only<RoomState>(got).size(), 1u) << types(got);
                send(row.who, LeaveRoom{});
            }
        }
        // On stage: the host is in it and sees it whatever the type.
        send(host, JoinRoom{room});
        EXPECT_EQ(only<RoomState>(take(host)).size(), 1u);
        send(host, EndRoom{});
        for (ConnectionId c : {host, stranger, friend_, blocked}) take(c);
    }
}

TEST_F(SocialServiceTest, SomeoneFollowedGoingOnStageOpensASocialRoomToTheirFollowees) {
    const ConnectionId host = signup("host");
    const ConnectionId speaker = signup("speaker");
    const ConnectionId viewer = signup("viewer");
    send(host, Follow{id_of("speaker")});
    send(speaker, Follow{id_of("viewer")});
    for (ConnectionId c : {host, speaker, viewer}) take(c);

    const std::string room = open_room(host, RoomType::social);
    EXPECT_FALSE(saw_room(viewer, room));
    send(speaker, JoinRoom{room});
    take(speaker);
    EXPECT_FALSE(saw_room(viewer, room)) << "in the audience, the speaker does not open it";
    send(host, InviteSpeaker{id_of("speaker")});
    EXPECT_TRUE(saw_room(viewer, room)) << "on stage, someone following the viewer opens it";
    send(viewer, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(viewer)).size(), 1u);
    send(viewer, LeaveRoom{});
    take(viewer);
    send(host, MoveToAudience{id_of("speaker")});
    auto events = take(viewer);
    EXPECT_EQ(only<HallwayRoomGone>(events).size(), 1u) << types(events);
}

TEST_F(SocialServiceTest, CoalescedHallwayFlushesGoPerUserOnlyForRoomsThatDiffer) {
    const ConnectionId host = signup("host");
    const ConnectionId speaker = signup("speaker");
    const ConnectionId viewer = signup("viewer");
    const ConnectionId stranger = signup("stranger");
    send(host, Follow{id_of("speaker")});
    send(speaker, Follow{id_of("viewer")});
    for (ConnectionId c : {host, speaker, viewer, stranger}) take(c);
    start(std::chrono::milliseconds(1000));
    const ConnectionId h = login("host");
    const ConnectionId s = login("speaker");
    const ConnectionId v = login("viewer");
    const ConnectionId x = login("stranger");
    const std::string open = open_room(h, RoomType::open);
    const std::string social = open_room(s, RoomType::social);  // the speaker hosts it
    for (ConnectionId c : {h, s, v, x}) take(c);
    // Both rooms change: a listener each.
    send(x, JoinRoom{open});
    send(v, JoinRoom{social});
    for (ConnectionId c : {h, s, v, x}) take(c);
    service->flush_hallway();
    auto rooms_of = [&](ConnectionId c) {
        std::vector<std::string> ids;
        for (const auto& e : only<HallwayRooms>(take(c)))
            for (const auto& r : e.rooms) ids.push_back(r.id);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    std::vector<std::string> both = {open, social};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(rooms_of(v), both) << "the speaker on stage follows the viewer";
    EXPECT_EQ(rooms_of(x), std::vector<std::string>{open});
    EXPECT_EQ(rooms_of(h), std::vector<std::string>{open}) << "nobody on stage follows the host";
    EXPECT_EQ(rooms_of(s), both);
}

TEST_F(SocialServiceTest, ABlockHidesTheBlockersRoomsAtOnceAndUnfollowsBothWays) {
    const ConnectionId host = signup("host");
    const ConnectionId guest = signup("guest");
    send(host, Follow{id_of("guest")});
    send(guest, Follow{id_of("host")});
    take(host);
    take(guest);
    const std::string room = open_room(host, RoomType::open);
    EXPECT_TRUE(saw_room(guest, room));
    send(host, Block{id_of("guest")});
    auto events = take(guest);
    ASSERT_EQ(only<HallwayRoomGone>(events).size(), 1u) << types(events);
    EXPECT_EQ(only<HallwayRoomGone>(events)[0].room, room);
    const auto social = only<Social>(events);
    ASSERT_FALSE(social.empty());
    EXPECT_TRUE(social.back().following.empty()) << "the guest no longer follows the host";
    auto host_events = take(host);
    const auto profiles = only<Profile>(host_events);
    ASSERT_EQ(profiles.size(), 1u) << types(host_events);
    EXPECT_TRUE(profiles[0].you_block);
    EXPECT_FALSE(profiles[0].you_follow);
    EXPECT_FALSE(profiles[0].follows_you);
    send(guest, JoinRoom{room});
    EXPECT_EQ(error_of(guest), ErrorCode::blocked);
    send(guest, Follow{id_of("host")});
    EXPECT_EQ(error_of(guest), ErrorCode::blocked);
    send(host, Unblock{id_of("guest")});
    EXPECT_TRUE(saw_room(guest, room));
}

TEST_F(SocialServiceTest, ProfilesFollowsAndEdits) {
    const ConnectionId ada = signup("ada");
    const ConnectionId bruno = signup("bruno");
    send(ada, Follow{id_of("ada")});
    EXPECT_EQ(error_of(ada), ErrorCode::follow_self);
    send(ada, Follow{999});
    EXPECT_EQ(error_of(ada), ErrorCode::user_not_found);
    send(ada, Follow{id_of("bruno")});
    auto events = take(ada);
    ASSERT_EQ(only<Profile>(events).size(), 1u) << types(events);
    EXPECT_EQ(only<Profile>(events)[0].followers, 1);
    EXPECT_TRUE(only<Profile>(events)[0].you_follow);
    EXPECT_EQ(only<Social>(events).at(0).following, std::vector<UserId>{id_of("bruno")});
    // Bruno hears it live.
    auto bruno_events = take(bruno);
    const auto notes = only<NotificationEvent>(bruno_events);
    ASSERT_EQ(notes.size(), 1u) << types(bruno_events);
    EXPECT_EQ(notes[0].item.kind, "follow");
    EXPECT_EQ(notes[0].item.from.handle, "ada");
    EXPECT_EQ(notes[0].unread, 1);
    // Following twice changes nothing and notifies nobody again.
    send(ada, Follow{id_of("bruno")});
    take(ada);
    EXPECT_TRUE(only<NotificationEvent>(take(bruno)).empty());

    send(bruno, GetProfile{"ada"});
    const auto profile = only<Profile>(take(bruno)).at(0);
    EXPECT_EQ(profile.following, 1);
    EXPECT_TRUE(profile.follows_you);
    EXPECT_FALSE(profile.you_follow);

    send(bruno, ListFollows{id_of("bruno"), true, -1});
    EXPECT_EQ(error_of(bruno), ErrorCode::offset_invalid);
    send(bruno, ListFollows{id_of("bruno"), true, 1});
    const auto past_the_end = only<Follows>(take(bruno)).at(0);
    EXPECT_EQ(past_the_end.offset, 1);
    EXPECT_TRUE(past_the_end.items.empty());
    EXPECT_EQ(past_the_end.total, 1);
    send(bruno, ListFollows{id_of("bruno"), true, std::nullopt});
    const auto followers = only<Follows>(take(bruno)).at(0);
    EXPECT_EQ(followers.total, 1);
    ASSERT_EQ(followers.items.size(), 1u);
    EXPECT_EQ(followers.items[0].handle, "ada");

    send(ada, UpdateProfile{"Ada Lovelace", std::string(161, 'x')});
    EXPECT_EQ(error_of(ada), ErrorCode::bio_invalid);
    send(ada, UpdateProfile{"", "ok"});
    EXPECT_EQ(error_of(ada), ErrorCode::name_invalid);
    send(ada, UpdateProfile{"Ада Лавлейс", "Математика и машины"});
    const auto mine = only<Profile>(take(ada)).at(0);
    EXPECT_EQ(mine.user.name, "Ада Лавлейс");
    EXPECT_EQ(mine.bio, "Математика и машины");
    // The new name is what the next room shows.
    const std::string room = open_room(bruno, RoomType::open);
    take(ada);
    send(ada, JoinRoom{room});
    const auto state = only<RoomState>(take(ada)).at(0);
    bool renamed = false;
    for (const auto& m : state.room.members) renamed |= m.name == "Ада Лавлейс";
    EXPECT_TRUE(renamed);

    // Renamed while in the room: the room and Ada's tabs hear it at once.
    take(bruno);
    send(ada, UpdateProfile{"Ada L.", "Математика и машины"});
    const auto tab = only<UserUpdated>(take(ada));
    ASSERT_EQ(tab.size(), 1u);
    EXPECT_EQ(tab[0].user.name, "Ada L.");
    const auto seen = only<MemberUpdated>(take(bruno));
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].member.id, id_of("ada"));
    EXPECT_EQ(seen[0].member.name, "Ada L.");
}

TEST_F(SocialServiceTest, PingsReachFollowedPeopleWithPreciseRefusals) {
    const ConnectionId ada = signup("ada");
    const ConnectionId bruno = signup("bruno");
    const ConnectionId carla = signup("carla");
    send(ada, PingUser{id_of("bruno")});
    EXPECT_EQ(error_of(ada), ErrorCode::not_in_room);
    const std::string room = open_room(ada, RoomType::open);
    for (ConnectionId c : {bruno, carla}) take(c);
    send(ada, PingUser{id_of("bruno")});
    EXPECT_EQ(error_of(ada), ErrorCode::not_following);
    send(ada, PingUser{id_of("ada")});
    EXPECT_EQ(error_of(ada), ErrorCode::follow_self);
    send(ada, Follow{id_of("bruno")});
    send(ada, Follow{id_of("carla")});
    take(ada);
    take(bruno);
    take(carla);
    send(ada, PingUser{id_of("bruno")});
    EXPECT_EQ(error_of(ada), std::nullopt);
    const auto pings = only<NotificationEvent>(take(bruno));
    ASSERT_EQ(pings.size(), 1u);
    EXPECT_EQ(pings[0].item.kind, "ping");
    EXPECT_EQ(pings[0].item.room, room);
    EXPECT_EQ(pings[0].item.room_title, "Room");
    EXPECT_EQ(pings[0].item.from.handle, "ada");
    send(carla, JoinRoom{room});
    take(carla);
    send(ada, PingUser{id_of("carla")});
    EXPECT_EQ(error_of(ada), ErrorCode::already_in_room);
    // Rate: a burst, then refused until the bucket refills.
    int sent = 1;
    while (sent < 20) {
        send(ada, PingUser{id_of("bruno")});
        if (error_of(ada) == ErrorCode::rate_limited) break;
        ++sent;
    }
    EXPECT_EQ(sent, static_cast<int>(service::kPingBurst));
    steady += std::chrono::seconds(10);
    send(ada, PingUser{id_of("bruno")});
    EXPECT_EQ(error_of(ada), std::nullopt);
}

TEST_F(SocialServiceTest, PingsOnlyIntoRoomsTheyMayJoin) {
    const ConnectionId ada = signup("ada");
    const ConnectionId bruno = signup("bruno");
    send(ada, Follow{id_of("bruno")});
    take(ada);
    take(bruno);
    send(bruno, Follow{id_of("ada")});  // Bruno following Ada does not open Ada's closed room
    open_room(ada, RoomType::closed);
    take(bruno);
    send(ada, PingUser{id_of("bruno")});
    EXPECT_EQ(error_of(ada), ErrorCode::ping_cannot_join);
}

TEST_F(SocialServiceTest, FollowersHearWhereTheyAre) {
    const ConnectionId ada = signup("ada");
    const ConnectionId bruno = signup("bruno");
    send(bruno, Follow{id_of("ada")});
    take(bruno);
    const std::string room = open_room(ada, RoomType::open);
    auto moved = only<FriendMoved>(take(bruno));
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].user.handle, "ada");
    EXPECT_EQ(moved[0].room, room);
    send(ada, LeaveRoom{});
    moved = only<FriendMoved>(take(bruno));
    ASSERT_EQ(moved.size(), 1u);
    EXPECT_EQ(moved[0].room, std::nullopt);
}

TEST_F(SocialServiceTest, TheInviterHearsTheirInviteWasUsed) {
    const ConnectionId ada = signup("ada");
    send(ada, CreateInvite{});
    const auto code = only<Invite>(take(ada)).at(0).code;
    const ConnectionId c = connect();
    send(c, Signup{code, "bruno", "Bruno", "password123"});
    take(c);
    const auto notes = only<NotificationEvent>(take(ada));
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].item.kind, "invite_used");
    EXPECT_EQ(notes[0].item.from.handle, "bruno");
}

TEST_F(SocialServiceTest, EverythingSurvivesARestartedServiceOverTheSameStore) {
    const ConnectionId ada = signup("ada");
    const ConnectionId bruno = signup("bruno");
    const ConnectionId carla = signup("carla");
    send(ada, Follow{id_of("bruno")});
    send(carla, Follow{id_of("bruno")});
    send(ada, Block{id_of("carla")});
    for (ConnectionId c : {ada, bruno, carla}) take(c);

    start();  // the same Store and database file, a new Service
    std::vector<Event> events;
    const ConnectionId b = login("bruno", &events);
    const auto social = only<Social>(events);
    ASSERT_EQ(social.size(), 1u) << types(events);
    EXPECT_EQ(social[0].unread, 2) << "two follows";
    send(b, ListNotifications{});
    auto list = only<Notifications>(take(b)).at(0);
    ASSERT_EQ(list.items.size(), 2u);
    EXPECT_EQ(list.unread, 2);
    send(b, MarkNotificationsRead{list.items.front().id});
    list = only<Notifications>(take(b)).at(0);
    EXPECT_EQ(list.unread, 0);

    const ConnectionId a = login("ada", &events);
    const auto ada_social = only<Social>(events).at(0);
    EXPECT_EQ(ada_social.following, std::vector<UserId>{id_of("bruno")});
    EXPECT_EQ(ada_social.blocked, std::vector<UserId>{id_of("carla")});
    // The block still hides Ada's rooms from Carla after the restart.
    const std::string room = open_room(a, RoomType::open);
    const ConnectionId c = login("carla");
    send(c, JoinRoom{room});
    EXPECT_EQ(error_of(c), ErrorCode::blocked);

    start();
    const ConnectionId b2 = login("bruno", &events);
    EXPECT_TRUE(only<Social>(events).empty()) << "nothing unread, follows nobody: no social event";
    send(b2, GetProfile{"bruno"});
    EXPECT_EQ(only<Profile>(take(b2)).at(0).followers, 2);
}

}  // namespace
