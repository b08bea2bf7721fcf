// The web client's App; see app.hpp.
#include "client/web/app.hpp"
#include "client/web/replay_audio.hpp"

#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "client/audio_report.hpp"
#include "client/deep_link.hpp"
#include "client/embed.hpp"
#include "client/navigation.hpp"
#include "client/reducer.hpp"
#include "client/state_json.hpp"
#include "client/web/browser.hpp"
#include "core/protocol/codec.hpp"

namespace salotto::web {

namespace {

constexpr const char* kTokenKey = "salotto.token";
constexpr const char* kClientName = "salotto-web/0.1";
// How often the announcer compares the state (docs/client.md, "Accessibility").
constexpr double kAnnounceEveryMs = 250;
// Some proxies close WebSockets that stay silent for a minute.
constexpr double kKeepaliveMs = 25000;

}  // namespace

App::ImGuiContextOwner::ImGuiContextOwner() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing to remember between visits
    io.LogFilename = nullptr;
    client::apply_theme(ImGui::GetStyle());
}
App::ImGuiContextOwner::~ImGuiContextOwner() {
    ImGui::DestroyContext();
}

App::Renderer::Renderer() {
    ImGui_ImplOpenGL3_Init("#version 300 es");
}
App::Renderer::~Renderer() {
    ImGui_ImplOpenGL3_Shutdown();
}

App::App(std::string canvas)
    : platform_(std::move(canvas)),
      audio_([this](std::string_view report) {
          // Levels arrive 10-20 times a second; redraw only when what shows changes,
          // and a ring that only grew or shrank in one frame, at most every
          // kLevelsFrameMs (frame()).
          const bool figures = ui_.audio_panel || ui_.audio_settings;
          const client::AudioView before = client::audio_view(state_, figures);
          client::apply_audio_report(state_, report);
          const client::AudioView after = client::audio_view(state_, figures);
          if (after.layout != before.layout)
              frames_to_draw_ = kFramesAfterChange;
          else if (after.levels != before.levels)
              levels_changed_ = true;
          if (embed_) embed_->sync(state_);  // who is speaking
      }),
      picture_loader_(pictures_, state_, [this] { after_change(); }) {
    fonts_ = client::build_fonts(ImGui::GetIO(), platform_.dpr(), emoji_font_.bytes());
    ImGui_ImplOpenGL3_CreateDeviceObjects();
    // The browser's language until the user picks one with the EN / IT switch.
    state_.lang = shown_lang_ = initial_lang();
    use_lang(state_.lang, false);

    std::string path = page_path();
    embedded_ = client::is_embed_path(path);
    state_.join_after_sign_in = client::room_from_path(path);
    if (embedded_) {
        // An embed joins when its Join button or the host page (join()) asks.
        embed_room_ = std::exchange(state_.join_after_sign_in, {});
        state_.replays.ended_pages = false;  // its lobby shows a refused join's error
        // Sign-up needs an invite code; someone meeting a room on another site more
        // likely has an account already.
        ui_.mode = client::UiState::Mode::login;
        if (embed_theme() == client::Theme::dark)
            client::apply_theme(ImGui::GetStyle(), client::Theme::dark);
        embed_.emplace(embed_room_, [this](std::string_view command) {
            std::string error = client::embed_command(state_, out_, embed_room_, command);
            after_change();
            return error;
        });
    }
    state_.origin = page_origin();
    state_.utc_offset_minutes = utc_offset_minutes();
    state_.time_zone = time_zone();
    // An invite link opens sign-up with the code filled in; a profile link opens the
    // profile once signed in. Someone already signed in just sees the app.
    state_.invite_link = client::invite_from_path(path);
    if (!state_.invite_link.empty()) {
        ui_.mode = client::UiState::Mode::signup;
        state_.invite_link.copy(ui_.invite.data(), ui_.invite.size() - 1);
    }
    state_.profile_after_sign_in = client::profile_from_path(path);
    state_.events.after_sign_in = client::event_from_path(path);
    state_.clubs.after_sign_in = client::club_from_path(path);
    state_.token = stored_token_ = load_item(kTokenKey);
    // This browser's audio choices; damaged or old values fall back to the defaults.
    state_.audio_settings = client::parse_audio_settings(load_item(client::kAudioSettingsKey));
    stored_audio_settings_ = client::audio_settings_json(state_.audio_settings);
    // /invites and /notifications open their screen once signed in.
    if (path == client::kInvitesPath || path == client::kNotificationsPath) screen_path_ = path;
    shown_path_ = std::move(path);
    if (!embedded_) {
        on_history_move([this](std::string_view moved) {
            shown_path_ = moved;
            client::navigate(state_, out_, moved);
            after_change();
        });
    }

    connection_.emplace(websocket_url(), Connection::Handlers{
                                             .opened =
                                                 [this] {
                                                     client::on_connected(out_, kClientName);
                                                     after_change();
                                                 },
                                             .text = [this](std::string_view t) { on_text(t); },
                                             .closed = [this] { on_closed(); },
                                         });
    emscripten_set_interval(on_keepalive, kKeepaliveMs, this);
}

void App::on_text(std::string_view text) {
    auto decoded = protocol::decode_event(text);
    if (const auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
        // A newer server may send what we do not understand yet; skip it.
        emscripten_log(EM_LOG_WARN, "Salotto: ignored a server message: %s",
                       error->message.c_str());
        return;
    }
    client::apply(state_, std::get<protocol::Event>(decoded), out_);
    after_change();
}

void App::on_closed() {
    client::on_disconnected(state_);
    out_.take();  // nothing can be sent now; the reconnect starts afresh
    after_change();
}

void App::on_keepalive(void* self_ptr) {
    auto* self = static_cast<App*>(self_ptr);
    if (!self->state_.connected) return;
    self->out_.push(protocol::Ping{});
    self->after_change();
}

void App::after_change() {
    frames_to_draw_ = kFramesAfterChange;
    if (state_.user && !screen_path_.empty())
        client::navigate(state_, out_, std::exchange(screen_path_, {}));
    if (!out_.empty()) {
        if (connection_ && connection_->is_open()) {
            for (const auto& intent : out_.take()) connection_->send(protocol::encode(intent));
        } else {
            out_.take();
            state_.error = client::ShownError{"offline", client::tr(state_.lang, "error.offline")};
        }
    }
    if (state_.token != stored_token_) {
        store_item(kTokenKey, state_.token);
        stored_token_ = state_.token;
    }
    store_audio_settings();
    audio_.sync(state_);
    picture_loader_.sync();
    if (embed_) embed_->sync(state_);
    sync_address();
}

void App::store_audio_settings() {
    std::string text = client::audio_settings_json(state_.audio_settings);
    if (text == stored_audio_settings_) return;
    store_item(client::kAudioSettingsKey, text);
    stored_audio_settings_ = std::move(text);
}

void App::sync_address() {
    if (embedded_) return;
    std::string title = client::title_of(state_);
    if (title != shown_title_) {
        set_page_title(title);
        shown_title_ = std::move(title);
    }
    if (!state_.user) {
        // Signed out (or not yet in): the next address replaces whatever link is shown.
        replace_next_ = true;
        return;
    }
    std::string address = client::address_of(state_);
    if (address.empty()) return;  // a profile still loading
    if (address != shown_path_) {
        // Each screen the user opens is a history entry; the first one after sign-in
        // takes the place of the link (an invite, say) that led here.
        if (replace_next_)
            replace_page_path(address);
        else
            push_page_path(address);
        shown_path_ = std::move(address);
    }
    replace_next_ = false;
}

std::string App::state_json() const {
    // The pictures drawn (user id -> version) live beside the app state, in the UI.
    auto state = nlohmann::json::parse(client::state_json(state_));
    auto& shown = state["pictures"] = nlohmann::json::object();
    auto& clubs = state["club_pictures"] = nlohmann::json::object();  // club id -> version
    for (const auto& [user, picture] : pictures_.all()) {
        if (user < 0)
            clubs[std::to_string(-user)] = picture.first;
        else
            shown[std::to_string(user)] = picture.first;
    }
    return state.dump();
}

void App::announce() {
    const double now = emscripten_get_now();
    if (now - announced_at_ < kAnnounceEveryMs) return;
    announced_at_ = now;
    if (live_lang_ != state_.lang) {
        live_lang_ = state_.lang;
        mirror_.set_live_label(client::tr(state_.lang, "a11y.live_region"));
    }
    for (const std::string& text : announcer_.update(state_, now / 1000.0)) mirror_.announce(text);
}

void App::frame() {
    announce();
    if (platform_.take_activity()) frames_to_draw_ = kFramesAfterChange;
    const double now = emscripten_get_now();
    const bool levels_due = levels_changed_ && now - drawn_at_ >= kLevelsFrameMs;
    if (frames_to_draw_ <= 0 && !levels_due && !client::screen_animates(state_)) return;
    --frames_to_draw_;
    levels_changed_ = false;  // this frame draws the latest levels
    drawn_at_ = now;

    Platform::Frame frame = platform_.begin_frame();
    if (frame.dpr_changed || std::exchange(fonts_stale_, false)) {
        // The browser zoomed or the window moved to another screen (new crisp glyphs),
        // or the emoji arrived.
        fonts_ = client::build_fonts(ImGui::GetIO(), platform_.dpr(), emoji_font_.bytes());
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    rects_.clear();
    state_.now = unix_now();
    client::Ui ui{state_, ui_, out_, rects_, fonts_, pictures_};
    if (embedded_)
        client::draw_embed(ui, embed_room_);
    else
        client::draw_app(ui);
    ImGui::Render();
    // Still inside the click's user activation, which window.open needs.
    if (!state_.open_url.empty()) open_in_new_tab(std::exchange(state_.open_url, {}));
    show_replay_audio(state_.replays.playing_url);
    rects_.end_frame();
    mirror_.sync();
    if (state_.lang != shown_lang_) {
        // The EN / IT switch: remembered for next time; the new words show next frame.
        shown_lang_ = state_.lang;
        use_lang(state_.lang, true);
        frames_to_draw_ = kFramesAfterChange;
        sync_address();  // the page's title is in the new language too
    }

    glViewport(0, 0, frame.width, frame.height);
    ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    platform_.end_frame();
    if (!out_.empty()) after_change();
    store_audio_settings();  // a choice in the audio settings changes no intent either
    audio_.sync(state_);     // a tap on "Join audio" changes no intent but must reach the engine
    picture_loader_.sync();  // nor does a tap on "Change picture", or a picture to load
    // Signed in and drawn: the emoji may come now (the sign-in screen needs none).
    if (state_.user) emoji_font_.fetch();
}

}  // namespace salotto::web
