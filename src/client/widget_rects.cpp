// Widget rectangles for tests; see widget_rects.hpp.
#include "client/widget_rects.hpp"

#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace salotto::client {

void WidgetRects::record_last_item(std::string id, std::string_view label) {
    // A window's first frame is laid out before it has its final size and place
    // (auto-sized windows are even hidden): report its widgets from the next frame.
    if (ImGui::IsWindowAppearing()) return;
    // A widget scrolled partly out of its window is only clickable where it shows.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    min = ImVec2(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
    max = ImVec2(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
    if (max.x <= min.x || max.y <= min.y) return;
    // ImGui's "label##id" shows only what precedes "##".
    label = label.substr(0, label.find("##"));
    rects_.push_back(
        {std::move(id), min.x, min.y, max.x - min.x, max.y - min.y, std::string(label)});
}

std::string WidgetRects::json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& r : rects_) {
        auto& w = j[r.id] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
        if (!r.label.empty()) w["label"] = r.label;
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace salotto::client
