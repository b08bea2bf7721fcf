// Applies what happens on the network to the app state. Pure: no I/O, no clock, so it
// runs natively in unit tests. Where the protocol needs an answer (resume after
// welcome, join a deep-linked room after sign-in, refresh invites) the reducer
// pushes the intent to the outbox instead of sending it.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "core/protocol/messages.hpp"
#include "core/social/hallway_rank.hpp"

namespace salotto::client {

// The client keeps at most this many chat messages of a room (the history is 200;
// the rest arrive live), and this many reactions not yet drawn.
inline constexpr std::size_t kChatKept = 500;
inline constexpr std::size_t kReactionsKept = 120;

// The socket opened: say hello.
void on_connected(Outbox& out, std::string_view client_name);

// The socket closed or failed. Keeps the user and remembers the room, so that the
// reconnect resumes the session and rejoins it.
void on_disconnected(AppState& state);

// Asks to join `room` (remembering it, so that a refusal can offer a knock).
void join_room(AppState& state, Outbox& out, std::string room);

// One event from the server.
void apply(AppState& state, const protocol::Event& event, Outbox& out);

// Screen changes the user asks for that need the server: a profile page.
void open_profile(AppState& state, Outbox& out, std::string_view handle);
void close_profile(AppState& state);

// The "Change password" form was submitted. Checks it as the server will (the shared
// password rule) and that both new entries match; sends change_password when it
// passes, otherwise puts the reason on the form. Does nothing while an answer is due.
void submit_password_change(AppState& state, Outbox& out);

// The hallway in the order to show it, with each card's reason: core/social's ranking
// over the live summaries, whom we follow and where they are (the server's order comes
// from the same function).
std::vector<social::RankedRoom> ranked_hallway(const AppState& state);
// Why a ranked room is where it is, in the user's language ("Ada is speaking"); empty
// for rooms ranked by size alone. state().ranked keeps core/social's English reason.
std::string hallway_reason_text(const AppState& state, const social::RankedRoom& ranked);

// The invites screen, with the invites asked for afresh.
void open_invites(AppState& state, Outbox& out);

// The notifications screen: asks for the list; leaving it marks everything shown read.
void open_notifications(AppState& state, Outbox& out);
void close_notifications(AppState& state, Outbox& out);
// A notification was tapped: a ping or a started event joins its room, a cancelled
// event opens its page; anything else opens the profile of who it is from.
void open_notification(AppState& state, Outbox& out, const protocol::Notification& n);

// The room's chat panel opened or closed: open, nothing counts as unread.
void set_chat_open(AppState& state, bool open);

}  // namespace salotto::client
