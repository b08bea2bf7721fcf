// The audio settings kept in the browser (client/audio_settings.hpp): they read back
// what was written, and anything damaged, old or out of range falls back to that
// setting's default without losing the others; the engine's device and track reports
// land in the app state; a ring that grows redraws as a level change, a figure as layout.
#include <gtest/gtest.h>

#include <string>

#include "client/audio_report.hpp"
#include "client/audio_settings.hpp"

namespace salotto::client {
namespace {

TEST(AudioSettings, NothingStoredGivesTheDefaults) {
    const AudioSettings s = parse_audio_settings("");
    EXPECT_EQ(s, AudioSettings{});
    EXPECT_EQ(s.mic, "");
    EXPECT_EQ(s.output, "");
    EXPECT_TRUE(s.echo_cancellation);
    EXPECT_TRUE(s.noise_suppression);
    EXPECT_TRUE(s.auto_gain);
    EXPECT_FALSE(s.push_to_talk);
    EXPECT_TRUE(s.volumes.empty());
    EXPECT_EQ(volume_of(s, 42), AudioSettings::kDefaultVolume);
}

TEST(AudioSettings, ReadsBackWhatItWrote) {
    AudioSettings s;
    s.mic = "a1b2";
    s.output = "speakers-2";
    s.echo_cancellation = false;
    s.noise_suppression = false;
    s.auto_gain = false;
    s.push_to_talk = true;
    set_volume(s, 7, 50);
    set_volume(s, 9, 0);
    set_volume(s, 11, 200);
    const AudioSettings back = parse_audio_settings(audio_settings_json(s));
    EXPECT_EQ(back, s);
    EXPECT_EQ(volume_of(back, 7), 50);
    EXPECT_EQ(volume_of(back, 9), 0);
    EXPECT_EQ(volume_of(back, 11), 200);
}

TEST(AudioSettings, DamagedValuesFallBackOneByOne) {
    for (const char* text : {"not json", "[1,2]", "null", "42", "\"text\"", "{"})
        EXPECT_EQ(parse_audio_settings(text), AudioSettings{}) << text;

    // An older or hand-edited value: wrong types and ranges are dropped one by one.
    const AudioSettings s = parse_audio_settings(R"({
        "v": 0, "mic": 12, "output": "usb-headset",
        "echo_cancellation": "no", "noise_suppression": false, "auto_gain": 0,
        "push_to_talk": true,
        "volumes": {"7": 50, "8": -1, "9": 201, "10": 1.5, "x": 30, "011": 20, "0": 40,
                    "99999999999999999999": 10, "12": "50", "13": 100}
    })");
    EXPECT_EQ(s.mic, "") << "not a string";
    EXPECT_EQ(s.output, "usb-headset");
    EXPECT_TRUE(s.echo_cancellation) << "not a boolean";
    EXPECT_FALSE(s.noise_suppression);
    EXPECT_TRUE(s.auto_gain) << "not a boolean";
    EXPECT_TRUE(s.push_to_talk);
    ASSERT_EQ(s.volumes.size(), 1u) << "only 7's volume is valid (13's is the default)";
    EXPECT_EQ(volume_of(s, 7), 50);

    const AudioSettings long_id = parse_audio_settings(
        "{\"mic\":\"" + std::string(AudioSettings::kMaxDeviceId + 1, 'a') + "\"}");
    EXPECT_EQ(long_id.mic, "");

    EXPECT_EQ(parse_audio_settings(R"({"volumes": [50]})").volumes.size(), 0u);
}

TEST(AudioSettings, VolumesAreClampedAndBounded) {
    AudioSettings s;
    set_volume(s, 1, 500);
    EXPECT_EQ(volume_of(s, 1), AudioSettings::kMaxVolume);
    set_volume(s, 1, -5);
    EXPECT_EQ(volume_of(s, 1), 0);
    set_volume(s, 1, AudioSettings::kDefaultVolume);
    EXPECT_TRUE(s.volumes.empty()) << "the default is not stored";

    for (protocol::UserId id = 1;
         id <= static_cast<protocol::UserId>(AudioSettings::kMaxVolumes) + 5; ++id)
        set_volume(s, id, 30);
    EXPECT_EQ(s.volumes.size(), AudioSettings::kMaxVolumes);
    EXPECT_EQ(volume_of(s, static_cast<protocol::UserId>(AudioSettings::kMaxVolumes) + 5), 30)
        << "the latest choice is kept";
}

TEST(AudioReports, DevicesAndTheOpenTrackLandInTheState) {
    AppState state;
    apply_audio_report(state, R"({"kind":"devices","output_choice":"context",
        "inputs":[{"id":"default","label":"Default"},{"id":"","label":"no id"},{"id":"m2"},7],
        "outputs":[{"id":"o1","label":"Speakers"}]})");
    ASSERT_EQ(state.audio.inputs.size(), 2u) << "entries without an id are dropped";
    EXPECT_EQ(state.audio.inputs[0], (AudioDevice{"default", "Default"}));
    EXPECT_EQ(state.audio.inputs[1], (AudioDevice{"m2", ""}));
    ASSERT_EQ(state.audio.outputs.size(), 1u);
    EXPECT_EQ(state.audio.output_choice, "context");
    apply_audio_report(state, R"({"kind":"devices","output_choice":"magic"})");
    EXPECT_EQ(state.audio.output_choice, "none") << "unknown ways are none";
    EXPECT_TRUE(state.audio.inputs.empty());

    state.audio.test_wanted = true;
    apply_audio_report(state, R"({"kind":"state","joined":true,"mic":"ready","testing":true,
        "track":{"device":"m2","label":"Mic 2","echo_cancellation":false,
                 "noise_suppression":true,"auto_gain":true}})");
    EXPECT_TRUE(state.audio.testing);
    ASSERT_TRUE(state.audio.track);
    EXPECT_EQ(state.audio.track->device, "m2");
    EXPECT_FALSE(state.audio.track->echo_cancellation);
    EXPECT_TRUE(state.audio.track->noise_suppression);
    EXPECT_TRUE(state.audio.test_wanted);

    apply_audio_report(state, R"({"kind":"state","joined":false,"mic":"off","track":null})");
    EXPECT_FALSE(state.audio.track);
    EXPECT_FALSE(state.audio.test_wanted) << "the test ends with the room's audio";
}

TEST(AudioReports, ARingThatChangesIsALevelChangeAndTheStatsAreLayout) {
    AppState state;
    auto playback = [&](int level, int jitter) {
        apply_audio_report(
            state, R"({"kind":"playback","speakers":[{"id":7,"playing":true,"level":)" +
                       std::to_string(level) + R"(,"jitter_ms":)" + std::to_string(jitter) + "}]}");
    };
    playback(100, 10);
    const AudioView quiet = audio_view(state, false);
    playback(120, 30);
    const AudioView loud = audio_view(state, false);
    EXPECT_EQ(loud.layout, quiet.layout);
    EXPECT_NE(loud.levels, quiet.levels);
    playback(121, 30);
    EXPECT_EQ(audio_view(state, false).levels, loud.levels) << "within one step of 8";
    // With the stats panel open, the jitter figure is text on screen.
    const AudioView panel = audio_view(state, true);
    playback(121, 45);
    EXPECT_NE(audio_view(state, true).layout, panel.layout);
    EXPECT_EQ(audio_view(state, false).layout, loud.layout);
}

}  // namespace
}  // namespace salotto::client
