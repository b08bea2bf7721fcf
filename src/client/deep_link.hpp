// Page paths that name a room: /r/<room-id> (a shared link) and /embed/<room-id>
// (the client inside an iframe). Pure string work, shared by the web layer and tests.
#pragma once

#include <string>
#include <string_view>

namespace salotto::client {

// The room a page path points at, or "" for any other path.
std::string room_from_path(std::string_view path);

// True for /embed/... pages, which keep their address while rooms come and go.
bool is_embed_path(std::string_view path);

// The shareable path of a room: "/r/<room-id>".
std::string room_path(std::string_view room_id);

}  // namespace salotto::client
