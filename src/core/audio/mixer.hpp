// Mixes several speakers into one output without clipping artefacts.
//
// Voices are summed; when the sum would exceed full scale, a limiter lowers the gain
// smoothly (at once when the peak rises, slowly when it falls) instead of clipping,
// so two loud speakers together sound quieter, not distorted.
#pragma once

#include <span>

namespace salotto::audio {

class Mixer {
  public:
    // Starts a block: clears `out`, the block that add() sums into.
    void begin(std::span<float> out);
    // Adds one voice to the block; voice.size() must equal the block's size.
    void add(std::span<const float> voice);
    // Applies the limiter to the block and returns it.
    std::span<float> finish();

    // Current limiter gain (1 when nothing is limited).
    float gain() const { return gain_; }

  private:
    std::span<float> out_;
    float gain_ = 1.0f;
};

}  // namespace salotto::audio
