// The clubs in memory: each club's settings, who has which role in it and what is
// pending, loaded from SQLite at start (storage/club_store.hpp) and changed together with
// it by ClubIntents. Room joins and searches read it without a query; the rules
// themselves are core/social/clubs.hpp's.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"
#include "core/social/clubs.hpp"
#include "server/storage/club_store.hpp"

namespace salotto::service {

struct Club {
    storage::ClubRecord record;
    std::vector<std::string> name_terms;  // core/text/search_normalise.hpp's, for search

    social::ClubRole role_of(protocol::UserId user) const;
    // Whether `user` has an invitation (true) or a request (false) pending, if either.
    std::optional<bool> pending_of(protocol::UserId user) const;
    int count(bool members) const;  // members (admins, leaders, members) or followers
    int admins() const;
    protocol::ClubSummary summary() const;
    protocol::ClubTag tag() const { return {record.id, record.name}; }
};

class ClubDirectory {
  public:
    void load(storage::ClubStore& store);
    // Adds or replaces a club (its name terms folded again).
    Club& put(storage::ClubRecord record);
    Club* find(std::int64_t id);
    const Club* find(std::int64_t id) const;
    const std::map<std::int64_t, Club>& all() const { return clubs_; }

    // Why `user` may not join a room of club `club`, or nothing (also when there is no
    // such club any more).
    std::optional<ErrorCode> join_refusal(protocol::UserId user, std::int64_t club) const;

  private:
    std::map<std::int64_t, Club> clubs_;
};

}  // namespace salotto::service
