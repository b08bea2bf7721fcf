// The web client's side of moderation (src/client/reducer.hpp, state_json.hpp): what
// the moderation events do to the app state, the knock that follows a closed room's
// refusal, and how state() shows it (docs/client-test-api.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/reducer.hpp"
#include "client/state_json.hpp"
#include "core/protocol/codec.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno"};
const p::User kCleo{3, "cleo", "Cleo"};

// Signed in as Bruno, in the hallway, with Ada's closed room "r1" listed.
AppState in_hallway() {
    AppState s;
    s.connected = true;
    s.user = kBruno;
    s.screen = Screen::hallway;
    s.hallway = {p::RoomSummary{"r1", "Segreta", p::RoomType::closed, {kAda}, 0}};
    return s;
}

// Signed in as `self` in Ada's room "r1": Ada moderating, Bruno speaking.
AppState in_room(const p::User& self) {
    AppState s = in_hallway();
    s.user = self;
    s.screen = Screen::room;
    s.room =
        p::RoomSnapshot{"r1",
                        "Segreta",
                        p::RoomType::closed,
                        {{kAda.id, kAda.handle, kAda.name, p::Role::moderator, false, false},
                         {kBruno.id, kBruno.handle, kBruno.name, p::Role::speaker, false, false}}};
    return s;
}

p::Error error(ErrorCode code, std::string_view in) {
    return p::make_error(code, in);
}

TEST(ClientModeration, AClosedRoomOffersAKnockAndTheLetInJoins) {
    AppState s = in_hallway();
    Outbox out;
    join_room(s, out, "r1");
    EXPECT_EQ(out.take(), std::vector<p::Intent>{p::JoinRoom{"r1"}});

    apply(s, error(ErrorCode::room_closed, "join_room"), out);
    ASSERT_TRUE(s.knock);
    EXPECT_EQ(*s.knock, (KnockState{"r1", "Segreta", KnockState::Status::closed}));
    EXPECT_FALSE(s.error) << "the knock card says it";
    EXPECT_TRUE(s.joining.empty());

    apply(s, p::Knocked{"r1", "Segreta"}, out);
    EXPECT_EQ(s.knock->status, KnockState::Status::knocking);
    EXPECT_TRUE(out.empty());

    apply(s, p::KnockAnswered{"r1", "Segreta", true}, out);
    EXPECT_EQ(out.take(), std::vector<p::Intent>{p::JoinRoom{"r1"}}) << "in, as the knock asked";
    apply(s, p::RoomState{in_room(kBruno).room.value()}, out);
    EXPECT_EQ(s.screen, Screen::room);
    EXPECT_FALSE(s.knock) << "done with once in";
}

TEST(ClientModeration, AKnockPendingRefusalShowsTheKnockWaiting) {
    AppState s = in_hallway();
    Outbox out;
    join_room(s, out, "r1");
    apply(s, error(ErrorCode::knock_pending, "join_room"), out);
    ASSERT_TRUE(s.knock);
    EXPECT_EQ(s.knock->status, KnockState::Status::knocking);
}

TEST(ClientModeration, OtherRefusalsAreShownAsErrors) {
    AppState s = in_hallway();
    Outbox out;
    join_room(s, out, "r1");
    apply(s, error(ErrorCode::removed_from_room, "join_room"), out);
    EXPECT_FALSE(s.knock);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "removed_from_room");
    EXPECT_TRUE(s.joining.empty());
}

TEST(ClientModeration, ADeclineIsShownAndALetInElsewhereWaits) {
    AppState s = in_hallway();
    Outbox out;
    apply(s, p::KnockAnswered{"r1", "Segreta", false}, out);
    EXPECT_EQ(s.knock->status, KnockState::Status::declined);

    AppState busy = in_room(kCleo);
    busy.room->id = "r2";
    apply(busy, p::KnockAnswered{"r1", "Segreta", true}, out);
    EXPECT_TRUE(out.empty()) << "not taken out of the room one is in";
    EXPECT_EQ(busy.knock->status, KnockState::Status::let_in);
    EXPECT_NE(busy.notice.find("Segreta"), std::string::npos);
}

TEST(ClientModeration, AKnockOnARoomThatEndsIsCleared) {
    AppState s = in_hallway();
    Outbox out;
    apply(s, p::Knocked{"r1", "Segreta"}, out);
    apply(s, p::HallwayRoomGone{"other"}, out);
    EXPECT_TRUE(s.knock);
    apply(s, p::HallwayRoomGone{"r1"}, out);
    EXPECT_FALSE(s.knock);
    EXPECT_NE(s.notice.find("ended"), std::string::npos);
}

TEST(ClientModeration, RemovedFromTheRoomGoesBackToTheHallwaySayingWhy) {
    AppState s = in_room(kBruno);
    Outbox out;
    apply(s, p::RemovedFromRoom{"r1", "Segreta"}, out);
    EXPECT_FALSE(s.room);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_NE(s.notice.find("removed you"), std::string::npos) << s.notice;
    EXPECT_NE(s.notice.find("Segreta"), std::string::npos) << s.notice;
}

TEST(ClientModeration, MutedByAModeratorSaysWho) {
    AppState s = in_room(kBruno);
    Outbox out;
    apply(s, p::MutedByModerator{"r1", kAda}, out);
    EXPECT_NE(s.notice.find("Ada Lovelace muted you"), std::string::npos) << s.notice;
}

TEST(ClientModeration, SettingsAndKnocksFollowTheRoom) {
    AppState s = in_room(kAda);
    Outbox out;
    apply(s, p::RoomSettings{"r1", p::RoomType::social, false, true}, out);
    EXPECT_EQ(s.room->type, p::RoomType::social);
    EXPECT_FALSE(s.room->hands_allowed);
    EXPECT_TRUE(s.room->link_joins);
    apply(s, p::RoomSettings{"other", p::RoomType::open, true, false}, out);
    EXPECT_EQ(s.room->type, p::RoomType::social) << "another room's settings change nothing";

    apply(s, p::Knocks{"r1", {kCleo}}, out);
    EXPECT_EQ(s.room->knocks, std::vector<p::User>{kCleo});
    // Ada steps down: the knocks, no longer sent to her, are dropped.
    apply(s, p::MemberUpdated{{kAda.id, kAda.handle, kAda.name, p::Role::speaker, false, false}},
          out);
    EXPECT_TRUE(s.room->knocks.empty());
}

TEST(ClientModeration, StateJsonShowsSettingsKnocksAndOurKnock) {
    AppState s = in_room(kAda);
    s.room->knocks = {kCleo};
    s.room->hands_allowed = false;
    s.knock = KnockState{"r7", "Altra", KnockState::Status::knocking};
    const auto j = nlohmann::json::parse(state_json(s));
    EXPECT_EQ(j["room"]["hands_allowed"], false);
    EXPECT_EQ(j["room"]["link_joins"], false);
    ASSERT_EQ(j["room"]["knocks"].size(), 1u);
    EXPECT_EQ(j["room"]["knocks"][0]["handle"], "cleo");
    EXPECT_EQ(j["knock"]["room"], "r7");
    EXPECT_EQ(j["knock"]["title"], "Altra");
    EXPECT_EQ(j["knock"]["status"], "knocking");
    s.knock.reset();
    EXPECT_TRUE(nlohmann::json::parse(state_json(s))["knock"].is_null());
}

}  // namespace
}  // namespace salotto::client
