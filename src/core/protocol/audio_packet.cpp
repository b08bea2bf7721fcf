// Audio frame layout; see audio_packet.hpp and docs/protocol.md.
#include "core/protocol/audio_packet.hpp"

#include <cstring>

namespace salotto::protocol {

namespace {

void put16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
void put32(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}
std::uint16_t get16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
std::uint32_t get32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

}  // namespace

std::size_t write_upstream(const AudioFrame& frame, std::span<std::uint8_t> out) {
    const std::size_t size = kUpstreamHeaderBytes + frame.payload.size();
    if (frame.payload.empty() || frame.payload.size() > kMaxAudioPayload || out.size() < size)
        return 0;
    std::uint8_t* p = out.data();
    p[0] = kAudioVersion;
    p[1] = frame.level;
    put16(p + 2, frame.sequence);
    put32(p + 4, frame.timestamp);
    std::memcpy(p + kUpstreamHeaderBytes, frame.payload.data(), frame.payload.size());
    return size;
}

std::optional<AudioFrame> read_upstream(std::span<const std::uint8_t> message) {
    if (message.size() <= kUpstreamHeaderBytes ||
        message.size() > kUpstreamHeaderBytes + kMaxAudioPayload)
        return std::nullopt;
    const std::uint8_t* p = message.data();
    if (p[0] != kAudioVersion || p[1] > 127) return std::nullopt;
    AudioFrame frame;
    frame.level = p[1];
    frame.sequence = get16(p + 2);
    frame.timestamp = get32(p + 4);
    frame.payload = message.subspan(kUpstreamHeaderBytes);
    return frame;
}

BatchWriter::BatchWriter(std::span<std::uint8_t> buffer) : buffer_(buffer) {}

bool BatchWriter::add(const AudioFrame& frame) {
    const std::size_t size = kBatchFrameHeaderBytes + frame.payload.size();
    if (count_ == kMaxBatchFrames || frame.payload.empty() ||
        frame.payload.size() > kMaxAudioPayload || buffer_.size() < size_ + size)
        return false;
    std::uint8_t* p = buffer_.data() + size_;
    put32(p, frame.speaker);
    put16(p + 4, frame.sequence);
    put32(p + 6, frame.timestamp);
    p[10] = frame.level;
    put16(p + 11, static_cast<std::uint16_t>(frame.payload.size()));
    std::memcpy(p + kBatchFrameHeaderBytes, frame.payload.data(), frame.payload.size());
    size_ += size;
    ++count_;
    buffer_[0] = kAudioVersion;
    buffer_[1] = static_cast<std::uint8_t>(count_);
    return true;
}

std::span<const std::uint8_t> BatchWriter::message() const {
    if (count_ == 0) return {};
    return std::span<const std::uint8_t>(buffer_.data(), size_);
}

std::optional<std::size_t> validate_batch(std::span<const std::uint8_t> message) {
    if (message.size() < kBatchHeaderBytes || message[0] != kAudioVersion || message[1] == 0)
        return std::nullopt;
    const std::size_t count = message[1];
    std::size_t offset = kBatchHeaderBytes;
    for (std::size_t i = 0; i < count; ++i) {
        if (message.size() < offset + kBatchFrameHeaderBytes) return std::nullopt;
        const std::uint8_t* p = message.data() + offset;
        const std::size_t payload = get16(p + 11);
        if (payload == 0 || payload > kMaxAudioPayload || p[10] > 127) return std::nullopt;
        offset += kBatchFrameHeaderBytes + payload;
        if (offset > message.size()) return std::nullopt;
    }
    if (offset != message.size()) return std::nullopt;
    return count;
}

AudioFrame batch_frame_at(std::span<const std::uint8_t> message, std::size_t& offset) {
    const std::uint8_t* p = message.data() + offset;
    AudioFrame frame;
    frame.speaker = get32(p);
    frame.sequence = get16(p + 4);
    frame.timestamp = get32(p + 6);
    frame.level = p[10];
    const std::size_t payload = get16(p + 11);
    frame.payload = message.subspan(offset + kBatchFrameHeaderBytes, payload);
    offset += kBatchFrameHeaderBytes + payload;
    return frame;
}

}  // namespace salotto::protocol
