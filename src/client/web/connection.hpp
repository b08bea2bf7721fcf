// The signalling WebSocket (emscripten/websocket.h) with automatic reconnect: after
// a drop or a failed attempt it tries again after a pause that doubles from 0.25 s up
// to 10 s (with some jitter, so a restarted server is not stormed), and resets once
// a connection opens.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <emscripten/websocket.h>

namespace salotto::web {

class Connection {
  public:
    struct Handlers {
        std::function<void()> opened;
        std::function<void(std::string_view)> text;  // one text frame
        std::function<void()> closed;                // also after a failed attempt
    };
    // Connects at once.
    Connection(std::string url, Handlers handlers);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool is_open() const { return open_; }
    // Sends one text frame; false when the socket is not open.
    bool send(const std::string& text);

  private:
    void connect();
    void drop();
    static EM_BOOL on_open(int, const EmscriptenWebSocketOpenEvent*, void* self);
    static EM_BOOL on_message(int, const EmscriptenWebSocketMessageEvent* e, void* self);
    static EM_BOOL on_close(int, const EmscriptenWebSocketCloseEvent*, void* self);
    static void on_retry(void* self);

    std::string url_;
    Handlers handlers_;
    EMSCRIPTEN_WEBSOCKET_T socket_ = 0;
    bool open_ = false;
    double pause_ms_ = kFirstPauseMs;
    long retry_timer_ = 0;

    static constexpr double kFirstPauseMs = 250;
    static constexpr double kLongestPauseMs = 10000;
};

}  // namespace salotto::web
