// Level meter and voice activity detector for speaking indicators and for not
// sending silence.
//
// The level of a frame is its RMS in dBFS mapped onto 0-127 (0 = -127 dBFS or
// quieter, 127 = full scale), the same scale the audio packet header carries.
// Voice activity compares the level with a tracked noise floor and holds "speaking"
// for a short hangover so word gaps do not chop the stream.
#pragma once

#include <span>

namespace salotto::audio {

// The 0-127 level of a block of samples in [-1, 1].
int frame_level(std::span<const float> pcm);

struct VoiceConfig {
    int min_level = 127 - 50;  // never speech below -50 dBFS
    int above_floor = 10;      // dB above the noise floor that count as speech
    int hangover_ms = 300;     // speaking holds this long after the last loud frame
};

class VoiceDetector {
  public:
    explicit VoiceDetector(const VoiceConfig& config = {}) : config_(config) {}

    // Feeds one frame of `frame_ms` milliseconds; returns whether it counts as speech.
    bool update(int level, int frame_ms);

    bool speaking() const { return hold_ms_ > 0; }
    int noise_floor() const { return static_cast<int>(floor_); }

  private:
    VoiceConfig config_;
    float floor_ = 0.0f;
    bool have_floor_ = false;
    int hold_ms_ = 0;
};

}  // namespace salotto::audio
