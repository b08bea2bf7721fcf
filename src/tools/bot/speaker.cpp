// Real-time paced Opus sender (see speaker.hpp).
#include "tools/bot/speaker.hpp"

#include "core/protocol/audio_packet.hpp"

namespace salotto::tools {

Speaker::Speaker(boost::asio::io_context& io, std::vector<float> signal,
                 const SpeakerConfig& config,
                 std::function<void(std::span<const std::uint8_t>)> send,
                 std::function<void()> on_done)
    : timer_(io),
      signal_(std::move(signal)),
      config_(config),
      send_(std::move(send)),
      on_done_(std::move(on_done)),
      chain_({.frame_ms = config.frame_ms, .detect_voice = config.vad}),
      message_(protocol::kUpstreamHeaderBytes + audio::kMaxPacketBytes) {}

bool Speaker::start() {
    if (!chain_.status().ok()) return false;
    next_ = std::chrono::steady_clock::now();
    tick();
    return true;
}

void Speaker::tick() {
    const auto samples = static_cast<std::size_t>(chain_.frame_samples());
    if (position_ + samples > signal_.size()) {
        if (on_done_) on_done_();
        return;
    }
    if (const auto frame = chain_.push(std::span<const float>(signal_).subspan(position_, samples)))
        if (auto size = protocol::write_upstream(*frame, message_); size > 0)
            send_(std::span(message_).first(size));
    position_ += samples;
    next_ += std::chrono::milliseconds(config_.frame_ms);
    timer_.expires_at(next_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) tick();
    });
}

}  // namespace salotto::tools
