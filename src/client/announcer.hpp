// What the screen-reader live region says (docs/client.md, "Accessibility"): news
// found by comparing the app state between frames. Who joins and leaves the room, who
// raises a hand, who starts speaking (at most once in kSpeakingRepeatSeconds per
// person, so a speaker's pauses do not repeat it), and each new error or notice.
// Sentences come from the catalogue in the user's language. Pure: no ImGui, no
// browser, so the unit tests drive it with hand-made states and times.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "client/app_state.hpp"

namespace salotto::client {

class Announcer {
  public:
    // A speaker is announced again only after this long since the last time.
    static constexpr double kSpeakingRepeatSeconds = 20.0;
    // Someone counts as speaking once heard this long without a break: a cough or a
    // single loud packet is not news.
    static constexpr double kSpeakingMinSeconds = 0.6;
    // More arrivals (or departures) than this at once are told as a count: a big
    // room's churn must not bury everything else.
    static constexpr std::size_t kNamesAtOnce = 3;

    // Compares `state` with the state seen by the previous call; returns what to
    // announce, in order. `now` is a clock in seconds. The first call only looks.
    std::vector<std::string> update(const AppState& state, double now);

  private:
    struct Seen {
        std::string name;
        bool hand = false;
    };
    bool started_ = false;
    std::string room_;  // "" when not in a room
    std::map<protocol::UserId, Seen> members_;
    std::map<protocol::UserId, double> speaking_since_;      // heard without a break since
    std::map<protocol::UserId, double> speaking_announced_;  // last announced at
    std::optional<ShownError> error_;
    std::string notice_;
};

}  // namespace salotto::client
