// The listener's and speaker's audio choices in this browser (docs/audio.md, "Devices
// and controls"): microphone and output device, the browser's voice processing,
// push-to-talk and a volume per speaker. This is their one definition, with their
// defaults; the web layer keeps them in localStorage ("salotto.audio") as the JSON
// below and the audio engine applies them. Platform-free, so the unit tests parse it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/protocol/messages.hpp"

namespace salotto::client {

struct AudioSettings {
    // Volumes are percent of the speaker as sent: 0 silences them, 200 doubles them.
    static constexpr int kDefaultVolume = 100;
    static constexpr int kMaxVolume = 200;
    // The playback keeps this many speakers with a volume of their own at once
    // (audio::RoomPlayback::kMaxGains); a choice beyond it replaces the lowest id's.
    static constexpr std::size_t kMaxVolumes = 64;
    // Device ids are opaque strings from enumerateDevices (Chromium: 64 hex digits).
    static constexpr std::size_t kMaxDeviceId = 256;

    std::string mic;     // the microphone's deviceId; "" = the browser's default
    std::string output;  // the output's deviceId; "" = the browser's default
    bool echo_cancellation = true;
    bool noise_suppression = true;
    bool auto_gain = true;
    // When on, the microphone is muted except while Space (or the hold button) is held.
    bool push_to_talk = false;
    // Speaker user id -> volume in percent; speakers at kDefaultVolume are not listed.
    std::map<protocol::UserId, int> volumes;

    bool operator==(const AudioSettings&) const = default;
};

// The localStorage key the web layer keeps the settings under.
inline constexpr std::string_view kAudioSettingsKey = "salotto.audio";

// Reads stored settings. Anything missing, of the wrong type or out of range (an older
// or damaged value, or none at all) falls back to that setting's default; the rest is
// kept.
AudioSettings parse_audio_settings(std::string_view json);
// The JSON that parse_audio_settings reads back to the same settings.
std::string audio_settings_json(const AudioSettings& settings);

// `id`'s volume in percent (kDefaultVolume when none was chosen).
int volume_of(const AudioSettings& settings, protocol::UserId id);
// Chooses `id`'s volume, clamped to 0..kMaxVolume; the default removes the entry.
void set_volume(AudioSettings& settings, protocol::UserId id, int percent);

}  // namespace salotto::client
