// The WASM side of the embedding API; see embed_bridge.hpp.
#include "client/web/embed_bridge.hpp"

#include <emscripten/emscripten.h>

#include <array>

#include <nlohmann/json.hpp>

namespace salotto::web {

namespace {

EmbedBridge* active = nullptr;  // the page's one bridge, for salotto_embed_command

// JavaScript inside: clang-format would break it.
// clang-format off

// Queues an event (JSON text) for web/embed.js's frame side, which posts it to the
// host page once it knows the host's origin; it may load after the client starts.
EM_JS(void, js_embed_post, (const char* json), {
    var box = window.salottoEmbedOutbox = window.salottoEmbedOutbox || [];
    box.push(UTF8ToString(json));
    if (window.salottoEmbedFrame) window.salottoEmbedFrame.flush();
});

EM_JS(int, js_page_query, (char* out, int size), {
    return stringToUTF8(location.search, out, size);
});

// clang-format on

void post(const std::string& json) {
    js_embed_post(json.c_str());
}

}  // namespace

EmbedBridge::EmbedBridge(std::string room, std::function<std::string(std::string_view)> command)
    : room_(std::move(room)), command_(std::move(command)) {
    active = this;
}

EmbedBridge::~EmbedBridge() {
    if (active == this) active = nullptr;
}

void EmbedBridge::sync(const client::AppState& state) {
    if (!ready_) {
        // Until the session is settled the host could not act on "signedIn".
        if (state.screen == client::Screen::connecting) return;
        ready_ = true;
        post(client::embed_ready_event(room_, state.user.has_value()));
    }
    client::EmbedView now = client::embed_view(state, room_);
    if (now == shown_) return;
    for (const auto& event : client::embed_events(shown_, now)) post(event);
    shown_ = std::move(now);
}

void EmbedBridge::on_command(std::string_view name) {
    const std::string error = command_(name);
    if (error.empty()) return;
    post(nlohmann::json{{"event", "error"},
                        {"data",
                         {{"code", error},
                          {"command", name},
                          {"message", "The embed could not do \"" + std::string(name) + "\"."}}}}
             .dump());
}

client::Theme embed_theme() {
    std::array<char, 512> buffer{};
    const int length = js_page_query(buffer.data(), static_cast<int>(buffer.size()));
    const std::string query(buffer.data(), static_cast<std::size_t>(length));
    return client::query_param(query, "theme") == "dark" ? client::Theme::dark
                                                         : client::Theme::light;
}

}  // namespace salotto::web

extern "C" {

// Called by web/embed.js with a command the host page sent (already origin-checked).
EMSCRIPTEN_KEEPALIVE void salotto_embed_command(const char* name) {
    if (salotto::web::active) salotto::web::active->on_command(name);
}

}  // extern "C"
