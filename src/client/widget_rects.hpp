// Where the clickable widgets of the latest frame are, by stable id, for
// window.salotto.widgets() (docs/client-test-api.md): tests click these rectangles
// with the real mouse instead of poking at internal state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace salotto::client {

class WidgetRects {
  public:
    // Forgets the previous frame's widgets; call before drawing a frame.
    void clear() { rects_.clear(); }
    // Records the last ImGui item under `id`, clipped to what is visible of it, with
    // the text drawn on or above it (a button's label, a field's label), if any.
    void record_last_item(std::string id, std::string_view label = {});
    // {"<id>": {"x":..,"y":..,"w":..,"h":.., "label":..}, ...} in CSS pixels from the
    // canvas corner; "label" only for widgets that have one.
    std::string json() const;

  private:
    struct Rect {
        std::string id;
        float x, y, w, h;
        std::string label;
    };
    std::vector<Rect> rects_;
};

}  // namespace salotto::client
