// The client's side of the embedding API (docs/embedding.md): what a host page learns
// about an embedded room (events built from the app state) and what it may ask for
// (commands, turned into the same intents the embed's buttons send). Plain logic, no
// browser: the web layer (web/embed_bridge.cpp) carries the JSON to web/embed.js,
// which wraps it in the versioned postMessage envelope.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/app_state.hpp"
#include "client/outbox.hpp"

namespace salotto::client {

// What the host page is told about, as last seen. Two views differ exactly when some
// event is due.
struct EmbedView {
    bool signed_in = false;
    std::string room;   // the room we are in; "" when in none
    std::string title;  // its title
    // Everyone in the room, as {id, handle, name, role, hand, muted} (JSON, in the
    // room's order), and who is speaking now (ids).
    std::string participants;
    std::vector<protocol::UserId> speaking;
    std::optional<ShownError> error;
    bool operator==(const EmbedView&) const = default;
};

// The view of the embed of `embed_room`. The server keeps a person in one room for
// all their connections, so the state may hold another room (joined in another tab
// or embed): for this embed that is being in no room.
EmbedView embed_view(const AppState& state, std::string_view embed_room);

// The events that take the host from `before` to `after`, each one JSON object
// {"event": name, "data": {...}} (names and data: docs/embedding.md).
std::vector<std::string> embed_events(const EmbedView& before, const EmbedView& after);

// The "ready" event's JSON, sent once the client runs: the room the embed shows and
// whether someone is signed in.
std::string embed_ready_event(std::string_view embed_room, bool signed_in);

// Applies a host's command ("join", "leave", "mute", "unmute", "raiseHand",
// "lowerHand") for the embed of `embed_room`. Returns "" when it was carried out (or
// remembered: "join" before sign-in joins right after it), else the error code the
// host gets back in an "error" event: "not_signed_in", "not_in_room",
// "unknown_command".
std::string embed_command(AppState& state, Outbox& out, std::string_view embed_room,
                          std::string_view command);

// The value of `name` in a query string ("?theme=dark&lang=it"), or "".
std::string query_param(std::string_view query, std::string_view name);

}  // namespace salotto::client
