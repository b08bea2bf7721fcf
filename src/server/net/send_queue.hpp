// What one WebSocket still has to write: signalling text and audio batches.
//
// Pure bookkeeping, no I/O, so the drop rules are unit-tested without sockets.
// Text events are never dropped and go before queued audio (a `member_updated`
// must not wait behind a quarter second of sound). Audio is bounded: when the
// queue is full the oldest queued batch is dropped, since stale audio is worth
// less than fresh; the message being written is never touched. Text that piles
// up past the limits means the client stopped reading: the session drops it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "server/service/audio_buffer.hpp"

namespace salotto::net {

inline constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxQueuedFrames = 4096;
// About 250 ms of audio for someone on stage (10 ms frames, one per message); an
// audience member's batches cover 20 ms each, so twice that.
inline constexpr std::size_t kMaxQueuedAudio = 25;

class SendQueue {
  public:
    explicit SendQueue(std::size_t max_audio = kMaxQueuedAudio) : max_audio_(max_audio) {}

    // Queues a text frame; false when the text backlog passed its limits.
    bool push_text(std::string_view frame) {
        if (text_.size() >= kMaxQueuedFrames || text_bytes_ + frame.size() > kMaxQueuedBytes)
            return false;
        text_.emplace_back(frame);
        text_bytes_ += frame.size();
        return true;
    }
    // Queues an audio batch; returns the audio frames dropped to make room.
    std::size_t push_audio(service::AudioMessage message) {
        std::size_t dropped = 0;
        if (audio_.size() >= max_audio_ && !audio_.empty()) {
            dropped = audio_.front().frames();
            audio_.pop_front();
        }
        audio_.push_back(std::move(message));
        return dropped;
    }

    struct Write {
        bool text = false;
        std::span<const std::uint8_t> bytes;
    };
    // Moves the next message into flight, text first; nothing when a write is
    // already in flight or nothing waits. The bytes stay valid until done().
    std::optional<Write> start() {
        if (busy() || empty()) return std::nullopt;
        if (!text_.empty()) {
            text_bytes_ -= text_.front().size();
            current_ = std::move(text_.front());
            text_.pop_front();
            const auto& text = std::get<std::string>(current_);
            return Write{true, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}};
        }
        current_ = std::move(audio_.front());
        audio_.pop_front();
        return Write{false, std::get<service::AudioMessage>(current_).bytes()};
    }
    // The write in flight completed (or failed); releases its buffer.
    void done() { current_ = std::monostate{}; }

    bool busy() const { return !std::holds_alternative<std::monostate>(current_); }
    bool empty() const { return text_.empty() && audio_.empty(); }
    std::size_t audio_queued() const { return audio_.size(); }
    std::size_t text_queued_bytes() const { return text_bytes_; }

  private:
    std::size_t max_audio_;
    std::deque<std::string> text_;
    std::size_t text_bytes_ = 0;
    std::deque<service::AudioMessage> audio_;
    std::variant<std::monostate, std::string, service::AudioMessage> current_;
};

}  // namespace salotto::net
