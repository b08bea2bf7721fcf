// Hears a room as the web client does (core/audio/room_playback.hpp): downstream
// batches feed one adaptive jitter buffer per speaker; a real-time 10 ms clock pulls
// and mixes them and hands the mix on (e.g. to a WAV file).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "core/audio/room_playback.hpp"

namespace salotto::tools {

class Listener {
  public:
    static constexpr int kBlockMs = 10;

    Listener(boost::asio::io_context& io, std::function<void(std::span<const float>)> on_mix);

    // One binary message from the server; false if it is not a valid batch.
    bool on_batch(std::span<const std::uint8_t> message);
    void start();
    void stop();

    std::uint64_t frames() const { return frames_; }
    std::uint64_t batches() const { return batches_; }
    // Per speaker id, the jitter buffer's statistics.
    std::map<std::uint32_t, audio::JitterStats> stats();

  private:
    void tick();
    static double now_ms();

    boost::asio::steady_timer timer_;
    std::function<void(std::span<const float>)> on_mix_;
    std::unique_ptr<audio::RoomPlayback> playback_;  // on the heap: 16 jitter buffers
    std::vector<float> mix_;
    std::chrono::steady_clock::time_point next_;
    std::uint64_t frames_ = 0;
    std::uint64_t batches_ = 0;
    bool running_ = false;
};

}  // namespace salotto::tools
