// window.salotto.state()'s JSON has exactly the shape docs/client-test-api.md
// promises (src/client/state_json.hpp).
#include "client/state_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "client/audio_report.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;
using nlohmann::json;

TEST(ClientStateJson, SignedOut) {
    AppState s;
    json j = json::parse(state_json(s));
    EXPECT_EQ(j["ready"], true);
    EXPECT_EQ(j["screen"], "connecting");
    EXPECT_EQ(j["connected"], false);
    EXPECT_TRUE(j["user"].is_null());
    EXPECT_EQ(j["hallway"], json::array());
    EXPECT_TRUE(j["room"].is_null());
    EXPECT_EQ(j["invites"], json::array());
    EXPECT_EQ(j["remaining_invites"], 0);
    EXPECT_TRUE(j["last_created_invite"].is_null());
    EXPECT_TRUE(j["profile"].is_null());
    EXPECT_TRUE(j["error"].is_null());
    EXPECT_EQ(j["notice"], "");
    EXPECT_EQ(j["confirm_logout_everywhere"], false);
    EXPECT_EQ(j["password_form"]["pending"], false);
    EXPECT_TRUE(j["password_form"]["error"].is_null());
}

TEST(ClientStateJson, PasswordFormShowsHowMuchIsTypedNeverWhat) {
    AppState s;
    std::string_view secret = "hunter2-and-more";
    std::copy(secret.begin(), secret.end(), s.password_form.current.begin());
    s.password_form.pending = true;
    s.password_form.error = ShownError{"password_wrong", "That is not your current password."};
    s.confirm_logout_everywhere = true;
    std::string text = state_json(s);
    EXPECT_EQ(text.find(secret), std::string::npos);
    json j = json::parse(text);
    EXPECT_EQ(j["password_form"]["pending"], true);
    EXPECT_EQ(j["password_form"]["typed"],
              (json{{"current", secret.size()}, {"new", 0}, {"repeat", 0}}));
    EXPECT_EQ(j["password_form"]["error"]["code"], "password_wrong");
    EXPECT_EQ(j["confirm_logout_everywhere"], true);
}

TEST(ClientStateJson, SignedInInARoom) {
    const p::User ada{1, "ada", "Adà", 3};
    const p::User bruno{2, "bruno", "Бруно"};
    AppState s;
    s.screen = Screen::room;
    s.connected = true;
    s.user = ada;
    s.hallway = {p::RoomSummary{"r1", "Perché", p::RoomType::open, {ada}, 3}};
    s.room = p::RoomSnapshot{
        "r1", "Perché", p::RoomType::open, {{2, "bruno", "Бруно", p::Role::audience, true}}};
    s.invites = {p::InviteInfo{"C1", 10, std::nullopt, "unused"},
                 p::InviteInfo{"C2", 20, bruno, "used"}};
    s.remaining_invites = 1;
    s.last_created_invite = "C2";
    s.profile = p::Profile{bruno, "bio", 5, ada};
    s.error = ShownError{"forbidden", "Only moderators can do that."};

    json j = json::parse(state_json(s));
    EXPECT_EQ(j["screen"], "room");
    EXPECT_EQ(j["user"], (json{{"id", 1}, {"handle", "ada"}, {"name", "Adà"}, {"avatar", 3}}));
    EXPECT_EQ(j["hallway"][0]["speakers"][0]["handle"], "ada");
    EXPECT_EQ(j["hallway"][0]["listeners"], 3);
    EXPECT_EQ(j["room"]["members"][0], (json{{"id", 2},
                                             {"handle", "bruno"},
                                             {"name", "Бруно"},
                                             {"role", "audience"},
                                             {"hand", true},
                                             {"muted", true},
                                             {"avatar", 0}}));
    EXPECT_TRUE(j["invites"][0]["used_by"].is_null());
    EXPECT_EQ(j["invites"][1]["used_by"]["id"], 2);
    EXPECT_EQ(j["remaining_invites"], 1);
    EXPECT_EQ(j["last_created_invite"], "C2");
    EXPECT_EQ(j["profile"]["invited_by"]["handle"], "ada");
    EXPECT_EQ(j["profile"]["joined"], 5);
    EXPECT_EQ(j["error"],
              (json{{"code", "forbidden"}, {"message", "Only moderators can do that."}}));
}

// The playback worklet's report (web/playback-worklet.js) reaches
// state().audio.stats.speakers with every figure, the playout delay included.
TEST(ClientStateJson, PlaybackReportShowsTheJitterBufferFigures) {
    AppState s;
    apply_audio_report(s, R"({"kind": "playback", "speakers": [{"id": 7, "level": 90,
        "playing": true, "depth_ms": 12, "target_ms": 30, "jitter_ms": 20, "received": 500,
        "late": 1, "concealed": 3, "recovered": 20, "dropped": 2, "played": 470,
        "delay_ms": 31}]})");
    json j = json::parse(state_json(s));
    EXPECT_EQ(j["audio"]["stats"]["speakers"][0], (json{{"id", 7},
                                                        {"level", 90},
                                                        {"playing", true},
                                                        {"depth_ms", 12},
                                                        {"target_ms", 30},
                                                        {"jitter_ms", 20},
                                                        {"received", 500},
                                                        {"late", 1},
                                                        {"concealed", 3},
                                                        {"recovered", 20},
                                                        {"dropped", 2},
                                                        {"played", 470},
                                                        {"delay_ms", 31}}));
}

TEST(ClientStateJson, InvalidUtf8DoesNotThrow) {
    AppState s;
    s.user = p::User{1, "ada", "bad \xC3"};
    EXPECT_NO_THROW(json::parse(state_json(s)));
}

}  // namespace
}  // namespace salotto::client
