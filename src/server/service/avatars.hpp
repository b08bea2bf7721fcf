// Profile pictures: uploads arrive over HTTP (POST /api/avatar, too big for a
// WebSocket intent), are checked against the session token, made into the stored
// picture on a worker (media::make_avatar) and saved; the user's tabs, their live
// room and the hallway then show the new version. Pictures are served from the
// database by GET /avatars/<id>. Club pictures (club_pictures.hpp) go the same way:
// the same allowance, worker and refusals, with their own check and storage.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error_code.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/connections.hpp"
#include "server/service/options.hpp"
#include "server/service/room_intents.hpp"
#include "server/service/token_bucket.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// Picture uploads per user: 5 at once, then one every 12 seconds.
inline constexpr double kAvatarUploadBurst = 5;
inline constexpr double kAvatarUploadsPerSecond = 1.0 / 12;

// What an upload or removal came to: the new version (0 after a removal) or why not.
struct AvatarResult {
    std::optional<ErrorCode> error;
    std::string message;  // for an error
    std::int64_t avatar = 0;
};

class Avatars {
  public:
    using Reply = std::function<void(const AvatarResult&)>;

    Avatars(auth::Accounts& accounts, storage::Store& store, Connections& connections,
            RoomIntents& room_intents, const ServiceOptions& options)
        : accounts_(accounts),
          store_(store),
          connections_(connections),
          room_intents_(room_intents),
          options_(options) {}

    // Makes `upload` the picture of the user holding session `token`. `reply` runs
    // once, on the service's thread: at once for a refusal before decoding, else when
    // the worker is done.
    void upload(std::string_view token, std::string upload, Reply reply);
    // Removes the picture of the user holding `token`.
    AvatarResult remove(std::string_view token);
    // The stored picture of `user` (JPEG), if any.
    std::optional<storage::AvatarRecord> image(UserId user) { return store_.avatar(user); }
    // Forgets upload allowances that have refilled.
    void forget_refilled(Clock::time_point now);

    // The user holding `token`, within their upload allowance, or the result refusing it.
    std::variant<protocol::User, AvatarResult> authenticate(std::string_view token);
    // Makes `upload`, sent by `user`, into a stored picture on a worker
    // (media::make_avatar), then on the service's thread hands the JPEG to `save`, whose
    // result (or the refusal of the upload) goes to `reply`, once.
    using Save = std::function<AvatarResult(std::vector<unsigned char> jpeg)>;
    void make_picture(UserId user, std::string upload, Save save, Reply reply);

  private:
    // The user's tabs, room and hallway follow their new picture version.
    void publish(UserId user, std::int64_t avatar);

    auth::Accounts& accounts_;
    storage::Store& store_;
    Connections& connections_;
    RoomIntents& room_intents_;
    const ServiceOptions& options_;
    std::unordered_map<UserId, TokenBucket> allowances_;
};

}  // namespace salotto::service
