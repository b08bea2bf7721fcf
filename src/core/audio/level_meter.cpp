// Level meter and voice activity detector; see level_meter.hpp.
#include "core/audio/level_meter.hpp"

#include <algorithm>
#include <cmath>

namespace salotto::audio {

int frame_level(std::span<const float> pcm) {
    if (pcm.empty()) return 0;
    double energy = 0;
    for (float s : pcm) energy += static_cast<double>(s) * s;
    const double rms = std::sqrt(energy / static_cast<double>(pcm.size()));
    if (rms <= 0) return 0;
    const double dbfs = 20.0 * std::log10(rms);
    return std::clamp(static_cast<int>(std::lround(127.0 + dbfs)), 0, 127);
}

bool VoiceDetector::update(int level, int frame_ms) {
    // The floor drops at once to quieter frames and creeps up slowly: about 1 dB a
    // second through quiet frames, so rising steady noise becomes the floor, and ten
    // times slower through loud ones, so long speech does not.
    if (!have_floor_ || level < floor_) {
        floor_ = static_cast<float>(level);
        have_floor_ = true;
    }
    const bool loud = level >= config_.min_level && level >= floor_ + config_.above_floor;
    floor_ += static_cast<float>(frame_ms) / (loud ? 10000.0f : 1000.0f);
    if (loud) {
        hold_ms_ = config_.hangover_ms;
    } else {
        hold_ms_ = std::max(0, hold_ms_ - frame_ms);
    }
    return loud || hold_ms_ > 0;
}

}  // namespace salotto::audio
