// The web client's side of the social layer: the reducer keeps whom we follow, where
// they are, and the notifications with their unread count; the hallway is re-ranked
// with core/social's function on every update; a tapped ping joins its room.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client/reducer.hpp"
#include "client/state_json.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno"};
const p::User kCarla{3, "carla", "Carla"};

AppState signed_in() {
    AppState s;
    s.connected = true;
    s.user = kAda;
    s.screen = Screen::hallway;
    return s;
}

TEST(ClientSocial, TheHallwayIsReRankedOnLiveUpdates) {
    AppState s = signed_in();
    Outbox out;
    apply(s,
          p::Hallway{{p::RoomSummary{"big", "Big", p::RoomType::open, {kCarla}, 30},
                      p::RoomSummary{"small", "Small", p::RoomType::social, {kCarla}, 0}}},
          out);
    auto ranked = ranked_hallway(s);
    ASSERT_EQ(ranked.size(), 2u);
    EXPECT_EQ(s.hallway[ranked[0].index].id, "big");

    apply(s, p::Social{{kBruno.id}, {}, {}, 0}, out);
    // Bruno, whom we follow, enters the small room's audience: it moves up.
    apply(s, p::FriendMoved{kBruno, "small"}, out);
    ranked = ranked_hallway(s);
    EXPECT_EQ(s.hallway[ranked[0].index].id, "small");
    EXPECT_EQ(ranked[0].reason, "Bruno is listening");
    // He goes on stage: still first, now speaking.
    apply(s,
          p::HallwayRooms{
              {p::RoomSummary{"small", "Small", p::RoomType::social, {kCarla, kBruno}, 0}}},
          out);
    ranked = ranked_hallway(s);
    EXPECT_EQ(ranked[0].reason, "Bruno is speaking");
    // He leaves: back to size order.
    apply(s, p::FriendMoved{kBruno, std::nullopt}, out);
    apply(s, p::HallwayRooms{{p::RoomSummary{"small", "Small", p::RoomType::social, {kCarla}, 0}}},
          out);
    ranked = ranked_hallway(s);
    EXPECT_EQ(s.hallway[ranked[0].index].id, "big");

    const auto j = nlohmann::json::parse(state_json(s));
    EXPECT_EQ(j["ranked"][0]["id"], "big");
    EXPECT_EQ(j["following"], nlohmann::json::array({kBruno.id}));
}

TEST(ClientSocial, NotificationsCountAndATappedPingJoinsItsRoom) {
    AppState s = signed_in();
    Outbox out;
    const p::Notification ping{7, "ping", kBruno, "r9", "Caffè", 100, false};
    apply(s, p::NotificationEvent{ping, 3}, out);
    EXPECT_EQ(s.unread, 3);
    ASSERT_EQ(s.notifications.size(), 1u);
    open_notifications(s, out);
    EXPECT_EQ(s.screen, Screen::notifications);
    open_notification(s, out, s.notifications[0]);
    const auto sent = out.take();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<p::ListNotifications>(sent[0]));
    EXPECT_EQ(std::get<p::MarkNotificationsRead>(sent[1]).up_to, 7);
    EXPECT_EQ(std::get<p::JoinRoom>(sent[2]).room, "r9");
    EXPECT_EQ(s.screen, Screen::hallway);
    apply(s, p::Notifications{{ping}, 0}, out);
    EXPECT_EQ(s.unread, 0);
}

TEST(ClientSocial, OurOwnProfileEditRenamesUs) {
    AppState s = signed_in();
    Outbox out;
    p::Profile mine{{kAda.id, "ada", "Ада"}, "bio", 1, std::nullopt};
    apply(s, mine, out);
    EXPECT_EQ(s.user->name, "Ада");
}

TEST(ClientSocial, TheNextPageOfAFollowListGoesBelowTheFirst) {
    AppState s = signed_in();
    Outbox out;
    apply(s, p::Follows{kBruno.id, true, 0, {kAda, kCarla}, 3}, out);
    apply(s, p::Follows{kBruno.id, true, 2, {kBruno}, 3}, out);
    ASSERT_EQ(s.follows->items.size(), 3u);
    EXPECT_EQ(s.follows->items[2].id, kBruno.id);
    // A page that does not continue what is shown (another list, or a stale answer)
    // replaces it.
    apply(s, p::Follows{kBruno.id, false, 0, {kCarla}, 1}, out);
    ASSERT_EQ(s.follows->items.size(), 1u);
    apply(s, p::Follows{kBruno.id, false, 5, {kAda}, 9}, out);
    ASSERT_EQ(s.follows->items.size(), 1u);
    EXPECT_EQ(s.follows->items[0].id, kAda.id);
}

}  // namespace
}  // namespace salotto::client
