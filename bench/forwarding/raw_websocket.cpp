// Minimal WebSocket client framing (see raw_websocket.hpp).
#include "bench/forwarding/raw_websocket.hpp"

#include <array>

namespace salotto::bench {

std::string handshake_request(std::string_view host_port, std::string_view path) {
    std::string r = "GET ";
    r.append(path).append(" HTTP/1.1\r\nHost: ").append(host_port);
    r += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return r;
}

void append_frame(std::string& out, std::uint8_t opcode, std::span<const std::uint8_t> payload) {
    static std::uint32_t counter = 0x9e3779b9;
    counter = counter * 1664525u + 1013904223u;
    const std::array<std::uint8_t, 4> mask{
        static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
        static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
    out.push_back(static_cast<char>(0x80 | opcode));
    const std::size_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<char>(0x80 | n));
    } else if (n < 65536) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(n >> 8));
        out.push_back(static_cast<char>(n & 0xff));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(n >> shift));
    }
    for (auto b : mask) out.push_back(static_cast<char>(b));
    for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
}

bool FrameParser::feed(std::span<const std::uint8_t> data, const OnMessage& on_message) {
    // Parse straight from `data` when nothing is pending (the common case); otherwise
    // from the joined bytes.
    std::span<const std::uint8_t> bytes = data;
    if (!pending_.empty()) {
        pending_.append(reinterpret_cast<const char*>(data.data()), data.size());
        bytes = {reinterpret_cast<const std::uint8_t*>(pending_.data()), pending_.size()};
    }
    std::size_t pos = 0;
    while (true) {
        const std::size_t left = bytes.size() - pos;
        if (left < 2) break;
        const std::uint8_t b0 = bytes[pos], b1 = bytes[pos + 1];
        if (b1 & 0x80) return false;  // servers never mask
        std::size_t header = 2;
        std::uint64_t length = b1 & 0x7f;
        if (length == 126) {
            if (left < 4) break;
            length = (std::uint64_t{bytes[pos + 2]} << 8) | bytes[pos + 3];
            header = 4;
        } else if (length == 127) {
            if (left < 10) break;
            length = 0;
            for (int i = 0; i < 8; ++i) length = (length << 8) | bytes[pos + 2 + i];
            header = 10;
        }
        if (left < header + length) break;
        const auto payload = bytes.subspan(pos + header, length);
        const std::uint8_t opcode = b0 & 0x0f;
        const bool fin = b0 & 0x80;
        if (opcode >= 8 || (fin && opcode != 0)) {
            on_message(opcode, payload);
        } else {
            if (opcode != 0) fragment_opcode_ = opcode;
            fragments_.append(reinterpret_cast<const char*>(payload.data()), payload.size());
            if (fin) {
                on_message(
                    fragment_opcode_,
                    {reinterpret_cast<const std::uint8_t*>(fragments_.data()), fragments_.size()});
                fragments_.clear();
            }
        }
        pos += header + length;
    }
    if (pending_.empty()) {
        pending_.assign(reinterpret_cast<const char*>(bytes.data() + pos), bytes.size() - pos);
    } else {
        pending_.erase(0, pos);
    }
    return true;
}

}  // namespace salotto::bench
