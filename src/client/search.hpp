// Search as you type: the box's text goes to the server once typing pauses for
// kSearchPause, and only when its folded terms differ from the query last sent; the
// answer is kept only if it answers the query last sent (SearchResults.query), so a
// slow answer to an older query never replaces a newer one. Pure: the caller passes
// the time, so unit tests drive it.
#pragma once

#include <string_view>

#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::client {

// Seconds of no typing before a query goes out.
inline constexpr double kSearchPause = 0.15;

// The box holds `text` at time `now` (seconds); call every frame the box is drawn.
void search_typed(AppState& state, std::string_view text, double now);
// Sends the query if typing paused long enough; call every frame.
void search_tick(AppState& state, Outbox& out, double now);
// Whether a query waits for the pause (the client must keep drawing frames).
inline bool search_waiting(const AppState& state) {
    return state.search.due;
}
// An answer from the server.
void search_answered(AppState& state, const protocol::SearchResults& results);

}  // namespace salotto::client
