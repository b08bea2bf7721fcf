// Picture requests; see picture_requests.hpp.
#include "client/picture_requests.hpp"

#include "client/clubs.hpp"

namespace salotto::client {

void pick_picture(AppState& state, std::int64_t club) {
    if (state.picture.pending) return;
    state.error.reset();
    state.picture.club = club;
    ++state.picture.picks;
}

void remove_picture(AppState& state, std::int64_t club) {
    if (state.picture.pending) return;
    state.error.reset();
    state.picture.club = club;
    ++state.picture.removals;
}

bool may_change_club_picture(const AppState& state, std::int64_t club) {
    const auto& page = state.clubs.page;
    if (page && page->club.id == club) return club_allows(*page, social::ClubAction::edit);
    for (const auto& mine : state.clubs.mine.clubs) {
        if (mine.club.id != club) continue;
        const auto role = social::club_role_from_wire(mine.role);
        return role && !social::club_refusal(*role, social::ClubAction::edit,
                                             social::ClubRoomAccess::members);
    }
    return false;
}

}  // namespace salotto::client
