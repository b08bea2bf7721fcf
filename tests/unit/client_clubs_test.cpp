// The client's clubs state (reducer.hpp): the page asked for is kept and replaced by
// live updates; pages of other clubs are not shown in its place; the user's clubs; the
// club form, refusals, which buttons the rules allow, invitations and /c/ links.
#include <gtest/gtest.h>

#include "client/clubs.hpp"
#include "client/deep_link.hpp"
#include "client/navigation.hpp"
#include "client/reducer.hpp"

using namespace salotto;
namespace p = salotto::protocol;

namespace {

p::ClubPage page(std::int64_t id, const std::string& role) {
    p::ClubPage c;
    c.club = {id, "Poeti " + std::to_string(id), "", 0, 1, 0};
    c.your_role = role;
    return c;
}

}  // namespace

TEST(ClientClubs, OpeningAClubAsksForItsPageAndKeepsOnlyThatClub) {
    client::AppState state;
    client::Outbox out;
    client::open_club(state, out, 7);
    const auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<p::GetClub>(sent.front()).club, 7);
    client::apply(state, page(9, "admin"), out);
    EXPECT_FALSE(state.clubs.page);
    client::apply(state, page(7, "none"), out);
    ASSERT_TRUE(state.clubs.page);
    EXPECT_EQ(state.clubs.page->your_role, "none");
    // A change pushed live replaces it.
    client::apply(state, page(7, "member"), out);
    EXPECT_EQ(state.clubs.page->your_role, "member");
    client::apply(state, page(9, "admin"), out);
    EXPECT_EQ(state.clubs.page->club.id, 7);
    // Another club: the old page goes at once.
    client::open_club(state, out, 9);
    EXPECT_FALSE(state.clubs.page);
}

TEST(ClientClubs, MyClubsReplaceTheList) {
    client::AppState state;
    client::Outbox out;
    p::MyClubs mine;
    mine.clubs.push_back({page(7, "admin").club, "admin"});
    mine.invitations.push_back(page(9, "none").club);
    client::apply(state, mine, out);
    EXPECT_EQ(state.clubs.mine, mine);
    client::apply(state, p::MyClubs{}, out);
    EXPECT_TRUE(state.clubs.mine.clubs.empty());
}

TEST(ClientClubs, TheFormChecksWhatTheServerWouldAndOpensTheNewClub) {
    client::AppState state;
    state.connected = true;
    state.user = p::User{1, "ada", "Ada"};
    client::Outbox out;
    client::open_club_form(state);
    client::submit_club_form(state, out);
    ASSERT_TRUE(state.clubs.form.error);
    EXPECT_EQ(state.clubs.form.error->code, "club_name_invalid");
    EXPECT_TRUE(out.take().empty());

    std::string("Poeti").copy(state.clubs.form.name.data(), 5);
    state.clubs.form.room_access = "followers";
    client::submit_club_form(state, out);
    EXPECT_FALSE(state.clubs.form.error);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::CreateClub{"Poeti", "", "followers"}}));
    client::submit_club_form(state, out);
    EXPECT_TRUE(out.take().empty()) << "sent once until answered";

    // Someone else's club page pushed meanwhile is not ours.
    auto other = page(3, "leader");
    other.club.name = "Altri";
    client::apply(state, other, out);
    EXPECT_TRUE(state.clubs.form.open);
    auto created = page(4, "admin");
    created.club.name = "Poeti";
    client::apply(state, created, out);
    EXPECT_FALSE(state.clubs.form.open);
    EXPECT_EQ(state.screen, client::Screen::club);
    ASSERT_TRUE(state.clubs.page);
    EXPECT_EQ(state.clubs.page->club.id, 4);
}

TEST(ClientClubs, RefusalsGoOnTheFormOrTheBanner) {
    client::AppState state;
    state.connected = true;
    client::Outbox out;
    client::open_club_form(state, nullptr);
    std::string("Poeti").copy(state.clubs.form.name.data(), 5);
    client::submit_club_form(state, out);
    client::apply(state, p::Error{ErrorCode::club_name_invalid, "bad", "create_club"}, out);
    ASSERT_TRUE(state.clubs.form.error);
    EXPECT_FALSE(state.clubs.form.pending);
    EXPECT_FALSE(state.error);

    client::apply(state, p::Error{ErrorCode::club_already_member, "x", "request_club"}, out);
    ASSERT_TRUE(state.error);
    EXPECT_EQ(state.error->code, "club_already_member");

    // A page that does not exist closes.
    client::open_club(state, out, 99);
    EXPECT_EQ(state.screen, client::Screen::club);
    client::apply(state, p::Error{ErrorCode::club_not_found, "no", "get_club"}, out);
    EXPECT_EQ(state.screen, client::Screen::hallway);
    EXPECT_EQ(state.clubs.open, 0);
    EXPECT_EQ(state.error->code, "club_not_found");
}

TEST(ClientClubs, ButtonsFollowTheClubRules) {
    auto visitor = page(7, "none");
    EXPECT_TRUE(client::club_allows(visitor, social::ClubAction::request));
    EXPECT_FALSE(client::club_allows(visitor, social::ClubAction::leave));
    EXPECT_FALSE(client::club_allows(visitor, social::ClubAction::open_room));
    auto leader = page(7, "leader");
    EXPECT_TRUE(client::club_allows(leader, social::ClubAction::open_room));
    EXPECT_TRUE(client::club_allows(leader, social::ClubAction::approve_request));
    EXPECT_FALSE(client::club_allows(leader, social::ClubAction::invite));
    EXPECT_TRUE(client::club_allows(page(7, "admin"), social::ClubAction::edit));

    client::AppState state;
    state.clubs.mine.clubs = {{page(1, "admin").club, "admin"},
                              {page(2, "member").club, "member"},
                              {page(3, "leader").club, "leader"},
                              {page(4, "follower").club, "follower"}};
    const auto led = client::clubs_i_lead(state);
    ASSERT_EQ(led.size(), 2u);
    EXPECT_EQ(led[0].id, 1);
    EXPECT_EQ(led[1].id, 3);
}

TEST(ClientClubs, AnInvitationFromAProfileIsConfirmedByTheClubPage) {
    client::AppState state;
    client::Outbox out;
    const p::User bruno{2, "bruno", "Bruno"};
    client::invite_to_club(state, out, 7, bruno);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::InviteToClub{7, 2}}));
    client::apply(state, page(7, "admin"), out);
    EXPECT_TRUE(state.notice.empty()) << "not invited yet";
    auto invited = page(7, "admin");
    invited.invitations.push_back(bruno);
    client::apply(state, invited, out);
    EXPECT_NE(state.notice.find("Bruno"), std::string::npos);
    EXPECT_FALSE(state.clubs.page) << "the profile stays on screen";
}

TEST(ClientClubs, ClubLinksAndHistory) {
    EXPECT_EQ(client::club_from_path("/c/12"), 12);
    EXPECT_EQ(client::club_from_path("/c/12/"), 12);
    EXPECT_EQ(client::club_from_path("/c/"), 0);
    EXPECT_EQ(client::club_from_path("/c/x1"), 0);
    EXPECT_EQ(client::club_from_path("/c/1234567890123456"), 0);
    EXPECT_EQ(client::club_from_path("/e/12"), 0);
    EXPECT_EQ(client::club_path(12), "/c/12");

    client::AppState state;
    state.user = p::User{1, "ada", "Ada"};
    state.screen = client::Screen::hallway;
    client::Outbox out;
    client::navigate(state, out, "/c/12");
    EXPECT_EQ(state.screen, client::Screen::club);
    EXPECT_EQ(out.take(), (std::vector<p::Intent>{p::GetClub{12}}));
    EXPECT_EQ(client::address_of(state), "/c/12");
    client::apply(state, page(12, "member"), out);
    EXPECT_NE(client::title_of(state).find("Poeti 12"), std::string::npos);
    client::navigate(state, out, "/");
    EXPECT_EQ(state.screen, client::Screen::hallway);
    EXPECT_FALSE(state.clubs.page);

    // A club link opened before signing in opens once signed in.
    client::AppState fresh;
    fresh.screen = client::Screen::onboarding;
    fresh.clubs.after_sign_in = 12;
    client::apply(fresh, p::Session{"tok", p::User{1, "ada", "Ada"}}, out);
    EXPECT_EQ(fresh.screen, client::Screen::club);
    EXPECT_EQ(out.take().back(), p::Intent(p::GetClub{12}));
}
