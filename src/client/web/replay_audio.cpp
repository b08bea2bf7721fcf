// The replay player's <audio> element; see replay_audio.hpp.
#include "client/web/replay_audio.hpp"

#include <string>

#include <emscripten/emscripten.h>

namespace salotto::web {

namespace {

EM_JS(void, js_show_replay_audio, (const char* url, int length), {
    const src = UTF8ToString(url, length);
    let audio = document.getElementById("salotto-replay");
    if (!src) {
        if (audio) {
            audio.pause();
            audio.remove();
        }
        return;
    }
    if (!audio) {
        audio = document.createElement("audio");
        audio.id = "salotto-replay";
        audio.controls = true;
        audio.preload = "auto";
        audio.style.cssText = "position:fixed;left:50%;bottom:12px;transform:translateX(-50%);" +
                              "width:min(560px,94vw);z-index:10";
        document.body.appendChild(audio);
    }
    audio.src = src;
    audio.play().catch(function(){});
});

}  // namespace

void show_replay_audio(std::string_view url) {
    static std::string shown;
    if (url == shown) return;
    shown = std::string(url);
    js_show_replay_audio(shown.data(), static_cast<int>(shown.size()));
}

}  // namespace salotto::web
