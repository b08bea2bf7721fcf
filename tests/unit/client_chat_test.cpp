// The web client's side of room chat and reactions (src/client/reducer.hpp,
// state_json.hpp): asking for the history on entering, new and deleted messages, the
// unread count, blocked senders, reactions waiting to be drawn, and how state() shows
// them (docs/client-test-api.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/reducer.hpp"
#include "client/state_json.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno"};
const p::User kCleo{3, "cleo", "Cleo"};

// Bruno signed in, entering Ada's room "r1".
AppState entering(Outbox& out) {
    AppState s;
    s.connected = true;
    s.user = kBruno;
    s.screen = Screen::hallway;
    apply(s,
          p::RoomState{p::RoomSnapshot{
              "r1",
              "Chiacchiere",
              p::RoomType::open,
              {{kAda.id, kAda.handle, kAda.name, p::Role::moderator, false, false},
               {kBruno.id, kBruno.handle, kBruno.name, p::Role::audience, false, true}}}},
          out);
    return s;
}

p::ChatMessage message(std::int64_t id, const p::User& from, std::string text) {
    return {id, from, std::move(text), 1'700'000'000 + id};
}

TEST(ClientChat, EnteringARoomAsksForItsChatAndTheHistoryFillsIt) {
    Outbox out;
    AppState s = entering(out);
    EXPECT_EQ(out.take(), std::vector<p::Intent>{p::GetChat{}});
    EXPECT_FALSE(s.chat.loaded);
    apply(s, p::ChatHistory{"r1", {message(1, kAda, "Benvenuti"), message(2, kCleo, "Ciao")}}, out);
    EXPECT_TRUE(s.chat.loaded);
    ASSERT_EQ(s.chat.messages.size(), 2u);
    EXPECT_EQ(s.chat.messages[0].text, "Benvenuti");
    // Another room's history (a late answer after moving on) is ignored.
    apply(s, p::ChatHistory{"r2", {message(9, kAda, "elsewhere")}}, out);
    EXPECT_EQ(s.chat.messages.size(), 2u);
}

TEST(ClientChat, NewMessagesCountAsUnreadUntilTheChatIsOpen) {
    Outbox out;
    AppState s = entering(out);
    apply(s, p::ChatHistory{"r1", {}}, out);
    apply(s, p::ChatPosted{"r1", message(3, kAda, "Domande?")}, out);
    apply(s, p::ChatPosted{"r1", message(4, kBruno, "Io!")}, out);
    EXPECT_EQ(s.chat.messages.size(), 2u);
    EXPECT_EQ(s.chat.unread, 1) << "one's own messages are not unread";
    // A message the history already had (it crossed a reconnect) is not doubled.
    apply(s, p::ChatPosted{"r1", message(4, kBruno, "Io!")}, out);
    EXPECT_EQ(s.chat.messages.size(), 2u);
    set_chat_open(s, true);
    EXPECT_EQ(s.chat.unread, 0);
    apply(s, p::ChatPosted{"r1", message(5, kCleo, "Anche io")}, out);
    EXPECT_EQ(s.chat.unread, 0);
}

TEST(ClientChat, ADeletedMessageLeavesAndBlockedSendersAreNotCounted) {
    Outbox out;
    AppState s = entering(out);
    s.blocked = {kCleo.id};
    apply(s, p::ChatHistory{"r1", {message(1, kAda, "uno"), message(2, kAda, "due")}}, out);
    apply(s, p::ChatDeleted{"r1", 1}, out);
    ASSERT_EQ(s.chat.messages.size(), 1u);
    EXPECT_EQ(s.chat.messages[0].id, 2);
    apply(s, p::ChatPosted{"r1", message(3, kCleo, "blocked")}, out);
    EXPECT_EQ(s.chat.unread, 0);
}

TEST(ClientChat, TheChatSwitchFollowsTheRoomsSettings) {
    Outbox out;
    AppState s = entering(out);
    EXPECT_TRUE(s.room->chat_allowed);
    apply(s, p::RoomSettings{"r1", p::RoomType::open, true, false, false}, out);
    EXPECT_FALSE(s.room->chat_allowed);
    const auto j = nlohmann::json::parse(state_json(s));
    EXPECT_FALSE(j["room"]["chat_allowed"].get<bool>());
}

TEST(ClientChat, ReactionsWaitToBeDrawnAndLeavingTheRoomForgetsThem) {
    Outbox out;
    AppState s = entering(out);
    s.blocked = {kCleo.id};
    apply(
        s,
        p::Reactions{"r1", {{kAda.id, "clap"}, {kCleo.id, "heart"}}, {{"clap", 12}, {"heart", 1}}},
        out);
    ASSERT_EQ(s.reactions.fresh.size(), 1u) << "a blocked person's reaction is not shown";
    EXPECT_EQ(s.reactions.fresh[0], (p::Reaction{kAda.id, "clap"}));
    for (int i = 0; i < 100; ++i)
        apply(s, p::Reactions{"r1", {{kAda.id, "laugh"}, {kAda.id, "fist"}}, {}}, out);
    EXPECT_EQ(s.reactions.fresh.size(), kReactionsKept) << "bounded while nothing draws";
    const auto j = nlohmann::json::parse(state_json(s));
    EXPECT_EQ(j["reactions"]["events"].get<int>(), 101);

    apply(s, p::ChatPosted{"r1", message(7, kAda, "ciao")}, out);
    apply(s, p::LeftRoom{"r1"}, out);
    EXPECT_TRUE(s.chat.messages.empty());
    EXPECT_TRUE(s.reactions.fresh.empty());
}

TEST(ClientChat, StateShowsTheMessages) {
    Outbox out;
    AppState s = entering(out);
    apply(s, p::ChatHistory{"r1", {message(1, kAda, "Привет 👋")}}, out);
    const auto j = nlohmann::json::parse(state_json(s));
    ASSERT_EQ(j["chat"]["messages"].size(), 1u);
    EXPECT_EQ(j["chat"]["messages"][0]["text"], "Привет 👋");
    EXPECT_EQ(j["chat"]["messages"][0]["from"]["handle"], "ada");
    EXPECT_TRUE(j["chat"]["loaded"].get<bool>());
}

}  // namespace
}  // namespace salotto::client
