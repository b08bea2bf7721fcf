// Summing mixer with a smooth peak limiter; see mixer.hpp.
#include "core/audio/mixer.hpp"

#include <algorithm>
#include <cmath>

namespace salotto::audio {

namespace {
// The limiter keeps peaks just under full scale.
constexpr float kCeiling = 0.97f;
// Per-block fraction by which the gain returns towards 1 after a loud passage
// (about 0.3 s to recover at 128-sample blocks).
constexpr float kRelease = 0.02f;
}  // namespace

void Mixer::begin(std::span<float> out) {
    out_ = out;
    std::fill(out_.begin(), out_.end(), 0.0f);
}

void Mixer::add(std::span<const float> voice) {
    const std::size_t n = std::min(voice.size(), out_.size());
    for (std::size_t i = 0; i < n; ++i) out_[i] += voice[i];
}

std::span<float> Mixer::finish() {
    float peak = 0.0f;
    for (float s : out_) peak = std::max(peak, std::fabs(s));
    const float needed = peak > kCeiling ? kCeiling / peak : 1.0f;
    if (needed < gain_) {
        // Attack: the whole block at the lower gain, so no sample clips.
        gain_ = needed;
        for (float& s : out_) s *= gain_;
        return out_;
    }
    // Release: ramp across the block towards 1, never above what this block allows,
    // so the gain change itself makes no click.
    const float target = std::min(needed, gain_ + (1.0f - gain_) * kRelease);
    const std::size_t n = out_.size();
    for (std::size_t i = 0; i < n; ++i) {
        const float t = n > 1 ? static_cast<float>(i) / static_cast<float>(n - 1) : 1.0f;
        out_[i] *= gain_ + (target - gain_) * t;
    }
    gain_ = target;
    return out_;
}

}  // namespace salotto::audio
