// A token bucket: `burst` tokens at most, refilled at `per_second`. Used for the
// limits of docs/protocol.md (intents, sign-in attempts, audio bytes, per connection,
// per user and per client address).
#pragma once

#include <algorithm>
#include <chrono>

namespace salotto::service {

class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double burst, double per_second, Clock::time_point now)
        : burst_(burst), per_second_(per_second), tokens_(burst), last_(now) {}

    // Takes `cost` tokens if there are that many.
    bool take(Clock::time_point now, double cost = 1.0) {
        tokens_ = tokens_at(now);
        last_ = std::max(last_, now);
        if (tokens_ < cost) return false;
        tokens_ -= cost;
        return true;
    }
    // Whether the bucket has refilled completely: its owner has been quiet long enough
    // that forgetting it changes nothing.
    bool full(Clock::time_point now) const { return tokens_at(now) >= burst_; }

  private:
    double tokens_at(Clock::time_point now) const {
        const std::chrono::duration<double> elapsed = now - last_;
        return std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * per_second_);
    }

    double burst_;
    double per_second_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace salotto::service
