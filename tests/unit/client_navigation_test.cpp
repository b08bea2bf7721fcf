// The address bar, title and history as views of the client state
// (client/navigation.hpp): each screen's address, and going back or forward to an
// address brings its screen back, leaving a room for the hallway.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "client/navigation.hpp"
#include "client/reducer.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};

AppState in_hallway() {
    AppState s;
    s.connected = true;
    s.user = kAda;
    s.screen = Screen::hallway;
    return s;
}

p::RoomSnapshot room(std::string id, std::string title) {
    p::RoomSnapshot r;
    r.id = std::move(id);
    r.title = std::move(title);
    return r;
}

p::Profile profile_of(const p::User& user) {
    p::Profile profile;
    profile.user = user;
    return profile;
}

template <class I>
bool sent(const std::vector<p::Intent>& intents) {
    for (const auto& intent : intents)
        if (std::holds_alternative<I>(intent)) return true;
    return false;
}

TEST(ClientNavigation, EachScreenHasItsAddressAndTitle) {
    AppState s;
    EXPECT_EQ(address_of(s), "") << "nobody signed in: the address is left alone";
    EXPECT_EQ(title_of(s), "Salotto");

    s = in_hallway();
    EXPECT_EQ(address_of(s), "/");
    s.joining = "r1";
    EXPECT_EQ(address_of(s), "/r/r1") << "a join on its way";
    s.joining.clear();

    Outbox out;
    apply(s, p::RoomState{room("r1", "Caffè")}, out);
    EXPECT_EQ(address_of(s), "/r/r1");
    EXPECT_EQ(title_of(s), "Caffè \xE2\x80\x94 Salotto");

    open_profile(s, out, "bruno");
    EXPECT_EQ(address_of(s), "") << "still loading";
    apply(s, profile_of({2, "bruno", "Bruno"}), out);
    EXPECT_EQ(address_of(s), "/u/bruno");
    EXPECT_EQ(title_of(s), "Bruno (@bruno) \xE2\x80\x94 Salotto");

    s.unread = 3;
    open_notifications(s, out);
    EXPECT_EQ(address_of(s), "/notifications");
    EXPECT_EQ(title_of(s), "(3) Notifications \xE2\x80\x94 Salotto");
    open_invites(s, out);
    EXPECT_EQ(address_of(s), "/invites");
}

TEST(ClientNavigation, BackFromAProfileReturnsToTheRoom) {
    AppState s = in_hallway();
    Outbox out;
    apply(s, p::RoomState{room("r1", "Caffè")}, out);
    open_profile(s, out, "bruno");
    apply(s, profile_of({2, "bruno", "Bruno"}), out);
    out.take();

    navigate(s, out, "/r/r1");
    EXPECT_EQ(s.screen, Screen::room);
    EXPECT_TRUE(out.take().empty()) << "already in that room: nothing to ask";
    EXPECT_EQ(address_of(s), "/r/r1");
}

TEST(ClientNavigation, BackFromARoomLeavesItAndForwardJoinsAgain) {
    AppState s = in_hallway();
    Outbox out;
    apply(s, p::RoomState{room("r1", "Caffè")}, out);
    out.take();

    navigate(s, out, "/");
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.room.has_value()) << "left at once: the address is / already";
    EXPECT_TRUE(sent<p::LeaveRoom>(out.take()));
    EXPECT_EQ(address_of(s), "/");
    apply(s, p::LeftRoom{"r1"}, out);  // the server's answer changes nothing more
    EXPECT_EQ(s.screen, Screen::hallway);

    navigate(s, out, "/r/r1");
    auto intents = out.take();
    ASSERT_EQ(intents.size(), 1u);
    EXPECT_EQ(std::get<p::JoinRoom>(intents[0]).room, "r1");
    EXPECT_EQ(address_of(s), "/r/r1");
}

TEST(ClientNavigation, ProfilesInvitesAndNotificationsOpenFromTheirAddresses) {
    AppState s = in_hallway();
    Outbox out;
    navigate(s, out, "/u/bruno");
    EXPECT_EQ(s.screen, Screen::profile);
    EXPECT_EQ(std::get<p::GetProfile>(out.take().at(0)).handle, "bruno");
    apply(s, profile_of({2, "bruno", "Bruno"}), out);
    navigate(s, out, "/u/bruno");
    EXPECT_TRUE(out.take().empty()) << "that profile is on screen already";

    navigate(s, out, "/invites");
    EXPECT_EQ(s.screen, Screen::invites);
    EXPECT_TRUE(sent<p::ListInvites>(out.take()));
    navigate(s, out, "/notifications");
    EXPECT_EQ(s.screen, Screen::notifications);
    EXPECT_TRUE(sent<p::ListNotifications>(out.take()));
    navigate(s, out, "/");
    EXPECT_EQ(s.screen, Screen::hallway);
}

TEST(ClientNavigation, NothingMovesBeforeSignIn) {
    AppState s;
    s.screen = Screen::onboarding;
    Outbox out;
    navigate(s, out, "/r/r1");
    EXPECT_EQ(s.screen, Screen::onboarding);
    EXPECT_TRUE(out.take().empty());
}

}  // namespace
}  // namespace salotto::client
