// The web client's side of scheduled events (src/client/events.hpp): the upcoming
// list as events arrive, "notify me", the scheduling form's checks and what it sends,
// refusals shown on the form, the ranking, notifications that join or open an event,
// and /e/<id> links before and after sign-in.
#include <gtest/gtest.h>

#include "client/deep_link.hpp"
#include "client/events.hpp"
#include "client/navigation.hpp"
#include "client/reducer.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno"};

AppState signed_in_as(const p::User& user) {
    AppState s;
    s.connected = true;
    s.user = user;
    s.screen = Screen::hallway;
    s.time_zone = "Europe/Rome";
    s.utc_offset_minutes = 60;
    s.now = 1'700'000'000;  // 2023-11-14 22:13:20 UTC, 23:13 in Rome
    return s;
}

p::EventInfo event(std::string id, std::int64_t starts, const p::User& host, int interested = 0) {
    p::EventInfo e;
    e.id = std::move(id);
    e.title = "Poesia";
    e.starts = starts;
    e.time_zone = "Europe/Rome";
    e.local_start = "2023-11-20T18:30";
    e.hosts = {host};
    e.interested = interested;
    return e;
}

TEST(ClientEvents, EventsKeepTheUpcomingListSoonestFirstAndDropCancelledAndStartedOnes) {
    Outbox out;
    AppState s = signed_in_as(kBruno);
    apply(s, p::UpcomingEvents{{event("b", 200, kAda), event("c", 300, kAda)}, {"c"}}, out);
    apply(s, p::EventChanged{event("a", 100, kAda)}, out);
    ASSERT_EQ(s.events.upcoming.size(), 3u);
    EXPECT_EQ(s.events.upcoming[0].id, "a");
    EXPECT_TRUE(notified(s, "c"));
    auto cancelled = event("b", 200, kAda);
    cancelled.cancelled = true;
    apply(s, p::EventChanged{cancelled}, out);
    auto started = event("c", 300, kAda);
    started.room = "r1";
    apply(s, p::EventChanged{started}, out);
    ASSERT_EQ(s.events.upcoming.size(), 1u);
    EXPECT_EQ(s.events.upcoming[0].id, "a");
    apply(s, p::EventNotify{"a", true, 4}, out);
    EXPECT_TRUE(notified(s, "a"));
    EXPECT_EQ(s.events.upcoming[0].interested, 4);
    EXPECT_TRUE(out.take().empty());
}

TEST(ClientEvents, TheStripPutsEventsByPeopleYouFollowFirst) {
    AppState s = signed_in_as(kBruno);
    s.events.upcoming = {event("soon", 100, kBruno, 9), event("later", 200, kAda)};
    EXPECT_EQ(ranked_events(s), (std::vector<std::size_t>{0, 1}));
    s.following = {kAda.id};
    EXPECT_EQ(ranked_events(s), (std::vector<std::size_t>{1, 0}));
}

TEST(ClientEvents, TheFormStartsTomorrowAtSixInTheBrowsersZoneAndSendsWhatWasTyped) {
    Outbox out;
    AppState s = signed_in_as(kAda);
    open_event_form(s);
    EXPECT_STREQ(s.events.form.date.data(), "2023-11-15");
    EXPECT_STREQ(s.events.form.time.data(), "18:00");
    EXPECT_STREQ(s.events.form.time_zone.data(), "Europe/Rome");

    submit_event_form(s, out);  // no title yet
    ASSERT_TRUE(s.events.form.error);
    EXPECT_EQ(s.events.form.error->code, "title_invalid");
    EXPECT_TRUE(out.take().empty());

    std::string("Poesia").copy(s.events.form.title.data(), 6);
    std::string("@bruno, cleo").copy(s.events.form.hosts.data(), 12);
    submit_event_form(s, out);
    EXPECT_FALSE(s.events.form.error);
    EXPECT_TRUE(s.events.form.pending);
    const std::vector<p::Intent> sent{
        p::CreateEvent{"Poesia", "", "2023-11-15T18:00", "Europe/Rome", {"bruno", "cleo"}}};
    EXPECT_EQ(out.take(), sent);

    // The server's refusal goes on the form; the next answer closes it on the page.
    apply(s, p::Error{ErrorCode::event_hosts_invalid, "no cleo", "create_event"}, out);
    EXPECT_FALSE(s.events.form.pending);
    ASSERT_TRUE(s.events.form.error);
    EXPECT_EQ(s.events.form.error->code, "event_hosts_invalid");
    EXPECT_FALSE(s.error) << "not in the banner";
    submit_event_form(s, out);
    out.take();
    apply(s, p::EventChanged{event("e1", 100, kAda)}, out);
    EXPECT_FALSE(s.events.form.open);
    EXPECT_EQ(s.screen, Screen::event);
    EXPECT_EQ(address_of(s), "/e/e1");
}

TEST(ClientEvents, EditingFillsTheFormFromTheEvent) {
    AppState s = signed_in_as(kAda);
    auto e = event("e1", 100, kAda);
    e.hosts.push_back(kBruno);
    open_event_form(s, &e);
    EXPECT_EQ(s.events.form.editing, "e1");
    EXPECT_STREQ(s.events.form.date.data(), "2023-11-20");
    EXPECT_STREQ(s.events.form.time.data(), "18:30");
    EXPECT_STREQ(s.events.form.hosts.data(), "bruno");
}

TEST(ClientEvents, AStartedEventsNotificationJoinsItsRoomACancelledOneOpensItsPage) {
    Outbox out;
    AppState s = signed_in_as(kBruno);
    const p::Notification started{5, "event_started", kAda, "r1", "Poesia", 1, false, "e1"};
    open_notification(s, out, started);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::MarkNotificationsRead{5}, p::JoinRoom{"r1"}}));
    const p::Notification cancelled{6,   "event_cancelled", kAda, std::nullopt, "Poesia", 1, false,
                                    "e2"};
    open_notification(s, out, cancelled);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::MarkNotificationsRead{6}, p::GetEvent{"e2"}}));
    EXPECT_EQ(s.screen, Screen::event);
}

TEST(ClientEvents, EventLinksOpenTheirPageOnceSignedInAndOnHistoryMoves) {
    EXPECT_EQ(event_from_path("/e/q7m2x9k4ta"), "q7m2x9k4ta");
    EXPECT_EQ(event_from_path("/e/q7m2x9k4ta.ics"), "");
    EXPECT_EQ(event_from_path("/e/"), "");
    EXPECT_EQ(event_calendar_path("q7"), "/e/q7.ics");

    Outbox out;
    AppState s;
    s.connected = true;
    s.events.after_sign_in = "e9";
    apply(s, p::Session{"token", kBruno}, out);
    EXPECT_EQ(s.screen, Screen::event);
    EXPECT_EQ(out.take(),
              (std::vector<p::Intent>{p::ListInvites{}, p::ListClubs{}, p::GetEvent{"e9"}}));
    navigate(s, out, "/");
    EXPECT_EQ(s.screen, Screen::hallway);
    navigate(s, out, "/e/e9");
    EXPECT_EQ(s.screen, Screen::event);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::GetEvent{"e9"}}));
    apply(s, p::Error{ErrorCode::event_not_found, "gone", "get_event"}, out);
    EXPECT_EQ(s.screen, Screen::hallway);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "event_not_found");
}

}  // namespace
}  // namespace salotto::client
