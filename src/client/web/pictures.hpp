// Profile and club pictures in the browser. Pictures a frame wanted are fetched from
// /avatars/<id>?v=<version> (/club-avatars/<id> for clubs), decoded by the browser
// (createImageBitmap) and uploaded into WebGL textures that ImGui draws. The user's own picture
// changes go to /api/avatar (a club's to /api/clubs/<id>/avatar) with their session token: the file
// picker opens on "Change picture",
// and the server's answer (or its refusal) comes back into the app state.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string_view>
#include <utility>

#include "client/app_state.hpp"
#include "client/screens.hpp"

namespace salotto::web {

class PictureLoader {
  public:
    // `changed` runs when something the screens show changed (a picture loaded, an
    // upload's answer), so the app draws again.
    PictureLoader(client::Pictures& pictures, client::AppState& state,
                  std::function<void()> changed);
    ~PictureLoader();
    PictureLoader(const PictureLoader&) = delete;
    PictureLoader& operator=(const PictureLoader&) = delete;

    // After each frame and state change: loads the pictures the frame wanted, and
    // starts the picks and removals the user asked for.
    void sync();

    // From JavaScript (the exported functions in pictures.cpp).
    void loaded(protocol::UserId user, std::int64_t version, unsigned texture);
    void upload_report(std::string_view json);

  private:
    client::Pictures& pictures_;
    client::AppState& state_;
    std::function<void()> changed_;
    std::set<std::pair<protocol::UserId, std::int64_t>> requested_;  // each fetched once
    int picks_seen_ = 0;
    int removals_seen_ = 0;
};

}  // namespace salotto::web
