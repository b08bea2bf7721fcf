// Page paths that name a room: /r/<room-id> (a shared link) and /embed/<room-id>
// (the client inside an iframe); an invite, /i/<code>; a profile, /u/<handle>. Pure
// string work, shared by the web layer and tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace salotto::client {

// The room a page path points at, or "" for any other path.
std::string room_from_path(std::string_view path);

// True for /embed/... pages, which keep their address while rooms come and go.
bool is_embed_path(std::string_view path);

// The shareable path of a room: "/r/<room-id>".
std::string room_path(std::string_view room_id);

// Invite links /i/<code> and profile links /u/<handle>.
// The invite code of an /i/ path, or "" (codes are letters, digits and dashes).
std::string invite_from_path(std::string_view path);
// The handle of a /u/ path, or "" (handles are a-z, 0-9 and _).
std::string profile_from_path(std::string_view path);
std::string invite_path(std::string_view code);
std::string profile_path(std::string_view handle);
// Event pages /e/<id> and their calendar files /e/<id>.ics.
std::string event_from_path(std::string_view path);
std::string event_path(std::string_view id);
std::string event_calendar_path(std::string_view id);
// Club pages /c/<id> (ids are positive numbers): the club, or 0 for any other path.
std::int64_t club_from_path(std::string_view path);
std::string club_path(std::int64_t id);
// A full link: `origin` ("https://host") followed by `path`.
std::string full_url(std::string_view origin, std::string_view path);

}  // namespace salotto::client
