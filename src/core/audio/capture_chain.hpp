// What someone on stage sends, frame by frame: the frame's level, the voice
// detector's verdict, and for speech an Opus packet with its sequence number and
// sample-clock timestamp, ready for protocol::write_upstream. The web client's
// capture worklet and the native bot both run this chain, so they send alike
// (docs/audio.md, "Capture").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "core/audio/level_meter.hpp"
#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"

namespace salotto::audio {

struct CaptureConfig {
    int frame_ms = 10;                      // 10 or 20
    int bitrate = EncoderConfig{}.bitrate;  // bits per second
    bool detect_voice = true;               // false: every frame is sent (tests, bots)
};

class CaptureChain {
  public:
    explicit CaptureChain(const CaptureConfig& config = {});

    // Whether the encoder could be created; nothing is sent otherwise.
    CodecStatus status() const { return encoder_.status(); }
    int frame_samples() const { return encoder_.frame_samples(); }

    // Takes one frame of frame_samples() samples in [-1, 1]. Returns the frame to send
    // (its payload views into this chain, valid until the next call), or nothing for
    // silence, while muted, or when encoding failed. Silence and muted frames still
    // advance the sample clock, so the listener's jitter buffer sees the gap as the
    // end of a talk spurt; only frames that are sent are encoded.
    std::optional<protocol::AudioFrame> push(std::span<const float> frame);

    // While muted, frames are counted but neither encoded nor sent, and the level is 0.
    void set_muted(bool muted) { muted_ = muted; }
    // The 0-127 level of the latest frame (0 while muted).
    int level() const { return level_; }
    // Whether the voice detector currently lets frames through.
    bool speaking() const { return voice_.speaking(); }
    std::uint64_t frames() const { return frames_; }
    std::uint64_t sent() const { return sent_; }

  private:
    CaptureConfig config_;
    Encoder encoder_;
    VoiceDetector voice_;
    std::array<std::uint8_t, kMaxPacketBytes> packet_{};
    std::uint32_t clock_ = 0;  // 48 kHz sample clock of the next frame's first sample
    std::uint16_t sequence_ = 0;
    int level_ = 0;
    bool muted_ = false;
    std::uint64_t frames_ = 0;
    std::uint64_t sent_ = 0;
};

}  // namespace salotto::audio
