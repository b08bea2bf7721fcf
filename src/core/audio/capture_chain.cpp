// The capture chain; see capture_chain.hpp.
#include "core/audio/capture_chain.hpp"

namespace salotto::audio {

CaptureChain::CaptureChain(const CaptureConfig& config)
    : config_(config),
      encoder_(EncoderConfig{.bitrate = config.bitrate, .frame_ms = config.frame_ms}) {}

std::optional<protocol::AudioFrame> CaptureChain::push(std::span<const float> frame) {
    const std::uint32_t timestamp = clock_;
    clock_ += static_cast<std::uint32_t>(frame.size());
    ++frames_;
    level_ = muted_ ? 0 : frame_level(frame);
    if (muted_ || !encoder_.status().ok()) return std::nullopt;
    // The detector keeps a short hangover, so word gaps and the tail of a word are sent.
    const bool speech = voice_.update(level_, config_.frame_ms);
    if (config_.detect_voice && !speech) return std::nullopt;
    const auto encoded = encoder_.encode(frame, packet_);
    if (!encoded.ok()) return std::nullopt;
    ++sent_;
    return protocol::AudioFrame{
        .sequence = sequence_++,
        .timestamp = timestamp,
        .level = static_cast<std::uint8_t>(level_),
        .payload =
            std::span<const std::uint8_t>(packet_.data(), static_cast<std::size_t>(encoded.value)),
    };
}

}  // namespace salotto::audio
