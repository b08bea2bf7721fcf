// The client's clubs state (reducer.hpp): the page asked for is kept and replaced by
// live updates; pages of other clubs are not shown in its place; the user's clubs.
#include <gtest/gtest.h>

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
    EXPECT_FALSE(state.club);
    client::apply(state, page(7, "none"), out);
    ASSERT_TRUE(state.club);
    EXPECT_EQ(state.club->your_role, "none");
    // A change pushed live replaces it.
    client::apply(state, page(7, "member"), out);
    EXPECT_EQ(state.club->your_role, "member");
    client::apply(state, page(9, "admin"), out);
    EXPECT_EQ(state.club->club.id, 7);
    // Another club: the old page goes at once.
    client::open_club(state, out, 9);
    EXPECT_FALSE(state.club);
}

TEST(ClientClubs, MyClubsReplaceTheList) {
    client::AppState state;
    client::Outbox out;
    p::MyClubs mine;
    mine.clubs.push_back({page(7, "admin").club, "admin"});
    mine.invitations.push_back(page(9, "none").club);
    client::apply(state, mine, out);
    EXPECT_EQ(state.my_clubs, mine);
    client::apply(state, p::MyClubs{}, out);
    EXPECT_TRUE(state.my_clubs.clubs.empty());
}
