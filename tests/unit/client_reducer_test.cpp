// The web client's event reducer and deep links: what each server event does to the
// app state and which intents it answers with (src/client/reducer.hpp).
#include "client/reducer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "client/deep_link.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;

const p::User kAda{1, "ada", "Ada Lovelace"};
const p::User kBruno{2, "bruno", "Bruno Nicolò"};

p::Member member(const p::User& u, p::Role role, bool hand = false) {
    return {u.id, u.handle, u.name, role, hand};
}

// A signed-in state inside room "r1" with Ada moderating and Bruno listening.
AppState in_room() {
    AppState s;
    s.connected = true;
    s.token = "tok";
    s.user = kAda;
    s.screen = Screen::room;
    s.room = p::RoomSnapshot{"r1",
                             "Chiacchiere",
                             p::RoomType::open,
                             {member(kAda, p::Role::moderator), member(kBruno, p::Role::audience)}};
    s.hallway = {p::RoomSummary{"r1", "Chiacchiere", p::RoomType::open, {kAda}, 1}};
    return s;
}

TEST(ClientReducer, ConnectingSaysHello) {
    Outbox out;
    on_connected(out, "test");
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], p::Intent(p::Hello{p::kVersion, "test"}));
}

TEST(ClientReducer, WelcomeWithoutTokenShowsOnboarding) {
    AppState s;
    Outbox out;
    apply(s, p::Welcome{1, "srv"}, out);
    EXPECT_TRUE(s.connected);
    EXPECT_EQ(s.screen, Screen::onboarding);
    EXPECT_TRUE(out.empty());
}

TEST(ClientReducer, WelcomeWithTokenResumesAndStaysConnecting) {
    AppState s;
    s.token = "tok";
    Outbox out;
    apply(s, p::Welcome{1, "srv"}, out);
    EXPECT_EQ(s.screen, Screen::connecting);  // no flash of the sign-in form
    EXPECT_TRUE(s.resuming);
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], p::Intent(p::Resume{"tok"}));
}

TEST(ClientReducer, SessionKeepsTokenOpensHallwayAndJoinsDeepLink) {
    AppState s;
    s.screen = Screen::onboarding;
    s.join_after_sign_in = "r9";
    s.error = ShownError{"login_failed", "Wrong handle or password."};
    Outbox out;
    apply(s, p::Session{"new-token", kAda}, out);
    EXPECT_EQ(s.user, kAda);
    EXPECT_EQ(s.token, "new-token");
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_FALSE(s.error);
    EXPECT_TRUE(s.join_after_sign_in.empty());
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[0], p::Intent(p::ListInvites{}));
    EXPECT_EQ(sent[1], p::Intent(p::ListClubs{}));
    EXPECT_EQ(sent[2], p::Intent(p::JoinRoom{"r9"}));
}

TEST(ClientReducer, SessionAfterResumeKeepsStoredToken) {
    AppState s;
    s.token = "tok";
    Outbox out;
    apply(s, p::Session{std::nullopt, kAda}, out);
    EXPECT_EQ(s.token, "tok");
}

TEST(ClientReducer, FailedResumeForgetsTokenAndAsksToSignIn) {
    AppState s;
    s.token = "stale";
    s.resuming = true;
    Outbox out;
    apply(s, p::Error{ErrorCode::session_invalid, "expired", "resume"}, out);
    EXPECT_TRUE(s.token.empty());
    EXPECT_EQ(s.screen, Screen::onboarding);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "session_invalid");
}

TEST(ClientReducer, OtherErrorsAreShownWithoutChangingScreen) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::Error{ErrorCode::forbidden, "Only moderators can do that.", "end_room"}, out);
    EXPECT_EQ(s.screen, Screen::room);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "forbidden");
    EXPECT_EQ(s.error->message, "Only moderators can do that.");
}

TEST(ClientReducer, HallwayUpdatesUpsertAndRemove) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::HallwayRoom{{"r2", "Seconda", p::RoomType::open, {kBruno}, 0}}, out);
    apply(s, p::HallwayRoom{{"r1", "Chiacchiere", p::RoomType::open, {kAda, kBruno}, 0}}, out);
    ASSERT_EQ(s.hallway.size(), 2u);
    EXPECT_EQ(s.hallway[0].speakers.size(), 2u);
    apply(s, p::HallwayRoomGone{"r2"}, out);
    ASSERT_EQ(s.hallway.size(), 1u);
    EXPECT_EQ(s.hallway[0].id, "r1");
    // A flush's changes come as one list: each is an upsert.
    apply(s,
          p::HallwayRooms{{{"r1", "Chiacchiere", p::RoomType::open, {kAda}, 4},
                           {"r3", "Terza", p::RoomType::open, {kBruno}, 1}}},
          out);
    ASSERT_EQ(s.hallway.size(), 2u);
    EXPECT_EQ(s.hallway[0].listeners, 4);
    EXPECT_EQ(s.hallway[0].speakers.size(), 1u);
    EXPECT_EQ(s.hallway[1].id, "r3");
}

TEST(ClientReducer, RoomStateOpensTheRoom) {
    AppState s;
    s.user = kAda;
    s.screen = Screen::hallway;
    Outbox out;
    apply(s, p::RoomState{{"r1", "T", p::RoomType::open, {member(kAda, p::Role::moderator)}}}, out);
    EXPECT_EQ(s.screen, Screen::room);
    ASSERT_TRUE(s.room);
    EXPECT_EQ(s.room->id, "r1");
}

TEST(ClientReducer, MembersJoinChangeAndLeave) {
    AppState s = in_room();
    Outbox out;
    const p::User carla{3, "carla", "Карла"};
    apply(s, p::MembersChanged{{member(carla, p::Role::audience)}, {}}, out);
    ASSERT_EQ(s.room->members.size(), 3u);
    apply(s, p::MemberUpdated{member(kBruno, p::Role::audience, true)}, out);
    EXPECT_TRUE(find_member(s, kBruno.id)->hand);
    apply(s, p::MemberUpdated{member(kBruno, p::Role::speaker)}, out);
    EXPECT_EQ(find_member(s, kBruno.id)->role, p::Role::speaker);
    apply(s, p::MembersChanged{{}, {carla.id}}, out);
    EXPECT_EQ(s.room->members.size(), 2u);
    EXPECT_EQ(find_member(s, carla.id), nullptr);
    EXPECT_EQ(me(s)->role, p::Role::moderator);
}

TEST(ClientReducer, MembersChangedIsAnUpsertAndToleratesStrangers) {
    // A big room's batch may list a member the client already has (it joined after
    // the batch began) and a leaver it never saw (joined and left within the batch).
    AppState s = in_room();
    Outbox out;
    const p::User carla{3, "carla", "Carla"};
    const p::User dario{4, "dario", "Dario"};
    apply(s,
          p::MembersChanged{{member(carla, p::Role::audience), member(kBruno, p::Role::speaker)},
                            {dario.id}},
          out);
    ASSERT_EQ(s.room->members.size(), 3u);
    EXPECT_EQ(find_member(s, kBruno.id)->role, p::Role::speaker);
    EXPECT_EQ(find_member(s, carla.id)->name, "Carla");
    apply(s, p::MembersChanged{{member(carla, p::Role::audience)}, {kBruno.id}}, out);
    ASSERT_EQ(s.room->members.size(), 2u);
    EXPECT_EQ(find_member(s, kBruno.id), nullptr);
}

TEST(ClientReducer, RoomEndedReturnsToHallwayWithNotice) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::RoomEnded{"other"}, out);
    EXPECT_TRUE(s.room);
    apply(s, p::RoomEnded{"r1"}, out);
    EXPECT_FALSE(s.room);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_TRUE(s.hallway.empty());
    EXPECT_FALSE(s.notice.empty());
}

TEST(ClientReducer, LeftRoomReturnsToHallway) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::LeftRoom{"r1"}, out);
    EXPECT_FALSE(s.room);
    EXPECT_EQ(s.screen, Screen::hallway);
}

TEST(ClientReducer, InviteIsShownAndTheListRefreshed) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::Invite{"ABCD-EFGH", 1800000000}, out);
    EXPECT_EQ(s.last_created_invite, "ABCD-EFGH");
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], p::Intent(p::ListInvites{}));
    apply(s, p::Invites{{p::InviteInfo{"ABCD-EFGH", 1800000000, kBruno, "used"}}, 2}, out);
    EXPECT_EQ(s.remaining_invites, 2);
    ASSERT_EQ(s.invites.size(), 1u);
    EXPECT_EQ(s.invites[0].used_by, kBruno);
}

TEST(ClientReducer, LoggedOutForgetsEverythingButTheConnection) {
    AppState s = in_room();
    Outbox out;
    apply(s, p::LoggedOut{}, out);
    EXPECT_TRUE(s.connected);
    EXPECT_TRUE(s.token.empty());
    EXPECT_FALSE(s.user);
    EXPECT_FALSE(s.room);
    EXPECT_TRUE(s.hallway.empty());
    EXPECT_EQ(s.screen, Screen::onboarding);
}

TEST(ClientReducer, DisconnectRemembersTheRoomAndRejoinsAfterResume) {
    AppState s = in_room();
    on_disconnected(s);
    EXPECT_FALSE(s.connected);
    EXPECT_FALSE(s.room);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_EQ(s.join_after_sign_in, "r1");

    Outbox out;
    apply(s, p::Welcome{1, "srv"}, out);
    apply(s, p::Session{std::nullopt, kAda}, out);
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 4u);
    EXPECT_EQ(sent[0], p::Intent(p::Resume{"tok"}));
    EXPECT_EQ(sent[3], p::Intent(p::JoinRoom{"r1"}));
}

TEST(ClientReducer, DisconnectWhileSignedOutShowsConnecting) {
    AppState s;
    s.connected = true;
    s.screen = Screen::onboarding;
    on_disconnected(s);
    EXPECT_EQ(s.screen, Screen::connecting);
}

TEST(ClientReducer, ProfileOpensLoadsAndGoesBack) {
    AppState s = in_room();
    Outbox out;
    open_profile(s, out, "bruno");
    EXPECT_EQ(s.screen, Screen::profile);
    EXPECT_EQ(out.take(), std::vector<p::Intent>{p::GetProfile{"bruno"}});
    apply(s, p::Profile{kBruno, "", 1700000000, kAda}, out);
    ASSERT_TRUE(s.profile);
    EXPECT_EQ(s.profile->invited_by, kAda);
    // Room events meanwhile do not pull us off the profile.
    apply(s, p::RoomState{*s.room}, out);
    EXPECT_EQ(s.screen, Screen::profile);
    close_profile(s);
    EXPECT_EQ(s.screen, Screen::room);
}

TEST(ClientDeepLink, RoomPaths) {
    EXPECT_EQ(room_from_path("/r/k3v9x2mq7b"), "k3v9x2mq7b");
    EXPECT_EQ(room_from_path("/r/k3v9x2mq7b/"), "k3v9x2mq7b");
    EXPECT_EQ(room_from_path("/embed/k3v9x2mq7b"), "k3v9x2mq7b");
    EXPECT_EQ(room_from_path("/"), "");
    EXPECT_EQ(room_from_path("/r/"), "");
    EXPECT_EQ(room_from_path("/r/a/b"), "");
    EXPECT_EQ(room_from_path("/r/%3Cscript%3E"), "");
    EXPECT_TRUE(is_embed_path("/embed/x"));
    EXPECT_FALSE(is_embed_path("/r/x"));
    EXPECT_EQ(room_path("k3v9x2mq7b"), "/r/k3v9x2mq7b");
}

// The signed-in user on their own profile, with the password form filled in.
AppState on_own_profile(std::string_view current, std::string_view fresh, std::string_view repeat) {
    AppState s;
    s.connected = true;
    s.token = "tok";
    s.user = kAda;
    s.screen = Screen::profile;
    auto fill = [](auto& buffer, std::string_view text) {
        std::copy(text.begin(), text.end(), buffer.begin());
    };
    fill(s.password_form.current, current);
    fill(s.password_form.fresh, fresh);
    fill(s.password_form.repeat, repeat);
    return s;
}

std::string_view typed(const std::array<char, 132>& buffer) {
    return buffer.data();
}

TEST(ClientPasswordForm, ValidFormSendsChangePasswordAndWaits) {
    AppState s = on_own_profile("old-secret", "brand-new-pw", "brand-new-pw");
    s.notice = "stale";
    Outbox out;
    submit_password_change(s, out);
    auto sent = out.take();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], p::Intent(p::ChangePassword{"old-secret", "brand-new-pw"}));
    EXPECT_TRUE(s.password_form.pending);
    EXPECT_FALSE(s.password_form.error);
    EXPECT_TRUE(s.notice.empty());
    // A second click while the answer is due sends nothing more.
    submit_password_change(s, out);
    EXPECT_TRUE(out.empty());
}

TEST(ClientPasswordForm, ChecksTheFormBeforeSending) {
    struct Case {
        const char *current, *fresh, *repeat, *code;
    };
    const std::string too_long(129, 'x');
    const Case cases[] = {
        {"", "brand-new-pw", "brand-new-pw", "password_missing"},
        {"old-secret", "short", "short", "password_invalid"},
        {"old-secret", too_long.c_str(), too_long.c_str(), "password_invalid"},
        {"old-secret", "brand-new-pw", "brand-new-pX", "password_mismatch"},
        {"old-secret", "brand-new-pw", "", "password_mismatch"},
        {"same-secret", "same-secret", "same-secret", "password_unchanged"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.current) + " / " + c.fresh + " / " + c.repeat);
        AppState s = on_own_profile(c.current, c.fresh, c.repeat);
        Outbox out;
        submit_password_change(s, out);
        EXPECT_TRUE(out.empty());
        EXPECT_FALSE(s.password_form.pending);
        ASSERT_TRUE(s.password_form.error);
        EXPECT_EQ(s.password_form.error->code, c.code);
        EXPECT_FALSE(s.password_form.error->message.empty());
        EXPECT_EQ(typed(s.password_form.fresh), std::string_view(c.fresh));  // kept to fix
        EXPECT_FALSE(s.error);  // on the form, not in the banner
    }
}

TEST(ClientPasswordForm, OfflineSaysSoInsteadOfWaiting) {
    AppState s = on_own_profile("old-secret", "brand-new-pw", "brand-new-pw");
    s.connected = false;
    Outbox out;
    submit_password_change(s, out);
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(s.password_form.pending);
    ASSERT_TRUE(s.password_form.error);
    EXPECT_EQ(s.password_form.error->code, "offline");
}

TEST(ClientPasswordForm, EightBytesIsLongEnough) {
    AppState s = on_own_profile("old-secret", "12345678", "12345678");
    Outbox out;
    submit_password_change(s, out);
    EXPECT_EQ(out.take().size(), 1u);
}

TEST(ClientPasswordForm, PasswordChangedClearsTheFormAndSaysSo) {
    AppState s = on_own_profile("old-secret", "brand-new-pw", "brand-new-pw");
    Outbox out;
    submit_password_change(s, out);
    out.take();
    apply(s, p::PasswordChanged{}, out);
    EXPECT_FALSE(s.password_form.pending);
    EXPECT_FALSE(s.password_form.error);
    EXPECT_EQ(typed(s.password_form.current), "");
    EXPECT_EQ(typed(s.password_form.fresh), "");
    EXPECT_EQ(typed(s.password_form.repeat), "");
    EXPECT_FALSE(s.notice.empty());
    EXPECT_EQ(s.screen, Screen::profile);
    EXPECT_EQ(s.token, "tok");  // this device stays signed in
    EXPECT_TRUE(out.empty());
}

TEST(ClientPasswordForm, ServerRefusalShowsOnTheFormNotTheBanner) {
    AppState s = on_own_profile("not-it-at-all", "brand-new-pw", "brand-new-pw");
    Outbox out;
    submit_password_change(s, out);
    out.take();
    apply(s,
          p::Error{ErrorCode::password_wrong, "That is not your current password.",
                   "change_password"},
          out);
    EXPECT_FALSE(s.password_form.pending);
    ASSERT_TRUE(s.password_form.error);
    EXPECT_EQ(s.password_form.error->code, "password_wrong");
    EXPECT_EQ(s.password_form.error->message, "That is not your current password.");
    EXPECT_FALSE(s.error);
    EXPECT_EQ(typed(s.password_form.current), "not-it-at-all");  // left to correct
    EXPECT_EQ(s.screen, Screen::profile);
    // Corrected and sent again, the earlier refusal goes away.
    submit_password_change(s, out);
    EXPECT_EQ(out.take().size(), 1u);
    EXPECT_FALSE(s.password_form.error);
}

TEST(ClientPasswordForm, OtherErrorsStillGoToTheBanner) {
    AppState s = on_own_profile("", "", "");
    Outbox out;
    apply(s,
          p::Error{ErrorCode::rate_limited, "Too many requests; slow down.", "logout_everywhere"},
          out);
    ASSERT_TRUE(s.error);
    EXPECT_EQ(s.error->code, "rate_limited");
    EXPECT_FALSE(s.password_form.error);
}

TEST(ClientPasswordForm, DisconnectWhileWaitingReleasesTheForm) {
    AppState s = on_own_profile("old-secret", "brand-new-pw", "brand-new-pw");
    Outbox out;
    submit_password_change(s, out);
    out.take();
    on_disconnected(s);
    EXPECT_FALSE(s.password_form.pending);
    ASSERT_TRUE(s.password_form.error);
    EXPECT_EQ(s.password_form.error->code, "connection_lost");
}

TEST(ClientPasswordForm, LeavingTheProfileForgetsTypedPasswords) {
    AppState s = on_own_profile("old-secret", "brand-new-pw", "brand-new-pX");
    s.confirm_logout_everywhere = true;
    Outbox out;
    submit_password_change(s, out);  // refused: mismatch
    close_profile(s);
    EXPECT_EQ(s.screen, Screen::hallway);
    EXPECT_EQ(typed(s.password_form.current), "");
    EXPECT_EQ(typed(s.password_form.fresh), "");
    EXPECT_EQ(typed(s.password_form.repeat), "");
    EXPECT_FALSE(s.password_form.error);
    EXPECT_FALSE(s.confirm_logout_everywhere);
}

TEST(ClientPasswordForm, LoggedOutEverywhereDropsTheFormAndTheConfirmation) {
    AppState s = on_own_profile("old-secret", "", "");
    s.confirm_logout_everywhere = true;
    Outbox out;
    apply(s, p::LoggedOut{}, out);
    EXPECT_EQ(s.screen, Screen::onboarding);
    EXPECT_EQ(typed(s.password_form.current), "");
    EXPECT_FALSE(s.confirm_logout_everywhere);
    EXPECT_TRUE(s.token.empty());
}

}  // namespace
}  // namespace salotto::client
