// The few parts of RFC 6455 a load generator needs, without a per-connection Beast
// stream: the client handshake request, masked client frames and an incremental
// parser for the server's unmasked frames. One buffer per connection, no allocation
// per received message, so one thread can follow thousands of listeners.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace salotto::bench {

inline constexpr std::uint8_t kOpText = 1;
inline constexpr std::uint8_t kOpBinary = 2;
inline constexpr std::uint8_t kOpClose = 8;
inline constexpr std::uint8_t kOpPing = 9;
inline constexpr std::uint8_t kOpPong = 10;

std::string handshake_request(std::string_view host_port, std::string_view path);

// Appends one masked, final client frame.
void append_frame(std::string& out, std::uint8_t opcode, std::span<const std::uint8_t> payload);

// Parses server frames from a byte stream. Fragmented messages are reassembled.
class FrameParser {
  public:
    using OnMessage = std::function<void(std::uint8_t opcode, std::span<const std::uint8_t>)>;
    // Consumes `data`; returns false on a protocol violation.
    bool feed(std::span<const std::uint8_t> data, const OnMessage& on_message);

  private:
    std::string pending_;    // bytes of an incomplete frame
    std::string fragments_;  // payload of an unfinished fragmented message
    std::uint8_t fragment_opcode_ = 0;
};

}  // namespace salotto::bench
