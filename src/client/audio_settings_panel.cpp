// The audio settings of a room (docs/audio.md, "Devices and controls"): microphone and
// output pickers, the microphone's level and the "Test my microphone" loop, the
// browser's voice processing switches and push-to-talk; also push-to-talk itself and
// the volume slider on a person's card. Choices go into AppState::audio_settings,
// which the web layer stores in this browser and passes to the audio engine.
#include <algorithm>
#include <string>
#include <vector>

#include "client/draw.hpp"
#include "client/screens.hpp"
#include "core/room/room.hpp"

namespace salotto::client {

namespace p = protocol;

namespace {

void dim(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// Lays buttons out left to right inside the card, wrapping when the next one does not
// fit (device names and translations differ in length).
class Flow {
  public:
    void place(const std::string& label) {
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float width = button_width(label);
        if (used_ > 0 && used_ + spacing + width <= card_inner_width()) {
            ImGui::SameLine();
            used_ += spacing + width;
        } else {
            used_ = width;
        }
    }

  private:
    float used_ = 0;
};

// The device the engine will use for `chosen`: the chosen one when listed, else the
// browser's default ("default" in Chromium's list), else the first.
std::string shown_choice(const std::vector<AudioDevice>& devices, const std::string& chosen) {
    for (const auto& d : devices)
        if (d.id == chosen) return chosen;
    for (const auto& d : devices)
        if (d.id == "default") return d.id;
    return devices.empty() ? "" : devices.front().id;
}

// One button per device, the chosen one highlighted; widget ids `prefix` + index in
// the list. Returns true when the user picked another one (written to `chosen`).
bool device_picker(Ui& ui, const std::vector<AudioDevice>& devices, std::string& chosen,
                   const std::string& prefix) {
    const Lang lang = ui.state.lang;
    const std::string current = shown_choice(devices, chosen);
    bool changed = false;
    Flow flow;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const AudioDevice& d = devices[i];
        const std::string label =
            d.label.empty() ? tr(lang, "audio_settings.device_n", {{"n", std::to_string(i + 1)}})
                            : d.label;
        const bool on = d.id == current;
        flow.place(label);
        if (button(ui, label, prefix + std::to_string(i),
                   on ? ButtonKind::primary : ButtonKind::soft) &&
            !on) {
            chosen = d.id;
            changed = true;
        }
    }
    return changed;
}

// A switch as one button whose label says its state ("Echo cancellation: on").
void toggle(Ui& ui, Flow& flow, bool& value, const std::string& on_label,
            const std::string& off_label, const char* widget_id) {
    flow.place(value ? on_label : off_label);
    if (button(ui, value ? on_label : off_label, widget_id,
               value ? ButtonKind::soft : ButtonKind::ghost))
        value = !value;
}

// The microphone's level as a bar: what the capture worklet measured of the latest
// frames (0-127, 127 + dBFS), shown from -60 dBFS up.
void level_meter(Ui& ui) {
    const float width = card_inner_width();
    const float height = 10;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const int level = ui.state.audio.my_level;
    const float fill = std::clamp((static_cast<float>(level) - (127 - 60)) / 60.0f, 0.0f, 1.0f);
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), color::kSoft, height * 0.5f);
    if (fill > 0)
        dl->AddRectFilled(pos, ImVec2(pos.x + width * fill, pos.y + height),
                          level > 127 - 3 ? color::kDanger : color::kModerator, height * 0.5f);
    ImGui::Dummy(ImVec2(width, height));
    ui.rects.record_last_item("audio.level");
}

}  // namespace

void audio_settings_panel(Ui& ui, bool compact) {
    const Lang lang = ui.state.lang;
    AudioSettings& settings = ui.state.audio_settings;
    AudioState& audio = ui.state.audio;
    if (!compact) section_title(tr(lang, "audio_settings.title"));
    begin_card();

    ImGui::TextUnformatted(tr(lang, "audio_settings.microphone").c_str());
    if (audio.inputs.empty())
        dim(tr(lang, "audio_settings.no_devices"));
    else
        device_picker(ui, audio.inputs, settings.mic, "audio.mic.");

    ImGui::TextUnformatted(tr(lang, "audio_settings.level").c_str());
    level_meter(ui);
    if (audio.testing) {
        if (button(ui, tr(lang, "audio_settings.stop_test"), "audio.test", ButtonKind::primary))
            audio.test_wanted = false;
        dim(tr(lang, "audio_settings.testing"));
    } else {
        if (button(ui, tr(lang, "audio_settings.test"), "audio.test", ButtonKind::soft)) {
            audio.test_wanted = !audio.test_wanted;
            ++audio.gestures;  // may need to unlock audio or ask for the microphone
        }
        if (!audio.test_wanted) dim(tr(lang, "audio_settings.level_hint"));
    }
    if (compact) {
        end_card();
        return;
    }

    card_divider();
    ImGui::TextUnformatted(tr(lang, "audio_settings.output").c_str());
    if (audio.output_choice == "none" || audio.outputs.empty())
        dim(tr(lang, "audio_settings.output_browser"));
    else
        device_picker(ui, audio.outputs, settings.output, "audio.output.");

    card_divider();
    Flow flow;
    toggle(ui, flow, settings.push_to_talk, tr(lang, "audio_settings.ptt_on"),
           tr(lang, "audio_settings.ptt_off"), "audio.push_to_talk");
    toggle(ui, flow, settings.echo_cancellation, tr(lang, "audio_settings.echo_on"),
           tr(lang, "audio_settings.echo_off"), "audio.echo_cancellation");
    toggle(ui, flow, settings.noise_suppression, tr(lang, "audio_settings.noise_on"),
           tr(lang, "audio_settings.noise_off"), "audio.noise_suppression");
    toggle(ui, flow, settings.auto_gain, tr(lang, "audio_settings.gain_on"),
           tr(lang, "audio_settings.gain_off"), "audio.auto_gain");
    if (settings.push_to_talk) dim(tr(lang, "audio_settings.ptt_hint"));
    end_card();
}

void push_to_talk(Ui& ui, bool held_button) {
    const p::Member* self = me(ui.state);
    const std::string_view mic = mic_status(ui.state);
    const bool active = ui.state.audio_settings.push_to_talk && self && room::on_stage(*self) &&
                        mic != "denied" && mic != "unavailable";
    if (!active) {
        ui.ui.talk_held = false;
        ui.ui.talk_asked.reset();
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    // Space typed into a text field is a space, not a wish to talk.
    const bool space = !io.WantTextInput && ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_Space));
    ui.ui.talk_held = held_button || space;
    // The ordinary mute intent, so the server, the tiles everyone sees and the
    // microphone agree; asked once until the server's answer shows it.
    const bool want_muted = !ui.ui.talk_held;
    if (self->muted == want_muted) {
        ui.ui.talk_asked.reset();
        return;
    }
    if (ui.ui.talk_asked == want_muted) return;
    ui.ui.talk_asked = want_muted;
    if (!want_muted) ++ui.state.audio.gestures;  // a press is a gesture: it may open the mic
    ui.out.push(p::SetMute{want_muted});
}

void volume_slider(Ui& ui, const p::Member& m) {
    const Lang lang = ui.state.lang;
    AudioSettings& settings = ui.state.audio_settings;
    int percent = volume_of(settings, m.id);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(lang, "room.volume").c_str());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(240.0f, ImGui::GetContentRegionAvail().x));
    ImGui::PushID(static_cast<int>(m.id));
    const bool changed = ImGui::SliderInt("##volume", &percent, 0, AudioSettings::kMaxVolume,
                                          "%d %%", ImGuiSliderFlags_AlwaysClamp);
    ImGui::PopID();
    ui.rects.record_last_item("room.volume." + std::to_string(m.id),
                              tr(lang, "room.volume_of", {{"name", m.name}}));
    // Steps of 5 %: a pointer lands on round figures, and 100 is easy to find again.
    constexpr int kStep = 5;
    if (changed) set_volume(settings, m.id, (percent + kStep / 2) / kStep * kStep);
    if (auto moved = ui.rects.mark_slider(volume_of(settings, m.id), 0, AudioSettings::kMaxVolume,
                                          kStep, std::to_string(percent) + " %"))
        set_volume(settings, m.id, *moved);
}

}  // namespace salotto::client
