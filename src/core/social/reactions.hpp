// Quick reactions in a room (docs/protocol.md, "Reactions"): the kinds there are, and
// the batch that coalesces a room's reactions between two flushes, so that however
// many people react, the room gets a bounded number of `reactions` events a second,
// each of bounded size.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::social {

// The kinds, in the order clients show them. The wire names never change.
inline constexpr std::array<std::string_view, 6> kReactionKinds{"clap",     "laugh", "heart",
                                                                "plus_one", "fist",  "thinking"};

// The kind's index in kReactionKinds, or nothing when it is not a kind.
std::optional<std::size_t> reaction_index(std::string_view kind);

// At most this many reactions of one batch are listed by person (the rest only count).
inline constexpr std::size_t kReactionsListed = 40;

class ReactionBatch {
  public:
    // `user` reacted with kReactionKinds[kind]; people on stage are listed before the
    // audience (their faces are the ones everyone sees).
    void add(protocol::UserId user, std::size_t kind, bool on_stage);
    bool empty() const { return total_ == 0; }
    // The batch as room `room`'s event, which empties it.
    protocol::Reactions take(std::string room);

  private:
    std::vector<protocol::Reaction> stage_, audience_;
    std::array<int, kReactionKinds.size()> counts_{};
    int total_ = 0;
};

}  // namespace salotto::social
