// The WASM side of the embedding API (docs/embedding.md). On /embed/<room> pages the
// client tells the host page what happens (events from the app state, see
// client/embed.hpp) and takes its commands. The postMessage envelope, the origin
// checks and the host page's handle live in web/embed.js; this file only hands JSON
// events to it (a queue on window, drained by its frame side) and receives the
// command names it let through.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "client/embed.hpp"
#include "client/theme.hpp"

namespace salotto::web {

class EmbedBridge {
  public:
    // `command` runs for each command web/embed.js accepted from the host page and
    // returns "" or an error code (client::embed_command's), reported back as an event.
    EmbedBridge(std::string room, std::function<std::string(std::string_view)> command);
    EmbedBridge(const EmbedBridge&) = delete;
    EmbedBridge& operator=(const EmbedBridge&) = delete;
    ~EmbedBridge();

    // Posts the events due since the last call: "ready" once the client knows whether
    // someone is signed in, then joined/left/participants/speaking/error.
    void sync(const client::AppState& state);

    // A command from web/embed.js (salotto_embed_command).
    void on_command(std::string_view name);

  private:
    std::string room_;
    std::function<std::string(std::string_view)> command_;
    client::EmbedView shown_;
    bool ready_ = false;
};

// The theme the embed's URL asks for: ?theme=dark, else light.
client::Theme embed_theme();

}  // namespace salotto::web
