// Where the service's events go: the one interface between the service and the
// network layer. The network layer queues each frame on the connection's socket;
// tests record them. Connections are plain ids here, so every rule of
// docs/protocol.md is testable without sockets.
#pragma once

#include <cstdint>
#include <string_view>

#include "server/service/audio_buffer.hpp"

namespace salotto::service {

using ConnectionId = std::uint64_t;

class Outbox {
  public:
    virtual ~Outbox() = default;
    // One encoded event (a text frame) for `connection`.
    virtual void send(ConnectionId connection, std::string_view frame) = 0;
    // One downstream audio batch (a binary frame) for `connection`. The same
    // message goes to many connections; keep the handle, never copy the bytes.
    virtual void send_audio(ConnectionId connection, const AudioMessage& message) = 0;
    // Closes `connection` once what is queued for it (the error saying why) is written.
    virtual void disconnect(ConnectionId connection) = 0;
};

}  // namespace salotto::service
