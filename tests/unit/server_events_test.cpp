// Scheduled events through the service (docs/protocol.md, "Events"): scheduling with
// its refusals, who may change, cancel and start an event, "notify me", who is told
// when an event starts or is cancelled, the list a sign-in brings, and what a restart
// keeps.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/protocol/codec.hpp"
#include "core/social/events.hpp"
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

// 2023-11-14 22:13:20 UTC; events are set a few days later in Rome (UTC+1 then).
constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kTwentiethAt1730Utc = 1'700'501'400;

class EventsTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    CreateEvent talk(std::vector<std::string> hosts = {}) {
        return CreateEvent{"Poesia del lunedì", "Letture ad alta voce.", "2023-11-20T18:30",
                           "Europe/Rome", std::move(hosts)};
    }
    // Ada schedules `talk()` with Bob as co-host; returns the event everyone got.
    EventInfo schedule() {
        send(ada, talk({"bob"}));
        const auto event = take_one<EventChanged>(ada).event;
        drain();
        return event;
    }
    std::vector<Notification> notifications_of(ConnectionId id) {
        std::vector<Notification> out;
        for (const auto& n : only<NotificationEvent>(take(id))) out.push_back(n.item);
        return out;
    }

    std::int64_t now = kNow;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = {},
                                    .offload = service::run_inline};
    service::Service service{accounts, store, outbox, options};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat"), dan = signup("dan");
};

}  // namespace

TEST_F(EventsTest, AScheduledEventReachesEveryoneSignedInWithItsInstantAndHosts) {
    send(ada, talk({"bob", "bob", "ada"}));
    const auto event = take_one<EventChanged>(ada).event;
    EXPECT_EQ(event.title, "Poesia del lunedì");
    EXPECT_EQ(event.starts, kTwentiethAt1730Utc);
    EXPECT_EQ(event.time_zone, "Europe/Rome");
    EXPECT_EQ(event.local_start, "2023-11-20T18:30");
    ASSERT_EQ(event.hosts.size(), 2u) << "the creator first, each host once";
    EXPECT_EQ(event.hosts[0].handle, "ada");
    EXPECT_EQ(event.hosts[1].handle, "bob");
    EXPECT_FALSE(event.room);
    EXPECT_FALSE(event.cancelled);
    EXPECT_FALSE(event.id.empty());
    for (ConnectionId other : {bob, cat, dan})
        EXPECT_EQ(take_one<EventChanged>(other).event, event);

    send(cat, ListEvents{});
    const auto upcoming = take_one<UpcomingEvents>(cat);
    ASSERT_EQ(upcoming.items.size(), 1u);
    EXPECT_EQ(upcoming.items[0], event);
    EXPECT_TRUE(upcoming.notify.empty());
}

TEST_F(EventsTest, BadEventsAreRefusedWithTheirCodesAndNothingIsStored) {
    auto with = [&](auto change) {
        auto m = talk();
        change(m);
        return m;
    };
    const std::string long_text(social::kEventDescriptionMaxCodePoints + 1, 'x');
    const std::vector<std::pair<CreateEvent, ErrorCode>> cases = {
        {with([](CreateEvent& m) { m.title = ""; }), ErrorCode::title_invalid},
        {with([&](CreateEvent& m) { m.description = long_text; }),
         ErrorCode::event_description_invalid},
        {with([](CreateEvent& m) { m.description = "a\u202Eb"; }),
         ErrorCode::event_description_invalid},
        {with([](CreateEvent& m) { m.start = "2023-11-10T18:30"; }), ErrorCode::event_time_invalid},
        {with([](CreateEvent& m) { m.start = "2025-11-20T18:30"; }), ErrorCode::event_time_invalid},
        {with([](CreateEvent& m) { m.start = "2024-03-31T02:30"; }), ErrorCode::event_time_invalid},
        {with([](CreateEvent& m) { m.start = "next monday"; }), ErrorCode::event_time_invalid},
        {with([](CreateEvent& m) { m.time_zone = "Europe/Atlantis"; }),
         ErrorCode::time_zone_invalid},
        {with([](CreateEvent& m) { m.hosts = {"nobody"}; }), ErrorCode::event_hosts_invalid},
        {with([](CreateEvent& m) { m.hosts = {"bob", "cat", "dan", "bob", "cat", "dan", "bob"}; }),
         ErrorCode::event_hosts_invalid},
    };
    for (const auto& [intent, code] : cases) {
        send(ada, intent);
        expect_error(ada, code, "create_event");
    }
    expect_nothing(bob);
    send(ada, ListEvents{});
    EXPECT_TRUE(take_one<UpcomingEvents>(ada).items.empty());
}

TEST_F(EventsTest, HostsEditAndCancelOthersMayNot) {
    const auto event = schedule();
    auto edit =
        UpdateEvent{event.id, "Poesia del martedì", "", "2023-11-21T18:30", "Europe/Rome", {}};
    send(cat, edit);
    expect_error(cat, ErrorCode::forbidden, "update_event");
    send(ada, UpdateEvent{"nope", "x", "", "2023-11-21T18:30", "Europe/Rome", {}});
    expect_error(ada, ErrorCode::event_not_found, "update_event");

    send(bob, edit);  // the co-host; the creator stays a host although the list is empty
    const auto edited = take_one<EventChanged>(cat).event;
    drain();
    EXPECT_EQ(edited.title, "Poesia del martedì");
    EXPECT_EQ(edited.starts, kTwentiethAt1730Utc + 24 * 3600);
    ASSERT_EQ(edited.hosts.size(), 1u);
    EXPECT_EQ(edited.hosts[0].handle, "ada");

    // Past its start, a host may still fix the title while leaving the time as it is.
    now = edited.starts + 600;
    send(ada,
         UpdateEvent{event.id, "Poesia, in ritardo", "", "2023-11-21T18:30", "Europe/Rome", {}});
    EXPECT_EQ(take_one<EventChanged>(dan).event.title, "Poesia, in ritardo");
    drain();
    send(ada, UpdateEvent{event.id, "Poesia", "", "2023-11-21T17:30", "Europe/Rome", {}});
    expect_error(ada, ErrorCode::event_time_invalid, "update_event");

    send(bob, CancelEvent{event.id});
    expect_error(bob, ErrorCode::forbidden, "cancel_event");  // no longer a host
    send(ada, CancelEvent{event.id});
    EXPECT_TRUE(take_one<EventChanged>(cat).event.cancelled);
    drain();
    send(ada, CancelEvent{event.id});
    expect_error(ada, ErrorCode::event_over, "cancel_event");
    send(ada, StartEvent{event.id});
    expect_error(ada, ErrorCode::event_over, "start_event");
    send(cat, SetEventNotify{event.id, true});
    expect_error(cat, ErrorCode::event_over, "set_event_notify");
}

TEST_F(EventsTest, StartingTellsTheHostsFollowersAndThoseWhoAskedEachOnce) {
    const auto event = schedule();
    send(cat, SetEventNotify{event.id, true});
    const auto notify = take_one<EventNotify>(cat);
    EXPECT_TRUE(notify.on);
    EXPECT_EQ(notify.interested, 1);
    send(cat, Follow{uid(ada)});  // asked and follows: told once
    send(dan, Follow{uid(bob)});  // follows the co-host
    drain();

    send(cat, StartEvent{event.id});
    expect_error(cat, ErrorCode::forbidden, "start_event");
    send(ada, StartEvent{event.id});
    const auto state = only<RoomState>(take(ada));
    ASSERT_EQ(state.size(), 1u);
    EXPECT_EQ(state[0].room.title, event.title);
    const std::string room = state[0].room.id;

    for (ConnectionId told : {bob, cat, dan}) {
        const auto events = take(told);
        const auto items = only<NotificationEvent>(events);
        ASSERT_EQ(items.size(), 1u) << told << ": " << types(events);
        EXPECT_EQ(items[0].item.kind, "event_started");
        EXPECT_EQ(items[0].item.room, room);
        EXPECT_EQ(items[0].item.event, event.id);
        EXPECT_EQ(items[0].item.from.handle, "ada");
        const auto changed = only<EventChanged>(events);
        ASSERT_EQ(changed.size(), 1u);
        EXPECT_EQ(changed[0].event.room, room);
    }
    // One tap: the notification's room is open to join.
    send(dan, JoinRoom{room});
    EXPECT_EQ(only<RoomState>(take(dan)).size(), 1u);
    drain();

    send(ada, StartEvent{event.id});
    expect_error(ada, ErrorCode::event_over, "start_event");
    send(cat, ListEvents{});
    EXPECT_TRUE(take_one<UpcomingEvents>(cat).items.empty())
        << "a live event is no longer upcoming";
}

TEST_F(EventsTest, CancellingTellsThoseWhoAsked) {
    const auto event = schedule();
    send(cat, SetEventNotify{event.id, true});
    send(dan, SetEventNotify{event.id, true});
    send(dan, SetEventNotify{event.id, false});
    const auto dan_choice = only<EventNotify>(take(dan));
    ASSERT_EQ(dan_choice.size(), 2u);
    EXPECT_FALSE(dan_choice[1].on);
    EXPECT_EQ(dan_choice[1].interested, 1);
    drain();
    send(ada, CancelEvent{event.id});
    const auto items = only<NotificationEvent>(take(cat));
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].item.kind, "event_cancelled");
    EXPECT_EQ(items[0].item.room_title, event.title);
    EXPECT_EQ(items[0].item.event, event.id);
    EXPECT_TRUE(only<NotificationEvent>(take(dan)).empty());
}

TEST_F(EventsTest, SigningInBringsTheUpcomingEventsAndWhichOnesYouAskedAbout) {
    const auto event = schedule();
    send(cat, SetEventNotify{event.id, true});
    drain();
    const ConnectionId again = connect();
    send(again, Resume{tokens[cat]});
    const auto events = take(again);
    const auto upcoming = only<UpcomingEvents>(events);
    ASSERT_EQ(upcoming.size(), 1u) << types(events);
    ASSERT_EQ(upcoming[0].items.size(), 1u);
    EXPECT_EQ(upcoming[0].items[0].interested, 1);
    EXPECT_EQ(upcoming[0].notify, std::vector<std::string>{event.id});

    // Long past its start and never started, it is no longer listed.
    now = event.starts + social::kEventGraceSeconds + 1;
    send(cat, ListEvents{});
    EXPECT_TRUE(take_one<UpcomingEvents>(cat).items.empty());
}

TEST_F(EventsTest, GettingOneEventAnswersWithItAndYourChoice) {
    const auto event = schedule();
    send(dan, GetEvent{event.id});
    const auto events = take(dan);
    EXPECT_EQ(types(events), "event event_notify ");
    EXPECT_EQ(only<EventChanged>(events).at(0).event, event);
    EXPECT_FALSE(only<EventNotify>(events).at(0).on);
    send(dan, GetEvent{"missing"});
    expect_error(dan, ErrorCode::event_not_found, "get_event");
}

TEST_F(EventsTest, EventsAndWhoAskedOutliveARestart) {
    const auto event = schedule();
    send(cat, SetEventNotify{event.id, true});
    test::RecordingOutbox after;
    service::Service restarted{accounts, store, after, options};
    restarted.open(1, "p1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[cat]}));
    const auto upcoming = only<UpcomingEvents>(after.inbox[1]);
    ASSERT_EQ(upcoming.size(), 1u) << types(after.inbox[1]);
    ASSERT_EQ(upcoming[0].items.size(), 1u);
    EXPECT_EQ(upcoming[0].items[0].id, event.id);
    EXPECT_EQ(upcoming[0].items[0].hosts.size(), 2u);
    EXPECT_EQ(upcoming[0].notify, std::vector<std::string>{event.id});
}
