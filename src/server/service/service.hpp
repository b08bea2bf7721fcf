// The signalling service: connections, sessions, the hallway and live rooms.
//
// It sees connections only as ids and text frames: the network layer feeds it what
// arrives (open, text, binary, close) and it answers through an Outbox. So every
// rule of docs/protocol.md is testable without sockets, and all state lives on the
// one thread that calls it (no locks).
//
// A user may hold several connections (tabs). Room membership belongs to the user:
// every connection of the user gets the user's room events, and the user leaves the
// room when their last connection closes or signs out.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/protocol/messages.hpp"
#include "core/room/room.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/token_bucket.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

using ConnectionId = std::uint64_t;
using protocol::UserId;

// Where the service's events go. The network layer queues each frame on the
// connection's socket; tests record them.
class Outbox {
  public:
    virtual ~Outbox() = default;
    // One encoded event (a text frame) for `connection`.
    virtual void send(ConnectionId connection, std::string_view frame) = 0;
};

// Limits of docs/protocol.md, "Limits".
inline constexpr double kIntentBurst = 40;
inline constexpr double kIntentsPerSecond = 20;
inline constexpr double kSignInBurst = 10;
inline constexpr double kSignInsPerSecond = 10.0 / 60.0;

struct ServiceOptions {
    std::string server_name = "salotto-server";
    std::function<TokenBucket::Clock::time_point()> steady_now = TokenBucket::Clock::now;
    auth::UnixClock unix_now = auth::system_unix_now;
};

class Service {
  public:
    Service(auth::Accounts& accounts, storage::Store& store, Outbox& outbox,
            ServiceOptions options = {});

    void open(ConnectionId connection);
    // One text frame as received, already within the transport's hard size cap.
    void text(ConnectionId connection, std::string_view frame);
    // A binary frame: not part of protocol version 1's signalling.
    void binary(ConnectionId connection);
    void close(ConnectionId connection);

    std::size_t connection_count() const { return connections_.size(); }
    std::size_t room_count() const { return rooms_.size(); }

  private:
    struct Connection {
        explicit Connection(TokenBucket::Clock::time_point now)
            : intents(kIntentBurst, kIntentsPerSecond, now),
              sign_ins(kSignInBurst, kSignInsPerSecond, now) {}
        bool greeted = false;
        std::optional<protocol::User> user;
        auth::TokenHash session;
        TokenBucket intents;
        TokenBucket sign_ins;
    };
    struct LiveRoom {
        room::Room room;
        std::uint64_t opened = 0;  // creation order, for the hallway
    };
    // The intent being handled.
    struct Request {
        ConnectionId id;
        Connection& connection;
        std::string_view type;
        UserId user() const { return connection.user->id; }
    };

    void dispatch(Request& r, const protocol::Intent& intent);
    void handle(Request& r, const protocol::Hello& m);
    void handle(Request& r, const protocol::Signup& m);
    void handle(Request& r, const protocol::Login& m);
    void handle(Request& r, const protocol::Resume& m);
    void handle(Request& r, const protocol::Logout& m);
    void handle(Request& r, const protocol::CreateInvite& m);
    void handle(Request& r, const protocol::ListInvites& m);
    void handle(Request& r, const protocol::GetProfile& m);
    void handle(Request& r, const protocol::CreateRoom& m);
    void handle(Request& r, const protocol::JoinRoom& m);
    void handle(Request& r, const protocol::LeaveRoom& m);
    void handle(Request& r, const protocol::RaiseHand& m);
    void handle(Request& r, const protocol::LowerHand& m);
    void handle(Request& r, const protocol::InviteSpeaker& m);
    void handle(Request& r, const protocol::MoveToAudience& m);
    void handle(Request& r, const protocol::MakeModerator& m);
    void handle(Request& r, const protocol::EndRoom& m);
    void handle(Request& r, const protocol::Ping& m);

    void sign_in(Request& r, const auth::Result<auth::SignedIn>& result);
    // Detaches a connection from its user; the user leaves their room when it was
    // their last connection.
    void detach(ConnectionId id, Connection& connection);

    // Runs a room operation for the requester's room and broadcasts what changed.
    void room_action(Request& r, const std::function<room::Outcome(room::Room&)>& action);
    void leave_current_room(UserId user);
    // Broadcasts the changes of one operation on `live` and, when it ended, retires it.
    void publish(LiveRoom& live, const room::Outcome& outcome, const protocol::RoomSummary& before);
    void retire(std::string room_id);
    LiveRoom* room_of(UserId user);

    void send(ConnectionId id, const protocol::Event& event);
    void send_user(UserId user, const protocol::Event& event);
    // To every connection of every member, except those of `except`.
    void send_members(const room::Room& room, const protocol::Event& event,
                      std::optional<UserId> except = std::nullopt);
    void send_signed_in(const protocol::Event& event);
    void reject(ConnectionId id, ErrorCode code, std::string_view in,
                std::string_view message = {});
    protocol::Hallway hallway() const;

    auth::Accounts& accounts_;
    storage::Store& store_;
    Outbox& outbox_;
    ServiceOptions options_;

    std::unordered_map<ConnectionId, Connection> connections_;
    std::unordered_map<UserId, std::set<ConnectionId>> user_connections_;
    std::map<std::string, LiveRoom> rooms_;
    std::unordered_map<UserId, std::string> user_room_;
    std::uint64_t rooms_opened_ = 0;
};

}  // namespace salotto::service
