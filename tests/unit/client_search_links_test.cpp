// The client's side of invite links, profile links, search as you type and admin
// status (client/search.hpp, client/deep_link.hpp, client/reducer.hpp).
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "client/deep_link.hpp"
#include "client/reducer.hpp"
#include "client/search.hpp"
#include "core/protocol/codec.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kNic{2, "niccolo", "Niccolò Ruffini"};

TEST(ClientLinks, InviteAndProfilePaths) {
    EXPECT_EQ(invite_from_path("/i/ABCD-EFGH-JKLM"), "ABCD-EFGH-JKLM");
    EXPECT_EQ(invite_from_path("/i/abcd/"), "abcd");
    EXPECT_EQ(invite_from_path("/i/"), "");
    EXPECT_EQ(invite_from_path("/i/ab cd"), "");
    EXPECT_EQ(invite_from_path("/r/k3v9x2mq7b"), "");
    EXPECT_EQ(profile_from_path("/u/ada_l"), "ada_l");
    EXPECT_EQ(profile_from_path("/u/Ada"), "");
    EXPECT_EQ(profile_from_path("/u/a/b"), "");
    EXPECT_EQ(profile_from_path("/i/ABCD"), "");
    EXPECT_EQ(room_from_path("/i/ABCD"), "");
    EXPECT_EQ(full_url("https://salotto.example", invite_path("ABCD-EFGH-JKLM")),
              "https://salotto.example/i/ABCD-EFGH-JKLM");
    EXPECT_EQ(full_url("http://127.0.0.1:8080", profile_path("ada")),
              "http://127.0.0.1:8080/u/ada");
}

TEST(ClientLinks, AProfileLinkOpensTheProfileOnceSignedIn) {
    AppState s;
    s.screen = Screen::onboarding;
    s.profile_after_sign_in = "niccolo";
    Outbox out;
    apply(s, p::Session{"tok", kAda}, out);
    EXPECT_EQ(s.screen, Screen::profile);
    EXPECT_TRUE(s.profile_after_sign_in.empty());
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(std::get<p::GetProfile>(sent[2]).handle, "niccolo");
}

TEST(ClientLinks, SigningOutKeepsTheOriginForLinks) {
    AppState s;
    s.origin = "https://salotto.example";
    s.user = kAda;
    s.account_status = p::AccountStatus{kNic, false, false, 3, 3};
    Outbox out;
    apply(s, p::LoggedOut{}, out);
    EXPECT_EQ(s.origin, "https://salotto.example");
    EXPECT_FALSE(s.user);
    EXPECT_FALSE(s.account_status);
    // An error after logged_out (account_disabled) stays on the sign-in screen.
    apply(s, p::make_error(ErrorCode::account_disabled, ""), out);
    EXPECT_EQ(s.screen, Screen::onboarding);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "account_disabled");
}

class ClientSearch : public ::testing::Test {
  protected:
    void SetUp() override { s.connected = true; }
    AppState s;
    Outbox out;
};

TEST_F(ClientSearch, AQueryGoesOutOnlyAfterThePause) {
    search_typed(s, "n", 0.00);
    search_tick(s, out, 0.05);
    search_typed(s, "ni", 0.10);
    search_typed(s, "nic", 0.20);
    search_tick(s, out, 0.30);
    EXPECT_TRUE(out.empty()) << "typing has not paused for 150 ms yet";
    EXPECT_TRUE(search_waiting(s));
    search_tick(s, out, 0.36);
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<p::Search>(sent[0]).query, "nic");
    EXPECT_FALSE(search_waiting(s));
    search_tick(s, out, 1.0);
    EXPECT_TRUE(out.empty()) << "one query per pause";
}

TEST_F(ClientSearch, TextThatFoldsToTheSameQueryIsNotSentAgain) {
    search_typed(s, "nicolo", 0);
    search_tick(s, out, 1);
    ASSERT_EQ(out.take().size(), 1u);
    search_typed(s, "Nicolò", 2);
    search_tick(s, out, 3);
    EXPECT_TRUE(out.empty());
    search_typed(s, "Nicolò r", 4);
    search_tick(s, out, 5);
    EXPECT_EQ(out.take().size(), 1u);
}

TEST_F(ClientSearch, StaleAnswersAreIgnored) {
    search_typed(s, "ni", 0);
    search_tick(s, out, 1);
    search_typed(s, "nic", 2);
    search_tick(s, out, 3);
    out.take();
    apply(s, p::SearchResults{"ni", {kNic, kAda}, {}}, out);
    EXPECT_TRUE(s.search.users.empty()) << "an answer to a query typed past";
    apply(s, p::SearchResults{"nic", {kNic}, {}}, out);
    ASSERT_EQ(s.search.users.size(), 1u);
    EXPECT_EQ(s.search.answered, "nic");
}

TEST_F(ClientSearch, ClearingTheBoxForgetsResultsWithoutAsking) {
    search_typed(s, "nic", 0);
    search_tick(s, out, 1);
    out.take();
    apply(s, p::SearchResults{"nic", {kNic}, {}}, out);
    search_typed(s, "", 2);
    search_tick(s, out, 3);
    EXPECT_TRUE(out.empty());
    EXPECT_TRUE(s.search.users.empty());
    EXPECT_FALSE(search_waiting(s));
    // A late answer to the cleared query is dropped too.
    apply(s, p::SearchResults{"nic", {kNic}, {}}, out);
    EXPECT_TRUE(s.search.users.empty());
}

TEST_F(ClientSearch, NothingIsSentWhileOffline) {
    s.connected = false;
    search_typed(s, "nic", 0);
    search_tick(s, out, 1);
    EXPECT_TRUE(out.empty());
    s.connected = true;
    search_tick(s, out, 2);
    EXPECT_EQ(out.take().size(), 1u);
}

}  // namespace
}  // namespace salotto::client
