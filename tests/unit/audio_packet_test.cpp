// Binary audio frames: upstream frames and downstream batches, round trips and
// malformed input.
#include "core/protocol/audio_packet.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace salotto::protocol {
namespace {

const std::array<std::uint8_t, 5> kOpus{0x78, 0x01, 0x02, 0x03, 0x04};

TEST(AudioPacket, UpstreamRoundTrip) {
    std::array<std::uint8_t, 64> buffer{};
    AudioFrame frame{.sequence = 0xBEEF, .timestamp = 0xDEADBEEF, .level = 99, .payload = kOpus};
    const std::size_t size = write_upstream(frame, buffer);
    ASSERT_EQ(size, kUpstreamHeaderBytes + kOpus.size());
    EXPECT_EQ(buffer[0], kAudioVersion);
    EXPECT_EQ(buffer[2], 0xBE) << "big-endian sequence";
    auto read = read_upstream(std::span(buffer).first(size));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->sequence, 0xBEEF);
    EXPECT_EQ(read->timestamp, 0xDEADBEEFu);
    EXPECT_EQ(read->level, 99);
    EXPECT_EQ(read->speaker, 0u);
    EXPECT_TRUE(std::equal(read->payload.begin(), read->payload.end(), kOpus.begin(), kOpus.end()));
}

TEST(AudioPacket, UpstreamRejectsMalformed) {
    std::array<std::uint8_t, 64> buffer{};
    AudioFrame frame{.level = 10, .payload = kOpus};
    const std::size_t size = write_upstream(frame, buffer);
    auto message = std::span<const std::uint8_t>(buffer).first(size);
    EXPECT_FALSE(read_upstream(message.first(kUpstreamHeaderBytes)).has_value()) << "no payload";
    EXPECT_FALSE(read_upstream(message.first(3)).has_value()) << "short";
    EXPECT_FALSE(read_upstream({}).has_value());
    buffer[0] = 2;
    EXPECT_FALSE(read_upstream(message).has_value()) << "unknown version";
    buffer[0] = kAudioVersion;
    buffer[1] = 200;
    EXPECT_FALSE(read_upstream(message).has_value()) << "level above 127";
    std::vector<std::uint8_t> huge(kUpstreamHeaderBytes + kMaxAudioPayload + 1, 0);
    huge[0] = kAudioVersion;
    EXPECT_FALSE(read_upstream(huge).has_value()) << "oversize payload";
    std::array<std::uint8_t, 4> tiny{};
    EXPECT_EQ(write_upstream(frame, tiny), 0u) << "output too small";
    EXPECT_EQ(write_upstream(AudioFrame{}, buffer), 0u) << "empty payload";
}

TEST(AudioPacket, BatchRoundTrip) {
    std::array<std::uint8_t, 256> buffer{};
    BatchWriter writer(buffer);
    EXPECT_TRUE(writer.message().empty());
    const std::array<std::uint8_t, 3> other{9, 8, 7};
    ASSERT_TRUE(
        writer.add({.speaker = 7, .sequence = 1, .timestamp = 480, .level = 90, .payload = kOpus}));
    ASSERT_TRUE(writer.add(
        {.speaker = 0x01020304, .sequence = 65535, .timestamp = 0, .level = 0, .payload = other}));
    EXPECT_EQ(writer.frames(), 2u);
    std::vector<AudioFrame> frames;
    std::vector<std::vector<std::uint8_t>> payloads;
    ASSERT_TRUE(read_batch(writer.message(), [&](const AudioFrame& f) {
        frames.push_back(f);
        payloads.emplace_back(f.payload.begin(), f.payload.end());
    }));
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0].speaker, 7u);
    EXPECT_EQ(frames[0].timestamp, 480u);
    EXPECT_EQ(frames[0].level, 90);
    EXPECT_EQ(payloads[0], std::vector<std::uint8_t>(kOpus.begin(), kOpus.end()));
    EXPECT_EQ(frames[1].speaker, 0x01020304u);
    EXPECT_EQ(frames[1].sequence, 65535);
    EXPECT_EQ(payloads[1], std::vector<std::uint8_t>(other.begin(), other.end()));
}

TEST(AudioPacket, BatchWriterStopsWhenFull) {
    std::array<std::uint8_t, kBatchHeaderBytes + kBatchFrameHeaderBytes + 5 + 4> buffer{};
    BatchWriter writer(buffer);
    EXPECT_TRUE(writer.add({.speaker = 1, .payload = kOpus}));
    EXPECT_FALSE(writer.add({.speaker = 2, .payload = kOpus}));
    EXPECT_EQ(writer.frames(), 1u);
    EXPECT_TRUE(validate_batch(writer.message()).has_value()) << "still a valid batch";
}

TEST(AudioPacket, BatchRejectsMalformed) {
    std::array<std::uint8_t, 64> buffer{};
    BatchWriter writer(buffer);
    ASSERT_TRUE(writer.add({.speaker = 1, .level = 5, .payload = kOpus}));
    std::vector<std::uint8_t> good(writer.message().begin(), writer.message().end());
    int calls = 0;
    auto count = [&](const AudioFrame&) { ++calls; };

    auto truncated = good;
    truncated.pop_back();
    EXPECT_FALSE(read_batch(truncated, count));
    auto trailing = good;
    trailing.push_back(0);
    EXPECT_FALSE(read_batch(trailing, count));
    auto more_frames_claimed = good;
    more_frames_claimed[1] = 2;
    EXPECT_FALSE(read_batch(more_frames_claimed, count));
    auto zero_frames = good;
    zero_frames[1] = 0;
    EXPECT_FALSE(read_batch(zero_frames, count));
    auto bad_version = good;
    bad_version[0] = 0;
    EXPECT_FALSE(read_batch(bad_version, count));
    EXPECT_FALSE(read_batch({}, count));
    EXPECT_EQ(calls, 0) << "a malformed batch delivers nothing";
    EXPECT_TRUE(read_batch(good, count));
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace salotto::protocol
