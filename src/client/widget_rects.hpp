// What the latest frame drew, by stable id: the clickable widgets and text fields
// with their rectangles and labels, plus the headings, lists and landmarks around
// them. One record per frame, two readers:
//   - window.salotto.widgets() (docs/client-test-api.md): tests click these
//     rectangles with the real mouse instead of poking at internal state;
//   - the DOM mirror (web/a11y.js, docs/client.md "Accessibility"): real, focusable
//     ARIA elements over the canvas for screen readers and keyboard users.
// The mirror talks back through the same object: activating a mirror element queues
// "activate <id>", which the widget with that id consumes in the next frame as if it
// had been clicked (record_last_item returns true), and the hidden <input> elements
// of text fields deliver their text and caret here (field_input, field_focus), which
// text_field() (draw.hpp) applies to its buffer. No widget logic lives twice.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::client {

// What a mirror element is to assistive technology.
enum class Role {
    button,   // <button>
    toggle,   // <button aria-pressed>: one of a set of choices, or an on/off switch
    link,     // <a>: opens another screen or a person's profile
    textbox,  // <input> bridged to an ImGui text field
    heading,  // <h1>-<h3>, not focusable
    text,     // a paragraph worth reading (an error banner), not focusable
    slider,   // <input type="range">: a value the arrow keys change
};

// What a browser's password manager and phone keyboard should know about a text field.
enum class Autofill { off, username, current_password, new_password, name, one_time_code, search };

// The latest text and caret of a text field's hidden <input>, as the browser has it.
// Offsets count code points.
struct FieldInput {
    std::string value;
    int selection_start = 0, selection_end = 0;
    bool value_changed = false;  // value not yet applied to the widget's buffer
};

class WidgetRects {
  public:
    // Forgets the previous frame's records; call before drawing a frame.
    void clear();
    // After a frame: activations no widget took (it was not drawn) are dropped.
    void end_frame() { activation_.clear(); }

    // Records the last ImGui item under `id`, clipped to what is visible of it, with
    // the text drawn on or above it (a button's label, a field's label), if any.
    // Returns true when the mirror activated this widget since the last frame: the
    // caller acts exactly as on a click.
    bool record_last_item(std::string id, std::string_view label = {}, Role role = Role::button);
    // A widget that is not drawn this frame because it is scrolled out of view (a big
    // room's people): a mirror-only record on the view's top edge (`above`) or bottom
    // edge, so screen readers and keyboards still reach it in reading order. Returns
    // true when the mirror activated it; the caller scrolls to it and acts. `at` puts
    // the record at that position among this frame's records (see count()) instead of
    // last, for widgets above the view, known only after those below it were drawn.
    bool record_offscreen(std::string id, std::string_view label, bool above,
                          std::size_t at = static_cast<std::size_t>(-1));
    // How many records this frame has so far.
    std::size_t count() const { return records_.size(); }
    // Marks the last record as a pressed / not pressed toggle (aria-pressed), or as
    // a button that shows or hides a panel (aria-expanded).
    void mark_pressed(bool pressed);
    void mark_expanded(bool expanded);
    // The last record is a text field: its current text (shown in its <input>), and
    // whether it is masked and what it holds.
    void mark_field(std::string_view value, bool password, Autofill autofill);
    // The last record is a slider from `min` to `max` in steps of `step`, now at `value`
    // (`text` says it in words, e.g. "80 %"). Returns a value the mirror's range input
    // set since the last frame, which the caller applies as if dragged there.
    std::optional<int> mark_slider(int value, int min, int max, int step, std::string_view text);

    // Mirror-only records (not in widgets()): the last item as a heading of `level`
    // (1-3) or as text to read; `id` keeps the DOM element stable across frames.
    void heading(std::string id, std::string_view text, int level);
    void text(std::string id, std::string_view text);
    // Records between begin_list() and end_list() are the items of a list named
    // `label` (e.g. "On stage (3)").
    void begin_list(std::string id, std::string_view label);
    void end_list() { list_.clear(); }
    // The screen's name for its landmark (e.g. "Hallway", a room's title).
    void set_screen(std::string_view name) { screen_ = name; }
    // The widget Escape activates (closing a card or panel, going back); the last one
    // set in a frame wins, so draw order gives the innermost panel priority.
    void set_escape(std::string id) { escape_ = std::move(id); }
    // The widget Space activates when focus is not in a text field (mute in a room).
    void set_space(std::string id) { space_ = std::move(id); }

    // From the mirror: activate widget `id` in the next frame.
    void activate(std::string id) { activation_ = std::move(id); }
    // From the mirror: the hidden <input> of field `id` changed or moved its caret.
    void field_input(const std::string& id, std::string value, int selection_start,
                     int selection_end);
    // From the mirror: slider `id`'s range input moved to `value`.
    void slider_input(std::string id, int value) { slider_inputs_[std::move(id)] = value; }
    // From the mirror: the browser's focus entered (`focused`) or left field `id`.
    void field_focus(const std::string& id, bool focused);
    // The field whose <input> has the browser's focus, or "".
    const std::string& focused_field() const { return focused_field_; }
    // What the browser has for field `id`, or nullptr when nothing arrived.
    FieldInput* field(const std::string& id);

    // {"<id>": {"x":..,"y":..,"w":..,"h":.., "label":..}, ...} in CSS pixels from the
    // canvas corner; "label" only for widgets that have one. Widgets only.
    std::string json() const;
    // Everything the mirror shows, in drawing (reading) order (docs/client.md).
    std::string mirror_json() const;

  private:
    struct Record {
        std::string id;
        float x = 0, y = 0, w = 0, h = 0;
        std::string label;
        Role role = Role::button;
        bool widget = true;  // in widgets() too
        int pressed = -1;    // -1: not a toggle
        int expanded = -1;   // -1: opens nothing
        int level = 0;       // headings
        std::string list;    // the list it belongs to, if any
        std::string value;   // text fields
        bool password = false;
        Autofill autofill = Autofill::off;
        int min = 0, max = 0, step = 1, number = 0;  // sliders
    };
    struct List {
        std::string id, label;
    };
    // Adds a record for the last item; false when it is not visible.
    bool add(std::string id, std::string_view label, Role role, bool widget);

    std::vector<Record> records_;
    std::vector<List> lists_;
    std::string list_;
    std::string screen_, escape_, space_;
    std::string activation_;
    std::map<std::string, FieldInput> fields_;
    std::map<std::string, int> slider_inputs_;
    std::string focused_field_;
};

}  // namespace salotto::client
