// Audio settings as stored in the browser; see audio_settings.hpp.
#include "client/audio_settings.hpp"

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace salotto::client {

namespace {

using nlohmann::json;

// The stored format's version; a value written by another version is read field by
// field all the same, since every field falls back on its own.
constexpr int kVersion = 1;

bool bool_or(const json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string device_or_default(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return "";
    std::string id = it->get<std::string>();
    return id.size() <= AudioSettings::kMaxDeviceId ? id : "";
}

// A user id as written in the JSON object's keys: decimal digits, no sign, > 0.
bool parse_user_id(const std::string& text, protocol::UserId& id) {
    if (text.empty() || text.size() > 19 || text[0] == '0') return false;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > static_cast<std::uint64_t>(INT64_MAX)) return false;
    id = static_cast<protocol::UserId>(v);
    return true;
}

}  // namespace

AudioSettings parse_audio_settings(std::string_view text) {
    AudioSettings s;
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return s;
    s.mic = device_or_default(j, "mic");
    s.output = device_or_default(j, "output");
    s.echo_cancellation = bool_or(j, "echo_cancellation", s.echo_cancellation);
    s.noise_suppression = bool_or(j, "noise_suppression", s.noise_suppression);
    s.auto_gain = bool_or(j, "auto_gain", s.auto_gain);
    s.push_to_talk = bool_or(j, "push_to_talk", s.push_to_talk);
    const auto volumes = j.find("volumes");
    if (volumes != j.end() && volumes->is_object()) {
        for (const auto& [key, value] : volumes->items()) {
            protocol::UserId id = 0;
            if (s.volumes.size() == AudioSettings::kMaxVolumes) break;
            if (!parse_user_id(key, id) || !value.is_number_integer()) continue;
            const auto percent = value.get<std::int64_t>();
            if (percent < 0 || percent > AudioSettings::kMaxVolume) continue;
            set_volume(s, id, static_cast<int>(percent));
        }
    }
    return s;
}

std::string audio_settings_json(const AudioSettings& s) {
    json volumes = json::object();
    for (const auto& [id, percent] : s.volumes) volumes[std::to_string(id)] = percent;
    return json{{"v", kVersion},
                {"mic", s.mic},
                {"output", s.output},
                {"echo_cancellation", s.echo_cancellation},
                {"noise_suppression", s.noise_suppression},
                {"auto_gain", s.auto_gain},
                {"push_to_talk", s.push_to_talk},
                {"volumes", volumes}}
        .dump();
}

int volume_of(const AudioSettings& s, protocol::UserId id) {
    const auto it = s.volumes.find(id);
    return it == s.volumes.end() ? AudioSettings::kDefaultVolume : it->second;
}

void set_volume(AudioSettings& s, protocol::UserId id, int percent) {
    percent = std::clamp(percent, 0, AudioSettings::kMaxVolume);
    if (percent == AudioSettings::kDefaultVolume) {
        s.volumes.erase(id);
        return;
    }
    if (!s.volumes.contains(id) && s.volumes.size() >= AudioSettings::kMaxVolumes)
        s.volumes.erase(s.volumes.begin());  // no use times are kept: the lowest id goes
    s.volumes[id] = percent;
}

}  // namespace salotto::client
