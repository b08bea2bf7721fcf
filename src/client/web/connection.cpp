// Reconnecting WebSocket; see connection.hpp.
#include "client/web/connection.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>

#include <algorithm>

namespace salotto::web {

Connection::Connection(std::string url, Handlers handlers)
    : url_(std::move(url)), handlers_(std::move(handlers)) {
    connect();
}

Connection::~Connection() {
    if (retry_timer_) emscripten_clear_timeout(retry_timer_);
    if (socket_) {
        emscripten_websocket_close(socket_, 1000, "bye");
        emscripten_websocket_delete(socket_);
    }
}

void Connection::connect() {
    retry_timer_ = 0;
    EmscriptenWebSocketCreateAttributes attributes;
    emscripten_websocket_init_create_attributes(&attributes);
    attributes.url = url_.c_str();
    socket_ = emscripten_websocket_new(&attributes);
    if (socket_ <= 0) {
        socket_ = 0;
        drop();
        return;
    }
    emscripten_websocket_set_onopen_callback(socket_, this, on_open);
    emscripten_websocket_set_onmessage_callback(socket_, this, on_message);
    // A failed socket reports an error and then a close; the close is enough.
    emscripten_websocket_set_onclose_callback(socket_, this, on_close);
}

// The socket is gone: tell the app, then try again after a pause.
void Connection::drop() {
    if (socket_) {
        emscripten_websocket_delete(socket_);
        socket_ = 0;
    }
    open_ = false;
    handlers_.closed();
    double jitter = 0.75 + 0.5 * emscripten_random();
    retry_timer_ = emscripten_set_timeout(on_retry, pause_ms_ * jitter, this);
    pause_ms_ = std::min(pause_ms_ * 2, kLongestPauseMs);
}

bool Connection::send(const std::string& text) {
    if (!open_) return false;
    return emscripten_websocket_send_utf8_text(socket_, text.c_str()) == EMSCRIPTEN_RESULT_SUCCESS;
}

EM_BOOL Connection::on_open(int, const EmscriptenWebSocketOpenEvent*, void* self_ptr) {
    auto* self = static_cast<Connection*>(self_ptr);
    self->open_ = true;
    self->pause_ms_ = kFirstPauseMs;
    self->handlers_.opened();
    return EM_TRUE;
}

EM_BOOL Connection::on_message(int, const EmscriptenWebSocketMessageEvent* e, void* self_ptr) {
    auto* self = static_cast<Connection*>(self_ptr);
    // Audio has its own socket in the audio worker (web/audio-net-worker.js); this one
    // carries text only.
    if (!e->isText || e->numBytes == 0) return EM_TRUE;
    // Text arrives NUL-terminated, the NUL counted in numBytes; valid only in here.
    self->handlers_.text(std::string_view(reinterpret_cast<const char*>(e->data), e->numBytes - 1));
    return EM_TRUE;
}

EM_BOOL Connection::on_close(int, const EmscriptenWebSocketCloseEvent*, void* self_ptr) {
    static_cast<Connection*>(self_ptr)->drop();
    return EM_TRUE;
}

void Connection::on_retry(void* self_ptr) {
    static_cast<Connection*>(self_ptr)->connect();
}

}  // namespace salotto::web
