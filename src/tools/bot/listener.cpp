// Jitter buffers + mixer on a real-time clock (see listener.hpp).
#include "tools/bot/listener.hpp"

#include <array>

#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"

namespace salotto::tools {

namespace {
constexpr std::size_t kBlockSamples = Listener::kBlockMs * audio::kSamplesPerMs;
}

Listener::Listener(boost::asio::io_context& io, std::function<void(std::span<const float>)> on_mix)
    : timer_(io),
      on_mix_(std::move(on_mix)),
      playback_(std::make_unique<audio::RoomPlayback>()),
      mix_(kBlockSamples) {}

double Listener::now_ms() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool Listener::on_batch(std::span<const std::uint8_t> message) {
    const double arrival = now_ms();
    const bool ok = protocol::read_batch(message, [&](const protocol::AudioFrame& frame) {
        playback_->push(frame, arrival);
        ++frames_;
    });
    if (ok) ++batches_;
    return ok;
}

void Listener::start() {
    running_ = true;
    next_ = std::chrono::steady_clock::now();
    tick();
}

void Listener::stop() {
    running_ = false;
    timer_.cancel();
}

void Listener::tick() {
    if (!running_) return;
    playback_->pull(mix_);
    on_mix_(mix_);
    next_ += std::chrono::milliseconds(kBlockMs);
    timer_.expires_at(next_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) tick();
    });
}

std::map<std::uint32_t, audio::JitterStats> Listener::stats() {
    std::array<audio::SpeakerReport, audio::RoomPlayback::kMaxSpeakers> reports;
    const int n = playback_->report(reports);
    std::map<std::uint32_t, audio::JitterStats> out;
    for (const auto& r : std::span(reports).first(static_cast<std::size_t>(n)))
        out[r.id] = r.jitter;
    return out;
}

}  // namespace salotto::tools
