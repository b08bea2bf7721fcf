// Shared, pooled buffers for downstream audio batches.
//
// The forwarder builds each outgoing batch once and hands the same bytes to every
// listener's send queue, so a message is refcounted rather than copied. Blocks come
// from a free list and go back to it when the last queue lets go, so steady-state
// forwarding allocates nothing. Single-threaded like the rest of the server: the
// refcount is a plain integer.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "core/protocol/audio_packet.hpp"

namespace salotto::service {

// One block holds one batch message. 8 KiB fits six maximum-size Opus frames or
// dozens of typical ones (about 40-120 bytes each at speech bit rates).
inline constexpr std::size_t kAudioBlockBytes = 8 * 1024;
// Room kept in front of the message for the transport's frame header (a WebSocket
// header is at most 10 bytes), so header and message go out as one contiguous buffer.
inline constexpr std::size_t kFramePrefixRoom = 10;

class AudioBufferPool;

namespace detail {
struct AudioPoolCore;
struct AudioBlock {
    std::array<std::uint8_t, kFramePrefixRoom + kAudioBlockBytes> data{};
    std::size_t size = 0;    // of the message, which starts at data[kFramePrefixRoom]
    std::size_t prefix = 0;  // frame header bytes written in front of it, 0 until framed
    std::size_t frames = 0;
    std::uint32_t refs = 0;
    // Set while the block is out of the pool: keeps the pool alive until every
    // block is back, even if its owner is destroyed first (sessions can outlive
    // the service at shutdown).
    std::shared_ptr<AudioPoolCore> home;
};
}  // namespace detail

// A finished batch message: a counted reference to an immutable block.
class AudioMessage {
  public:
    AudioMessage() = default;
    AudioMessage(const AudioMessage& other) : block_(other.block_) {
        if (block_) ++block_->refs;
    }
    AudioMessage(AudioMessage&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
    AudioMessage& operator=(AudioMessage other) noexcept {
        std::swap(block_, other.block_);
        return *this;
    }
    ~AudioMessage() { reset(); }

    explicit operator bool() const { return block_ != nullptr; }
    std::span<const std::uint8_t> bytes() const {
        return block_ ? std::span<const std::uint8_t>(block_->data.data() + kFramePrefixRoom,
                                                      block_->size)
                      : std::span<const std::uint8_t>();
    }
    // The message behind its transport frame header. The first caller's
    // `write_header(std::span<std::uint8_t, kFramePrefixRoom> out, std::size_t size)`
    // writes the header for a `size`-byte message into `out` and returns its length;
    // every later caller gets the same bytes, so a batch is framed once for all its
    // listeners. Callers must all want the same header.
    template <class WriteHeader>
    std::span<const std::uint8_t> framed(WriteHeader&& write_header) const {
        if (!block_) return {};
        std::uint8_t* message = block_->data.data() + kFramePrefixRoom;
        if (block_->prefix == 0) {
            std::array<std::uint8_t, kFramePrefixRoom> header{};
            block_->prefix = write_header(std::span(header), block_->size);
            std::copy_n(header.begin(), block_->prefix, message - block_->prefix);
        }
        return {message - block_->prefix, block_->prefix + block_->size};
    }
    // Audio frames in the batch, for the counters.
    std::size_t frames() const { return block_ ? block_->frames : 0; }
    void reset() noexcept;

  private:
    friend class BatchBuilder;
    explicit AudioMessage(detail::AudioBlock* block) : block_(block) { ++block_->refs; }

    detail::AudioBlock* block_ = nullptr;
};

class AudioBufferPool {
  public:
    AudioBufferPool();
    // Blocks ever allocated (the pool's high-water mark), for tests and logs.
    std::size_t allocated() const;

  private:
    friend class BatchBuilder;
    detail::AudioBlock* take();

    std::shared_ptr<detail::AudioPoolCore> core_;
};

// Builds one batch in a pooled block, frame by frame, then seals it.
class BatchBuilder {
  public:
    explicit BatchBuilder(AudioBufferPool& pool);
    // Appends a frame; false when the batch is full (255 frames or the block size).
    bool add(const protocol::AudioFrame& frame) { return writer_.add(frame); }
    std::size_t frames() const { return writer_.frames(); }
    // The finished message; the builder must not be used afterwards.
    AudioMessage finish();

  private:
    AudioMessage block_;
    protocol::BatchWriter writer_;
};

}  // namespace salotto::service
