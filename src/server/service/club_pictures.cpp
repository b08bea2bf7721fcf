// Club pictures; see club_pictures.hpp.
#include "server/service/club_pictures.hpp"

#include <utility>
#include <vector>

#include "core/social/clubs.hpp"

namespace salotto::service {

std::optional<AvatarResult> ClubPictures::refusal(UserId user, std::int64_t club) const {
    const Club* found = clubs_.find(club);
    std::optional<ErrorCode> code;
    if (!found)
        code = ErrorCode::club_not_found;
    else
        code = social::club_refusal(found->role_of(user), social::ClubAction::edit,
                                    found->record.room_access);
    if (!code) return std::nullopt;
    return AvatarResult{*code, std::string(default_message(*code)), 0};
}

void ClubPictures::upload(std::string_view token, std::int64_t club, std::string upload,
                          Avatars::Reply reply) {
    auto who = avatars_.authenticate(token);
    if (auto* refused = std::get_if<AvatarResult>(&who)) return reply(*refused);
    const UserId user = std::get<protocol::User>(who).id;
    if (auto refused = refusal(user, club)) return reply(*refused);
    avatars_.make_picture(
        user, std::move(upload),
        [this, user, club](std::vector<unsigned char> jpeg) {
            // Asked again: the club or the admin's role may have gone
            // while the picture was being made.
            if (auto refused = refusal(user, club)) return *refused;
            const auto version = store_.set_avatar(club, jpeg);
            club_intents_.picture_changed(club, version);
            return AvatarResult{std::nullopt, {}, version};
        },
        std::move(reply));
}

AvatarResult ClubPictures::remove(std::string_view token, std::int64_t club) {
    auto who = avatars_.authenticate(token);
    if (auto* refused = std::get_if<AvatarResult>(&who)) return *refused;
    if (auto refused = refusal(std::get<protocol::User>(who).id, club)) return *refused;
    store_.remove_avatar(club);
    club_intents_.picture_changed(club, 0);
    return AvatarResult{};
}

}  // namespace salotto::service
