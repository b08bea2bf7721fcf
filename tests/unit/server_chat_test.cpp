// Room chat and reactions through the service (docs/protocol.md, "Chat" and
// "Reactions"): who hears a message, the history a late joiner gets, deleting, the
// chat switch, the rate limits with their messages, what a restart keeps, and how a
// crowd's reactions collapse into a bounded number of events.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/protocol/codec.hpp"
#include "core/social/chat.hpp"
#include "core/social/reactions.hpp"
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

class ChatTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    // Ada's open room with Bob in the audience; Cat signed in outside.
    void open_room() {
        send(ada, CreateRoom{"Chiacchiere", RoomType::open});
        room = only<RoomState>(take(ada)).at(0).room.id;
        send(bob, JoinRoom{room});
        EXPECT_EQ(only<RoomState>(take(bob)).size(), 1u);
        drain();
    }
    ChatMessage posted(ConnectionId id) {
        auto event = take_one<ChatPosted>(id);
        EXPECT_EQ(event.room, room);
        return event.message;
    }

    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = {},
                                    .reactions_interval = std::chrono::milliseconds(500),
                                    .offload = service::run_inline};
    service::Service service{accounts, store, outbox, options};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat");
    std::string room;
};

}  // namespace

TEST_F(ChatTest, AMessageReachesEveryoneInTheRoomAndNobodyElse) {
    open_room();
    send(bob, SendChat{"Ciao! https://example.org 👋"});
    const auto at_bob = posted(bob);
    const auto at_ada = posted(ada);
    EXPECT_EQ(at_ada, at_bob);
    EXPECT_GT(at_ada.id, 0);
    EXPECT_EQ(at_ada.from, users.at(bob));
    EXPECT_EQ(at_ada.text, "Ciao! https://example.org 👋");
    EXPECT_EQ(at_ada.at, now);
    expect_nothing(cat);
}

TEST_F(ChatTest, EveryRefusalHasItsCode) {
    send(cat, SendChat{"hello?"});
    expect_error(cat, ErrorCode::not_in_room, "send_chat");
    send(cat, GetChat{});
    expect_error(cat, ErrorCode::not_in_room, "get_chat");
    send(cat, React{"clap"});
    expect_error(cat, ErrorCode::not_in_room, "react");
    open_room();
    send(bob, SendChat{""});
    expect_error(bob, ErrorCode::chat_text_invalid, "send_chat");
    send(bob, SendChat{std::string(social::kChatMaxCodePoints + 1, 'x')});
    expect_error(bob, ErrorCode::chat_text_invalid, "send_chat");
    send(bob, SendChat{"line\nbreak"});
    expect_error(bob, ErrorCode::chat_text_invalid, "send_chat");
    send(bob, React{"applause"});
    expect_error(bob, ErrorCode::reaction_invalid, "react");
    send(bob, DeleteChat{12345});
    expect_error(bob, ErrorCode::chat_not_found, "delete_chat");
    send(bob, SetChatAllowed{false});
    expect_error(bob, ErrorCode::forbidden, "set_chat_allowed");
    expect_nothing(ada);
}

TEST_F(ChatTest, ALateJoinerGetsTheNewestMessagesOldestFirst) {
    open_room();
    const std::size_t sent = social::kChatHistory + 5;
    for (std::size_t i = 0; i < sent; ++i) {
        send(ada, SendChat{"message " + std::to_string(i)});
        steady += std::chrono::seconds(2);  // within the chat allowance
    }
    drain();
    send(cat, JoinRoom{room});
    take(cat);
    send(cat, GetChat{});
    const auto history = take_one<ChatHistory>(cat);
    EXPECT_EQ(history.room, room);
    ASSERT_EQ(history.messages.size(), social::kChatHistory);
    EXPECT_EQ(history.messages.front().text, "message 5");
    EXPECT_EQ(history.messages.back().text, "message " + std::to_string(sent - 1));
    EXPECT_LT(history.messages.front().id, history.messages.back().id);
}

TEST_F(ChatTest, ModeratorsDeleteAnyMessageOthersOnlyTheirOwn) {
    open_room();
    send(ada, SendChat{"from the moderator"});
    const auto mine = posted(ada);
    take(bob);
    send(bob, SendChat{"from the audience"});
    const auto theirs = posted(bob);
    take(ada);

    send(bob, DeleteChat{mine.id});
    expect_error(bob, ErrorCode::forbidden, "delete_chat");
    send(ada, DeleteChat{theirs.id});
    EXPECT_EQ(take_one<ChatDeleted>(bob), (ChatDeleted{room, theirs.id}));
    EXPECT_EQ(take_one<ChatDeleted>(ada), (ChatDeleted{room, theirs.id}));
    send(ada, DeleteChat{mine.id});
    take(ada);
    take(bob);
    send(bob, GetChat{});
    EXPECT_TRUE(take_one<ChatHistory>(bob).messages.empty()) << "deleted messages are gone";
    send(ada, DeleteChat{mine.id});
    expect_error(ada, ErrorCode::chat_not_found, "delete_chat");
}

TEST_F(ChatTest, WithTheChatOffOnlyModeratorsPost) {
    open_room();
    send(ada, SetChatAllowed{false});
    const auto settings = only<RoomSettings>(take(bob));
    ASSERT_EQ(settings.size(), 1u);
    EXPECT_FALSE(settings[0].chat_allowed);
    take(ada);
    send(bob, SendChat{"may I?"});
    expect_error(bob, ErrorCode::chat_off, "send_chat");
    send(ada, SendChat{"Chat is paused for the Q&A."});
    posted(bob);
    take(ada);
    send(cat, JoinRoom{room});
    EXPECT_FALSE(only<RoomState>(take(cat)).at(0).room.chat_allowed) << "newcomers see it";
    send(ada, SetChatAllowed{true});
    const auto again = only<RoomSettings>(take(bob));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_TRUE(again[0].chat_allowed);
    send(bob, SendChat{"thanks"});
    posted(bob);
}

TEST_F(ChatTest, ChatAndReactionsHaveTheirOwnRateLimitsWithClearMessages) {
    open_room();
    for (int i = 0; i < static_cast<int>(service::kChatBurst); ++i) {
        send(bob, SendChat{"spam " + std::to_string(i)});
        posted(bob);
    }
    send(bob, SendChat{"one more"});
    auto error = take_one<Error>(bob);
    EXPECT_EQ(error.code, ErrorCode::rate_limited);
    EXPECT_EQ(error.in, "send_chat");
    EXPECT_NE(error.message.find("chat"), std::string::npos) << error.message;
    // Room intents are on another allowance: Bob can still raise a hand.
    send(bob, RaiseHand{});
    EXPECT_EQ(only<Error>(take(bob)).size(), 0u);
    steady += std::chrono::seconds(2);
    send(bob, SendChat{"later"});
    EXPECT_EQ(only<ChatPosted>(take(bob)).size(), 1u);

    for (int i = 0; i < static_cast<int>(service::kReactionBurst); ++i) send(bob, React{"clap"});
    expect_nothing(bob);
    send(bob, React{"clap"});
    error = take_one<Error>(bob);
    EXPECT_EQ(error.code, ErrorCode::rate_limited);
    EXPECT_NE(error.message.find("react"), std::string::npos) << error.message;
}

TEST_F(ChatTest, ReactionsWaitForTheFlushAndCountEveryone) {
    open_room();
    send(bob, React{"heart"});
    send(ada, React{"clap"});
    send(bob, React{"heart"});
    expect_nothing(ada);
    service.flush_reactions();
    for (ConnectionId id : {ada, bob}) {
        const auto event = take_one<Reactions>(id);
        EXPECT_EQ(event.room, room);
        ASSERT_EQ(event.items.size(), 3u);
        EXPECT_EQ(event.items[0], (Reaction{uid(ada), "clap"})) << "the stage first";
        EXPECT_EQ(event.counts, (std::vector<ReactionCount>{{"clap", 1}, {"heart", 2}}));
    }
    service.flush_reactions();
    expect_nothing(ada);
}

TEST_F(ChatTest, HundredsOfListenersReactingCostEachOfThemOneEventPerFlush) {
    open_room();
    std::vector<ConnectionId> listeners;
    for (int i = 0; i < 300; ++i) {
        const ConnectionId id = signup("listener" + std::to_string(i));
        send(id, JoinRoom{room});
        listeners.push_back(id);
    }
    drain();
    for (ConnectionId id : listeners) send(id, React{"clap"});
    for (ConnectionId id : listeners) EXPECT_TRUE(take(id).empty());
    service.flush_reactions();
    for (ConnectionId id : {listeners.front(), listeners.back(), ada}) {
        const auto event = take_one<Reactions>(id);
        EXPECT_EQ(event.items.size(), social::kReactionsListed);
        EXPECT_EQ(event.counts, (std::vector<ReactionCount>{{"clap", 300}}));
    }
}

TEST_F(ChatTest, TheChatAndItsSwitchOutliveARestart) {
    open_room();
    send(bob, SendChat{"before the restart"});
    send(ada, SetChatAllowed{false});
    service.save_stages();

    test::RecordingOutbox after;
    service::Service restarted{accounts, store, after, options};
    EXPECT_EQ(restarted.restore_stages(), 1);
    restarted.open(1, "p1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[bob]}));
    restarted.text(1, encode(JoinRoom{room}));
    restarted.text(1, encode(GetChat{}));
    const auto states = only<RoomState>(after.inbox[1]);
    ASSERT_EQ(states.size(), 1u) << types(after.inbox[1]);
    EXPECT_FALSE(states[0].room.chat_allowed);
    const auto history = only<ChatHistory>(after.inbox[1]);
    ASSERT_EQ(history.size(), 1u);
    ASSERT_EQ(history[0].messages.size(), 1u);
    EXPECT_EQ(history[0].messages[0].text, "before the restart");
    EXPECT_EQ(history[0].messages[0].from.handle, "bob");
}
