// The web client as one object: ImGui and its WebGL2 renderer, the platform layer,
// the connection, the audio engine bridge, and the client logic they feed. One frame
// per animation frame, drawn only when something changed (input, a server event, a
// resize, an animation) so an idle client costs next to nothing.
#pragma once

#include <optional>
#include <string>

#include "client/announcer.hpp"
#include "client/app_state.hpp"
#include "client/outbox.hpp"
#include "client/screens.hpp"
#include "client/theme.hpp"
#include "client/web/audio_bridge.hpp"
#include "client/web/connection.hpp"
#include "client/web/embed_bridge.hpp"
#include "client/web/emoji_font.hpp"
#include "client/web/mirror.hpp"
#include "client/web/pictures.hpp"
#include "client/web/platform.hpp"
#include "client/widget_rects.hpp"

namespace salotto::web {

class App {
  public:
    // Needs a current WebGL2 context on `canvas` (a CSS selector).
    explicit App(std::string canvas);
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // One animation frame.
    void frame();

    // For window.salotto (test_api.cpp).
    std::string state_json() const;
    std::string widgets_json() const { return rects_.json(); }

  private:
    // Owns the ImGui context, so it is created before and destroyed after its users.
    struct ImGuiContextOwner {
        ImGuiContextOwner();
        ~ImGuiContextOwner();
    };
    // imgui_impl_opengl3 on the WebGL2 context.
    struct Renderer {
        Renderer();
        ~Renderer();
    };

    void on_text(std::string_view text);
    void on_closed();
    // Sends what the UI and the reducer queued, and mirrors the state to the browser:
    // the token to localStorage, the screen to the address bar, history and title.
    void after_change();
    // The address bar and title follow the screen (client/navigation.hpp).
    void sync_address();
    // Keeps the audio settings in localStorage when they changed.
    void store_audio_settings();
    static void on_keepalive(void* self);
    // The live region's news since the last look (a few times a second at most).
    void announce();

    // ImGui settles hover, focus and layout changes within a couple of frames.
    static constexpr int kFramesAfterChange = 3;
    // Speaking rings follow the voice at most this often (ms): without a GPU every
    // frame costs the page and the browser's compositor several ms of CPU, and two
    // audio reports a second of them (capture and playback) would each ask for one.
    static constexpr double kLevelsFrameMs = 200;

    ImGuiContextOwner imgui_;
    Platform platform_;
    Renderer renderer_;
    client::Fonts fonts_;
    bool fonts_stale_ = false;  // the emoji font arrived: rebuild the atlas
    EmojiFont emoji_font_{[this] {
        fonts_stale_ = true;
        state_.emoji_font = true;
        frames_to_draw_ = kFramesAfterChange;
    }};
    client::AppState state_;
    client::UiState ui_;
    client::Outbox out_;
    client::WidgetRects rects_;
    Mirror mirror_{rects_, [this] { frames_to_draw_ = kFramesAfterChange; }};
    client::Announcer announcer_;            // what the mirror's live region says
    double announced_at_ = 0;                // when the announcer last looked (ms)
    std::optional<client::Lang> live_lang_;  // the language the live region's name is in
    std::string stored_token_;
    // The audio settings as last stored (JSON).
    std::string stored_audio_settings_;
    std::string shown_path_;       // what the address bar shows
    std::string shown_title_;      // what the page's title says
    client::Lang shown_lang_{};    // the language <html lang> says
    bool embedded_ = false;        // /embed/<room>: the address stays as it is
    bool replace_next_ = true;     // the first address after sign-in replaces a link's
    std::string screen_path_;      // /invites or /notifications, opened once signed in
    int frames_to_draw_ = 0;       // frames still to draw after the last change
    bool levels_changed_ = false;  // a speaking ring changed since the last frame
    double drawn_at_ = 0;          // when the last frame was drawn (ms)
    AudioBridge audio_;            // its reports update state_ and ask for frames
    client::Pictures pictures_;
    PictureLoader picture_loader_;          // fills pictures_, runs picture uploads
    std::string embed_room_;                // /embed/<room>: that room
    std::optional<EmbedBridge> embed_;      // /embed/ pages: the host page's API
    std::optional<Connection> connection_;  // last: its callbacks use everything above
};

}  // namespace salotto::web
