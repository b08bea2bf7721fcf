// Everything one WebSocket still has to write, in the order it goes on the wire: the
// handshake reply, control frames (pong, ping, close), signalling text and audio
// batches, each kept as whole bytes (a frame with its header) so the session writes
// them as they are. It is the socket's only write queue: nothing reaches the socket
// except through it.
//
// Pure bookkeeping, no I/O, so the ordering and drop rules are unit-tested without
// sockets. The handshake reply goes first, then control frames (a pong must not wait
// behind a backlog; RFC 6455
// lets them go between whole messages), then text, then audio: text events are never
// dropped and go before queued audio (a `member_updated` must not wait behind a
// quarter second of sound). Audio is bounded: when the queue is full the oldest
// queued batch is dropped, since stale audio is worth less than fresh. Bytes being
// written are never touched. Text that piles up past the limits means the client
// stopped reading: the session drops the connection.
//
// The close frame is last and final: once it is queued nothing more is accepted, and
// it is handed out only when everything queued before it is (or, for a failed
// connection, everything queued is dropped first).
//
// start() hands out everything that waits (up to kMaxGather items) at once, so a
// listener that fell behind catches up with one gather write instead of one per message.
// Containers start empty and give their memory back when they empty after a burst, so
// an idle connection holds almost nothing here.
#pragma once

#include <algorithm>
#include <array>
#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
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
// Items gathered into one write at most.
inline constexpr std::size_t kMaxGather = 16;

// A first-in first-out list over a vector that frees its memory once it empties after
// holding more than a few items (the deque it replaces keeps 576 bytes even when empty).
template <class T>
class Fifo {
  public:
    bool empty() const { return head_ == items_.size(); }
    std::size_t size() const { return items_.size() - head_; }
    void push(T item) { items_.push_back(std::move(item)); }
    T& front() { return items_[head_]; }
    T pop() {
        T item = std::move(items_[head_++]);
        if (empty()) clear();
        return item;
    }
    // Frees the memory of an empty list.
    void release() {
        if (empty()) std::vector<T>().swap(items_), head_ = 0;
    }
    void clear() {
        if (items_.capacity() > kKeep)
            std::vector<T>().swap(items_);
        else
            items_.clear();
        head_ = 0;
    }

  private:
    static constexpr std::size_t kKeep = 4;
    std::vector<T> items_;
    std::size_t head_ = 0;
};

class SendQueue {
  public:
    enum class Kind : std::uint8_t { raw, control, text, audio };
    struct Write {
        Kind kind;
        bool close = false;                     // the close frame: nothing follows it
        std::span<const std::uint8_t> payload;  // the message inside the frame
    };

    explicit SendQueue(std::size_t max_audio = kMaxQueuedAudio) : max_audio_(max_audio) {}

    // Queues bytes that are not a frame (the handshake reply); they go before anything
    // queued after them.
    void push_raw(std::string bytes) {
        if (close_) return;
        text_bytes_ += bytes.size();
        const std::size_t counted = bytes.size();
        text_.push({std::move(bytes), Kind::raw, counted});
    }
    // Queues a text frame; false when the text backlog passed its limits (the client
    // stopped reading) or the close frame was queued.
    bool push_text(std::string_view payload) {
        if (close_) return false;
        if (text_.size() >= kMaxQueuedFrames || text_bytes_ + payload.size() > kMaxQueuedBytes)
            return false;
        text_bytes_ += payload.size();
        text_.push({framed(FrameOpcode::text, payload), Kind::text, payload.size()});
        return true;
    }
    // Queues an audio batch; returns the audio frames dropped to make room. Nothing is
    // queued once the close frame is.
    std::size_t push_audio(service::AudioMessage message) {
        if (close_) return 0;
        std::size_t dropped = 0;
        if (audio_.size() >= max_audio_ && !audio_.empty()) dropped = audio_.pop().frames();
        audio_.push(std::move(message));
        return dropped;
    }
    // Queues a pong answering a ping; a pong still waiting is replaced (RFC 6455 5.5.3
    // allows answering only the latest ping).
    void push_pong(std::span<const std::uint8_t> payload) {
        if (close_) return;
        pong_ = framed(FrameOpcode::pong,
                       as_text(payload.first(std::min(payload.size(), kMaxControlPayload))));
    }
    // Queues a keep-alive ping, unless one is waiting already.
    void push_ping() {
        if (close_ || ping_) return;
        ping_ = framed(FrameOpcode::ping, {});
    }
    // Queues the close frame. `after_queued`: it goes after everything queued so far
    // (a graceful close); otherwise what waits is dropped and it goes next (a failed
    // connection, or the answer to the client's close). Only the first call counts.
    void push_close(CloseCode code, std::string_view reason, bool after_queued) {
        if (close_) return;
        if (!after_queued) {
            text_.clear();
            text_bytes_ = 0;
            audio_.clear();
            pong_.reset();
            ping_.reset();
        }
        std::string payload;
        payload.push_back(static_cast<char>(static_cast<std::uint16_t>(code) >> 8));
        payload.push_back(static_cast<char>(static_cast<std::uint16_t>(code) & 0xff));
        payload.append(reason.substr(0, kMaxControlPayload - 2));
        close_ = framed(FrameOpcode::close, payload);
    }

    // Moves what waits into flight (up to `max` items, in wire order) and returns it;
    // nothing when a write is already in flight or nothing waits. The bytes stay valid
    // until done(); buffers() are the same items as Asio buffers.
    std::span<const Write> start(std::size_t max = kMaxGather) {
        if (busy()) return {};
        max = std::min(max, kMaxGather);
        // Reserved first: a short string keeps its bytes inside itself, so the vector
        // must not move them once their buffers are taken.
        text_flight_.reserve(std::min(max, text_.size() + 3));
        // The handshake reply precedes every frame.
        while (writes_.size() < max && !text_.empty() && text_.front().kind == Kind::raw)
            fly_text();
        for (auto* control : {&pong_, &ping_})
            if (*control && writes_.size() < max) {
                fly(Kind::control, std::move(**control));
                control->reset();
            }
        while (writes_.size() < max && !text_.empty()) fly_text();
        while (writes_.size() < max && !audio_.empty()) {
            const auto& message = audio_flight_.emplace_back(audio_.pop());
            const auto frame = message.framed(
                [](std::span<std::uint8_t, service::kFramePrefixRoom> out, std::size_t size) {
                    return write_frame_header(FrameOpcode::binary, size, out);
                });
            writes_.push_back({Kind::audio, false, message.bytes()});
            buffers_.emplace_back(frame.data(), frame.size());
        }
        if (writes_.size() < max && close_ && text_.empty() && audio_.empty() && !close_started_) {
            close_started_ = true;
            fly(Kind::control, *close_);
            writes_.back().close = true;
        }
        return writes_;
    }
    std::span<const boost::asio::const_buffer> buffers() const { return buffers_; }
    // What start() handed out, until done().
    std::span<const Write> in_flight() const { return writes_; }
    // The writes in flight completed (or failed); releases their buffers.
    void done() {
        writes_.clear();
        buffers_.clear();
        text_flight_.clear();
        audio_flight_.clear();
        if (buffers_.capacity() > kMaxGather / 2) {
            // A catch-up burst grew them: give the memory back.
            std::vector<Write>().swap(writes_);
            std::vector<boost::asio::const_buffer>().swap(buffers_);
            std::vector<std::string>().swap(text_flight_);
            std::vector<service::AudioMessage>().swap(audio_flight_);
        }
    }

    // Gives back the memory kept for the next write while none is in flight, and that
    // of empty lists: the session calls it once a second, so a busy queue keeps its
    // buffers (no allocation per write) and an idle one holds almost nothing.
    void trim() {
        if (busy()) return;
        std::vector<Write>().swap(writes_);
        std::vector<boost::asio::const_buffer>().swap(buffers_);
        std::vector<std::string>().swap(text_flight_);
        std::vector<service::AudioMessage>().swap(audio_flight_);
        text_.release();
        audio_.release();
    }

    bool busy() const { return !writes_.empty(); }
    // Nothing waits to be handed out (a close frame handed out already counts as gone).
    bool empty() const {
        return text_.empty() && audio_.empty() && !pong_ && !ping_ && (!close_ || close_started_);
    }
    bool close_queued() const { return close_.has_value(); }
    std::size_t audio_queued() const { return audio_.size(); }
    std::size_t text_queued_bytes() const { return text_bytes_; }

  private:
    struct Item {
        std::string bytes;  // a whole frame, or the raw handshake reply
        Kind kind;
        std::size_t counted;  // what it adds to text_bytes_
    };

    static std::string_view as_text(std::span<const std::uint8_t> bytes) {
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    }
    static std::string framed(FrameOpcode opcode, std::string_view payload) {
        std::array<std::uint8_t, kMaxFrameHeader> header{};
        const std::size_t header_size = write_frame_header(opcode, payload.size(), header);
        std::string frame;
        frame.reserve(header_size + payload.size());
        frame.append(reinterpret_cast<const char*>(header.data()), header_size);
        frame.append(payload);
        return frame;
    }
    void fly_text() {
        auto item = text_.pop();
        text_bytes_ -= item.counted;
        fly(item.kind, std::move(item.bytes));
    }
    void fly(Kind kind, std::string bytes) {
        const std::string& frame = text_flight_.emplace_back(std::move(bytes));
        const auto wire =
            std::span(reinterpret_cast<const std::uint8_t*>(frame.data()), frame.size());
        const std::size_t header = kind == Kind::raw         ? 0
                                   : (wire[1] & 0x7f) < 126  ? 2
                                   : (wire[1] & 0x7f) == 126 ? 4
                                                             : 10;
        writes_.push_back({kind, false, wire.subspan(header)});
        buffers_.emplace_back(frame.data(), frame.size());
    }

    std::size_t max_audio_;
    Fifo<Item> text_;             // raw bytes and text frames
    std::size_t text_bytes_ = 0;  // payload bytes waiting in text_
    Fifo<service::AudioMessage> audio_;
    std::optional<std::string> pong_, ping_, close_;  // whole frames
    bool close_started_ = false;
    std::vector<Write> writes_;  // in flight
    std::vector<boost::asio::const_buffer> buffers_;
    std::vector<std::string> text_flight_;
    std::vector<service::AudioMessage> audio_flight_;
};

}  // namespace salotto::net
