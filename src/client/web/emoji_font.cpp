// The emoji font's download; see emoji_font.hpp.
#include "client/web/emoji_font.hpp"

#include <emscripten/emscripten.h>

#include <utility>

namespace salotto::web {

namespace {

EmojiFont* active = nullptr;  // the one instance, for the page script's calls

// clang-format off
EM_JS(void, js_fetch_emoji_font, (), {
    var url = window.salottoAsset ? window.salottoAsset("emoji.ttf") : "/emoji.ttf";
    var load = function () { fetch(url).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.arrayBuffer();
    }).then(function (data) {
        var bytes = new Uint8Array(data);
        var at = Module["ccall"]("salotto_emoji_font_buffer", "number", ["number"], [bytes.length]);
        HEAPU8.set(bytes, at);
        Module["ccall"]("salotto_emoji_font_ready", null, [], []);
    }).catch(function (error) {
        console.warn("salotto: the emoji font did not load (" + error + "); emoji show as boxes");
    }); };
    // A second after the first signed-in screen, once the browser has nothing more
    // urgent to do (its pictures are in, its messages handled).
    setTimeout(function () {
        if (window.requestIdleCallback) requestIdleCallback(load, { timeout: 2000 }); else load();
    }, 1000);
});
// clang-format on

}  // namespace

EmojiFont::EmojiFont(std::function<void()> loaded) : loaded_(std::move(loaded)) {
    active = this;
}

EmojiFont::~EmojiFont() {
    active = nullptr;
}

void EmojiFont::fetch() {
    if (std::exchange(started_, true)) return;
    js_fetch_emoji_font();
}

unsigned char* EmojiFont::buffer(int size) {
    bytes_.assign(static_cast<std::size_t>(size > 0 ? size : 0), 0);
    return bytes_.data();
}

void EmojiFont::ready() {
    ready_ = !bytes_.empty();
    if (ready_) loaded_();
}

}  // namespace salotto::web

extern "C" {

EMSCRIPTEN_KEEPALIVE unsigned char* salotto_emoji_font_buffer(int size) {
    return salotto::web::active ? salotto::web::active->buffer(size) : nullptr;
}

EMSCRIPTEN_KEEPALIVE void salotto_emoji_font_ready() {
    if (salotto::web::active) salotto::web::active->ready();
}

}  // extern "C"
