// Our own small platform layer between the browser and Dear ImGui 1.86, over
// emscripten/html5.h: mouse, touch, wheel, keys, focus, the canvas size and
// devicePixelRatio. Emscripten 3.1.6's GLFW emulation gets HiDPI, touch, wheel and
// text wrong, hence this (docs/client.md). Text does not come through here: each
// text field has a real <input> in the DOM mirror (mirror.hpp), which the browser
// edits (IME composition, phone keyboards, paste, password managers). While the
// browser's focus is on a mirror element, keys are the browser's, not ImGui's.
//
// ImGui 1.86 has no input queue: a button or key pressed and released within one
// frame is lost. Events therefore wait in our own queue and are fed to ImGui a few
// per frame, never changing the same button or key twice in one frame.
#pragma once

#include <deque>
#include <string>
#include <string_view>

#include <emscripten/html5.h>

namespace salotto::web {

class Platform {
  public:
    // `canvas` is the CSS selector of a canvas filling the page from its top-left
    // corner (shell.html), so client coordinates are canvas coordinates.
    explicit Platform(std::string canvas);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    struct Frame {
        int width = 0, height = 0;  // framebuffer size in device pixels
        bool dpr_changed = false;   // the font atlas must be rebuilt
    };
    // Sizes the canvas to its CSS size x devicePixelRatio and feeds queued input to
    // ImGui. Call before ImGui::NewFrame().
    Frame begin_frame();
    // After ImGui::Render(): shows the mouse cursor ImGui asked for.
    void end_frame();

    float dpr() const { return dpr_; }
    // Whether input is waiting for the next frames; any input at all since the last
    // call also counts, so the UI can show hover and focus changes.
    bool take_activity();

  private:
    struct Event {
        enum class Kind { mouse_pos, mouse_button, key };
        Event(Kind kind, float x = 0, float y = 0, int index = 0, bool down = false)
            : kind(kind), x(x), y(y), index(index), down(down) {}
        Kind kind;
        float x, y;  // mouse_pos, in CSS pixels
        int index;   // mouse button or key index
        bool down;
        bool ctrl = false, shift = false, alt = false, super = false;  // key
    };
    void push(Event event);
    void feed_imgui();
    void release_everything();

    static EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void* self);
    static EM_BOOL on_wheel(int type, const EmscriptenWheelEvent* e, void* self);
    static EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void* self);
    static EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void* self);
    static EM_BOOL on_resize(int type, const EmscriptenUiEvent* e, void* self);
    static EM_BOOL on_focus(int type, const EmscriptenFocusEvent* e, void* self);

    std::string canvas_;
    float dpr_ = 1;
    double last_time_ = 0;  // seconds, of the previous frame
    std::deque<Event> queue_;
    float wheel_x_ = 0, wheel_y_ = 0;
    bool activity_ = true;
    // Touch: a tap clicks where the finger lifts; a drag scrolls instead.
    long touch_id_ = -1;
    float touch_start_x_ = 0, touch_start_y_ = 0, touch_last_y_ = 0;
    bool touch_scrolling_ = false;
    int cursor_ = -1;
};

}  // namespace salotto::web
