// The open connections; see connections.hpp.
#include "server/service/connections.hpp"

#include <string>

#include <spdlog/spdlog.h>

#include "core/protocol/codec.hpp"

namespace salotto::service {

Connection& Connections::open(ConnectionId id, std::string_view address, Clock::time_point now) {
    auto [it, inserted] = connections_.try_emplace(id, now);
    it->second.address = address;
    return it->second;
}

Connection* Connections::find(ConnectionId id) {
    auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : &it->second;
}

void Connections::attach(UserId user, ConnectionId id) {
    user_connections_[user].insert(id);
}

void Connections::detach(UserId user, ConnectionId id) {
    auto it = user_connections_.find(user);
    if (it == user_connections_.end()) return;
    it->second.erase(id);
    if (it->second.empty()) user_connections_.erase(it);
}

std::size_t Connections::count_of(UserId user) const {
    auto it = user_connections_.find(user);
    return it == user_connections_.end() ? 0 : it->second.size();
}

bool Connections::is_last_of(UserId user, ConnectionId id) const {
    auto it = user_connections_.find(user);
    return it != user_connections_.end() && it->second.size() == 1 && it->second.contains(id);
}

void Connections::send(ConnectionId id, const protocol::Event& event) {
    outbox_.send(id, protocol::encode(event));
}

void Connections::send_frame_to_user(UserId user, std::string_view frame) {
    auto it = user_connections_.find(user);
    if (it == user_connections_.end()) return;
    for (ConnectionId id : it->second) outbox_.send(id, frame);
}

void Connections::send_user(UserId user, const protocol::Event& event) {
    if (!user_connections_.contains(user)) return;
    send_frame_to_user(user, protocol::encode(event));
}

void Connections::send_signed_in(const protocol::Event& event) {
    const std::string frame = protocol::encode(event);
    for (const auto& [user, ids] : user_connections_)
        for (ConnectionId id : ids) outbox_.send(id, frame);
}

void Connections::reject(ConnectionId id, ErrorCode code, std::string_view in,
                         std::string_view message) {
    spdlog::debug("connection {}: rejected '{}': {}", id, in, wire_name(code));
    send(id, protocol::make_error(code, in, message));
}

void Connections::cut_off(ConnectionId id, Connection& connection, ErrorCode code,
                          std::string_view message) {
    spdlog::warn("connection {} ({}): disconnected: {}", id, connection.address, message);
    reject(id, code, "", message);
    connection.cut_off = true;
    outbox_.disconnect(id);
}

}  // namespace salotto::service
