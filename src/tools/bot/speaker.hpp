// Speaks a 48 kHz mono signal into a room at real-time pace, through the same capture
// chain as the web client (core/audio/capture_chain.hpp): one frame every frame_ms
// (10 or 20); speech goes out as an upstream message (protocol/audio_packet.hpp).
// Silence is not sent unless VAD is disabled.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/audio/capture_chain.hpp"

namespace salotto::tools {

struct SpeakerConfig {
    int frame_ms = 10;
    bool vad = true;
};

struct SpeakerStats {
    std::uint64_t frames = 0;  // frames of the signal played out
    std::uint64_t sent = 0;    // of which sent (speech)
};

class Speaker {
  public:
    // send(message) carries one upstream binary message; on_done runs after the last
    // frame.
    Speaker(boost::asio::io_context& io, std::vector<float> signal, const SpeakerConfig& config,
            std::function<void(std::span<const std::uint8_t>)> send, std::function<void()> on_done);

    // Fails (false) when the encoder cannot be created.
    bool start();
    SpeakerStats stats() const { return {chain_.frames(), chain_.sent()}; }

  private:
    void tick();

    boost::asio::steady_timer timer_;
    std::vector<float> signal_;
    SpeakerConfig config_;
    std::function<void(std::span<const std::uint8_t>)> send_;
    std::function<void()> on_done_;
    audio::CaptureChain chain_;
    std::chrono::steady_clock::time_point next_;
    std::size_t position_ = 0;
    std::vector<std::uint8_t> message_;
};

}  // namespace salotto::tools
