// The C++ side of the browser's audio engine (web/audio-engine.js, docs/audio.md).
// The app tells the engine what it wants (in a room or not, on stage, muted, the
// user's taps) and the engine reports levels, stats and microphone problems back
// through the exported salotto_audio_report(). Audio itself never passes through
// here: it flows between the worklets and the audio network worker.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "client/app_state.hpp"

namespace salotto::web {

class AudioBridge {
  public:
    // `on_report` receives each report (a JSON object) from the engine.
    explicit AudioBridge(std::function<void(std::string_view)> on_report);
    ~AudioBridge();
    AudioBridge(const AudioBridge&) = delete;
    AudioBridge& operator=(const AudioBridge&) = delete;

    // Passes what the state wants to the engine when it changed since the last call.
    void sync(const client::AppState& state);

    // For salotto_audio_report().
    static void report(std::string_view json);

  private:
    std::function<void(std::string_view)> on_report_;
    std::string last_wanted_;
};

}  // namespace salotto::web
