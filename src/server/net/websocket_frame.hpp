// The WebSocket framing the server speaks itself (RFC 6455, section 5): headers of the
// frames it writes and a reader for the frames clients send. No extensions are
// negotiated, so every RSV bit must be clear.
//
// Writing: one final, unmasked frame per message. Server-to-client frames are never
// masked, so the header and payload bytes of a message are the same for every receiver:
// an audience batch is framed once and the same bytes are written to every listener.
//
// Reading (FrameReader): pure bookkeeping over bytes, no I/O, so the rules are
// unit-tested without sockets. A frame whose header announces a message over the
// limit fails the connection before its payload is read, so no connection ever holds
// more than the limit. Bytes of an unfinished message are kept only until it completes; then their
// memory is freed, so an idle connection holds no read buffer at all, also after a maximum-size
// message.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/validation.hpp"

namespace salotto::net {

// 2 bytes up to 125 payload bytes, 4 up to 65,535, 10 beyond.
inline constexpr std::size_t kMaxFrameHeader = 10;
// Control frames (close, ping, pong) carry at most 125 bytes and are never fragmented.
inline constexpr std::size_t kMaxControlPayload = 125;

enum class FrameOpcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xa,
};

// Close codes the server sends (RFC 6455, section 7.4.1).
enum class CloseCode : std::uint16_t {
    normal = 1000,
    going_away = 1001,
    protocol_error = 1002,
    invalid_payload = 1007,
    policy_violation = 1008,  // the service disconnects an offender (Outbox::disconnect)
    too_big = 1009,
};

// Why the reader failed the connection: the close code and a short reason (it goes
// into the close frame, which leaves room for 123 bytes).
struct FrameFailure {
    CloseCode code;
    std::string_view reason;
};

// Writes the header of a final, unmasked `opcode` frame carrying `payload_size` bytes into
// `out`; returns the header's length.
inline std::size_t write_frame_header(FrameOpcode opcode, std::size_t payload_size,
                                      std::span<std::uint8_t, kMaxFrameHeader> out) {
    constexpr std::uint8_t kFinal = 0x80;
    out[0] = kFinal | static_cast<std::uint8_t>(opcode);
    if (payload_size < 126) {
        out[1] = static_cast<std::uint8_t>(payload_size);
        return 2;
    }
    if (payload_size <= 0xffff) {
        out[1] = 126;
        out[2] = static_cast<std::uint8_t>(payload_size >> 8);
        out[3] = static_cast<std::uint8_t>(payload_size);
        return 4;
    }
    out[1] = 127;
    for (std::size_t i = 0; i < 8; ++i)
        out[2 + i] =
            static_cast<std::uint8_t>(static_cast<std::uint64_t>(payload_size) >> (8 * (7 - i)));
    return 10;
}

// Reads the frames a client sends: masked, possibly fragmented, possibly split across
// reads or several in one read. It reads as a stream: only an unfinished header (at
// most 14 bytes) is kept as it is; payload bytes are unmasked as they come and are
// copied only when a message spans reads.
class FrameReader {
  public:
    // `max_message`: the largest message (all fragments together) accepted; a larger
    // one fails the connection (1009) as soon as its frame header is read.
    explicit FrameReader(std::size_t max_message) : max_message_(max_message) {}

    // Consumes `bytes` (unmasking them in place) and calls
    //   bool on_frame(FrameOpcode opcode, std::span<const std::uint8_t> payload)
    // for every whole message (text or binary, fragments joined) and
    // every control frame, in order. The payload is valid during the call only.
    // on_frame returns false to stop reading: the rest of `bytes` is dropped. Returns
    // why the connection must fail, or nothing; after a failure, or once stopped, the
    // reader reads nothing more.
    template <class OnFrame>
    std::optional<FrameFailure> feed(std::span<std::uint8_t> bytes, OnFrame&& on_frame) {
        std::size_t pos = 0;
        while (!failure_ && !stopped_ && pos < bytes.size()) {
            if (!in_payload_) {
                pos += read_header(bytes.subspan(pos));
                if (!in_payload_) continue;
                // The whole frame is here and needs no joining: hand it out in place.
                const bool whole_message = frame_.final && (is_control() || !in_message_);
                if (whole_message && bytes.size() - pos >= remaining_) {
                    const auto payload = bytes.subspan(pos, remaining_);
                    unmask(payload);
                    pos += remaining_;
                    in_payload_ = false;
                    if (is_control()) {
                        stopped_ = !on_frame(frame_.opcode, payload);
                    } else {
                        message_opcode_ = frame_.opcode;
                        stopped_ = !message(payload, on_frame);
                    }
                    continue;
                }
                if (!is_control() && frame_.opcode != FrameOpcode::continuation)
                    message_opcode_ = frame_.opcode;
                if (!is_control()) in_message_ = true;
            }
            const std::size_t take = std::min(remaining_, bytes.size() - pos);
            const auto chunk = bytes.subspan(pos, take);
            unmask(chunk);
            pos += take;
            remaining_ -= take;
            auto& keep = is_control() ? control_ : message_;
            keep.insert(keep.end(), chunk.begin(), chunk.end());
            if (remaining_ > 0) break;
            in_payload_ = false;
            if (is_control()) {
                stopped_ = !on_frame(frame_.opcode, std::span<const std::uint8_t>(control_));
                release(control_);
            } else if (frame_.final) {
                in_message_ = false;
                stopped_ = !message(message_, on_frame);
                release(message_);
            }
        }
        if (failure_ || stopped_) {
            release(message_);
            release(control_);
        }
        return failure_;
    }

    // Bytes of memory the reader holds beyond itself (unfinished messages).
    std::size_t held() const { return message_.capacity() + control_.capacity(); }

  private:
    struct Frame {
        FrameOpcode opcode = FrameOpcode::text;
        bool final = false;
        std::array<std::uint8_t, 4> mask{};
    };

    bool is_control() const { return static_cast<std::uint8_t>(frame_.opcode) & 0x8; }

    // Reads header bytes from `data` (joined with those kept from earlier reads);
    // returns how many it consumed. Sets in_payload_ once the header is whole and
    // valid, failure_ when it is invalid. Checks the header as soon as it is complete,
    // so an oversized frame fails before its payload arrives.
    std::size_t read_header(std::span<const std::uint8_t> data) {
        const std::size_t kept = header_size_;
        const std::size_t copy = std::min(data.size(), header_.size() - kept);
        std::copy_n(data.begin(), copy, header_.begin() + static_cast<std::ptrdiff_t>(kept));
        const std::size_t have = kept + copy;
        const std::size_t need = parse_header(std::span(header_).first(have));
        if (failure_) return copy;
        if (need > have) {  // incomplete
            header_size_ = have;
            return copy;
        }
        header_size_ = 0;
        in_payload_ = true;
        return need - kept;
    }

    // The header's full size if `h` holds it (then frame_ and remaining_ are set), or
    // more than h.size() when bytes are missing.
    std::size_t parse_header(std::span<const std::uint8_t> h) {
        if (h.size() < 2) return 2;
        const std::uint8_t b0 = h[0], b1 = h[1];
        if (b0 & 0x70) return fail(CloseCode::protocol_error, "reserved bits set");
        const auto opcode = static_cast<FrameOpcode>(b0 & 0x0f);
        const bool final = b0 & 0x80;
        const bool control = static_cast<std::uint8_t>(opcode) & 0x8;
        switch (opcode) {
            case FrameOpcode::continuation:
                if (!in_message_) return fail(CloseCode::protocol_error, "unexpected continuation");
                break;
            case FrameOpcode::text:
            case FrameOpcode::binary:
                if (in_message_) return fail(CloseCode::protocol_error, "message interrupted");
                break;
            case FrameOpcode::close:
            case FrameOpcode::ping:
            case FrameOpcode::pong:
                break;
            default:
                return fail(CloseCode::protocol_error, "unknown opcode");
        }
        if (!(b1 & 0x80)) return fail(CloseCode::protocol_error, "client frames must be masked");
        std::size_t size = 2;
        std::uint64_t length = b1 & 0x7f;
        if (length == 126) {
            if (h.size() < 4) return 4;
            length = (std::uint64_t{h[2]} << 8) | h[3];
            if (length < 126) return fail(CloseCode::protocol_error, "length not minimal");
            size = 4;
        } else if (length == 127) {
            if (h.size() < 10) return 10;
            length = 0;
            for (std::size_t i = 0; i < 8; ++i) length = (length << 8) | h[2 + i];
            if (length <= 0xffff || (length >> 63))
                return fail(CloseCode::protocol_error, "length not minimal");
            size = 10;
        }
        if (control && (!final || length > kMaxControlPayload))
            return fail(CloseCode::protocol_error, "bad control frame");
        const std::size_t so_far = opcode == FrameOpcode::continuation ? message_.size() : 0;
        if (!control && length > max_message_ - std::min(so_far, max_message_))
            return fail(CloseCode::too_big, "message too big");
        if (opcode == FrameOpcode::close && length == 1)
            return fail(CloseCode::protocol_error, "bad close frame");
        if (h.size() < size + 4) return size + 4;
        frame_.opcode = opcode;
        frame_.final = final;
        std::copy_n(h.begin() + static_cast<std::ptrdiff_t>(size), 4, frame_.mask.begin());
        mask_offset_ = 0;
        remaining_ = static_cast<std::size_t>(length);
        return size + 4;
    }

    void unmask(std::span<std::uint8_t> bytes) {
        for (auto& b : bytes) b ^= frame_.mask[mask_offset_++ & 3];
    }

    // A whole message.
    template <class OnFrame>
    bool message(std::span<const std::uint8_t> payload, OnFrame& on_frame) {
        if (message_opcode_ == FrameOpcode::text &&
            !validation::utf8_code_points(
                std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()))) {
            fail(CloseCode::invalid_payload, "text is not UTF-8");
            return false;
        }
        return on_frame(message_opcode_, payload);
    }

    std::size_t fail(CloseCode code, std::string_view reason) {
        failure_ = FrameFailure{code, reason};
        return 0;
    }

    static void release(std::vector<std::uint8_t>& bytes) {
        std::vector<std::uint8_t>().swap(bytes);
    }

    std::size_t max_message_;
    Frame frame_;                // the frame being read
    std::size_t remaining_ = 0;  // its payload bytes still to come
    std::uint8_t mask_offset_ = 0;
    std::array<std::uint8_t, 14> header_{};  // an unfinished header
    std::uint8_t header_size_ = 0;
    bool in_payload_ = false;
    bool in_message_ = false;  // a fragmented message is unfinished
    bool stopped_ = false;
    FrameOpcode message_opcode_ = FrameOpcode::text;
    std::vector<std::uint8_t> message_;  // an unfinished message's payload so far
    std::vector<std::uint8_t> control_;  // a control frame's payload, while it spans reads
    std::optional<FrameFailure> failure_;
};

}  // namespace salotto::net
