// Search (docs/protocol.md, "Search"): people by handle and name from the database's
// FTS5 index, live rooms by title from memory, both matched on the same folded terms
// (core/text/search_normalise.hpp). Answers carry the query as sent, so a client that
// typed on ignores stale answers. Each search is a few-millisecond query at most
// (docs/benchmarks.md), so it runs on the event loop; searches are rate-limited per user.
#pragma once

#include "core/protocol/messages.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/social_graph.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// Results of each kind in one answer.
inline constexpr int kSearchResultsPerKind = 20;
// Queries longer than this many code points get search_query_invalid.
inline constexpr std::size_t kSearchQueryMaxCodePoints = 64;

class SearchIntents {
  public:
    SearchIntents(storage::Store& store, Connections& connections, LiveRooms& rooms,
                  const SocialGraph& graph, const ClubDirectory& clubs)
        : store_(store), connections_(connections), rooms_(rooms), graph_(graph), clubs_(clubs) {}

    void handle(Request& r, const protocol::Search& m);

  private:
    storage::Store& store_;
    Connections& connections_;
    LiveRooms& rooms_;
    const SocialGraph& graph_;
    const ClubDirectory& clubs_;
};

// The answer to `query` for `user` over the users in `store` and the rooms in `rooms`
// that `user` may see (the search itself, without a connection: benchmarks and tests
// call it). Clubs are found by name in `clubs`, when given.
protocol::SearchResults search(storage::Store& store, LiveRooms& rooms, const SocialGraph& graph,
                               UserId user, const std::string& query,
                               const ClubDirectory* clubs = nullptr);

}  // namespace salotto::service
