// Clubs in the client (docs/protocol.md, "Clubs"): what the server's club events do to
// the app state, the club page and its form, and which of a club's buttons the user
// may press (asked of core/social/clubs.hpp, the rules the server applies).
// Platform-free, like the reducer, which calls the *_received functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "client/app_state.hpp"
#include "client/i18n.hpp"
#include "client/outbox.hpp"
#include "core/protocol/messages.hpp"
#include "core/social/clubs.hpp"

namespace salotto::client {

void club_page_received(AppState& state, const protocol::ClubPage& page);
void my_clubs_received(AppState& state, const protocol::MyClubs& mine);
// A refusal of a club intent: shown on the form, or on the club page (a page that does
// not exist closes). False when the refusal is not about clubs.
bool club_refused(AppState& state, const protocol::Error& e);

// The club page for `club` (asked of the server; the reducer keeps that club's pages
// from then on), and back from it.
void open_club(AppState& state, Outbox& out, std::int64_t club);
void close_club(AppState& state);

// The club form: empty, or filled from the club page being edited.
void open_club_form(AppState& state, const protocol::ClubPage* editing = nullptr);
void close_club_form(AppState& state);
// Checks the form as the server will and sends create_club or update_club; a mistake
// goes on the form instead.
void submit_club_form(AppState& state, Outbox& out);

// An admin invites `person` to `club`; a notice says so once the server has it.
void invite_to_club(AppState& state, Outbox& out, std::int64_t club, const protocol::User& person);

// The viewer's role on `page`, and whether the club's rules let them do `action`.
social::ClubRole club_role(const protocol::ClubPage& page);
bool club_allows(const protocol::ClubPage& page, social::ClubAction action);
// The clubs where the user may open rooms (leaders and admins), from their list.
std::vector<protocol::ClubSummary> clubs_i_lead(const AppState& state);
// "Admin", "Leader", "Member", "Follower" in the user's language.
std::string club_role_name(Lang lang, std::string_view wire_role);

}  // namespace salotto::client
