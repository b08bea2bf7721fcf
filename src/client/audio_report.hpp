// Folds what the browser's audio engine reports (web/audio-engine.js, JSON objects
// with a "kind") into AppState::audio. Pure, so it compiles natively too.
#pragma once

#include <string>
#include <string_view>

#include "client/app_state.hpp"

namespace salotto::client {

// Applies one report; malformed or unknown reports are ignored.
void apply_audio_report(AppState& state, std::string_view json);

// A summary of what the room screen shows of the audio: the screen needs redrawing only
// when it changes. `levels` is the speaking rings in coarse steps, which change only
// colours and sizes on screen (one frame redraws them); `layout` is the rest (the
// microphone's state and message, devices, and every figure when the stats panel is
// open), which can move widgets.
struct AudioView {
    std::string layout;
    std::string levels;
};
AudioView audio_view(const AppState& state, bool panel_open);

// Levels (0-127, 127 + dBFS) at or below this are room noise, not someone speaking.
constexpr int kSpeakingFloorLevel = 127 - 50;

// How loud member `m` sounds right now: our own microphone for ourselves, the
// playback for everyone else; 0 when silent, muted, off stage or unknown. Above
// kSpeakingFloorLevel they are speaking (the room's rings, the announcements).
int speaking_level(const AppState& state, const protocol::Member& m);

}  // namespace salotto::client
