// The registry of open WebSocket sessions by connection id. It is the service's
// Outbox: an event or audio batch for a connection id lands in that session's
// write queue.
#pragma once

#include <boost/beast/websocket/rfc6455.hpp>
#include <chrono>
#include <memory>
#include <unordered_map>

#include "server/service/service.hpp"

namespace salotto::net {

class WebSocketSession;

class Hub : public service::Outbox {
  public:
    service::ConnectionId add(std::weak_ptr<WebSocketSession> session);
    void remove(service::ConnectionId id);

    void send(service::ConnectionId id, std::string_view frame) override;
    void send_audio(service::ConnectionId id, const service::AudioMessage& message) override;
    void disconnect(service::ConnectionId id) override;
    // Disconnects every session with a write (its own or Beast's) in flight since
    // before `deadline` (a listener that stopped reading).
    void drop_stuck(std::chrono::steady_clock::time_point deadline);
    // Starts a close handshake on every open session (server shutdown).
    void close_all(boost::beast::websocket::close_code code);
    std::size_t size() const { return sessions_.size(); }

  private:
    std::unordered_map<service::ConnectionId, std::weak_ptr<WebSocketSession>> sessions_;
    service::ConnectionId next_id_ = 1;
};

}  // namespace salotto::net
