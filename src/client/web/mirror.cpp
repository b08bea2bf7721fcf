// The DOM mirror's C++ half; see mirror.hpp and web/a11y.js.
#include "client/web/mirror.hpp"

#include <emscripten/emscripten.h>

#include <utility>

extern "C" {
// web/a11y.js (linked with --js-library).
void salotto_a11y_init();
void salotto_a11y_update(const char* json);
void salotto_a11y_announce(const char* text);
void salotto_a11y_live_label(const char* text);
int salotto_a11y_focus_kind();
void salotto_a11y_blur();
}

namespace salotto::web {

namespace {

Mirror* active = nullptr;  // the one mirror, for web/a11y.js's calls

}  // namespace

Mirror::Mirror(client::WidgetRects& rects, std::function<void()> changed)
    : rects_(rects), changed_(std::move(changed)) {
    active = this;
    salotto_a11y_init();
}

Mirror::~Mirror() {
    active = nullptr;
}

void Mirror::sync() {
    std::string json = rects_.mirror_json();
    if (json == shown_) return;
    shown_ = std::move(json);
    salotto_a11y_update(shown_.c_str());
}

void Mirror::announce(std::string_view text) {
    salotto_a11y_announce(std::string(text).c_str());
}

void Mirror::set_live_label(std::string_view label) {
    salotto_a11y_live_label(std::string(label).c_str());
}

void Mirror::activate(std::string id) {
    rects_.activate(std::move(id));
    changed_();
}

void Mirror::field(const std::string& id, std::string value, int start, int end) {
    rects_.field_input(id, std::move(value), start, end);
    changed_();
}

void Mirror::field_focus(const std::string& id, bool focused) {
    rects_.field_focus(id, focused);
    changed_();
}

void Mirror::slider(std::string id, int value) {
    rects_.slider_input(std::move(id), value);
    changed_();
}

MirrorFocus mirror_focus() {
    switch (salotto_a11y_focus_kind()) {
        case 1:
            return MirrorFocus::field;
        case 2:
            return MirrorFocus::element;
        default:
            return MirrorFocus::none;
    }
}

void blur_mirror() {
    salotto_a11y_blur();
}

}  // namespace salotto::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void salotto_activate(const char* id) {
    if (salotto::web::active) salotto::web::active->activate(id);
}

EMSCRIPTEN_KEEPALIVE void salotto_field(const char* id, const char* value, int start, int end) {
    if (salotto::web::active) salotto::web::active->field(id, value, start, end);
}

EMSCRIPTEN_KEEPALIVE void salotto_field_focus(const char* id, int focused) {
    if (salotto::web::active) salotto::web::active->field_focus(id, focused != 0);
}

EMSCRIPTEN_KEEPALIVE void salotto_slider(const char* id, int value) {
    if (salotto::web::active) salotto::web::active->slider(id, value);
}

}  // extern "C"
