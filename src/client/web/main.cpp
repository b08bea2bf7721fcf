// The web client's entry point: makes a WebGL2 context on #canvas, starts the App,
// publishes window.salotto and hands the frame function to requestAnimationFrame
// through emscripten_set_main_loop (no Asyncify: main returns, the loop goes on).
#include <emscripten/emscripten.h>
#include <emscripten/html5_webgl.h>

#include <optional>

#include "client/web/app.hpp"
#include "client/web/browser.hpp"
#include "client/web/test_api.hpp"

namespace {

constexpr const char* kCanvas = "#canvas";

std::optional<salotto::web::App> app;

EMSCRIPTEN_WEBGL_CONTEXT_HANDLE create_webgl2_context() {
    EmscriptenWebGLContextAttributes attributes;
    emscripten_webgl_init_context_attributes(&attributes);
    attributes.majorVersion = 2;
    attributes.minorVersion = 0;
    attributes.alpha = false;  // the page behind the canvas never shows through
    attributes.depth = false;
    attributes.stencil = false;
    attributes.antialias = false;  // ImGui anti-aliases its own shapes
    return emscripten_webgl_create_context(kCanvas, &attributes);
}

}  // namespace

int main() {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = create_webgl2_context();
    if (gl <= 0 || emscripten_webgl_make_context_current(gl) != EMSCRIPTEN_RESULT_SUCCESS) {
        const salotto::client::Lang lang = salotto::web::initial_lang();
        salotto::web::show_fatal_error(salotto::client::tr(lang, "fatal.webgl2"));
        return 1;
    }
    app.emplace(kCanvas);
    salotto::web::install_test_api(*app);
    emscripten_set_main_loop([] { app->frame(); }, 0, false);
    return 0;
}
