// window.salotto: two exported functions return JSON, and a few lines of JS parse it
// into plain objects; see test_api.hpp.
#include "client/web/test_api.hpp"

#include <emscripten/emscripten.h>

#include <string>
#include <string_view>

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include "client/web/app.hpp"

namespace salotto::web {

namespace {

const App* published = nullptr;
std::string reply;  // what the last call returned; JS copies it out at once

// "[913,...]": the code points of UTF-8 `text` that the default font lacks.
std::string missing_glyphs(std::string_view text) {
    std::string out = "[";
    ImFont* font = ImGui::GetIO().FontDefault;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        unsigned int cp = 0;
        const int used = ImTextCharFromUtf8(&cp, p, end);
        if (used <= 0) break;
        p += used;
        if (font && font->FindGlyphNoFallback(static_cast<ImWchar>(cp))) continue;
        if (out.size() > 1) out += ',';
        out += std::to_string(cp);
    }
    return out + "]";
}

// JavaScript inside: clang-format would break it.
// clang-format off
EM_JS(void, js_install_api, (), {
    var read = function(name) { return JSON.parse(Module["ccall"](name, "string", [], [])); };
    window.salotto = {
        state: function() { return read("salotto_state_json"); },
        widgets: function() { return read("salotto_widgets_json"); },
        // Test tap (docs/client-test-api.md): resolves to {samples: Float32Array,
        // startMs, sampleRate} of what this page played ("playback") or encoded ("capture").
        audioTap: function(seconds, path) { return window.salottoAudio.tap(seconds, path); },
        // The code points of `text` the UI font has no glyph for (drawn as "?").
        missingGlyphs: function(text) {
            return JSON.parse(Module["ccall"]("salotto_missing_glyphs", "string", ["string"], [text]));
        },
    };
});
// clang-format on

}  // namespace

void install_test_api(const App& app) {
    published = &app;
    js_install_api();
}

}  // namespace salotto::web

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* salotto_state_json() {
    using namespace salotto::web;
    reply = published ? published->state_json() : std::string("{\"ready\":false}");
    return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* salotto_missing_glyphs(const char* text) {
    using namespace salotto::web;
    reply = missing_glyphs(text);
    return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* salotto_widgets_json() {
    using namespace salotto::web;
    reply = published ? published->widgets_json() : std::string("{}");
    return reply.c_str();
}

}  // extern "C"
