// The browser's address bar, history and title as views of the app state: each screen
// has an address (/, /r/<room>, /u/<handle>, /e/<event>, /c/<club>, /invites,
// /notifications) and a title,
// and moving through history to an address brings its screen back. Platform-free;
// the web layer pushes the addresses and listens for the back and forward buttons.
#pragma once

#include <string>
#include <string_view>

#include "client/app_state.hpp"
#include "client/outbox.hpp"

namespace salotto::client {

inline constexpr std::string_view kInvitesPath = "/invites";
inline constexpr std::string_view kNotificationsPath = "/notifications";

// The address of what the signed-in user sees, or "" while it is not known yet (a
// profile still loading) or nobody is signed in.
std::string address_of(const AppState& state);

// The page's title: the screen and what it shows, with the unread count first.
std::string title_of(const AppState& state);

// The user went back or forward to `path`: show its screen. Going back from a room to
// the hallway leaves the room (quietly, as the room's own button does).
void navigate(AppState& state, Outbox& out, std::string_view path);

}  // namespace salotto::client
