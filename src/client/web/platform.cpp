// The browser platform layer for ImGui; see platform.hpp.
#include "client/web/platform.hpp"

#include <emscripten/emscripten.h>
#include <imgui.h>

#include "client/web/mirror.hpp"

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstring>

namespace salotto::web {

namespace {

// Our indices into io.KeysDown for the keys ImGui 1.86 needs (io.KeyMap).
enum Key : int {
    kTab = 1,
    kLeft,
    kRight,
    kUp,
    kDown,
    kPageUp,
    kPageDown,
    kHome,
    kEnd,
    kInsert,
    kDelete,
    kBackspace,
    kSpace,
    kEnter,
    kEscape,
    kKeypadEnter,
    kA,
    kC,
    kV,
    kX,
    kY,
    kZ,
    kKeyCount
};

struct KeyName {
    const char* dom;  // KeyboardEvent.key
    Key key;
};
constexpr std::array<KeyName, 21> kKeyNames = {{
    {"Tab", kTab},
    {"ArrowLeft", kLeft},
    {"ArrowRight", kRight},
    {"ArrowUp", kUp},
    {"ArrowDown", kDown},
    {"PageUp", kPageUp},
    {"PageDown", kPageDown},
    {"Home", kHome},
    {"End", kEnd},
    {"Insert", kInsert},
    {"Delete", kDelete},
    {"Backspace", kBackspace},
    {" ", kSpace},
    {"Enter", kEnter},
    {"Escape", kEscape},
    {"a", kA},
    {"c", kC},
    {"v", kV},
    {"x", kX},
    {"y", kY},
    {"z", kZ},
}};

Key key_from_dom(const EmscriptenKeyboardEvent& e) {
    if (std::strcmp(e.code, "NumpadEnter") == 0) return kKeypadEnter;
    char key[sizeof e.key];
    std::strcpy(key, e.key);
    if (key[0] >= 'A' && key[0] <= 'Z' && key[1] == '\0') key[0] += 'a' - 'A';
    for (const auto& k : kKeyNames)
        if (std::strcmp(k.dom, key) == 0) return k.key;
    return Key{};
}

// JavaScript inside: clang-format would break it.
// clang-format off

EM_JS(void, js_set_cursor, (const char* canvas, const char* cursor), {
    var element = document.querySelector(UTF8ToString(canvas));
    if (element) element.style.cursor = UTF8ToString(cursor);
});

EM_JS(void, js_copy_text, (const char* text), {
    if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString(text)).catch(function() {});
});

// clang-format on

void set_clipboard(void*, const char* text) {
    js_copy_text(text);
}

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
        case ImGuiMouseCursor_TextInput:
            return "text";
        case ImGuiMouseCursor_Hand:
            return "pointer";
        case ImGuiMouseCursor_ResizeNS:
            return "ns-resize";
        case ImGuiMouseCursor_ResizeEW:
            return "ew-resize";
        case ImGuiMouseCursor_NotAllowed:
            return "not-allowed";
        case ImGuiMouseCursor_None:
            return "none";
        default:
            return "default";
    }
}

// Pixels of a wheel "line" and "page", for WheelEvent.deltaMode 1 and 2.
constexpr float kPixelsPerWheelStep = 100;  // Chrome's pixel delta for one notch
constexpr float kLinesPerWheelStep = 3;
// A finger that moves farther than this is scrolling, not tapping (CSS pixels).
constexpr float kTapSlop = 10;
// Where the mouse is when there is none (after a finger lifts): nothing hovered.
constexpr float kNowhere = -FLT_MAX;

}  // namespace

Platform::Platform(std::string canvas) : canvas_(std::move(canvas)) {
    dpr_ = static_cast<float>(emscripten_get_device_pixel_ratio());
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "salotto_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.ConfigInputTextCursorBlink = false;  // frames are drawn on demand, not continuously
    io.SetClipboardTextFn = set_clipboard;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kRight;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_PageUp] = kPageUp;
    io.KeyMap[ImGuiKey_PageDown] = kPageDown;
    io.KeyMap[ImGuiKey_Home] = kHome;
    io.KeyMap[ImGuiKey_End] = kEnd;
    io.KeyMap[ImGuiKey_Insert] = kInsert;
    io.KeyMap[ImGuiKey_Delete] = kDelete;
    io.KeyMap[ImGuiKey_Backspace] = kBackspace;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_KeyPadEnter] = kKeypadEnter;
    io.KeyMap[ImGuiKey_A] = kA;
    io.KeyMap[ImGuiKey_C] = kC;
    io.KeyMap[ImGuiKey_V] = kV;
    io.KeyMap[ImGuiKey_X] = kX;
    io.KeyMap[ImGuiKey_Y] = kY;
    io.KeyMap[ImGuiKey_Z] = kZ;

    const char* window = EMSCRIPTEN_EVENT_TARGET_WINDOW;
    const char* target = canvas_.c_str();
    // Moves and releases are followed on the whole window, so a drag that leaves
    // the canvas still ends.
    emscripten_set_mousedown_callback(target, this, true, on_mouse);
    emscripten_set_mouseup_callback(window, this, true, on_mouse);
    emscripten_set_mousemove_callback(window, this, true, on_mouse);
    emscripten_set_wheel_callback(target, this, true, on_wheel);
    emscripten_set_touchstart_callback(target, this, true, on_touch);
    emscripten_set_touchmove_callback(target, this, true, on_touch);
    emscripten_set_touchend_callback(target, this, true, on_touch);
    emscripten_set_touchcancel_callback(target, this, true, on_touch);
    emscripten_set_keydown_callback(window, this, true, on_key);
    emscripten_set_keyup_callback(window, this, true, on_key);
    // The canvas follows the window; a zoom (devicePixelRatio change) also resizes it.
    emscripten_set_resize_callback(window, this, false, on_resize);
    // Not capturing: focus moving between the mirror's elements must not count.
    emscripten_set_blur_callback(window, this, false, on_focus);
    emscripten_set_focus_callback(window, this, false, on_focus);
}

Platform::~Platform() {
    emscripten_html5_remove_all_event_listeners();
}

void Platform::push(Event event) {
    activity_ = true;
    // Only the latest of several moves in a row matters.
    if (event.kind == Event::Kind::mouse_pos && !queue_.empty() &&
        queue_.back().kind == Event::Kind::mouse_pos) {
        queue_.back() = std::move(event);
        return;
    }
    queue_.push_back(std::move(event));
}

bool Platform::take_activity() {
    bool any = activity_ || !queue_.empty();
    activity_ = false;
    return any;
}

Platform::Frame Platform::begin_frame() {
    Frame frame;
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size(canvas_.c_str(), &css_width, &css_height);
    float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    frame.dpr_changed = dpr != dpr_;
    dpr_ = dpr;
    frame.width = static_cast<int>(std::lround(css_width * dpr));
    frame.height = static_cast<int>(std::lround(css_height * dpr));
    int current_width = 0, current_height = 0;
    emscripten_get_canvas_element_size(canvas_.c_str(), &current_width, &current_height);
    if (current_width != frame.width || current_height != frame.height) {
        emscripten_set_canvas_element_size(canvas_.c_str(), frame.width, frame.height);
        activity_ = true;
    }

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(css_width), static_cast<float>(css_height));
    io.DisplayFramebufferScale = ImVec2(dpr, dpr);
    double now = emscripten_get_now() / 1000.0;
    io.DeltaTime =
        last_time_ > 0 ? static_cast<float>(std::max(now - last_time_, 1e-4)) : 1 / 60.0f;
    last_time_ = now;

    feed_imgui();
    io.MouseWheel += wheel_y_;
    io.MouseWheelH += wheel_x_;
    wheel_x_ = wheel_y_ = 0;
    return frame;
}

// Applies queued events until one would change a button or key already changed in
// this frame; the rest wait for the next frame (ImGui 1.86 would lose them).
void Platform::feed_imgui() {
    ImGuiIO& io = ImGui::GetIO();
    bool buttons_changed[5] = {};
    bool keys_changed[kKeyCount] = {};
    bool any_button_changed = false;
    while (!queue_.empty()) {
        Event& e = queue_.front();
        switch (e.kind) {
            case Event::Kind::mouse_pos:
                // Moving after a press in the same frame would click somewhere else.
                if (any_button_changed) return;
                io.MousePos = ImVec2(e.x, e.y);
                break;
            case Event::Kind::mouse_button:
                if (buttons_changed[e.index]) return;
                io.MouseDown[e.index] = e.down;
                buttons_changed[e.index] = any_button_changed = true;
                break;
            case Event::Kind::key:
                if (keys_changed[e.index]) return;
                io.KeysDown[e.index] = e.down;
                io.KeyCtrl = e.ctrl;
                io.KeyShift = e.shift;
                io.KeyAlt = e.alt;
                io.KeySuper = e.super;
                keys_changed[e.index] = true;
                break;
        }
        queue_.pop_front();
    }
}

void Platform::release_everything() {
    ImGuiIO& io = ImGui::GetIO();
    for (int b = 0; b < 5; ++b)
        if (io.MouseDown[b]) push({Event::Kind::mouse_button, 0, 0, b, false});
    for (int k = 1; k < kKeyCount; ++k)
        if (io.KeysDown[k]) push({Event::Kind::key, 0, 0, k, false});
}

void Platform::end_frame() {
    ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor != cursor_) {
        js_set_cursor(canvas_.c_str(), css_cursor(cursor));
        cursor_ = cursor;
    }
}

EM_BOOL Platform::on_mouse(int type, const EmscriptenMouseEvent* e, void* self_ptr) {
    auto* self = static_cast<Platform*>(self_ptr);
    auto x = static_cast<float>(e->clientX), y = static_cast<float>(e->clientY);
    self->push({Event::Kind::mouse_pos, x, y});
    if (type == EMSCRIPTEN_EVENT_MOUSEMOVE) return EM_FALSE;
    // DOM buttons: 0 left, 1 middle, 2 right; ImGui: 0 left, 1 right, 2 middle.
    static constexpr int kButton[] = {0, 2, 1, 3, 4};
    int button = e->button >= 0 && e->button < 5 ? kButton[e->button] : 0;
    bool down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
    self->push({Event::Kind::mouse_button, x, y, button, down});
    // A press on the canvas gives the keyboard back to ImGui; the canvas itself
    // takes no focus (it is aria-hidden).
    if (down) blur_mirror();
    return down ? EM_TRUE : EM_FALSE;
}

EM_BOOL Platform::on_wheel(int, const EmscriptenWheelEvent* e, void* self_ptr) {
    auto* self = static_cast<Platform*>(self_ptr);
    // ImGui counts wheel steps, positive = up/left; the DOM gives deltas, positive =
    // down/right, in pixels, lines or pages (deltaMode).
    float scale = 1.0f / kPixelsPerWheelStep;
    if (e->deltaMode == DOM_DELTA_LINE) scale = 1.0f / kLinesPerWheelStep;
    if (e->deltaMode == DOM_DELTA_PAGE) scale = 1.0f;
    self->wheel_y_ -= static_cast<float>(e->deltaY) * scale;
    self->wheel_x_ -= static_cast<float>(e->deltaX) * scale;
    self->push({Event::Kind::mouse_pos, static_cast<float>(e->mouse.clientX),
                static_cast<float>(e->mouse.clientY)});
    return EM_TRUE;  // the page itself must not scroll or zoom
}

EM_BOOL Platform::on_touch(int type, const EmscriptenTouchEvent* e, void* self_ptr) {
    auto* self = static_cast<Platform*>(self_ptr);
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) blur_mirror();
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        auto x = static_cast<float>(t.clientX), y = static_cast<float>(t.clientY);
        if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
            if (self->touch_id_ != -1) continue;  // one finger drives the UI
            self->touch_id_ = t.identifier;
            self->touch_start_x_ = x;
            self->touch_start_y_ = self->touch_last_y_ = y;
            self->touch_scrolling_ = false;
            continue;
        }
        if (t.identifier != self->touch_id_) continue;
        if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
            if (!self->touch_scrolling_ &&
                std::hypot(x - self->touch_start_x_, y - self->touch_start_y_) > kTapSlop) {
                self->touch_scrolling_ = true;
                self->push({Event::Kind::mouse_pos, x, y});  // scroll the window under the finger
            }
            if (self->touch_scrolling_) {
                // ImGui scrolls 5 lines of text per wheel step; follow the finger.
                float step = 5 * ImGui::GetFontSize();
                self->wheel_y_ += (y - self->touch_last_y_) / step;
                self->touch_last_y_ = y;
                self->activity_ = true;
            }
            continue;
        }
        // Lifted (or cancelled): a tap clicks where it happened.
        if (type == EMSCRIPTEN_EVENT_TOUCHEND && !self->touch_scrolling_) {
            self->push({Event::Kind::mouse_pos, x, y});
            self->push({Event::Kind::mouse_button, x, y, 0, true});
            self->push({Event::Kind::mouse_button, x, y, 0, false});
        }
        self->push({Event::Kind::mouse_pos, kNowhere, kNowhere});  // nothing stays hovered
        self->touch_id_ = -1;
    }
    return EM_TRUE;  // no emulated mouse events, no browser scrolling or zooming
}

EM_BOOL Platform::on_key(int type, const EmscriptenKeyboardEvent* e, void* self_ptr) {
    auto* self = static_cast<Platform*>(self_ptr);
    Key key = key_from_dom(*e);
    bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    // Tab moves the browser's focus through the mirror (docs/client.md); and while a
    // mirror element or field has it, keys are the browser's. Releases still reach
    // ImGui, so no key stays held there.
    if (key == Key{} || key == kTab || (down && mirror_focus() != MirrorFocus::none))
        return EM_FALSE;
    Event event{Event::Kind::key, 0, 0, key, down};
    event.ctrl = e->ctrlKey;
    event.shift = e->shiftKey;
    event.alt = e->altKey;
    event.super = e->metaKey;
    self->push(std::move(event));
    // Space and letters keep their default (the mirror's Space, the browser's own
    // shortcuts); editing and navigation keys belong to ImGui.
    bool printable = key == kSpace || (key >= kA && key <= kZ);
    return printable ? EM_FALSE : EM_TRUE;
}

EM_BOOL Platform::on_resize(int, const EmscriptenUiEvent*, void* self_ptr) {
    static_cast<Platform*>(self_ptr)->activity_ = true;  // sized in the next frame
    return EM_FALSE;
}

EM_BOOL Platform::on_focus(int type, const EmscriptenFocusEvent*, void* self_ptr) {
    auto* self = static_cast<Platform*>(self_ptr);
    bool focused = type == EMSCRIPTEN_EVENT_FOCUS;
    ImGui::GetIO().AddFocusEvent(focused);
    // Keys and buttons released while the page had no focus never reach us.
    if (!focused) self->release_everything();
    self->activity_ = true;
    return EM_FALSE;
}

}  // namespace salotto::web
