// Room recording (server/media/recorder.hpp): two speakers' Opus packets, with jitter
// and a silence between them, go in; the Ogg Opus file that comes out is read back
// with libopusfile and must carry the mix of what they said, in time.
#include <gtest/gtest.h>

#include <opusfile.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <random>
#include <vector>

#include "core/audio/opus_codec.hpp"
#include "server/media/recorder.hpp"

using namespace salotto;

namespace {

constexpr int kRate = audio::kSampleRate;
constexpr int kFrame = 20 * audio::kSamplesPerMs;

// A voice-like test signal: two partials with a syllable-rate envelope, different per
// speaker so the mix can be told from either one alone.
std::vector<float> voice(int samples, double pitch, double syllables) {
    std::vector<float> out(static_cast<std::size_t>(samples));
    for (int i = 0; i < samples; ++i) {
        const double t = static_cast<double>(i) / kRate;
        const double envelope = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * syllables * t);
        out[static_cast<std::size_t>(i)] =
            static_cast<float>(0.25 * envelope *
                               (std::sin(2 * std::numbers::pi * pitch * t) +
                                0.5 * std::sin(2 * std::numbers::pi * pitch * 2.7 * t)));
    }
    return out;
}

std::vector<std::vector<std::uint8_t>> encode(const std::vector<float>& pcm) {
    audio::Encoder encoder(audio::EncoderConfig{.frame_ms = 20});
    EXPECT_TRUE(encoder.status().ok());
    std::vector<std::vector<std::uint8_t>> packets;
    std::vector<std::uint8_t> buffer(audio::kMaxPacketBytes);
    for (std::size_t at = 0; at + kFrame <= pcm.size(); at += kFrame) {
        const auto n = encoder.encode(std::span(pcm).subspan(at, kFrame), buffer);
        EXPECT_TRUE(n.ok());
        packets.emplace_back(buffer.begin(), buffer.begin() + n.value);
    }
    return packets;
}

std::vector<float> read_ogg(const std::filesystem::path& path) {
    int error = 0;
    OggOpusFile* file = op_open_file(path.c_str(), &error);
    EXPECT_NE(file, nullptr) << "libopusfile error " << error;
    std::vector<float> out;
    if (!file) return out;
    EXPECT_EQ(op_channel_count(file, -1), 1);
    std::vector<float> buffer(5760);
    for (;;) {
        const int n = op_read_float(file, buffer.data(), static_cast<int>(buffer.size()), nullptr);
        if (n <= 0) {
            EXPECT_EQ(n, 0) << "libopusfile read error";
            break;
        }
        out.insert(out.end(), buffer.begin(), buffer.begin() + n);
    }
    op_free(file);
    return out;
}

// The normalised correlation of `a` with `b` shifted by `lag` samples, over b's length.
double correlation(const std::vector<float>& a, const std::vector<float>& b, int lag) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
        const auto j = static_cast<std::ptrdiff_t>(i) + lag;
        if (j < 0 || j >= static_cast<std::ptrdiff_t>(a.size())) continue;
        const double x = a[static_cast<std::size_t>(j)], y = b[i];
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

struct Dir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("salotto-recorder-" + std::to_string(std::random_device{}()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST(Recorder, WritesTheTimeAlignedMixOfTwoSpeakersAsOggOpus) {
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed) + " (network jitter of the packets)");
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> jitter_ms(0, 60);

    // Ada speaks 0-2 s; Bob 2.5-4 s (half a second of silence between them), and his
    // client's sample clock starts at an arbitrary value.
    const auto ada = voice(2 * kRate, 220, 3);
    const auto bob = voice(3 * kRate / 2, 330, 4);
    const std::int64_t bob_start = 5 * kRate / 2;
    const std::uint32_t bob_clock = 123'456'789;

    Dir dir;
    const auto start = media::RecordingClock::time_point{} + std::chrono::hours(1);
    const auto at = [&](std::int64_t sample) {
        return start + std::chrono::microseconds(sample * 1'000'000 / kRate);
    };
    media::Recorder recorder(dir.path / "r.ogg", "Chiacchiere", start);
    const auto ada_packets = encode(ada);
    const auto bob_packets = encode(bob);
    // Each packet arrives when its last sample was spoken plus jitter (the first one
    // of each speaker without, so the expected placement is exact); ticks every 20 ms.
    const std::int64_t end = bob_start + static_cast<std::int64_t>(bob.size()) + kRate / 2;
    std::size_t next_ada = 0, next_bob = 0;
    for (std::int64_t now = 0; now <= end; now += kFrame) {
        while (next_ada < ada_packets.size() &&
               static_cast<std::int64_t>(next_ada) * kFrame <= now) {
            const int jitter = next_ada == 0 ? 0 : jitter_ms(rng);
            recorder.push(1, static_cast<std::uint32_t>(next_ada * kFrame),
                          at(static_cast<std::int64_t>(next_ada) * kFrame) +
                              std::chrono::milliseconds(jitter),
                          ada_packets[next_ada]);
            ++next_ada;
        }
        while (next_bob < bob_packets.size() &&
               bob_start + static_cast<std::int64_t>(next_bob) * kFrame <= now) {
            const int jitter = next_bob == 0 ? 0 : jitter_ms(rng);
            recorder.push(2, bob_clock + static_cast<std::uint32_t>(next_bob * kFrame),
                          at(bob_start + static_cast<std::int64_t>(next_bob) * kFrame) +
                              std::chrono::milliseconds(jitter),
                          bob_packets[next_bob]);
            ++next_bob;
        }
        recorder.tick(at(now));
    }
    const auto result = recorder.finish(at(end));
    ASSERT_TRUE(result.ok) << result.error;
    EXPECT_EQ(result.packets, ada_packets.size() + bob_packets.size());
    EXPECT_EQ(result.packets_late, 0u);
    EXPECT_EQ(result.bytes, std::filesystem::file_size(dir.path / "r.ogg"));
    EXPECT_FALSE(std::filesystem::exists(dir.path / "r.ogg.part"));

    const auto decoded = read_ogg(dir.path / "r.ogg");
    // The file lasts as long as the recording, to the frame.
    EXPECT_NEAR(static_cast<double>(decoded.size()), static_cast<double>(end), kFrame);
    EXPECT_NEAR(static_cast<double>(result.duration_ms), end * 1000.0 / kRate, 20.0);

    std::vector<float> expected(static_cast<std::size_t>(end), 0.0f);
    for (std::size_t i = 0; i < ada.size(); ++i) expected[i] += ada[i];
    for (std::size_t i = 0; i < bob.size(); ++i)
        expected[static_cast<std::size_t>(bob_start) + i] += bob[i];
    // Opus's look-ahead delays the decoded voice by a few milliseconds.
    double best = 0;
    int best_lag = 0;
    for (int lag = 0; lag <= 20 * audio::kSamplesPerMs; ++lag)
        if (const double c = correlation(decoded, expected, lag); c > best) {
            best = c;
            best_lag = lag;
        }
    EXPECT_GT(best, 0.9) << "at lag " << best_lag;
    // Each speaker on their own is where they should be, too: Bob's half is not Ada's.
    std::vector<float> bob_only(expected.size(), 0.0f);
    for (std::size_t i = 0; i < bob.size(); ++i)
        bob_only[static_cast<std::size_t>(bob_start) + i] = bob[i];
    std::vector<float> decoded_late(
        decoded.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(decoded.size()),
                                                   bob_start - kRate / 4),
        decoded.end());
    std::vector<float> bob_late(bob_only.begin() + (bob_start - kRate / 4), bob_only.end());
    EXPECT_GT(correlation(decoded_late, bob_late, best_lag), 0.9);
    // The silence between them is silence.
    double quiet = 0;
    for (std::int64_t i = 2 * kRate + kRate / 10; i < bob_start - kRate / 10; ++i)
        quiet =
            std::max(quiet, std::abs(static_cast<double>(decoded.at(static_cast<std::size_t>(i)))));
    EXPECT_LT(quiet, 0.01);
}

TEST(Recorder, ASilentRecordingIsAValidFileOfItsLength) {
    Dir dir;
    const auto start = media::RecordingClock::time_point{} + std::chrono::hours(1);
    media::Recorder recorder(dir.path / "quiet.ogg", "Nobody", start);
    for (int ms = 0; ms <= 1000; ms += 20) recorder.tick(start + std::chrono::milliseconds(ms));
    const auto result = recorder.finish(start + std::chrono::seconds(1));
    ASSERT_TRUE(result.ok) << result.error;
    const auto decoded = read_ogg(dir.path / "quiet.ogg");
    EXPECT_NEAR(static_cast<double>(decoded.size()), kRate, kFrame);
    for (float s : decoded) ASSERT_LT(std::abs(s), 0.001f);
}

TEST(Recorder, AFolderThatCannotBeWrittenIsReportedNotThrown) {
    const auto start = media::RecordingClock::time_point{};
    media::Recorder recorder("/nonexistent-salotto-folder/r.ogg", "t", start);
    recorder.tick(start + std::chrono::milliseconds(100));
    const auto result = recorder.finish(start + std::chrono::milliseconds(100));
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.error.find("cannot create"), std::string::npos) << result.error;
}

TEST(RoomMix, APacketOlderThanWhatWasWrittenIsDroppedAndCounted) {
    media::RoomMix mix(0);
    audio::Encoder encoder(audio::EncoderConfig{.frame_ms = 20});
    std::vector<float> pcm(kFrame, 0.1f);
    std::vector<std::uint8_t> packet(audio::kMaxPacketBytes);
    packet.resize(static_cast<std::size_t>(encoder.encode(pcm, packet).value));
    std::int64_t written = 0;
    mix.add(1, 0, 0, packet);
    mix.advance(10 * kFrame,
                [&](std::span<const float> s) { written += static_cast<std::int64_t>(s.size()); });
    EXPECT_EQ(written, 10 * kFrame);
    // Timestamp 2 frames in, arriving at frame 3: placed at frame 2, all written already.
    mix.add(1, 2 * kFrame, 3 * kFrame, packet);
    EXPECT_EQ(mix.packets_late(), 1u);
}
