// What one WebSocket still has to write: signalling text and audio batches, each kept
// as a whole WebSocket frame (header and payload) so the session writes them as they are.
//
// Pure bookkeeping, no I/O, so the drop rules are unit-tested without sockets.
// Text events are never dropped and go before queued audio (a `member_updated`
// must not wait behind a quarter second of sound). Audio is bounded: when the
// queue is full the oldest queued batch is dropped, since stale audio is worth
// less than fresh; messages being written are never touched. Text that piles
// up past the limits means the client stopped reading: the session drops it.
//
// start() hands out everything that waits (up to kMaxGather messages) at once, so a
// listener that fell behind catches up with one gather write instead of one per message.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "server/net/websocket_frame.hpp"
#include "server/service/audio_buffer.hpp"

namespace salotto::net {

inline constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxQueuedFrames = 4096;
// About 250 ms of audio for someone on stage (10 ms frames, one per message); an
// audience member's batches cover 20 ms or more each, so longer.
inline constexpr std::size_t kMaxQueuedAudio = 25;
static_assert(kMaxFrameHeader == service::kFramePrefixRoom);
// Messages gathered into one write at most.
inline constexpr std::size_t kMaxGather = 16;

class SendQueue {
  public:
    explicit SendQueue(std::size_t max_audio = kMaxQueuedAudio) : max_audio_(max_audio) {}

    // Queues a text frame; false when the text backlog passed its limits.
    bool push_text(std::string_view payload) {
        if (text_.size() >= kMaxQueuedFrames || text_bytes_ + payload.size() > kMaxQueuedBytes)
            return false;
        std::array<std::uint8_t, kMaxFrameHeader> header{};
        const std::size_t header_size =
            write_frame_header(FrameOpcode::text, payload.size(), header);
        std::string& frame = text_.emplace_back();
        frame.reserve(header_size + payload.size());
        frame.append(reinterpret_cast<const char*>(header.data()), header_size);
        frame.append(payload);
        text_bytes_ += payload.size();
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
        std::span<const std::uint8_t> frame;    // what goes on the wire
        std::span<const std::uint8_t> payload;  // the message inside the frame
    };
    // Moves what waits into flight (up to `max` messages, text first) and returns it;
    // nothing when a write is already in flight or nothing waits. The bytes stay valid
    // until done().
    std::span<const Write> start(std::size_t max = kMaxGather) {
        if (busy()) return {};
        if (writes_.capacity() == 0) {  // once per queue, so steady state allocates nothing
            writes_.reserve(kMaxGather);
            text_flight_.reserve(kMaxGather);
            audio_flight_.reserve(kMaxGather);
        }
        max = std::min(max, kMaxGather);
        while (writes_.size() < max && !text_.empty()) {
            std::string& frame = text_flight_.emplace_back(std::move(text_.front()));
            text_.pop_front();
            const auto bytes =
                std::span(reinterpret_cast<const std::uint8_t*>(frame.data()), frame.size());
            const std::size_t header_size = header_size_of(bytes);
            text_bytes_ -= bytes.size() - header_size;
            writes_.push_back({true, bytes, bytes.subspan(header_size)});
        }
        while (writes_.size() < max && !audio_.empty()) {
            const auto& message = audio_flight_.emplace_back(std::move(audio_.front()));
            audio_.pop_front();
            const auto frame = message.framed(
                [](std::span<std::uint8_t, service::kFramePrefixRoom> out, std::size_t size) {
                    return write_frame_header(FrameOpcode::binary, size, out);
                });
            writes_.push_back({false, frame, message.bytes()});
        }
        return writes_;
    }
    // The writes in flight completed (or failed); releases their buffers.
    void done() {
        writes_.clear();
        text_flight_.clear();
        audio_flight_.clear();
    }

    bool busy() const { return !writes_.empty(); }
    bool empty() const { return text_.empty() && audio_.empty(); }
    std::size_t audio_queued() const { return audio_.size(); }
    std::size_t text_queued_bytes() const { return text_bytes_; }

  private:
    static std::size_t header_size_of(std::span<const std::uint8_t> frame) {
        const std::uint8_t length = frame[1] & 0x7f;
        return length < 126 ? 2 : length == 126 ? 4 : 10;
    }

    std::size_t max_audio_;
    std::deque<std::string> text_;  // whole frames
    std::size_t text_bytes_ = 0;    // payload bytes waiting
    std::deque<service::AudioMessage> audio_;
    std::vector<Write> writes_;  // in flight
    std::vector<std::string> text_flight_;
    std::vector<service::AudioMessage> audio_flight_;
};

}  // namespace salotto::net
