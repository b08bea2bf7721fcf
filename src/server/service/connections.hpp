// The open connections: what the service knows about each (greeted, signed in as
// whom, its allowances), which connections each signed-in user holds, and sending
// events to a connection, to all of a user's connections, or to everyone signed in.
//
// A user may hold several connections (tabs); the parts of the service that act for
// a user (room events, sign-outs) reach all of them through here.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/limits.hpp"
#include "server/service/outbox.hpp"

namespace salotto::service {

using protocol::UserId;

struct Connection {
    explicit Connection(Clock::time_point now) : opened(now), allowances(now) {}
    Clock::time_point opened;
    bool greeted = false;
    // A password is being hashed or verified on a worker (sign-up, log-in, password
    // change); its answer is on the way.
    bool checking_password = false;
    std::string address;
    std::optional<protocol::User> user;
    auth::TokenHash session;
    ConnectionAllowances allowances;
    bool cut_off = false;  // disconnect() was asked for: ignore what still comes
    // Rejected audio frames are answered at most once per interval (AudioForwarder).
    std::optional<Clock::time_point> last_audio_error;
    std::uint64_t audio_rejections_untold = 0;
};

// The intent being handled.
struct Request {
    ConnectionId id;
    Connection& connection;
    std::string_view type;  // the intent's wire type, a static string
    UserId user() const { return connection.user->id; }
};

class Connections {
  public:
    explicit Connections(Outbox& outbox) : outbox_(outbox) {}

    Connection& open(ConnectionId id, std::string_view address, Clock::time_point now);
    void erase(ConnectionId id) { connections_.erase(id); }
    Connection* find(ConnectionId id);
    Connection& at(ConnectionId id) { return connections_.at(id); }
    std::size_t size() const { return connections_.size(); }
    std::unordered_map<ConnectionId, Connection>& all() { return connections_; }

    // Records that connection `id` is signed in as `user`.
    void attach(UserId user, ConnectionId id);
    // Forgets that connection `id` is signed in as `user`.
    void detach(UserId user, ConnectionId id);
    // Each signed-in user with their connections.
    const std::unordered_map<UserId, std::set<ConnectionId>>& users() const {
        return user_connections_;
    }
    // How many connections `user` holds.
    std::size_t count_of(UserId user) const;
    // Whether `id` is the only connection `user` holds.
    bool is_last_of(UserId user, ConnectionId id) const;

    void send(ConnectionId id, const protocol::Event& event);
    // An encoded event to every connection of `user`.
    void send_frame_to_user(UserId user, std::string_view frame);
    void send_user(UserId user, const protocol::Event& event);
    void send_signed_in(const protocol::Event& event);
    void reject(ConnectionId id, ErrorCode code, std::string_view in,
                std::string_view message = {});
    // Sends `code` to the connection, then closes it.
    void cut_off(ConnectionId id, Connection& connection, ErrorCode code, std::string_view message);

  private:
    Outbox& outbox_;
    std::unordered_map<ConnectionId, Connection> connections_;
    std::unordered_map<UserId, std::set<ConnectionId>> user_connections_;
};

}  // namespace salotto::service
