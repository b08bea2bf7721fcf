// Audio core: Opus wrappers, the jitter buffer under seeded loss, reordering and
// jitter (covering the PLC and FEC paths), the mixer and the level meter.
//
// Randomised tests take their seed from SALOTTO_SEED when set, otherwise pick one,
// and print it on failure so a run can be repeated exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <random>
#include <vector>

#include "core/audio/jitter_buffer.hpp"
#include "core/audio/level_meter.hpp"
#include "core/audio/mixer.hpp"
#include "core/audio/opus_codec.hpp"

namespace salotto::audio {
namespace {

std::uint32_t test_seed() {
    if (const char* env = std::getenv("SALOTTO_SEED"))
        return static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10));
    return std::random_device{}();
}

#define SEEDED_TRACE(seed) SCOPED_TRACE("rerun with SALOTTO_SEED=" + std::to_string(seed))

// A voice-like test signal: a gliding 120-240 Hz fundamental with harmonics,
// amplitude modulated at syllable rate, so Opus's speech modes are exercised and the
// cross-correlation has one clear peak (a steady pitch would repeat every period).
std::vector<float> voice_signal(int samples, float amplitude = 0.3f) {
    std::vector<float> pcm(static_cast<std::size_t>(samples));
    double phase = 0;
    for (int i = 0; i < samples; ++i) {
        const double t = static_cast<double>(i) / kSampleRate;
        const double pitch = 180 + 60 * std::sin(2 * std::numbers::pi * 0.7 * t);
        phase += 2 * std::numbers::pi * pitch / kSampleRate;
        const double envelope = 0.6 + 0.4 * std::sin(2 * std::numbers::pi * 4 * t);
        double s = 0;
        for (int h = 1; h <= 5; ++h) s += std::sin(h * phase) / h;
        pcm[static_cast<std::size_t>(i)] = static_cast<float>(amplitude * envelope * s / 2.3);
    }
    return pcm;
}

// Normalised cross-correlation between a window of `output` and the `input`
// delayed by each lag in [0, max_lag]; returns {correlation, lag} where it peaks.
// Looking at a window, not the whole run, keeps a delay that changed earlier (while
// a jitter buffer adapted) from hiding good audio.
std::pair<double, int> best_correlation(std::span<const float> input, std::span<const float> output,
                                        int max_lag, std::size_t window_start,
                                        std::size_t window_length) {
    double best = -1;
    int best_lag = 0;
    const std::size_t end = std::min(output.size(), window_start + window_length);
    for (int lag = 0; lag <= max_lag; ++lag) {
        double ab = 0, aa = 0, bb = 0;
        for (std::size_t i = window_start; i < end; ++i) {
            if (i < static_cast<std::size_t>(lag)) continue;
            const std::size_t j = i - static_cast<std::size_t>(lag);
            if (j >= input.size()) break;
            const double x = input[j], y = output[i];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        const double c = (aa > 0 && bb > 0) ? ab / std::sqrt(aa * bb) : 0;
        if (c > best) {
            best = c;
            best_lag = lag;
        }
    }
    return {best, best_lag};
}

// The median, over 100 ms windows of output[from, to), of each window's best
// correlation with the input. Robust to a delay that shifts as a jitter buffer adapts
// and to the few windows a concealed frame spoils.
double median_window_correlation(std::span<const float> input, std::span<const float> output,
                                 std::size_t from, std::size_t to, int max_lag) {
    std::vector<double> values;
    const std::size_t window = kSampleRate / 10;
    for (std::size_t start = from; start + window <= std::min(to, output.size()); start += window)
        values.push_back(best_correlation(input, output, max_lag, start, window).first);
    if (values.empty()) return 0;
    std::nth_element(values.begin(),
                     values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2), values.end());
    return values[values.size() / 2];
}

// Every frame sent is accounted for: played, rebuilt, concealed, skipped or late.
void expect_every_frame_accounted_for(const JitterStats& s, std::size_t frames_sent) {
    EXPECT_EQ(s.played + s.recovered + s.concealed + s.dropped + s.late, frames_sent)
        << "played " << s.played << " recovered " << s.recovered << " concealed " << s.concealed
        << " dropped " << s.dropped << " late " << s.late;
}

// The first sample louder than a whisper, or -1.
int first_sound(std::span<const float> pcm) {
    for (std::size_t i = 0; i < pcm.size(); ++i)
        if (std::fabs(pcm[i]) > 0.01f) return static_cast<int>(i);
    return -1;
}

struct EncodedFrame {
    std::uint32_t timestamp;
    std::uint16_t sequence;  // every frame is sent, so it is the frame's index
    std::vector<std::uint8_t> packet;
    int level;
};

std::vector<EncodedFrame> encode_all(std::span<const float> pcm, int frame_ms,
                                     std::uint32_t first_timestamp = 1000) {
    Encoder encoder({.bitrate = 32000, .frame_ms = frame_ms, .expected_loss = 20});
    EXPECT_TRUE(encoder.status().ok()) << encoder.status().message();
    std::vector<EncodedFrame> frames;
    const int n = encoder.frame_samples();
    std::array<std::uint8_t, kMaxPacketBytes> buffer{};
    for (std::size_t start = 0; start + static_cast<std::size_t>(n) <= pcm.size();
         start += static_cast<std::size_t>(n)) {
        auto frame = pcm.subspan(start, static_cast<std::size_t>(n));
        auto status = encoder.encode(frame, buffer);
        EXPECT_TRUE(status.ok()) << status.message();
        frames.push_back({first_timestamp + static_cast<std::uint32_t>(start),
                          static_cast<std::uint16_t>(frames.size()),
                          {buffer.begin(), buffer.begin() + status.value},
                          frame_level(frame)});
    }
    return frames;
}

TEST(Opus, EncodesAndDecodesVoiceAtTenAndTwentyMs) {
    const auto input = voice_signal(kSampleRate);
    for (int frame_ms : {10, 20}) {
        SCOPED_TRACE(frame_ms);
        Encoder encoder({.frame_ms = frame_ms});
        ASSERT_TRUE(encoder.status().ok());
        EXPECT_EQ(encoder.frame_samples(), frame_ms * kSamplesPerMs);
        EXPECT_GT(encoder.lookahead_samples(), 0);
        auto frames = encode_all(input, frame_ms);
        ASSERT_EQ(frames.size(), static_cast<std::size_t>(1000 / frame_ms));
        Decoder decoder;
        ASSERT_TRUE(decoder.status().ok());
        std::vector<float> output;
        std::array<float, kMaxFrameSamples> pcm{};
        std::size_t bytes = 0;
        for (const auto& f : frames) {
            bytes += f.packet.size();
            auto status = decoder.decode(f.packet, pcm);
            ASSERT_TRUE(status.ok()) << status.message();
            ASSERT_EQ(status.value, encoder.frame_samples());
            output.insert(output.end(), pcm.begin(), pcm.begin() + status.value);
        }
        auto [correlation, lag] =
            best_correlation(input, output, 800, kSampleRate / 10, kSampleRate / 2);
        EXPECT_GT(correlation, 0.8);
        EXPECT_NEAR(lag, encoder.lookahead_samples(), kSamplesPerMs / 2)
            << "the codec delays by its look-ahead";
        // Shorter frames pay more per-packet overhead.
        EXPECT_NEAR(static_cast<double>(bytes) * 8, 32000, 8000) << "about the configured bitrate";
    }
}

TEST(Opus, ErrorsCarryOpusMessages) {
    Encoder bad({.frame_ms = 15});
    EXPECT_FALSE(bad.status().ok());
    EXPECT_EQ(bad.status().message(), "invalid argument");
    Encoder encoder;
    std::array<float, 100> short_frame{};
    std::array<std::uint8_t, 100> out{};
    EXPECT_FALSE(encoder.encode(short_frame, out).ok());

    Decoder decoder;
    std::array<float, kMaxFrameSamples> pcm{};
    const std::uint8_t garbage[] = {0xff, 0xff, 0xff};
    auto status = decoder.decode(garbage, pcm);
    EXPECT_FALSE(status.ok());
    EXPECT_FALSE(status.message().empty());
    EXPECT_FALSE(decoder.decode({}, pcm).ok());
    EXPECT_FALSE(packet_samples({}).ok());
}

TEST(Opus, ConcealsAndRecoversWithFec) {
    const auto input = voice_signal(kSampleRate / 2);
    auto frames = encode_all(input, 20);
    Decoder decoder;
    std::array<float, kMaxFrameSamples> pcm{};
    ASSERT_TRUE(decoder.decode(frames[0].packet, pcm).ok());
    auto fec = decoder.decode_fec(frames[2].packet, std::span(pcm).first(960));
    ASSERT_TRUE(fec.ok()) << fec.message();
    EXPECT_EQ(fec.value, 960);
    auto plc = decoder.conceal(std::span(pcm).first(480));
    ASSERT_TRUE(plc.ok()) << plc.message();
    EXPECT_EQ(plc.value, 480);
}

// Drives a jitter buffer through a simulated network and a playback clock that
// pulls 128-sample quanta, as an AudioWorklet does.
struct NetworkSim {
    double base_delay_ms = 5;
    double jitter_ms = 0;                 // uniform extra delay in [0, jitter_ms]
    double loss = 0;                      // probability a packet never arrives
    std::size_t lossy_frames = SIZE_MAX;  // after these, the network stops losing
    double reorder = 0;                   // probability a packet swaps places with the next
    std::uint32_t seed = 1;

    struct Result {
        std::vector<float> output;
        JitterStats stats;
        int lost = 0;
    };

    Result run(const std::vector<EncodedFrame>& frames, int frame_ms, JitterBuffer& buffer,
               double extra_ms = 300) const {
        std::mt19937 rng(seed);
        std::uniform_real_distribution<double> unit(0, 1);
        struct Arrival {
            double at;
            std::size_t index;
        };
        std::vector<Arrival> arrivals;
        Result result;
        for (std::size_t i = 0; i < frames.size(); ++i) {
            // The first and last packets always arrive, so every loss lies between
            // packets that let the buffer notice it.
            if (i > 0 && i + 1 < frames.size() && i < lossy_frames && unit(rng) < loss) {
                ++result.lost;
                continue;
            }
            // A frame is sent when it has been captured: at the end of its duration.
            const double sent = static_cast<double>((i + 1) * static_cast<std::size_t>(frame_ms));
            arrivals.push_back({sent + base_delay_ms + jitter_ms * unit(rng), i});
        }
        for (std::size_t i = 0; i + 1 < arrivals.size(); ++i)
            if (unit(rng) < reorder) std::swap(arrivals[i].at, arrivals[i + 1].at);
        std::stable_sort(arrivals.begin(), arrivals.end(),
                         [](const Arrival& a, const Arrival& b) { return a.at < b.at; });

        constexpr int kQuantum = 128;
        const double quantum_ms = kQuantum * 1000.0 / kSampleRate;
        const double end_ms =
            static_cast<double>(frames.size() * static_cast<std::size_t>(frame_ms)) + extra_ms;
        std::size_t next = 0;
        std::array<float, kQuantum> block{};
        for (double now = 0; now < end_ms; now += quantum_ms) {
            while (next < arrivals.size() && arrivals[next].at <= now) {
                const auto& f = frames[arrivals[next].index];
                buffer.push(f.timestamp, f.sequence, f.packet, f.level, arrivals[next].at);
                ++next;
            }
            buffer.pull(block);
            result.output.insert(result.output.end(), block.begin(), block.end());
        }
        result.stats = buffer.stats();
        return result;
    }
};

TEST(JitterBuffer, CleanNetworkPlaysEveryFrameWithMinimalDelay) {
    const auto input = voice_signal(2 * kSampleRate);
    auto frames = encode_all(input, 10);
    JitterBuffer buffer;
    NetworkSim net;
    auto result = net.run(frames, 10, buffer, 0);
    EXPECT_EQ(result.stats.played, frames.size() - 1) << "all but the one still in flight";
    EXPECT_LE(result.stats.expanded_ms, 2.5) << "waiting only for that last one";
    EXPECT_EQ(result.stats.concealed, 0u);
    EXPECT_EQ(result.stats.recovered, 0u);
    EXPECT_EQ(result.stats.late, 0u);
    EXPECT_LE(result.stats.target_ms, 1);
    // One frame in hand: each frame plays within a quantum of its arrival, which the
    // playback clock sees rounded up to a quantum too.
    EXPECT_LE(result.stats.mean_delay_ms, 4);
    EXPECT_LE(result.stats.delay_ms, 4);
    EXPECT_LE(result.stats.depth_ms, 10);
    auto [correlation, lag] =
        best_correlation(input, result.output, 48 * 60, kSampleRate / 2, kSampleRate);
    EXPECT_GT(correlation, 0.8);
    // Playback starts at the first pull after the first packet arrives: the frame
    // (10 ms) plus the network (5 ms), rounded up to the next 128-sample quantum; the
    // sound itself follows Opus's 6.5 ms look-ahead.
    const double start_ms = static_cast<double>(first_sound(result.output)) / kSamplesPerMs;
    EXPECT_GE(start_ms, 15 + 6.5);
    EXPECT_LE(start_ms, 15 + 6.5 + 128.0 / kSamplesPerMs);
}

TEST(JitterBuffer, ReordersWithoutLoss) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    const auto input = voice_signal(2 * kSampleRate);
    auto frames = encode_all(input, 20);
    JitterBuffer buffer;
    NetworkSim net{.base_delay_ms = 5, .jitter_ms = 2, .reorder = 0.2, .seed = seed};
    auto result = net.run(frames, 20, buffer);
    EXPECT_EQ(result.stats.played + result.stats.late, frames.size());
    EXPECT_EQ(result.stats.received + result.stats.late, frames.size());
    EXPECT_GE(result.stats.target_ms, 15) << "swapped packets show up as jitter";
    EXPECT_GT(
        median_window_correlation(input, result.output, kSampleRate / 2, 2 * kSampleRate, 48 * 200),
        0.8);
}

TEST(JitterBuffer, ConcealsLossAndRecoversWithFec) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    const auto input = voice_signal(4 * kSampleRate);
    auto frames = encode_all(input, 20);
    JitterBuffer buffer;
    NetworkSim net{.base_delay_ms = 5, .jitter_ms = 10, .loss = 0.1, .seed = seed};
    auto result = net.run(frames, 20, buffer);
    ASSERT_GT(result.lost, 0);
    const auto& s = result.stats;
    expect_every_frame_accounted_for(s, frames.size());
    EXPECT_GT(s.recovered, 0u) << "a lost frame whose successor arrived goes through FEC";
    // Concealed frames do not match the lost waveform, but most of the audio plays
    // through intact.
    EXPECT_GT(
        median_window_correlation(input, result.output, kSampleRate / 2, 4 * kSampleRate, 48 * 200),
        0.7);
}

// Stage speakers send 10 ms frames. For FEC to rebuild a lost frame, the packet
// after it must be here when the lost one is due: once losses are seen the buffer
// holds one frame more for that.
TEST(JitterBuffer, RecoversRandomLossWithFecAtTenMsFrames) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    const auto input = voice_signal(4 * kSampleRate);
    auto frames = encode_all(input, 10);
    JitterBuffer buffer;
    NetworkSim net{.base_delay_ms = 5, .jitter_ms = 10, .loss = 0.1, .seed = seed};
    auto result = net.run(frames, 10, buffer);
    ASSERT_GT(result.lost, 10);
    const auto& s = result.stats;
    expect_every_frame_accounted_for(s, frames.size());
    // A lost frame's successor is lost too one time in ten; the first loss may come
    // before the buffer holds the extra frame.
    EXPECT_GE(static_cast<double>(s.recovered), 0.7 * result.lost)
        << "lost " << result.lost << " recovered " << s.recovered;
    EXPECT_GE(s.target_ms, 10 + 5) << "jitter plus one frame in hand";
    // Jitter (up to 10 ms) plus the frame in hand, and the quantum the frame waits for.
    EXPECT_LE(s.mean_delay_ms, 10 + 10 + 128.0 / kSamplesPerMs + 2);
    EXPECT_GT(
        median_window_correlation(input, result.output, kSampleRate / 2, 4 * kSampleRate, 48 * 200),
        0.7);
}

// The frame kept in hand for FEC goes once the network is clean again: then the
// buffer shrinks back on quiet frames to one frame.
TEST(JitterBuffer, DropsTheFecReserveOnACleanNetwork) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    // 3 s losing 10 %, then 15 s clean; the talker pauses 200 ms every second.
    auto speech = voice_signal(18 * kSampleRate);
    for (std::size_t i = 0; i < speech.size(); ++i)
        if (i % kSampleRate < kSampleRate / 5) speech[i] = 0;
    auto frames = encode_all(speech, 10);
    JitterBuffer buffer;
    NetworkSim net{
        .base_delay_ms = 5, .jitter_ms = 2, .loss = 0.1, .lossy_frames = 300, .seed = seed};
    auto result = net.run(frames, 10, buffer, 0);
    ASSERT_GT(result.lost, 0);
    const auto& s = result.stats;
    EXPECT_GT(s.recovered, 0u) << "the frame in hand let FEC work while losing";
    EXPECT_LE(s.target_ms, 4) << "back to the jitter alone";
    EXPECT_LE(s.delay_ms, 2 + 4) << "back to one frame in hand";
    EXPECT_GT(s.dropped, 0u) << "shrunk by skipping quiet frames";
}

TEST(JitterBuffer, LatePacketsAreCountedAndDropped) {
    const auto input = voice_signal(kSampleRate / 2);
    auto frames = encode_all(input, 10);
    JitterBuffer buffer;
    std::array<float, 480> block{};
    // Frame 1 is held back until frames 0, 2-9 have played.
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i != 1)
            buffer.push(frames[i].timestamp, frames[i].sequence, frames[i].packet, frames[i].level,
                        10.0 * i);
        if (i == 1) continue;
        buffer.pull(block);
    }
    for (int i = 0; i < 10; ++i) buffer.pull(block);
    buffer.push(frames[1].timestamp, frames[1].sequence, frames[1].packet, frames[1].level, 500);
    auto s = buffer.stats();
    EXPECT_EQ(s.late, 1u);
    EXPECT_GE(s.recovered + s.concealed, 1u);
    // Its transit was ~490 ms where the others took none: the target missed it, and
    // from now on covers it (up to the ceiling).
    EXPECT_GE(s.target_ms, 100) << "a late packet's transit counts as jitter";
}

TEST(JitterBuffer, DuplicatesAndGarbageAreCounted) {
    auto frames = encode_all(voice_signal(kSampleRate / 10), 10);
    JitterBuffer buffer;
    buffer.push(frames[0].timestamp, frames[0].sequence, frames[0].packet, 100, 0);
    buffer.push(frames[0].timestamp, frames[0].sequence, frames[0].packet, 100, 1);
    const std::uint8_t garbage[] = {0xff, 0xff};
    buffer.push(frames[1].timestamp, 1, garbage, 100, 2);
    buffer.push(frames[1].timestamp, 1, {}, 100, 2);
    auto s = buffer.stats();
    EXPECT_EQ(s.received, 1u);
    EXPECT_EQ(s.duplicate, 1u);
    EXPECT_EQ(s.decode_errors, 2u);
}

TEST(JitterBuffer, TargetGrowsFastAndShrinksSlowly) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    const auto input = voice_signal(3 * kSampleRate);
    auto frames = encode_all(input, 20);
    JitterBuffer buffer;
    NetworkSim rough{.base_delay_ms = 5, .jitter_ms = 60, .seed = seed};
    auto result = rough.run(frames, 20, buffer, 0);
    EXPECT_GE(result.stats.target_ms, 40) << "jitter of up to 60 ms raises the target";
    EXPECT_GE(result.stats.jitter_ms, 40);
    const int rough_target = result.stats.target_ms;

    // Then the network calms down: the target comes down, but not at once.
    auto calm_frames =
        encode_all(voice_signal(20 * kSampleRate), 20, frames.back().timestamp + 960);
    std::array<float, 128> block{};
    double now = 3000;
    int after_one_second = -1;
    for (std::size_t i = 0; i < calm_frames.size(); ++i) {
        now += 20;
        buffer.push(calm_frames[i].timestamp, calm_frames[i].sequence, calm_frames[i].packet,
                    calm_frames[i].level, now);
        for (int q = 0; q < 7; ++q) buffer.pull(block);  // ~18.7 ms of playback
        if (i == 50) after_one_second = buffer.stats().target_ms;
    }
    EXPECT_GT(after_one_second, rough_target / 2) << "shrinks slowly";
    EXPECT_LE(buffer.stats().target_ms, 5) << "but shrinks";
}

// Frames arrive in order, as over a WebSocket, 5 ms after they are complete, except
// that every `stall_every`-th one is held up 30 ms, and the frames behind it queue up.
JitterStats run_with_stalls(int stall_every) {
    const auto frames = encode_all(voice_signal(6 * kSampleRate), 10);
    JitterBuffer buffer;
    std::vector<double> arrival(frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const double sent = static_cast<double>(i + 1) * 10;
        const double stall = i % static_cast<std::size_t>(stall_every) == 0 && i > 0 ? 30 : 0;
        arrival[i] = std::max(sent + 5 + stall, i > 0 ? arrival[i - 1] : 0.0);
    }
    const double quantum_ms = 128 * 1000.0 / kSampleRate;
    std::array<float, 128> block{};
    std::size_t next = 0;
    for (double now = 0; next < frames.size(); now += quantum_ms) {
        for (; next < frames.size() && arrival[next] <= now; ++next)
            buffer.push(frames[next].timestamp, frames[next].sequence, frames[next].packet,
                        frames[next].level, arrival[next]);
        buffer.pull(block);
    }
    return buffer.stats();
}

TEST(JitterBuffer, RareStallsDoNotRaiseTheTarget) {
    // One stall in two seconds delays 3 frames of 200: bridged, not planned for.
    const JitterStats rare = run_with_stalls(200);
    EXPECT_LE(rare.target_ms, 5);
    EXPECT_EQ(rare.late, 0u) << "in-order arrivals are waited for, not dropped";
    // A stall every 200 ms is the network's normal state: the target covers it.
    const JitterStats frequent = run_with_stalls(20);
    EXPECT_GE(frequent.target_ms, 20);
    EXPECT_EQ(frequent.late, 0u);
}

TEST(JitterBuffer, TalkSpurtsRestartAfterSilence) {
    const auto input = voice_signal(kSampleRate);
    auto frames = encode_all(input, 20);
    JitterBuffer buffer;
    std::array<float, 960> block{};
    for (std::size_t i = 0; i < 10; ++i) {
        buffer.push(frames[i].timestamp, frames[i].sequence, frames[i].packet, frames[i].level,
                    20.0 * i);
        buffer.pull(block);
    }
    EXPECT_TRUE(buffer.playing());
    for (int i = 0; i < 30; ++i) buffer.pull(block);  // the speaker went quiet
    EXPECT_FALSE(buffer.playing());
    EXPECT_LT(frame_level(block), 10) << "silence while paused";
    for (std::size_t i = 30; i < 40; ++i) {
        buffer.push(frames[i].timestamp, frames[i].sequence, frames[i].packet, frames[i].level,
                    20.0 * i);
        buffer.pull(block);
    }
    EXPECT_TRUE(buffer.playing());
    EXPECT_GT(frame_level(block), 60);
    EXPECT_EQ(buffer.stats().late, 0u);
}

// The largest step in `pcm`: |x[n] - 2x[n-1] + x[n-2]|. A click is a step in the
// waveform; a voice moves smoothly, so its second difference stays small.
float largest_step(std::span<const float> pcm) {
    float most = 0;
    for (std::size_t i = 2; i < pcm.size(); ++i)
        most = std::max(most, std::fabs(pcm[i] - 2 * pcm[i - 1] + pcm[i - 2]));
    return most;
}

// Waiting for late packets plays concealment, and whatever follows it (more
// concealment, the late audio, or silence when the speaker has stopped) must join it
// without a click. The voice peaks at 0.5 and its own largest step is under 0.01; a
// click is a step of a good part of the amplitude (Opus concealing 2.5 ms at a time made
// steps of 0.14-0.27 here, at every step).
TEST(JitterBuffer, ConcealmentJoinsWithoutClicks) {
    const auto seed = test_seed();
    SEEDED_TRACE(seed);
    const auto input = voice_signal(4 * kSampleRate, 0.5f);
    auto frames = encode_all(input, 10);
    // The stream's end: the buffer waits, conceals, then pauses.
    JitterBuffer clean_buffer;
    const auto clean = NetworkSim{}.run(frames, 10, clean_buffer);
    EXPECT_LT(largest_step(clean.output), 0.02f);
    // A network that keeps the buffer waiting and loses packets.
    JitterBuffer buffer;
    NetworkSim net{.base_delay_ms = 5, .jitter_ms = 40, .loss = 0.15, .seed = seed};
    const auto result = net.run(frames, 10, buffer);
    ASSERT_GT(result.stats.expanded_ms, 20) << "the network must make the buffer wait";
    ASSERT_GT(result.stats.concealed, 0u);
    EXPECT_LT(largest_step(result.output), 0.1f)
        << "expanded " << result.stats.expanded_ms << " ms, concealed " << result.stats.concealed;
}

// The sender's voice detector held back 50 ms of silence mid-stream: the timestamps
// jump and the sequence runs on. That is no loss: nothing is concealed and every frame
// sent plays. The same gap with the sequence jumping too is loss, and is concealed.
TEST(JitterBuffer, SilenceTheSenderHeldBackIsNotConcealed) {
    const auto input = voice_signal(kSampleRate);
    const auto frames = encode_all(input, 10);
    auto run = [&](bool sequence_runs_on) {
        JitterBuffer buffer;
        std::array<float, 128> block{};
        std::uint16_t sequence = 0;
        std::size_t next = 0;
        const double quantum_ms = 128 * 1000.0 / kSampleRate;
        for (double now = 0; now < 800; now += quantum_ms) {
            // Frame i leaves when captured, at the end of its 10 ms, and takes 20 ms.
            for (; next < 60 && 10.0 * static_cast<double>(next + 1) + 20 <= now; ++next) {
                if (next >= 30 && next < 35) continue;  // not sent
                const auto& f = frames[next];
                buffer.push(f.timestamp, sequence_runs_on ? sequence++ : f.sequence, f.packet,
                            f.level, 10.0 * static_cast<double>(next + 1) + 20);
            }
            buffer.pull(block);
        }
        return buffer.stats();
    };
    const JitterStats held = run(true);
    EXPECT_EQ(held.concealed, 0u);
    EXPECT_EQ(held.recovered, 0u);
    EXPECT_EQ(held.played, 55u);
    EXPECT_EQ(held.late, 0u);
    const JitterStats lost = run(false);
    EXPECT_GT(lost.concealed, 0u);
    EXPECT_EQ(lost.played + lost.recovered + lost.concealed, 60u);
}

TEST(JitterBuffer, SurvivesTimestampWrap) {
    const auto input = voice_signal(kSampleRate);
    auto frames = encode_all(input, 10, 0xFFFFFFFFu - 48000 / 2);
    JitterBuffer buffer;
    NetworkSim net;
    auto result = net.run(frames, 10, buffer);
    EXPECT_EQ(result.stats.played, frames.size());
    EXPECT_EQ(result.stats.late, 0u);
}

TEST(Mixer, SumsWithoutClipping) {
    Mixer mixer;
    std::array<float, 128> out{};
    std::array<float, 128> a{}, b{};
    float max_out = 0;
    for (int block = 0; block < 50; ++block) {
        for (int i = 0; i < 128; ++i) {
            const double t = (block * 128 + i) / double(kSampleRate);
            a[i] = static_cast<float>(0.9 * std::sin(2 * std::numbers::pi * 440 * t));
            b[i] = static_cast<float>(0.9 * std::sin(2 * std::numbers::pi * 440 * t + 0.1));
        }
        mixer.begin(out);
        mixer.add(a);
        mixer.add(b);
        for (float s : mixer.finish()) max_out = std::max(max_out, std::fabs(s));
    }
    EXPECT_LE(max_out, 0.97f + 1e-4f);
    EXPECT_LT(mixer.gain(), 0.6f);
    EXPECT_GT(max_out, 0.9f) << "limited, not silenced";
}

TEST(Mixer, QuietVoicesPassUnchanged) {
    Mixer mixer;
    std::array<float, 128> out{}, a{};
    for (int i = 0; i < 128; ++i) a[i] = 0.1f * std::sin(i * 0.1f);
    mixer.begin(out);
    mixer.add(a);
    mixer.finish();
    for (int i = 0; i < 128; ++i) EXPECT_FLOAT_EQ(out[i], a[i]);
}

TEST(LevelMeter, MapsDbfsOntoTheHeaderScale) {
    std::vector<float> silence(480, 0.0f);
    EXPECT_EQ(frame_level(silence), 0);
    std::vector<float> sine(480);
    for (int i = 0; i < 480; ++i)
        sine[i] = static_cast<float>(std::sin(2 * std::numbers::pi * 1000 * i / 48000.0));
    EXPECT_EQ(frame_level(sine), 124) << "a full-scale sine is -3 dBFS RMS";
    for (auto& s : sine) s *= 0.01f;
    EXPECT_EQ(frame_level(sine), 84) << "-43 dBFS";
}

TEST(VoiceDetector, TracksNoiseFloorAndHoldsThroughGaps) {
    VoiceDetector vad;
    for (int i = 0; i < 100; ++i) EXPECT_FALSE(vad.update(60, 10)) << "steady noise is not speech";
    EXPECT_TRUE(vad.update(95, 10));
    EXPECT_TRUE(vad.update(60, 10)) << "hangover bridges a gap between words";
    for (int i = 0; i < 29; ++i) vad.update(60, 10);
    EXPECT_FALSE(vad.speaking()) << "the hangover ends";
    EXPECT_FALSE(vad.update(70, 10)) << "below floor + 10 dB";
    for (int i = 0; i < 3000; ++i)
        EXPECT_TRUE(vad.update(100, 10)) << "30 s of speech stays speech";
}

}  // namespace
}  // namespace salotto::audio
