// Search; see search_intents.hpp.
#include "server/service/search_intents.hpp"

#include <algorithm>

#include "core/text/search_normalise.hpp"
#include "core/validation.hpp"
#include "server/service/room_access.hpp"
#include "server/storage/account_store.hpp"

namespace salotto::service {

protocol::SearchResults search(storage::Store& store, LiveRooms& rooms, const SocialGraph& graph,
                               UserId user, const std::string& query, const ClubDirectory* clubs) {
    protocol::SearchResults out{query, {}, {}};
    auto terms = text::search_terms(query);
    if (terms.size() > text::kMaxQueryTerms) terms.resize(text::kMaxQueryTerms);
    if (terms.empty()) return out;

    storage::AccountStore accounts(store.database());
    accounts.refresh_search_index();
    out.users = accounts.search_users(terms, kSearchResultsPerKind);

    // Live rooms are in memory, their titles folded when they opened: a search
    // compares prefixes only (docs/benchmarks.md). Only rooms the hallway would list
    // to the user are found, judged as the hallway judges them.
    const LiveRoom* own = rooms.of(user);
    std::vector<const LiveRoom*> found;
    for (const auto& [id, live] : rooms.all())
        if (text::matches_prefixes(live.title_terms, terms) &&
            may_see(user, live.room, live.hallway_sent.speakers, own == &live, graph))
            found.push_back(&live);
    std::sort(found.begin(), found.end(),
              [](const LiveRoom* a, const LiveRoom* b) { return a->opened > b->opened; });
    if (found.size() > static_cast<std::size_t>(kSearchResultsPerKind))
        found.resize(kSearchResultsPerKind);
    for (const LiveRoom* live : found) out.rooms.push_back(live->room.summary());

    // Clubs by name, folded when they were loaded or renamed; the biggest first.
    if (clubs) {
        std::vector<const Club*> matched;
        for (const auto& [id, club] : clubs->all())
            if (text::matches_prefixes(club.name_terms, terms)) matched.push_back(&club);
        std::vector<protocol::ClubSummary> summaries;
        for (const Club* club : matched) summaries.push_back(club->summary());
        std::stable_sort(summaries.begin(), summaries.end(),
                         [](const auto& a, const auto& b) { return a.members > b.members; });
        if (summaries.size() > static_cast<std::size_t>(kSearchResultsPerKind))
            summaries.resize(kSearchResultsPerKind);
        out.clubs = std::move(summaries);
    }
    return out;
}

void SearchIntents::handle(Request& r, const protocol::Search& m) {
    const auto length = validation::utf8_code_points(m.query);
    if (!length || *length > kSearchQueryMaxCodePoints)
        return connections_.reject(r.id, ErrorCode::search_query_invalid, r.type);
    connections_.send(r.id, search(store_, rooms_, graph_, r.user(), m.query, &clubs_));
}

}  // namespace salotto::service
