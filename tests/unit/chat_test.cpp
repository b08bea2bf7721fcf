// Room chat's and reactions' rules in src/core/social: message text, who may delete,
// links found in a message, and the reaction batch that bounds what a room's
// reactions cost.
#include <gtest/gtest.h>

#include <string>

#include "core/social/chat.hpp"
#include "core/social/reactions.hpp"

using namespace salotto;
using namespace salotto::social;
using protocol::Member;
using protocol::Role;

TEST(ChatRules, MessagesAreOneLineOfTextUpToTheLimit) {
    EXPECT_TRUE(is_valid_chat_text("Ciao a tutti 👋"));
    EXPECT_TRUE(is_valid_chat_text("Привет, Αθήνα"));
    EXPECT_TRUE(is_valid_chat_text(std::string(kChatMaxCodePoints, 'a')));
    // Code points, not bytes: 500 two-byte letters fit.
    std::string greek;
    for (std::size_t i = 0; i < kChatMaxCodePoints; ++i) greek += "α";
    EXPECT_TRUE(is_valid_chat_text(greek));
    EXPECT_FALSE(is_valid_chat_text(greek + "α"));
    EXPECT_FALSE(is_valid_chat_text(""));
    EXPECT_FALSE(is_valid_chat_text(std::string(kChatMaxCodePoints + 1, 'a')));
    EXPECT_FALSE(is_valid_chat_text("two\nlines"));
    EXPECT_FALSE(is_valid_chat_text("bidi \xE2\x80\xAE override"));
    EXPECT_FALSE(is_valid_chat_text("bad \xC3 utf-8"));
}

TEST(ChatRules, ModeratorsDeleteAnyMessageOthersOnlyTheirOwn) {
    const Member moderator{1, "ada", "Ada", Role::moderator, false, false, 0};
    const Member speaker{2, "bob", "Bob", Role::speaker, false, true, 0};
    const Member listener{3, "cat", "Cat", Role::audience, false, true, 0};
    EXPECT_TRUE(may_delete_chat(moderator, 3));
    EXPECT_TRUE(may_delete_chat(listener, 3));
    EXPECT_FALSE(may_delete_chat(listener, 2));
    EXPECT_FALSE(may_delete_chat(speaker, 3));
}

TEST(ChatLinks, FindsHttpLinksAndLeavesOutTrailingPunctuation) {
    const std::string text = "See https://example.org/a?b=c, and (http://x.it/path_(1)). Ok";
    const auto links = find_links(text);
    ASSERT_EQ(links.size(), 2u);
    EXPECT_EQ(text.substr(links[0].offset, links[0].length), "https://example.org/a?b=c");
    EXPECT_EQ(text.substr(links[1].offset, links[1].length), "http://x.it/path_(1)");
}

TEST(ChatLinks, OnlyWholeWordsWithSomethingAfterTheScheme) {
    EXPECT_TRUE(find_links("no links here").empty());
    EXPECT_TRUE(find_links("https://").empty());
    EXPECT_TRUE(find_links("xhttps://glued.example").empty());
    const std::string upper = "HTTPS://Example.org";
    ASSERT_EQ(find_links(upper).size(), 1u);
    EXPECT_EQ(find_links(upper)[0], (Link{0, upper.size()}));
    // Multi-byte text around a link keeps byte offsets right.
    const std::string italian = "perché https://salotto.example/r/abc è qui";
    const auto links = find_links(italian);
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(italian.substr(links[0].offset, links[0].length), "https://salotto.example/r/abc");
}

TEST(Reactions, KindsAreKnownByName) {
    EXPECT_EQ(reaction_index("clap"), 0u);
    EXPECT_EQ(reaction_index("thinking"), kReactionKinds.size() - 1);
    EXPECT_FALSE(reaction_index("Clap"));
    EXPECT_FALSE(reaction_index(""));
}

TEST(Reactions, ABatchCountsEveryReactionAndListsABoundedFewStageFirst) {
    ReactionBatch batch;
    EXPECT_TRUE(batch.empty());
    const std::size_t listeners = 1000;
    for (std::size_t i = 0; i < listeners; ++i)
        batch.add(static_cast<protocol::UserId>(100 + i), i % 2, false);
    batch.add(7, *reaction_index("heart"), true);
    EXPECT_FALSE(batch.empty());

    const auto event = batch.take("room1");
    EXPECT_EQ(event.room, "room1");
    ASSERT_EQ(event.items.size(), kReactionsListed);
    EXPECT_EQ(event.items[0], (protocol::Reaction{7, "heart"})) << "the stage comes first";
    EXPECT_EQ(event.items[1].user, 100);
    ASSERT_EQ(event.counts.size(), 3u);
    EXPECT_EQ(event.counts[0], (protocol::ReactionCount{"clap", 500}));
    EXPECT_EQ(event.counts[1], (protocol::ReactionCount{"laugh", 500}));
    EXPECT_EQ(event.counts[2], (protocol::ReactionCount{"heart", 1}));

    EXPECT_TRUE(batch.empty()) << "taking the batch empties it";
    batch.add(1, 0, false);
    const auto next = batch.take("room1");
    EXPECT_EQ(next.items.size(), 1u);
    ASSERT_EQ(next.counts.size(), 1u);
    EXPECT_EQ(next.counts[0].count, 1);
}
