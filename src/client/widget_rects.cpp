// The frame's widgets and mirror records; see widget_rects.hpp.
#include "client/widget_rects.hpp"

#include <imgui.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace salotto::client {

namespace {

const char* role_name(Role role) {
    switch (role) {
        case Role::button:
            return "button";
        case Role::toggle:
            return "toggle";
        case Role::link:
            return "link";
        case Role::textbox:
            return "textbox";
        case Role::heading:
            return "heading";
        case Role::text:
            return "text";
        case Role::slider:
            return "slider";
    }
    return "button";
}

// The HTML autocomplete token for a field.
const char* autocomplete_token(Autofill autofill) {
    switch (autofill) {
        case Autofill::username:
            return "username";
        case Autofill::current_password:
            return "current-password";
        case Autofill::new_password:
            return "new-password";
        case Autofill::name:
            return "nickname";
        case Autofill::one_time_code:
            return "one-time-code";
        case Autofill::off:
        case Autofill::search:
            return "off";
    }
    return "off";
}

}  // namespace

void WidgetRects::clear() {
    records_.clear();
    lists_.clear();
    list_.clear();
    screen_.clear();
    escape_.clear();
    space_.clear();
}

bool WidgetRects::add(std::string id, std::string_view label, Role role, bool widget) {
    // A window's first frame is laid out before it has its final size and place
    // (auto-sized windows are even hidden): report its widgets from the next frame.
    if (ImGui::IsWindowAppearing()) return false;
    // A widget scrolled partly out of its window is only clickable where it shows.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    min = ImVec2(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
    max = ImVec2(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
    if (max.x <= min.x || max.y <= min.y) return false;
    // ImGui's "label##id" shows only what precedes "##".
    label = label.substr(0, label.find("##"));
    Record r;
    r.id = std::move(id);
    r.x = min.x;
    r.y = min.y;
    r.w = max.x - min.x;
    r.h = max.y - min.y;
    r.label = label;
    r.role = role;
    r.widget = widget;
    r.list = list_;
    records_.push_back(std::move(r));
    return true;
}

bool WidgetRects::record_offscreen(std::string id, std::string_view label, bool above,
                                   std::size_t at) {
    const bool activated = !activation_.empty() && activation_ == id;
    if (activated) activation_.clear();
    if (ImGui::IsWindowAppearing()) return activated;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
    Record r;
    r.id = std::move(id);
    r.x = clip_min.x;
    r.y = above ? clip_min.y : clip_max.y - 1;
    r.w = clip_max.x - clip_min.x;
    r.h = 1;
    r.label = label;
    r.widget = false;
    r.list = list_;
    records_.insert(records_.begin() + static_cast<std::ptrdiff_t>(std::min(at, records_.size())),
                    std::move(r));
    return activated;
}

bool WidgetRects::record_last_item(std::string id, std::string_view label, Role role) {
    // Taken even when the widget is not visible this frame: it was when activated.
    const bool activated = !activation_.empty() && activation_ == id;
    if (activated) activation_.clear();
    add(std::move(id), label, role, true);
    return activated;
}

void WidgetRects::mark_pressed(bool pressed) {
    if (records_.empty()) return;
    records_.back().role = Role::toggle;
    records_.back().pressed = pressed ? 1 : 0;
}

void WidgetRects::mark_expanded(bool expanded) {
    if (!records_.empty()) records_.back().expanded = expanded ? 1 : 0;
}

void WidgetRects::mark_field(std::string_view value, bool password, Autofill autofill) {
    if (records_.empty()) return;
    Record& r = records_.back();
    r.role = Role::textbox;
    r.value = value;
    r.password = password;
    r.autofill = autofill;
}

std::optional<int> WidgetRects::mark_slider(int value, int min, int max, int step,
                                            std::string_view text) {
    if (records_.empty()) return std::nullopt;
    Record& r = records_.back();
    r.role = Role::slider;
    r.number = value;
    r.min = min;
    r.max = max;
    r.step = step;
    r.value = text;
    auto it = slider_inputs_.find(r.id);
    if (it == slider_inputs_.end()) return std::nullopt;
    const int moved = it->second;
    slider_inputs_.erase(it);
    return std::clamp(moved, min, max);
}

void WidgetRects::heading(std::string id, std::string_view text, int level) {
    if (add(std::move(id), text, Role::heading, false)) records_.back().level = level;
}

void WidgetRects::text(std::string id, std::string_view text) {
    add(std::move(id), text, Role::text, false);
}

void WidgetRects::begin_list(std::string id, std::string_view label) {
    list_ = id;
    lists_.push_back({std::move(id), std::string(label)});
}

void WidgetRects::field_input(const std::string& id, std::string value, int selection_start,
                              int selection_end) {
    FieldInput& f = fields_[id];
    if (f.value != value) f.value_changed = true;
    f.value = std::move(value);
    f.selection_start = selection_start;
    f.selection_end = selection_end;
}

void WidgetRects::field_focus(const std::string& id, bool focused) {
    if (focused)
        focused_field_ = id;
    else if (focused_field_ == id)
        focused_field_.clear();
}

FieldInput* WidgetRects::field(const std::string& id) {
    auto it = fields_.find(id);
    return it == fields_.end() ? nullptr : &it->second;
}

std::string WidgetRects::json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& r : records_) {
        if (!r.widget) continue;
        auto& w = j[r.id] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
        if (!r.label.empty()) w["label"] = r.label;
    }
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string WidgetRects::mirror_json() const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : records_) {
        // Whole pixels: sub-pixel scrolling need not rewrite the DOM.
        nlohmann::json item = {{"id", r.id},
                               {"role", role_name(r.role)},
                               {"label", r.label},
                               {"x", static_cast<int>(r.x)},
                               {"y", static_cast<int>(r.y)},
                               {"w", static_cast<int>(r.w + 0.5f)},
                               {"h", static_cast<int>(r.h + 0.5f)}};
        if (r.pressed >= 0) item["pressed"] = r.pressed == 1;
        if (r.expanded >= 0) item["expanded"] = r.expanded == 1;
        if (r.level > 0) item["level"] = r.level;
        if (!r.list.empty()) item["list"] = r.list;
        if (r.role == Role::textbox) {
            item["value"] = r.value;
            item["type"] = r.password                       ? "password"
                           : r.autofill == Autofill::search ? "search"
                                                            : "text";
            item["autocomplete"] = autocomplete_token(r.autofill);
        }
        if (r.role == Role::slider) {
            item["value"] = r.number;
            item["min"] = r.min;
            item["max"] = r.max;
            item["step"] = r.step;
            item["valuetext"] = r.value;
        }
        items.push_back(std::move(item));
    }
    nlohmann::json lists = nlohmann::json::array();
    for (const auto& l : lists_) lists.push_back({{"id", l.id}, {"label", l.label}});
    nlohmann::json j = {{"screen", screen_},
                        {"escape", escape_},
                        {"space", space_},
                        {"lists", std::move(lists)},
                        {"items", std::move(items)}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace salotto::client
