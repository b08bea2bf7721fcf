// Audio engine reports into the app state; see audio_report.hpp and docs/audio.md.
#include "client/audio_report.hpp"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/room/room.hpp"

namespace salotto::client {

namespace {

using nlohmann::json;

template <class T>
T get_or(const json& j, const char* key, T fallback) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if constexpr (std::is_same_v<T, bool>) {
        return it->is_boolean() ? it->get<bool>() : fallback;
    } else if constexpr (std::is_arithmetic_v<T>) {
        return it->is_number() ? it->get<T>() : fallback;
    } else {
        return it->is_string() ? it->get<T>() : fallback;
    }
}

void apply_playback(AudioState& audio, const json& j) {
    audio.speakers.clear();
    auto it = j.find("speakers");
    if (it == j.end() || !it->is_array()) return;
    for (const auto& s : *it) {
        if (!s.is_object()) continue;
        audio.speakers.push_back(SpeakerAudio{
            .id = get_or<protocol::UserId>(s, "id", 0),
            .level = get_or(s, "level", 0),
            .playing = get_or(s, "playing", false),
            .depth_ms = get_or(s, "depth_ms", 0),
            .target_ms = get_or(s, "target_ms", 0),
            .jitter_ms = get_or(s, "jitter_ms", 0),
            .received = get_or<std::uint64_t>(s, "received", 0),
            .late = get_or<std::uint64_t>(s, "late", 0),
            .concealed = get_or<std::uint64_t>(s, "concealed", 0),
            .recovered = get_or<std::uint64_t>(s, "recovered", 0),
            .dropped = get_or<std::uint64_t>(s, "dropped", 0),
            .played = get_or<std::uint64_t>(s, "played", 0),
            .delay_ms = get_or(s, "delay_ms", 0),
        });
    }
}

std::vector<AudioDevice> devices(const json& j, const char* key) {
    std::vector<AudioDevice> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& d : *it) {
        if (!d.is_object()) continue;
        AudioDevice device{get_or<std::string>(d, "id", ""), get_or<std::string>(d, "label", "")};
        if (!device.id.empty()) out.push_back(std::move(device));
    }
    return out;
}

std::optional<MicTrack> mic_track(const json& j) {
    auto it = j.find("track");
    if (it == j.end() || !it->is_object()) return std::nullopt;
    return MicTrack{get_or<std::string>(*it, "device", ""), get_or<std::string>(*it, "label", ""),
                    get_or(*it, "echo_cancellation", false),
                    get_or(*it, "noise_suppression", false), get_or(*it, "auto_gain", false)};
}

}  // namespace

void apply_audio_report(AppState& state, std::string_view text) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return;
    const std::string kind = get_or<std::string>(j, "kind", "");
    AudioState& audio = state.audio;
    if (kind == "state") {
        audio.joined = get_or(j, "joined", false);
        audio.needs_gesture = get_or(j, "needs_gesture", false);
        audio.mic_device = get_or<std::string>(j, "mic", "off");
        audio.mic_message = get_or<std::string>(j, "mic_message", "");
        audio.testing = get_or(j, "testing", false);
        audio.track = mic_track(j);
        if (!audio.joined) {
            audio.test_wanted = false;  // a test ends with the room's audio
            audio.started = false;
            audio.speakers.clear();
            audio.my_level = 0;
        }
    } else if (kind == "devices") {
        audio.inputs = devices(j, "inputs");
        audio.outputs = devices(j, "outputs");
        const std::string choice = get_or<std::string>(j, "output_choice", "none");
        audio.output_choice = choice == "context" || choice == "element" ? choice : "none";
    } else if (kind == "capture") {
        audio.my_level = get_or(j, "level", 0);
        audio.speaking = get_or(j, "speaking", false);
    } else if (kind == "playback") {
        apply_playback(audio, j);
    } else if (kind == "net") {
        const std::string net = get_or<std::string>(j, "state", "");
        audio.started = net == "started";
        audio.rtt_ms = get_or(j, "rtt_ms", audio.rtt_ms);
        audio.frames_sent = get_or(j, "sent", audio.frames_sent);
        audio.frames_dropped = get_or(j, "dropped", audio.frames_dropped);
        audio.batches_received = get_or(j, "received", audio.batches_received);
    } else if (kind == "error") {
        // The engine's message carries the browser's reason, so it is shown as sent
        // (there is no "error.audio" text to replace it); without one, ours.
        state.error = ShownError{get_or<std::string>(j, "code", "audio"),
                                 get_or<std::string>(j, "message", tr(state.lang, "audio.failed"))};
    }
}

AudioView audio_view(const AppState& state, bool panel_open) {
    const AudioState& a = state.audio;
    // Levels in steps of 8 (about 8 dB) above the ring's floor; silence is one step.
    auto step = [](int level) { return std::to_string(level > 127 - 50 ? level / 8 : 0); };
    AudioView view;
    view.layout = std::string(mic_status(state)) + (a.joined ? "j" : "") +
                  (a.needs_gesture ? "g" : "") + (a.started ? "s" : "") + (a.testing ? "t" : "") +
                  a.mic_message;
    view.levels = step(a.speaking ? a.my_level : 0);
    // The device lists and the open track show in the audio settings.
    for (const auto& d : a.inputs) view.layout += "|i" + d.id + d.label;
    for (const auto& d : a.outputs) view.layout += "|o" + d.id + d.label;
    if (a.track)
        view.layout += "|t" + a.track->device + (a.track->echo_cancellation ? "e" : "") +
                       (a.track->noise_suppression ? "n" : "") + (a.track->auto_gain ? "a" : "");
    for (const auto& s : a.speakers)
        view.levels += "|" + std::to_string(s.id) + ":" + step(s.playing ? s.level : 0);
    if (panel_open) {
        // The level meter of the audio settings, in fine steps.
        view.levels += "|m" + std::to_string(a.my_level / 4);
        view.layout += "|" + std::to_string(a.rtt_ms) + "," + std::to_string(a.frames_sent);
        for (const auto& s : a.speakers)
            view.layout += "|" + std::to_string(s.delay_ms) + "," + std::to_string(s.depth_ms) +
                           "," + std::to_string(s.target_ms) + "," + std::to_string(s.jitter_ms) +
                           "," + std::to_string(s.concealed) + "," + std::to_string(s.late) + "," +
                           std::to_string(s.received);
    }
    return view;
}

std::string_view mic_status(const AppState& state) {
    const protocol::Member* self = me(state);
    if (!self || !room::on_stage(*self) || !state.audio.joined) return "off";
    const std::string& device = state.audio.mic_device;
    if (device == "denied" || device == "unavailable") return device;
    if (self->muted || device != "ready") return "muted";
    return "live";
}

}  // namespace salotto::client

namespace salotto::client {

int speaking_level(const AppState& state, const protocol::Member& m) {
    if (!room::on_stage(m) || m.muted) return 0;
    if (state.user && state.user->id == m.id)
        return mic_status(state) == "live" && state.audio.speaking ? state.audio.my_level : 0;
    const SpeakerAudio* s = find_speaker_audio(state, m.id);
    return s && s->playing ? s->level : 0;
}

}  // namespace salotto::client
