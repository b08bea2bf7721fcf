// Session registry; see hub.hpp.
#include "server/net/hub.hpp"

#include <vector>

#include "server/net/websocket_session.hpp"

namespace salotto::net {

service::ConnectionId Hub::add(std::weak_ptr<WebSocketSession> session) {
    const service::ConnectionId id = next_id_++;
    sessions_.emplace(id, std::move(session));
    return id;
}

void Hub::remove(service::ConnectionId id) {
    sessions_.erase(id);
}

void Hub::send(service::ConnectionId id, std::string_view frame) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    if (auto session = it->second.lock()) session->send(frame);
}

void Hub::send_audio(service::ConnectionId id, const service::AudioMessage& message) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    if (auto session = it->second.lock()) session->send_audio(message);
}

void Hub::disconnect(service::ConnectionId id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    if (auto session = it->second.lock()) session->close(CloseCode::policy_violation);
}

void Hub::sweep(std::chrono::steady_clock::time_point now,
                std::chrono::steady_clock::time_point stuck_deadline) {
    // Copy first: a check may finish a session, which removes it from the map.
    std::vector<std::shared_ptr<WebSocketSession>> open;
    open.reserve(sessions_.size());
    for (auto& [id, weak] : sessions_)
        if (auto session = weak.lock()) open.push_back(std::move(session));
    for (auto& session : open) session->sweep(now, stuck_deadline);
}

void Hub::close_all(CloseCode code) {
    // Copy first: closing may finish a session, which removes it from the map.
    std::vector<std::shared_ptr<WebSocketSession>> open;
    for (auto& [id, weak] : sessions_)
        if (auto session = weak.lock()) open.push_back(std::move(session));
    for (auto& session : open) session->close(code);
}

}  // namespace salotto::net
