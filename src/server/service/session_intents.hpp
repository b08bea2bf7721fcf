// The session and account intents: hello, sign-up, log-in, resume, the sign-outs,
// password changes, invites and ping (profiles are SocialIntents'). Password hashing and
// verification run off the event loop (ServiceOptions::offload); their results come back here.
//
// Signing in attaches a connection to its user, who then gets the hallway and, when
// another tab is already in a room, that room; signing out (or closing) detaches it,
// and the user's last connection going takes them out of their room.
#pragma once

#include <functional>

#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/audio_forwarder.hpp"
#include "server/service/connections.hpp"
#include "server/service/limits.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/room_intents.hpp"
#include "server/service/social_intents.hpp"

namespace salotto::service {

class SessionIntents {
  public:
    SessionIntents(auth::Accounts& accounts, Connections& connections, LiveRooms& rooms,
                   SharedAllowances& allowances, RoomIntents& room_intents, AudioForwarder& audio,
                   SocialIntents& social, HallwayAudience& hallway, const ServiceOptions& options)
        : accounts_(accounts),
          connections_(connections),
          rooms_(rooms),
          allowances_(allowances),
          room_intents_(room_intents),
          audio_(audio),
          social_(social),
          hallway_(hallway),
          options_(options) {}

    void handle(Request& r, const protocol::Hello& m);
    void handle(Request& r, const protocol::Signup& m);
    void handle(Request& r, const protocol::Login& m);
    void handle(Request& r, const protocol::Resume& m);
    void handle(Request& r, const protocol::Logout& m);
    void handle(Request& r, const protocol::LogoutEverywhere& m);
    void handle(Request& r, const protocol::ChangePassword& m);
    void handle(Request& r, const protocol::CreateInvite& m);
    void handle(Request& r, const protocol::ListInvites& m);
    void handle(Request& r, const protocol::Ping& m);

    // Detaches a connection from its user (it closed); the user leaves their room, or
    // keeps a seat on stage for a while, when it was their last connection.
    void detach(ConnectionId id, Connection& connection);

    // Signs out every connection of `user` for which `leaving` holds, each told
    // logged_out; the user leaves their room when none of theirs is left.
    void sign_out_connections(UserId user, const std::function<bool(const Connection&)>& leaving);

    // What else a connection gets right after it signs in (the upcoming events), after
    // the hallway and the user's social state.
    void on_signed_in(std::function<void(ConnectionId, UserId)> hook) {
        signed_in_hook_ = std::move(hook);
    }

  private:
    void sign_in(Request& r, const auth::Result<auth::SignedIn>& result);
    // Takes a password sign-in attempt from the client address's allowance.
    bool address_allows_sign_in(const Connection& connection);
    // Runs `slow` (password hashing or verification, on a worker) and then `finish`
    // with its result on this thread, if the connection is still open by then. One
    // at a time per connection.
    template <class Value>
    void check_password_off_loop(Request& r, std::function<Value()> slow,
                                 std::function<void(Request&, const Value&)> finish);

    auth::Accounts& accounts_;
    Connections& connections_;
    LiveRooms& rooms_;
    SharedAllowances& allowances_;
    RoomIntents& room_intents_;
    AudioForwarder& audio_;
    SocialIntents& social_;
    HallwayAudience& hallway_;
    const ServiceOptions& options_;
    std::function<void(ConnectionId, UserId)> signed_in_hook_;
};

}  // namespace salotto::service
