// The clubs in memory; see club_directory.hpp.
#include "server/service/club_directory.hpp"

#include "core/text/search_normalise.hpp"

namespace salotto::service {

social::ClubRole Club::role_of(protocol::UserId user) const {
    auto it = record.people.find(user);
    return it == record.people.end() ? social::ClubRole::none : it->second;
}

std::optional<bool> Club::pending_of(protocol::UserId user) const {
    auto it = record.pending.find(user);
    if (it == record.pending.end()) return std::nullopt;
    return it->second;
}

int Club::count(bool members) const {
    int n = 0;
    for (const auto& [user, role] : record.people)
        if (social::is_member(role) == members) ++n;
    return n;
}

int Club::admins() const {
    int n = 0;
    for (const auto& [user, role] : record.people)
        if (role == social::ClubRole::admin) ++n;
    return n;
}

protocol::ClubSummary Club::summary() const {
    return {record.id, record.name, record.description, record.avatar, count(true), count(false)};
}

void ClubDirectory::load(storage::ClubStore& store) {
    clubs_.clear();
    for (auto& record : store.load_all()) put(std::move(record));
}

Club& ClubDirectory::put(storage::ClubRecord record) {
    Club& club = clubs_[record.id];
    club.name_terms = text::search_terms(record.name);
    club.record = std::move(record);
    return club;
}

Club* ClubDirectory::find(std::int64_t id) {
    auto it = clubs_.find(id);
    return it == clubs_.end() ? nullptr : &it->second;
}

const Club* ClubDirectory::find(std::int64_t id) const {
    auto it = clubs_.find(id);
    return it == clubs_.end() ? nullptr : &it->second;
}

std::optional<ErrorCode> ClubDirectory::join_refusal(protocol::UserId user,
                                                     std::int64_t club) const {
    const Club* found = find(club);
    if (!found) return std::nullopt;
    return social::club_refusal(found->role_of(user), social::ClubAction::join_room,
                                found->record.room_access);
}

}  // namespace salotto::service
