// "Change picture" and "Remove picture", for one's own picture or, for its admins, a
// club's: what the screens ask of the web layer (web/pictures.cpp), which opens the
// file picker and talks to /api/avatar or /api/clubs/<id>/avatar. Platform-free.
#pragma once

#include <cstdint>

#include "client/app_state.hpp"

namespace salotto::client {

// Opens the file picker for our own picture (club 0) or club `club`'s; nothing while
// an upload or removal is on its way.
void pick_picture(AppState& state, std::int64_t club = 0);
// Removes our own picture (club 0) or club `club`'s.
void remove_picture(AppState& state, std::int64_t club = 0);

// Whether we may change club `club`'s picture: we are one of its admins (the page says
// so, or our clubs do).
bool may_change_club_picture(const AppState& state, std::int64_t club);

}  // namespace salotto::client
