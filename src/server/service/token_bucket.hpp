// A token bucket: `burst` tokens at most, refilled at `per_second`. Used for the
// per-connection limits of docs/protocol.md (intents, sign-in attempts).
#pragma once

#include <algorithm>
#include <chrono>

namespace salotto::service {

class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double burst, double per_second, Clock::time_point now)
        : burst_(burst), per_second_(per_second), tokens_(burst), last_(now) {}

    // Takes one token if there is one.
    bool take(Clock::time_point now) {
        const std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * per_second_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

  private:
    double burst_;
    double per_second_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace salotto::service
