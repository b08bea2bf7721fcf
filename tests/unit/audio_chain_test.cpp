// The capture chain and the room playback that the web client's worklets and the
// native bot share (core/audio/capture_chain.hpp, core/audio/room_playback.hpp): what
// is sent for speech, silence and mute, and how several speakers are kept, mixed,
// reported and forgotten.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <optional>
#include <vector>

#include "core/audio/capture_chain.hpp"
#include "core/audio/room_playback.hpp"

namespace salotto::audio {
namespace {

constexpr int kFrame = 10 * kSamplesPerMs;

// A 220 Hz tone at `amplitude`: loud enough for the voice detector.
std::vector<float> tone(float amplitude = 0.3f, int samples = kFrame) {
    std::vector<float> pcm(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i)
        pcm[static_cast<std::size_t>(i)] =
            amplitude * static_cast<float>(std::sin(2 * std::numbers::pi * 220 * i / kSampleRate));
    return pcm;
}

TEST(CaptureChain, SendsSpeechAndHoldsSilenceAndMuteBackOnOneSampleClock) {
    CaptureChain chain({.frame_ms = 10});
    ASSERT_TRUE(chain.status().ok());
    ASSERT_EQ(chain.frame_samples(), kFrame);
    const std::vector<float> silence(kFrame, 0.0f);
    const auto voice = tone();

    for (int i = 0; i < 50; ++i) EXPECT_FALSE(chain.push(silence)) << "silence is not sent";
    EXPECT_EQ(chain.level(), 0);
    const auto first = chain.push(voice);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->sequence, 0);
    EXPECT_EQ(first->timestamp, 50u * kFrame) << "the clock ran on through silence";
    EXPECT_GT(first->level, 100);
    EXPECT_GT(first->payload.size(), 2u);
    EXPECT_TRUE(chain.speaking());

    // The payload is a real Opus frame of the chain's length.
    Decoder decoder;
    std::array<float, kMaxFrameSamples> decoded{};
    EXPECT_EQ(decoder.decode(first->payload, decoded).value, kFrame);

    chain.set_muted(true);
    EXPECT_FALSE(chain.push(voice)) << "muted";
    EXPECT_EQ(chain.level(), 0);
    chain.set_muted(false);
    const auto next = chain.push(voice);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->sequence, 1) << "sequence numbers count sent frames";
    EXPECT_EQ(next->timestamp, 52u * kFrame);
    EXPECT_EQ(chain.frames(), 53u);
    EXPECT_EQ(chain.sent(), 2u);
}

TEST(CaptureChain, WithoutVoiceDetectionEveryFrameIsSent) {
    CaptureChain chain({.frame_ms = 20, .detect_voice = false});
    const std::vector<float> silence(static_cast<std::size_t>(chain.frame_samples()), 0.0f);
    for (std::uint16_t i = 0; i < 5; ++i) {
        const auto frame = chain.push(silence);
        ASSERT_TRUE(frame);
        EXPECT_EQ(frame->sequence, i);
        EXPECT_EQ(frame->timestamp, i * 20u * kSamplesPerMs);
    }
}

// Encodes `frames` frames of a tone for `speaker` and pushes them, one per 10 ms.
void speak(RoomPlayback& playback, CaptureChain& chain, std::uint32_t speaker, int frames,
           double& now_ms, float amplitude) {
    const auto voice = tone(amplitude);
    for (int i = 0; i < frames; ++i) {
        auto frame = chain.push(voice);
        ASSERT_TRUE(frame);
        frame->speaker = speaker;
        playback.push(*frame, now_ms);
        now_ms += 10;
    }
}

float peak(std::span<const float> block) {
    float p = 0;
    for (float s : block) p = std::max(p, std::abs(s));
    return p;
}

TEST(RoomPlayback, MixesSpeakersAndReportsEach) {
    RoomPlayback playback;
    CaptureChain ada({.detect_voice = false}), bruno({.detect_voice = false});
    double now = 0;
    std::array<float, 128> block{};
    std::array<SpeakerReport, RoomPlayback::kMaxSpeakers> reports{};

    speak(playback, ada, 7, 10, now, 0.2f);
    double quiet = 0;
    speak(playback, bruno, 9, 10, quiet, 0.2f);
    float loudest = 0;
    for (int i = 0; i < 30; ++i) {
        playback.pull(block);
        loudest = std::max(loudest, peak(block));
    }
    EXPECT_GT(loudest, 0.2f) << "both tones, summed";

    const int n = playback.report(reports);
    ASSERT_EQ(n, 2);
    EXPECT_EQ(reports[0].id, 7u);
    EXPECT_EQ(reports[1].id, 9u);
    for (int i = 0; i < n; ++i) {
        EXPECT_TRUE(reports[static_cast<std::size_t>(i)].playing);
        EXPECT_GT(reports[static_cast<std::size_t>(i)].level, 90);
        EXPECT_GE(reports[static_cast<std::size_t>(i)].jitter.received, 10u);
    }
    ASSERT_EQ(playback.report(reports), 2);
    EXPECT_EQ(reports[0].level, 0) << "peaks reset at each report";
}

TEST(RoomPlayback, ASeventeenthVoiceTakesTheSlotHeardLongestAgo) {
    RoomPlayback playback;
    std::array<SpeakerReport, RoomPlayback::kMaxSpeakers> reports{};
    double now = 0;
    for (std::uint32_t id = 1; id <= RoomPlayback::kMaxSpeakers + 1; ++id) {
        CaptureChain chain({.detect_voice = false});
        speak(playback, chain, id, 1, now, 0.2f);
    }
    ASSERT_EQ(playback.report(reports), RoomPlayback::kMaxSpeakers);
    for (const auto& r : reports) EXPECT_NE(r.id, 1u) << "speaker 1 was heard longest ago";
}

TEST(RoomPlayback, ASpeakerUnheardForAMinuteIsForgotten) {
    RoomPlayback playback;
    std::array<SpeakerReport, RoomPlayback::kMaxSpeakers> reports{};
    std::array<float, 480> block{};
    CaptureChain ada({.detect_voice = false}), bruno({.detect_voice = false});
    double now = 0;
    speak(playback, ada, 1, 5, now, 0.2f);
    for (int i = 0; i < 50; ++i) playback.pull(block);  // Ada's spurt plays out and ends
    now += RoomPlayback::kForgetSpeakerMs;
    speak(playback, bruno, 2, 5, now, 0.2f);
    ASSERT_EQ(playback.report(reports), 1);
    EXPECT_EQ(reports[0].id, 2u);
}

// Plays `frames` frames of Ada (id 7, 0.2) and Bruno (id 9, 0.1, pushed only when
// `with_bruno`) through `playback` and returns the loudest output sample.
float loudest_mix(RoomPlayback& playback, bool with_bruno) {
    CaptureChain ada({.detect_voice = false}), bruno({.detect_voice = false});
    double a = 0, b = 0;
    speak(playback, ada, 7, 20, a, 0.2f);
    if (with_bruno) speak(playback, bruno, 9, 20, b, 0.1f);
    std::array<float, 128> block{};
    float loudest = 0;
    for (int i = 0; i < 60; ++i) {
        playback.pull(block);
        loudest = std::max(loudest, peak(block));
    }
    return loudest;
}

TEST(RoomPlayback, ScalesEachSpeakerByTheListenersVolume) {
    // A playback holds 16 jitter buffers: too big for the stack several times over.
    const auto fresh = [] { return std::make_unique<RoomPlayback>(); };
    const float as_sent = loudest_mix(*fresh(), false);
    ASSERT_GT(as_sent, 0.15f);

    auto half = fresh();
    ASSERT_TRUE(half->set_gain(7, 0.5f)) << "a volume may be set before the first frame";
    EXPECT_NEAR(loudest_mix(*half, false), as_sent * 0.5f, as_sent * 0.05f);

    auto louder = fresh();
    ASSERT_TRUE(louder->set_gain(7, 1.5f));
    EXPECT_NEAR(loudest_mix(*louder, false), as_sent * 1.5f, as_sent * 0.05f);

    // Ada at 0 leaves Bruno alone in the mix, untouched; the report still shows Ada
    // speaking (the ring says who talks).
    const float bruno_alone = [&] {
        auto p = fresh();
        CaptureChain bruno({.detect_voice = false});
        double b = 0;
        speak(*p, bruno, 9, 20, b, 0.1f);
        std::array<float, 128> block{};
        float loudest = 0;
        for (int i = 0; i < 60; ++i) {
            p->pull(block);
            loudest = std::max(loudest, peak(block));
        }
        return loudest;
    }();
    ASSERT_GT(bruno_alone, 0.05f);
    auto bruno_only = fresh();
    ASSERT_TRUE(bruno_only->set_gain(7, 0.0f));
    EXPECT_NEAR(loudest_mix(*bruno_only, true), bruno_alone, bruno_alone * 0.02f);
    std::array<SpeakerReport, RoomPlayback::kMaxSpeakers> reports{};
    ASSERT_EQ(bruno_only->report(reports), 2);
    EXPECT_EQ(reports[0].id, 7u);
    EXPECT_GT(reports[0].level, 90) << "Ada's own level, before the listener's volume";

    auto silent = fresh();
    ASSERT_TRUE(silent->set_gain(7, 0.0f));
    EXPECT_EQ(loudest_mix(*silent, false), 0.0f);
}

TEST(RoomPlayback, VolumesAreClampedAndBounded) {
    auto owned = std::make_unique<RoomPlayback>();
    RoomPlayback& playback = *owned;
    EXPECT_TRUE(playback.set_gain(1, 5.0f));
    EXPECT_EQ(playback.gain(1), RoomPlayback::kMaxGain);
    EXPECT_TRUE(playback.set_gain(2, -1.0f));
    EXPECT_EQ(playback.gain(2), 0.0f);
    EXPECT_TRUE(playback.set_gain(3, std::nanf("")));
    EXPECT_EQ(playback.gain(3), 1.0f);
    EXPECT_EQ(playback.gain(4), 1.0f) << "unknown speakers play as sent";

    // Gain 1 frees the entry, so only speakers with another volume count.
    EXPECT_TRUE(playback.set_gain(1, 1.0f));
    EXPECT_TRUE(playback.set_gain(2, 1.0f));
    for (std::uint32_t id = 100; id < 100 + RoomPlayback::kMaxGains; ++id)
        EXPECT_TRUE(playback.set_gain(id, 0.5f));
    EXPECT_FALSE(playback.set_gain(99, 0.5f)) << "the table is full";
    EXPECT_EQ(playback.gain(99), 1.0f);
    EXPECT_TRUE(playback.set_gain(100, 0.7f)) << "a speaker already in it may change";
    EXPECT_FLOAT_EQ(playback.gain(100), 0.7f);
}

}  // namespace
}  // namespace salotto::audio
