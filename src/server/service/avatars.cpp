// Profile pictures; see avatars.hpp.
#include "server/service/avatars.hpp"

#include <exception>
#include <memory>
#include <utility>

#include <spdlog/spdlog.h>

#include "server/media/avatar_image.hpp"

namespace salotto::service {

namespace {

AvatarResult refused(ErrorCode code, std::string message = {}) {
    return {code, message.empty() ? std::string(default_message(code)) : std::move(message), 0};
}

}  // namespace

std::variant<protocol::User, AvatarResult> Avatars::authenticate(std::string_view token) {
    auto signed_in = accounts_.resume(token);
    if (const auto* error = std::get_if<ErrorCode>(&signed_in)) return refused(*error);
    const protocol::User user = std::get<auth::SignedIn>(signed_in).user;
    const auto now = options_.steady_now();
    auto [it, inserted] = allowances_.try_emplace(
        user.id, TokenBucket(kAvatarUploadBurst, kAvatarUploadsPerSecond, now));
    if (!it->second.take(now)) return refused(ErrorCode::rate_limited);
    return user;
}

void Avatars::upload(std::string_view token, std::string upload, Reply reply) {
    auto who = authenticate(token);
    if (auto* refusal = std::get_if<AvatarResult>(&who)) return reply(*refusal);
    const UserId user = std::get<protocol::User>(who).id;
    make_picture(
        user, std::move(upload),
        [this, user](std::vector<unsigned char> jpeg) {
            const auto version = store_.set_avatar(user, jpeg);
            publish(user, version);
            return AvatarResult{std::nullopt, {}, version};
        },
        std::move(reply));
}

void Avatars::make_picture(UserId user, std::string upload, Save save, Reply reply) {
    if (upload.size() > media::kMaxAvatarUploadBytes)
        return reply(refused(ErrorCode::image_too_large));

    auto shared_reply = std::make_shared<Reply>(std::move(reply));
    const bool taken = options_.offload([user, upload = std::move(upload), save = std::move(save),
                                         shared_reply]() mutable -> std::function<void()> {
        std::variant<std::vector<unsigned char>, media::AvatarError> made =
            media::AvatarError{ErrorCode::internal, "The picture could not be processed."};
        try {
            made = media::make_avatar(
                std::span(reinterpret_cast<const unsigned char*>(upload.data()), upload.size()));
        } catch (const std::exception& e) {
            spdlog::error("user {}: picture failed on a worker: {}", user, e.what());
        }
        return [user, made = std::move(made), save = std::move(save), shared_reply]() mutable {
            // On the service's thread: store, then tell everyone. A failure here
            // must not leave the event loop, and the client still gets an answer.
            try {
                if (const auto* error = std::get_if<media::AvatarError>(&made))
                    return (*shared_reply)(refused(error->code, error->message));
                (*shared_reply)(save(std::move(std::get<std::vector<unsigned char>>(made))));
            } catch (const std::exception& e) {
                spdlog::error("user {}: storing the picture failed: {}", user, e.what());
                (*shared_reply)(refused(ErrorCode::internal));
            }
        };
    });
    if (!taken) (*shared_reply)(refused(ErrorCode::server_busy));
}

AvatarResult Avatars::remove(std::string_view token) {
    auto who = authenticate(token);
    if (auto* refusal = std::get_if<AvatarResult>(&who)) return *refusal;
    const UserId user = std::get<protocol::User>(who).id;
    store_.remove_avatar(user);
    publish(user, 0);
    return AvatarResult{};
}

void Avatars::publish(UserId user, std::int64_t avatar) {
    std::optional<protocol::User> updated;
    for (auto& [id, connection] : connections_.all()) {
        if (!connection.user || connection.user->id != user) continue;
        connection.user->avatar = avatar;
        updated = *connection.user;
    }
    if (!updated) updated = accounts_.user(user);
    if (!updated) return;
    connections_.send_user(user, protocol::UserUpdated{*updated});
    room_intents_.person_changed(*updated);
}

void Avatars::forget_refilled(Clock::time_point now) {
    std::erase_if(allowances_, [now](const auto& entry) { return entry.second.full(now); });
}

}  // namespace salotto::service
