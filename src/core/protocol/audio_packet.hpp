// Binary WebSocket frames that carry audio (docs/protocol.md, "Audio frames").
//
// Upstream, a speaker sends one Opus frame per WebSocket message behind an 8-byte
// header. Downstream, the server sends batches: one message carries one or more
// frames, each stamped with the speaker's id by the server, so a listener's socket
// sees one write for several speakers (or several frames of one speaker).
// All integers are big-endian.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace salotto::protocol {

inline constexpr std::uint8_t kAudioVersion = 1;
// Upstream header: version, level, sequence (2), timestamp (4).
inline constexpr std::size_t kUpstreamHeaderBytes = 8;
// Downstream batch header: version, frame count.
inline constexpr std::size_t kBatchHeaderBytes = 2;
// Per frame in a batch: speaker (4), sequence (2), timestamp (4), level (1), size (2).
inline constexpr std::size_t kBatchFrameHeaderBytes = 13;
// The largest Opus payload accepted in one frame (Opus's own per-frame bound).
inline constexpr std::size_t kMaxAudioPayload = 1275;
inline constexpr std::size_t kMaxBatchFrames = 255;

struct AudioFrame {
    std::uint32_t speaker = 0;  // user id; set by the server, 0 upstream
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;            // 48 kHz sample clock of the first sample
    std::uint8_t level = 0;                 // 0-127, see core/audio/level_meter.hpp
    std::span<const std::uint8_t> payload;  // the Opus packet (a view, not a copy)
};

// Writes an upstream frame into `out`; returns the bytes written, or 0 if `out` is
// too small or the payload too large.
std::size_t write_upstream(const AudioFrame& frame, std::span<std::uint8_t> out);

// Reads an upstream message; nothing if it is malformed (wrong version, short, empty
// or oversize payload, level above 127). The payload views into `message`.
std::optional<AudioFrame> read_upstream(std::span<const std::uint8_t> message);

// Builds a downstream batch in a caller-owned buffer, frame by frame.
class BatchWriter {
  public:
    explicit BatchWriter(std::span<std::uint8_t> buffer);
    // Appends a frame; false (and nothing written) when it does not fit.
    bool add(const AudioFrame& frame);
    std::size_t frames() const { return count_; }
    // The finished message (empty while no frame has been added).
    std::span<const std::uint8_t> message() const;

  private:
    std::span<std::uint8_t> buffer_;
    std::size_t size_ = kBatchHeaderBytes;
    std::size_t count_ = 0;
};

// Reads a downstream batch, calling on_frame(const AudioFrame&) for each frame.
// Returns false, having delivered nothing, if the batch is malformed.
template <class OnFrame>
bool read_batch(std::span<const std::uint8_t> message, OnFrame&& on_frame);

// Checks a batch and returns its frame count, or nothing if malformed.
std::optional<std::size_t> validate_batch(std::span<const std::uint8_t> message);
// The frame starting at `offset` of a validated batch; advances `offset`.
AudioFrame batch_frame_at(std::span<const std::uint8_t> message, std::size_t& offset);

template <class OnFrame>
bool read_batch(std::span<const std::uint8_t> message, OnFrame&& on_frame) {
    const auto count = validate_batch(message);
    if (!count) return false;
    std::size_t offset = kBatchHeaderBytes;
    for (std::size_t i = 0; i < *count; ++i) on_frame(batch_frame_at(message, offset));
    return true;
}

}  // namespace salotto::protocol
