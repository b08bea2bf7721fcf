// The web client's side of events in clubs (src/client/events.hpp): the scheduling
// form offers the clubs where we are leader or admin and sends the one picked, editing
// keeps the event's club, and an open club page follows its events as they change.
// Also club pictures' requests (src/client/picture_requests.hpp): who may change one,
// and which picture a pick or removal is for.
#include <gtest/gtest.h>

#include "client/events.hpp"
#include "client/picture_requests.hpp"
#include "client/reducer.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};

AppState signed_in() {
    AppState s;
    s.connected = true;
    s.user = kAda;
    s.screen = Screen::hallway;
    s.time_zone = "Europe/Rome";
    s.utc_offset_minutes = 60;
    s.now = 1'700'000'000;
    s.clubs.mine.clubs = {{{3, "Poeti", "", 0, 4, 0}, "admin"},
                          {{4, "Città", "", 0, 9, 0}, "member"},
                          {{5, "Jazz", "", 0, 2, 0}, "leader"},
                          {{6, "Cinema", "", 0, 7, 0}, "follower"}};
    return s;
}

p::EventInfo event(std::string id, std::int64_t starts, std::optional<p::ClubTag> club) {
    p::EventInfo e;
    e.id = std::move(id);
    e.title = "Versi";
    e.starts = starts;
    e.time_zone = "Europe/Rome";
    e.local_start = "2023-11-20T18:30";
    e.hosts = {kAda};
    e.club = std::move(club);
    return e;
}

std::vector<std::int64_t> ids(const std::vector<p::ClubTag>& clubs) {
    std::vector<std::int64_t> out;
    for (const auto& c : clubs) out.push_back(c.id);
    return out;
}

TEST(ClientClubEvents, TheFormOffersClubsWhereWeLeadAndSendsThePickedOne) {
    Outbox out;
    AppState s = signed_in();
    EXPECT_EQ(ids(schedulable_clubs(s)), (std::vector<std::int64_t>{3, 5}))
        << "admin and leader, not member or follower";
    open_event_form(s);
    EXPECT_FALSE(s.events.form.club) << "no club unless one is picked";
    std::string("Versi").copy(s.events.form.title.data(), 5);
    s.events.form.club = 5;
    submit_event_form(s, out);
    const std::vector<p::Intent> sent{
        p::CreateEvent{"Versi", "", "2023-11-15T18:00", "Europe/Rome", {}, 5}};
    EXPECT_EQ(out.take(), sent);
}

TEST(ClientClubEvents, EditingKeepsTheEventsClubEvenWhereWeAreNoLeader) {
    Outbox out;
    AppState s = signed_in();
    const auto e = event("e1", 100, p::ClubTag{4, "Città"});
    s.events.shown = e;
    s.events.shown_id = e.id;
    open_event_form(s, &e);
    EXPECT_EQ(s.events.form.club, std::optional<std::int64_t>(4));
    EXPECT_EQ(ids(schedulable_clubs(s)), (std::vector<std::int64_t>{4, 3, 5}));
    submit_event_form(s, out);
    const std::vector<p::Intent> sent{
        p::UpdateEvent{"e1", "Versi", "", "2023-11-20T18:30", "Europe/Rome", {}, 4}};
    EXPECT_EQ(out.take(), sent);
}

TEST(ClientClubEvents, AnOpenClubPageFollowsItsEvents) {
    Outbox out;
    AppState s = signed_in();
    p::ClubPage page;
    page.club = {3, "Poeti", "", 0, 4, 0};
    page.events = {event("late", 300, p::ClubTag{3, "Poeti"})};
    s.clubs.page = page;
    s.clubs.open = 3;

    apply(s, p::EventChanged{event("soon", 100, p::ClubTag{3, "Poeti"})}, out);
    apply(s, p::EventChanged{event("elsewhere", 50, p::ClubTag{5, "Jazz"})}, out);
    apply(s, p::EventChanged{event("none", 60, std::nullopt)}, out);
    ASSERT_EQ(s.clubs.page->events.size(), 2u);
    EXPECT_EQ(s.clubs.page->events[0].id, "soon");
    EXPECT_EQ(s.clubs.page->events[1].id, "late");

    auto moved = event("late", 300, p::ClubTag{5, "Jazz"});
    apply(s, p::EventChanged{moved}, out);
    auto started = event("soon", 100, p::ClubTag{3, "Poeti"});
    started.room = "r1";
    apply(s, p::EventChanged{started}, out);
    EXPECT_TRUE(s.clubs.page->events.empty()) << "moved to another club, or live";
    EXPECT_EQ(s.events.upcoming.size(), 3u) << "the hallway's list keeps every upcoming one";
}

TEST(ClientClubPictures, OnlyAdminsMayChangeAClubsPictureAndEachRequestNamesItsPicture) {
    AppState s = signed_in();
    EXPECT_TRUE(may_change_club_picture(s, 3));   // admin
    EXPECT_FALSE(may_change_club_picture(s, 5));  // leader
    EXPECT_FALSE(may_change_club_picture(s, 6));  // follower
    EXPECT_FALSE(may_change_club_picture(s, 9));  // no place
    p::ClubPage page;
    page.club = {9, "Nuovo", "", 0, 1, 0};
    page.your_role = "admin";  // the open page is newer than our list
    s.clubs.page = page;
    EXPECT_TRUE(may_change_club_picture(s, 9));

    pick_picture(s, 3);
    EXPECT_EQ(s.picture.picks, 1);
    EXPECT_EQ(s.picture.club, 3);
    remove_picture(s);
    EXPECT_EQ(s.picture.removals, 1);
    EXPECT_EQ(s.picture.club, 0) << "our own picture";
    s.picture.pending = true;
    pick_picture(s, 3);
    EXPECT_EQ(s.picture.picks, 1) << "not while one is on its way";
}

}  // namespace
}  // namespace salotto::client
