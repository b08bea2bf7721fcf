// The registry of open WebSocket sessions by connection id. It is the service's
// Outbox: an event or audio batch for a connection id lands in that session's
// write queue.
#pragma once

#include <chrono>
#include <memory>
#include <unordered_map>

#include "server/net/websocket_frame.hpp"
#include "server/service/service.hpp"

namespace salotto::net {

class WebSocketSession;

class Hub : public service::Outbox {
  public:
    service::ConnectionId add(std::weak_ptr<WebSocketSession> session);
    void remove(service::ConnectionId id);

    void send(service::ConnectionId id, std::string_view frame) override;
    void send_audio(service::ConnectionId id, const service::AudioMessage& message) override;
    // Closes the session with 1008 (policy violation) once what is queued for it, such
    // as the error saying why, has been written.
    void disconnect(service::ConnectionId id) override;
    // Runs every session's once-a-second checks (WebSocketSession::sweep): a write in
    // flight since before `stuck_deadline` disconnects (a listener that stopped reading).
    void sweep(std::chrono::steady_clock::time_point now,
               std::chrono::steady_clock::time_point stuck_deadline);
    // Starts a close handshake on every open session (server shutdown).
    void close_all(CloseCode code);
    std::size_t size() const { return sessions_.size(); }

  private:
    std::unordered_map<service::ConnectionId, std::weak_ptr<WebSocketSession>> sessions_;
    service::ConnectionId next_id_ = 1;
};

}  // namespace salotto::net
