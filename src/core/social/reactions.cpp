// Reactions; see reactions.hpp.
#include "core/social/reactions.hpp"

#include <algorithm>

namespace salotto::social {

std::optional<std::size_t> reaction_index(std::string_view kind) {
    const auto it = std::find(kReactionKinds.begin(), kReactionKinds.end(), kind);
    if (it == kReactionKinds.end()) return std::nullopt;
    return static_cast<std::size_t>(it - kReactionKinds.begin());
}

void ReactionBatch::add(protocol::UserId user, std::size_t kind, bool on_stage) {
    if (kind >= kReactionKinds.size()) return;
    ++counts_[kind];
    ++total_;
    auto& listed = on_stage ? stage_ : audience_;
    // Never more than kReactionsListed of either: the stage alone may fill the event.
    if (listed.size() < kReactionsListed)
        listed.push_back({user, std::string(kReactionKinds[kind])});
}

protocol::Reactions ReactionBatch::take(std::string room) {
    protocol::Reactions event{std::move(room), std::move(stage_), {}};
    for (auto& r : audience_) {
        if (event.items.size() >= kReactionsListed) break;
        event.items.push_back(std::move(r));
    }
    for (std::size_t k = 0; k < kReactionKinds.size(); ++k)
        if (counts_[k] > 0) event.counts.push_back({std::string(kReactionKinds[k]), counts_[k]});
    stage_.clear();
    audience_.clear();
    counts_ = {};
    total_ = 0;
    return event;
}

}  // namespace salotto::social
