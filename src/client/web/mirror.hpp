// The web side of the DOM mirror (docs/client.md, "Accessibility"): after each frame
// it hands what the frame drew (WidgetRects::mirror_json) to web/a11y.js when that
// changed, passes the mirror's activations, field text and focus back to the
// WidgetRects the widgets read, and speaks the announcer's news in the live region.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "client/widget_rects.hpp"

namespace salotto::web {

class Mirror {
  public:
    // `changed` is called when the mirror delivered something the next frame must see.
    Mirror(client::WidgetRects& rects, std::function<void()> changed);
    ~Mirror();
    Mirror(const Mirror&) = delete;
    Mirror& operator=(const Mirror&) = delete;

    // After a frame: brings the DOM up to date with what it drew.
    void sync();
    // Says `text` in the polite live region.
    void announce(std::string_view text);
    // The live region's own name, in the UI's language.
    void set_live_label(std::string_view label);

    // From web/a11y.js (the extern "C" functions in mirror.cpp).
    void activate(std::string id);
    void field(const std::string& id, std::string value, int start, int end);
    void field_focus(const std::string& id, bool focused);
    void slider(std::string id, int value);

  private:
    client::WidgetRects& rects_;
    std::function<void()> changed_;
    std::string shown_;  // the mirror JSON the DOM shows
};

// Whether the browser's focus is on a mirror element: keys then belong to it.
enum class MirrorFocus { none, field, element };
MirrorFocus mirror_focus();
// Takes the browser's focus off the mirror (a press on the canvas).
void blur_mirror();

}  // namespace salotto::web
