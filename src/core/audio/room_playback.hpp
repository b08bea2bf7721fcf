// What a listener hears of a room: one adaptive jitter buffer per speaker, pulled a
// block at a time and mixed. The web client's playback worklet and the native bot
// both run this, so they play alike (docs/audio.md, "Playback").
//
// At most kMaxSpeakers voices are kept at once (a stage rarely has more); when all
// slots are taken, the speaker heard longest ago gives its slot to a new voice, and a
// speaker unheard for a minute while others talk is forgotten. Speakers whose buffer
// is not playing (between talk spurts) are not mixed.
//
// The listener may set a volume per speaker (0-200 %, docs/audio.md, "Devices and
// controls"): it scales that voice before the mix, and is kept by speaker id apart from
// the buffers, so it holds before the speaker's first frame and after a slot is reused.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "core/audio/jitter_buffer.hpp"
#include "core/audio/mixer.hpp"
#include "core/protocol/audio_packet.hpp"

namespace salotto::audio {

// What one speaker's playback looks like now.
struct SpeakerReport {
    std::uint32_t id = 0;
    int level = 0;  // loudest block played since the last report, 0-127
    bool playing = false;
    JitterStats jitter;
};

class RoomPlayback {
  public:
    static constexpr int kMaxSpeakers = 16;
    // A speaker unheard for this long while others talk gives up its slot: they left
    // the stage or the room.
    static constexpr double kForgetSpeakerMs = 60000;

    // `max_delay_ms` caps each jitter buffer's target delay.
    explicit RoomPlayback(int max_delay_ms = 300) : max_delay_ms_(max_delay_ms) {}

    // A frame from a downstream batch arrived at `arrival_ms` (the listener's clock).
    void push(const protocol::AudioFrame& frame, double arrival_ms);

    // Mixes the next block.size() samples of every playing speaker into `block`
    // (at most kMaxFrameSamples).
    void pull(std::span<float> block);

    // The gain applied to `id`'s voice from now on (1 = as sent, 0 = silent, at most
    // kMaxGain). Gain 1 forgets the entry. At most kMaxGains speakers have another gain
    // at once; past that, the call is refused (false) and the voice stays as it was.
    bool set_gain(std::uint32_t id, float gain);
    float gain(std::uint32_t id) const;

    static constexpr float kMaxGain = 2.0f;
    static constexpr int kMaxGains = 64;

    // Writes one report per speaker into `out` (at most kMaxSpeakers) and returns how
    // many; resets the peak levels and forgets speakers unheard for a minute.
    int report(std::span<SpeakerReport> out);

  private:
    struct Speaker {
        std::uint32_t id = 0;
        std::optional<JitterBuffer> buffer;
        double last_arrival_ms = 0;
        int peak_level = 0;
    };
    Speaker& speaker_for(std::uint32_t id, double now_ms);

    struct Gain {
        std::uint32_t id = 0;
        float gain = 1.0f;
        bool used = false;
    };

    int max_delay_ms_;
    std::array<Speaker, kMaxSpeakers> speakers_;
    std::array<float, kMaxFrameSamples> voice_{};
    std::array<Gain, kMaxGains> gains_{};
    Mixer mixer_;
    // The latest arrival of any speaker's frame: the playback's notion of "now".
    double latest_arrival_ms_ = 0;
};

}  // namespace salotto::audio
