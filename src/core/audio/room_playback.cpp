// Room playback; see room_playback.hpp.
#include "core/audio/room_playback.hpp"

#include <algorithm>

#include "core/audio/level_meter.hpp"

namespace salotto::audio {

RoomPlayback::Speaker& RoomPlayback::speaker_for(std::uint32_t id, double now_ms) {
    Speaker* free_slot = nullptr;
    for (auto& s : speakers_) {
        if (s.buffer && s.id == id) return s;
        if (!s.buffer && !free_slot) free_slot = &s;
    }
    if (!free_slot) {
        free_slot = &*std::min_element(speakers_.begin(), speakers_.end(),
                                       [](const Speaker& x, const Speaker& y) {
                                           return x.last_arrival_ms < y.last_arrival_ms;
                                       });
    }
    free_slot->id = id;
    free_slot->buffer.emplace(JitterConfig{.max_delay_ms = max_delay_ms_});
    free_slot->last_arrival_ms = now_ms;
    free_slot->peak_level = 0;
    return *free_slot;
}

void RoomPlayback::push(const protocol::AudioFrame& frame, double arrival_ms) {
    Speaker& s = speaker_for(frame.speaker, arrival_ms);
    s.last_arrival_ms = arrival_ms;
    latest_arrival_ms_ = std::max(latest_arrival_ms_, arrival_ms);
    s.buffer->push(frame.timestamp, frame.sequence, frame.payload, frame.level, arrival_ms);
}

void RoomPlayback::pull(std::span<float> block) {
    const std::span<float> voice(voice_.data(), block.size());
    mixer_.begin(block);
    for (auto& s : speakers_) {
        if (!s.buffer) continue;
        s.buffer->pull(voice);
        if (!s.buffer->playing()) continue;
        // The level is the speaker's own (before the listener's volume): the speaking
        // ring says who talks even when this listener turned them down.
        s.peak_level = std::max(s.peak_level, frame_level(voice));
        const float g = gain(s.id);
        if (g == 0.0f) continue;
        if (g != 1.0f)
            for (float& x : voice) x *= g;
        mixer_.add(voice);
    }
    mixer_.finish();
}

bool RoomPlayback::set_gain(std::uint32_t id, float gain) {
    // NaN becomes 1 (as sent); anything else is clamped to 0..kMaxGain.
    gain = gain == gain ? std::clamp(gain, 0.0f, kMaxGain) : 1.0f;
    Gain* free_slot = nullptr;
    for (auto& g : gains_) {
        if (g.used && g.id == id) {
            g.gain = gain;
            g.used = gain != 1.0f;
            return true;
        }
        if (!g.used && !free_slot) free_slot = &g;
    }
    if (gain == 1.0f) return true;
    if (!free_slot) return false;
    *free_slot = Gain{id, gain, true};
    return true;
}

float RoomPlayback::gain(std::uint32_t id) const {
    for (const auto& g : gains_)
        if (g.used && g.id == id) return g.gain;
    return 1.0f;
}

int RoomPlayback::report(std::span<SpeakerReport> out) {
    int n = 0;
    for (auto& s : speakers_) {
        if (s.buffer && !s.buffer->playing() &&
            latest_arrival_ms_ - s.last_arrival_ms > kForgetSpeakerMs)
            s.buffer.reset();  // in place: a buffer is too big for a temporary
        if (!s.buffer || n == static_cast<int>(out.size())) continue;
        out[static_cast<std::size_t>(n++)] =
            SpeakerReport{s.id, s.peak_level, s.buffer->playing(), s.buffer->stats()};
        s.peak_level = 0;
    }
    return n;
}

}  // namespace salotto::audio
