// The embedding API's client logic (client/embed.hpp): which events a host page gets
// for which state changes, and which intents its commands become.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "client/embed.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;
using nlohmann::json;

const p::User kAda{1, "ada", "Ada Lovelace"};
constexpr std::string_view kRoom = "k3v9x2mq7b";

AppState in_room() {
    AppState s;
    s.screen = Screen::room;
    s.user = kAda;
    p::RoomSnapshot room;
    room.id = "k3v9x2mq7b";
    room.title = "Tea time";
    room.members = {{1, "ada", "Ada Lovelace", p::Role::moderator, false, false, 0},
                    {2, "nic", "Nic", p::Role::audience, false, true, 0}};
    s.room = room;
    return s;
}

std::vector<json> parsed(const std::vector<std::string>& events) {
    std::vector<json> out;
    for (const auto& e : events) out.push_back(json::parse(e));
    return out;
}

TEST(ClientEmbed, JoiningSendsJoinedThenParticipants) {
    AppState before;
    before.user = kAda;
    const auto events =
        parsed(embed_events(embed_view(before, kRoom), embed_view(in_room(), kRoom)));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0]["event"], "joined");
    EXPECT_EQ(events[0]["data"]["room"], "k3v9x2mq7b");
    EXPECT_EQ(events[0]["data"]["title"], "Tea time");
    EXPECT_EQ(events[1]["event"], "participants");
    EXPECT_EQ(events[1]["data"]["count"], 2);
    EXPECT_EQ(events[1]["data"]["participants"][1]["handle"], "nic");
    EXPECT_EQ(events[1]["data"]["participants"][0]["role"], "moderator");
}

TEST(ClientEmbed, NothingChangedNoEvents) {
    EXPECT_TRUE(embed_events(embed_view(in_room(), kRoom), embed_view(in_room(), kRoom)).empty());
}

TEST(ClientEmbed, AHandAndLeavingAreReported) {
    AppState s = in_room();
    const auto before = embed_view(s, kRoom);
    s.room->members[1].hand = true;
    auto events = parsed(embed_events(before, embed_view(s, kRoom)));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["event"], "participants");
    EXPECT_EQ(events[0]["data"]["participants"][1]["hand"], true);

    const auto in = embed_view(s, kRoom);
    s.room.reset();
    events = parsed(embed_events(in, embed_view(s, kRoom)));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["event"], "left");
    EXPECT_EQ(events[0]["data"]["room"], "k3v9x2mq7b");
}

TEST(ClientEmbed, SpeakingFollowsPlaybackLevels) {
    AppState s = in_room();
    s.room->members[1].role = p::Role::speaker;
    s.room->members[1].muted = false;
    const auto quiet = embed_view(s, kRoom);
    s.audio.speakers.push_back({.id = 2, .level = 110, .playing = true});
    auto events = parsed(embed_events(quiet, embed_view(s, kRoom)));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["event"], "speaking");
    EXPECT_EQ(events[0]["data"]["speakers"], json::array({2}));
    // Room noise is not speech.
    s.audio.speakers[0].level = 60;
    EXPECT_TRUE(embed_view(s, kRoom).speaking.empty());
}

TEST(ClientEmbed, ErrorsAreReportedOnce) {
    AppState s = in_room();
    const auto before = embed_view(s, kRoom);
    s.error = ShownError{"rate_limited", "Slow down."};
    auto events = parsed(embed_events(before, embed_view(s, kRoom)));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]["event"], "error");
    EXPECT_EQ(events[0]["data"]["code"], "rate_limited");
    EXPECT_TRUE(embed_events(embed_view(s, kRoom), embed_view(s, kRoom)).empty());
}

TEST(ClientEmbed, AnotherRoomIsNoRoomForThisEmbed) {
    // The same person joined another room elsewhere (another tab or embed).
    const AppState s = in_room();
    AppState hallway;
    hallway.user = kAda;
    EXPECT_EQ(embed_view(s, "otherroom1"), embed_view(hallway, "otherroom1"));
    EXPECT_TRUE(embed_view(s, "otherroom1").room.empty());
    AppState copy = s;
    Outbox out;
    EXPECT_EQ(embed_command(copy, out, "otherroom1", "raiseHand"), "not_in_room");
    EXPECT_EQ(embed_command(copy, out, "otherroom1", "join"), "");
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<p::JoinRoom>(sent[0]).room, "otherroom1");
}

TEST(ClientEmbed, CommandsBecomeTheButtonsIntents) {
    AppState s = in_room();
    s.room.reset();
    Outbox out;
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "join"), "");
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<p::JoinRoom>(sent[0]));
    EXPECT_EQ(std::get<p::JoinRoom>(sent[0]).room, "k3v9x2mq7b");
    EXPECT_EQ(s.audio.gestures, 1);

    s = in_room();
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "join"), "");  // already there
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "mute"), "");
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "unmute"), "");
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "raiseHand"), "");
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "lowerHand"), "");
    EXPECT_EQ(embed_command(s, out, "k3v9x2mq7b", "leave"), "");
    sent = out.take();
    ASSERT_EQ(sent.size(), 5u);
    EXPECT_TRUE(std::get<p::SetMute>(sent[0]).muted);
    EXPECT_FALSE(std::get<p::SetMute>(sent[1]).muted);
    EXPECT_TRUE(std::holds_alternative<p::RaiseHand>(sent[2]));
    EXPECT_TRUE(std::holds_alternative<p::LowerHand>(sent[3]));
    EXPECT_TRUE(std::holds_alternative<p::LeaveRoom>(sent[4]));
}

TEST(ClientEmbed, CommandsThatCannotApplySayWhy) {
    AppState signed_out;
    Outbox out;
    EXPECT_EQ(embed_command(signed_out, out, "k3v9x2mq7b", "mute"), "not_signed_in");
    EXPECT_EQ(embed_command(signed_out, out, "k3v9x2mq7b", "format_disk"), "unknown_command");
    // join before sign-in: remembered, joined once a session starts.
    EXPECT_EQ(embed_command(signed_out, out, "k3v9x2mq7b", "join"), "");
    EXPECT_EQ(signed_out.join_after_sign_in, "k3v9x2mq7b");
    AppState hallway;
    hallway.user = kAda;
    EXPECT_EQ(embed_command(hallway, out, "k3v9x2mq7b", "raiseHand"), "not_in_room");
    EXPECT_TRUE(out.take().empty());
}

TEST(ClientEmbed, QueryParameters) {
    EXPECT_EQ(query_param("?theme=dark&lang=it", "theme"), "dark");
    EXPECT_EQ(query_param("?theme=dark&lang=it", "lang"), "it");
    EXPECT_EQ(query_param("theme=light", "theme"), "light");
    EXPECT_EQ(query_param("?themes=dark", "theme"), "");
    EXPECT_EQ(query_param("", "theme"), "");
    EXPECT_EQ(query_param("?theme", "theme"), "");
}

}  // namespace
}  // namespace salotto::client
