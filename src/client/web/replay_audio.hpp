// The replay player's sound: an HTML <audio controls> element at the bottom of the
// page, pointed at a replay link (ReplayState::playing_url). The browser plays, seeks
// (HTTP byte ranges) and offers the download from its own controls.
#pragma once

#include <string_view>

namespace salotto::web {

// Shows the element playing `url` (a path on this origin), or removes it when `url`
// is empty. Cheap when nothing changed: call once per frame.
void show_replay_audio(std::string_view url);

}  // namespace salotto::web
