// Search as you type; see search.hpp.
#include "client/search.hpp"

#include "core/text/search_normalise.hpp"

namespace salotto::client {

void search_typed(AppState& state, std::string_view text, double now) {
    SearchState& s = state.search;
    if (text == s.typed) return;
    s.typed = std::string(text);
    s.typed_at = now;
    // "Nicolò" after "nicolo" asks the same question: nothing to send.
    s.due = text::search_key(s.typed) != text::search_key(s.sent);
    if (text::search_key(s.typed).empty()) {
        // Cleared: forget the results at once, without asking the server.
        s.due = false;
        s.sent.clear();
        s.answered.clear();
        s.users.clear();
        s.rooms.clear();
    }
}

void search_tick(AppState& state, Outbox& out, double now) {
    SearchState& s = state.search;
    if (!s.due || now - s.typed_at < kSearchPause || !state.connected) return;
    s.due = false;
    s.sent = s.typed;
    out.push(protocol::Search{s.sent});
}

void search_answered(AppState& state, const protocol::SearchResults& results) {
    SearchState& s = state.search;
    if (results.query != s.sent) return;  // typed past it, or cleared
    s.answered = results.query;
    s.users = results.users;
    s.rooms = results.rooms;
    s.clubs = results.clubs;
}

}  // namespace salotto::client
