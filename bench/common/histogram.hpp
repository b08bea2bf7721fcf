// A delay histogram for the load generators: 0.05 ms bins up to 2 s (anything later
// lands in the last bin), so percentiles of millions of deliveries cost no memory
// per sample.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace salotto::bench {

class Histogram {
  public:
    void add(double ms) {
        const auto bin = static_cast<std::size_t>(std::max(0.0, ms) / kBinMs);
        ++bins_[std::min(bin, bins_.size() - 1)];
        ++count_;
        max_ = std::max(max_, ms);
    }
    // The delay below which a share `p` (0-1) of the samples fall.
    double percentile(double p) const {
        const auto want = static_cast<std::uint64_t>(p * static_cast<double>(count_));
        std::uint64_t seen = 0;
        for (std::size_t i = 0; i < bins_.size(); ++i)
            if ((seen += bins_[i]) > want) return (static_cast<double>(i) + 0.5) * kBinMs;
        return static_cast<double>(bins_.size()) * kBinMs;
    }
    double max() const { return max_; }
    std::uint64_t count() const { return count_; }
    void clear() {
        std::fill(bins_.begin(), bins_.end(), 0);
        count_ = 0;
        max_ = 0;
    }

  private:
    static constexpr double kBinMs = 0.05;
    std::vector<std::uint64_t> bins_ = std::vector<std::uint64_t>(40000);
    std::uint64_t count_ = 0;
    double max_ = 0;
};

}  // namespace salotto::bench
