// The audio engine bridge; see audio_bridge.hpp.
#include "client/web/audio_bridge.hpp"

#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>

namespace salotto::web {

namespace {

AudioBridge* current = nullptr;  // the one bridge reports go to

// JavaScript inside: clang-format would break it.
// clang-format off
EM_JS(void, js_audio_update, (const char* wanted), {
    if (window.salottoAudio) window.salottoAudio.update(JSON.parse(UTF8ToString(wanted)));
});
// clang-format on

}  // namespace

AudioBridge::AudioBridge(std::function<void(std::string_view)> on_report)
    : on_report_(std::move(on_report)) {
    current = this;
}

AudioBridge::~AudioBridge() {
    if (current == this) current = nullptr;
}

void AudioBridge::sync(const client::AppState& state) {
    const protocol::Member* self = client::me(state);
    const bool on_stage = self && self->role != protocol::Role::audience;
    // Audio follows the room: whoever is in one listens; people on stage also capture.
    // The device choices and volumes go along (docs/audio.md, "Devices and controls").
    const client::AudioSettings& settings = state.audio_settings;
    nlohmann::json volumes = nlohmann::json::object();
    for (const auto& [id, percent] : settings.volumes) volumes[std::to_string(id)] = percent;
    const bool join = self != nullptr && !state.token.empty();
    const nlohmann::json wanted = {
        {"join", join},
        {"token", state.token},
        {"onStage", on_stage},
        {"muted", !on_stage || self->muted},
        {"gesture", state.audio.gestures},
        {"mic", settings.mic},
        {"output", settings.output},
        {"echoCancellation", settings.echo_cancellation},
        {"noiseSuppression", settings.noise_suppression},
        {"autoGainControl", settings.auto_gain},
        {"volumes", volumes},
        {"test", join && state.audio.test_wanted},
    };
    std::string text = wanted.dump();
    if (text == last_wanted_) return;
    last_wanted_ = std::move(text);
    js_audio_update(last_wanted_.c_str());
}

void AudioBridge::report(std::string_view json) {
    if (current) current->on_report_(json);
}

}  // namespace salotto::web

extern "C" EMSCRIPTEN_KEEPALIVE void salotto_audio_report(const char* json) {
    salotto::web::AudioBridge::report(json);
}
