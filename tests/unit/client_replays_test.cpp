// The client's replays state (client/replays.hpp) as the reducer drives it: a room that
// is not live opens its page and asks the server what became of it; an ended room
// shows its replays, an unknown one an error; the recorded room one is in ending opens
// its page; someone brought on stage gets the invitation until they unmute or step
// down; and a lost connection forgets the recording until the server says it again.
#include <gtest/gtest.h>

#include <string>

#include "client/navigation.hpp"
#include "client/reducer.hpp"
#include "client/replays.hpp"
#include "core/protocol/codec.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno Nicolò"};

p::Member member(const p::User& u, p::Role role, bool muted = true) {
    return {u.id, u.handle, u.name, role, false, muted};
}

AppState signed_in(const p::User& user) {
    AppState s;
    s.connected = true;
    s.token = "tok";
    s.user = user;
    s.screen = Screen::hallway;
    return s;
}

// Bruno listening in Ada's room "r1".
AppState listening() {
    AppState s = signed_in(kBruno);
    s.screen = Screen::room;
    s.room = p::RoomSnapshot{
        "r1",
        "Chiacchiere",
        p::RoomType::open,
        {member(kAda, p::Role::moderator, false), member(kBruno, p::Role::audience)}};
    return s;
}

p::Replay replay(const std::string& id, const std::string& room, const std::string& title) {
    return {id, room, title, 1800000000, 8000, 64000, {kAda}};
}

// The join_room of a link, refused because no such room is live.
AppState refused_join(const std::string& room, Outbox& out) {
    AppState s = signed_in(kBruno);
    join_room(s, out, room);
    out.take();
    apply(s, p::make_error(ErrorCode::room_not_found, "join_room"), out);
    return s;
}

TEST(ClientReplays, ARoomThatIsNotLiveOpensItsPageAndAsksAboutIt) {
    Outbox out;
    AppState s = refused_join("gone1", out);
    EXPECT_EQ(s.screen, Screen::ended_room);
    EXPECT_FALSE(s.error) << "no banner while the server is asked";
    ASSERT_TRUE(s.replays.ended);
    EXPECT_EQ(s.replays.ended->id, "gone1");
    EXPECT_FALSE(s.replays.ended->confirmed);
    EXPECT_TRUE(s.joining.empty());
    EXPECT_EQ(address_of(s), "/r/gone1");
    const auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], p::Intent(p::ListReplays{"gone1", std::nullopt}));

    // The server: it ended, under this title, with one replay.
    apply(s,
          p::Replays{
              "gone1", std::nullopt, {replay("rp1", "gone1", "Chiacchiere")}, "Chiacchiere", true},
          out);
    EXPECT_EQ(s.screen, Screen::ended_room);
    ASSERT_TRUE(s.replays.ended);
    EXPECT_TRUE(s.replays.ended->confirmed);
    EXPECT_EQ(s.replays.ended->title, "Chiacchiere");
    ASSERT_TRUE(s.replays.list);
    ASSERT_EQ(s.replays.list->items.size(), 1u);
    EXPECT_NE(title_of(s).find("Chiacchiere"), std::string::npos);

    // Playing it asks for its link, as on any list.
    play_replay(s, out, s.replays.list->items[0]);
    EXPECT_EQ(out.take().at(0), p::Intent(p::GetReplayLink{"rp1"}));
    apply(s, p::ReplayLink{"rp1", "/replays/rp1.ogg?key=k", 1800021600}, out);
    EXPECT_EQ(s.replays.playing_url, "/replays/rp1.ogg?key=k");

    // Back: the hallway, the page forgotten.
    navigate(s, out, "/");
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.replays.ended);
}

TEST(ClientReplays, ARoomTheServerDoesNotKnowIsAnError) {
    Outbox out;
    AppState s = refused_join("nosuch", out);
    out.take();  // its list_replays
    apply(s, p::Replays{"nosuch", std::nullopt, {}, std::nullopt, std::nullopt}, out);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.replays.ended);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "room_not_found");
    EXPECT_FALSE(s.error->message.empty());
    EXPECT_TRUE(out.take().empty());
}

TEST(ClientReplays, AnEndedRoomWithoutReplaysStillHasItsPage) {
    Outbox out;
    AppState s = refused_join("quiet", out);
    // Another list's answer (a profile's) does not decide the page.
    apply(s, p::Replays{std::nullopt, kAda.id, {}, std::nullopt, std::nullopt}, out);
    ASSERT_TRUE(s.replays.ended);
    EXPECT_FALSE(s.replays.ended->confirmed);
    apply(s, p::Replays{"quiet", std::nullopt, {}, "Silenzio", true}, out);
    EXPECT_EQ(s.screen, Screen::ended_room);
    EXPECT_TRUE(s.replays.ended->confirmed);
    EXPECT_EQ(s.replays.ended->title, "Silenzio");
    EXPECT_FALSE(s.error);
}

TEST(ClientReplays, ARoomLiveAgainIsJoined) {
    Outbox out;
    AppState s = refused_join("back", out);
    out.take();
    apply(s, p::Replays{"back", std::nullopt, {}, "Di nuovo", false}, out);
    EXPECT_FALSE(s.replays.ended);
    EXPECT_FALSE(s.error);
    EXPECT_EQ(s.joining, "back");
    EXPECT_EQ(out.take().at(0), p::Intent(p::JoinRoom{"back"}));
}

TEST(ClientReplays, OtherRefusalsAreNotAnEndedRoom) {
    Outbox out;
    AppState s = signed_in(kBruno);
    join_room(s, out, "closed1");
    apply(s, p::make_error(ErrorCode::room_social_only, "join_room"), out);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.replays.ended);
    ASSERT_TRUE(s.error);
    // room_not_found for something else than our join (a knock) neither.
    apply(s, p::make_error(ErrorCode::room_not_found, "knock"), out);
    EXPECT_FALSE(s.replays.ended);
}

TEST(ClientReplays, AnEmbedShowsTheRefusalInstead) {
    Outbox out;
    AppState s = signed_in(kBruno);
    s.replays.ended_pages = false;
    join_room(s, out, "gone1");
    out.take();
    apply(s, p::make_error(ErrorCode::room_not_found, "join_room"), out);
    EXPECT_FALSE(s.replays.ended);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "room_not_found");
    EXPECT_TRUE(out.take().empty());
    apply(s, p::LoggedOut{}, out);
    EXPECT_FALSE(s.replays.ended_pages) << "still an embed after signing out";
}

TEST(ClientReplays, TheRecordedRoomOneIsInEndingOpensItsPage) {
    Outbox out;
    AppState s = listening();
    apply(s, p::RoomRecording{"r1", true}, out);
    apply(s, p::RoomEnded{"r1"}, out);
    EXPECT_FALSE(s.room);
    EXPECT_EQ(s.screen, Screen::ended_room);
    ASSERT_TRUE(s.replays.ended);
    EXPECT_EQ(s.replays.ended->id, "r1");
    EXPECT_EQ(s.replays.ended->title, "Chiacchiere");
    EXPECT_TRUE(s.replays.ended->confirmed) << "we saw it end";
    EXPECT_EQ(out.take().back(), p::Intent(p::ListReplays{"r1", std::nullopt}));
    apply(s, p::Replays{"r1", std::nullopt, {}, "Chiacchiere", true}, out);
    // The replay is saved after the room ended: it appears on the page.
    apply(s, p::ReplayReady{replay("rp9", "r1", "Chiacchiere")}, out);
    ASSERT_TRUE(s.replays.list);
    ASSERT_EQ(s.replays.list->items.size(), 1u);
    EXPECT_EQ(s.replays.list->items[0].id, "rp9");
}

TEST(ClientReplays, ALostConnectionForgetsTheRecordingUntilTheServerSaysSoAgain) {
    Outbox out;
    AppState s = listening();
    apply(s, p::RoomRecording{"r1", true}, out);
    EXPECT_TRUE(room_recorded(s));
    // A restart ends recordings; the rejoined room is recorded only if the server says so.
    on_disconnected(s);
    apply(s, p::Welcome{1, "srv"}, out);
    apply(s, p::Session{std::nullopt, kBruno}, out);
    apply(s, p::RoomState{listening().room.value()}, out);
    ASSERT_TRUE(s.room);
    EXPECT_FALSE(room_recorded(s));
    apply(s, p::RoomRecording{"r1", true}, out);
    EXPECT_TRUE(room_recorded(s));
}

TEST(ClientReplays, AnUnrecordedRoomEndingGoesBackToTheHallway) {
    Outbox out;
    AppState s = listening();
    apply(s, p::RoomEnded{"r1"}, out);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.replays.ended);
    EXPECT_FALSE(s.notice.empty());
}

TEST(ClientReplays, BroughtOnStageTheInvitationIsUpUntilUnmutedOrSteppedDown) {
    Outbox out;
    AppState s = listening();
    // Someone else going on stage is no invitation of ours.
    apply(s, p::MemberUpdated{member(kAda, p::Role::speaker)}, out);
    EXPECT_TRUE(s.replays.stage_invitation.empty());
    apply(s, p::MemberUpdated{member(kBruno, p::Role::speaker)}, out);
    EXPECT_EQ(s.replays.stage_invitation, "r1");
    // Made a moderator while still muted: still invited.
    apply(s, p::MemberUpdated{member(kBruno, p::Role::moderator)}, out);
    EXPECT_EQ(s.replays.stage_invitation, "r1");
    apply(s, p::MemberUpdated{member(kBruno, p::Role::moderator, false)}, out);
    EXPECT_TRUE(s.replays.stage_invitation.empty()) << "unmuted: accepted";

    AppState t = listening();
    apply(t, p::MemberUpdated{member(kBruno, p::Role::speaker)}, out);
    EXPECT_EQ(t.replays.stage_invitation, "r1");
    apply(t, p::MemberUpdated{member(kBruno, p::Role::audience)}, out);
    EXPECT_TRUE(t.replays.stage_invitation.empty()) << "back in the audience: declined";

    AppState u = listening();
    apply(u, p::MemberUpdated{member(kBruno, p::Role::speaker)}, out);
    apply(u, p::LeftRoom{"r1"}, out);
    EXPECT_TRUE(u.replays.stage_invitation.empty()) << "out of the room";
}

}  // namespace
}  // namespace salotto::client
