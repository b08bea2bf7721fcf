// Keeps a repeating warning to one log line per interval, with the number of times
// it happened in between: a flood (refused connections, a full file table) must not
// turn into hundreds of megabytes of log.
#pragma once

#include <chrono>
#include <cstddef>

namespace salotto::net {

class LogThrottle {
  public:
    using Clock = std::chrono::steady_clock;

    explicit LogThrottle(Clock::duration interval = std::chrono::seconds(1))
        : interval_(interval) {}

    // Counts one occurrence; true when it should be logged now. `count()` is then the
    // number of occurrences the line stands for (this one and those kept quiet).
    bool note(Clock::time_point now = Clock::now()) {
        ++pending_;
        if (logged_once_ && now - last_ < interval_) return false;
        logged_once_ = true;
        last_ = now;
        count_ = pending_;
        pending_ = 0;
        return true;
    }
    std::size_t count() const { return count_; }

  private:
    Clock::duration interval_;
    Clock::time_point last_{};
    bool logged_once_ = false;
    std::size_t pending_ = 0;
    std::size_t count_ = 0;
};

}  // namespace salotto::net
