// WebSocket frame headers the server writes itself (RFC 6455, section 5.2): one final,
// unmasked frame per message. Server-to-client frames are never masked, so the header and
// payload bytes of a message are the same for every receiver: an audience batch is framed
// once and the same bytes are written to every listener.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace salotto::net {

// 2 bytes up to 125 payload bytes, 4 up to 65,535, 10 beyond.
inline constexpr std::size_t kMaxFrameHeader = 10;

enum class FrameOpcode : std::uint8_t { text = 0x1, binary = 0x2 };

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

}  // namespace salotto::net
