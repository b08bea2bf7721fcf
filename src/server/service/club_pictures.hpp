// Club pictures (docs/protocol.md, "Clubs"): a club's admins upload or remove its
// picture over HTTP (POST and DELETE /api/clubs/<id>/avatar), and anyone fetches it from
// GET /club-avatars/<id>. Uploads go Avatars' way (the same per-user allowance, worker,
// decoding, resizing and refusals); only who may and where it is kept differ. The new
// version then reaches the club's page and lists (ClubIntents::picture_changed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/service/avatars.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/club_intents.hpp"
#include "server/storage/club_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class ClubPictures {
  public:
    ClubPictures(Avatars& avatars, ClubIntents& club_intents, const ClubDirectory& clubs,
                 storage::Store& store)
        : avatars_(avatars), club_intents_(club_intents), clubs_(clubs), store_(store.database()) {}

    // Makes `upload` the picture of club `club` for the holder of session `token`, who
    // must be one of its admins. `reply` runs once, as Avatars::upload's does.
    void upload(std::string_view token, std::int64_t club, std::string upload,
                Avatars::Reply reply);
    // Removes the club's picture (its admins only).
    AvatarResult remove(std::string_view token, std::int64_t club);
    // The club's stored picture (JPEG), if any.
    std::optional<storage::AvatarRecord> image(std::int64_t club) { return store_.avatar(club); }

  private:
    // Why `user` may not change club `club`'s picture (club_not_found,
    // club_admin_only), or nothing.
    std::optional<AvatarResult> refusal(UserId user, std::int64_t club) const;

    Avatars& avatars_;
    ClubIntents& club_intents_;
    const ClubDirectory& clubs_;
    storage::ClubStore store_;
};

}  // namespace salotto::service
