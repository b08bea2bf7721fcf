// The capture chain and the room playback that the web client's worklets and the
// native bot share (core/audio/capture_chain.hpp, core/audio/room_playback.hpp): what
// is sent for speech, silence and mute, and how several speakers are kept, mixed,
// reported and forgotten.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
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

}  // namespace
}  // namespace salotto::audio
