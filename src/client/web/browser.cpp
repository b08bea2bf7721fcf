// Browser API bridges; see browser.hpp. Strings go to JS as pointer + length and come
// back through a buffer the caller owns, so no JS-side allocation is needed.
#include "client/web/browser.hpp"

#include <emscripten/emscripten.h>

#include <array>

namespace salotto::web {

namespace {

// JavaScript inside: clang-format would break it (`===` -> `== =`).
// clang-format off
EM_JS(int, js_page_path, (char* out, int size), {
    return stringToUTF8(location.pathname, out, size);
});

EM_JS(int, js_page_origin, (char* out, int size), {
    return stringToUTF8(location.origin, out, size);
});

EM_JS(void, js_replace_page_path, (const char* path, int length), {
    history.replaceState(history.state, "", UTF8ToString(path, length));
});

EM_JS(void, js_push_page_path, (const char* path, int length), {
    history.pushState(null, "", UTF8ToString(path, length));
});

EM_JS(void, js_set_page_title, (const char* title, int length), {
    document.title = UTF8ToString(title, length);
});

EM_JS(void, js_listen_history, (), {
    addEventListener("popstate", function() {
        Module["ccall"]("salotto_history_moved", null, ["string"], [location.pathname]);
    });
});

EM_JS(int, js_websocket_url, (char* out, int size), {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return stringToUTF8(scheme + location.host + "/ws", out, size);
});

EM_JS(int, js_load_item, (const char* key, int key_length, char* out, int size), {
    try {
        var value = localStorage.getItem(UTF8ToString(key, key_length));
        return value === null ? 0 : stringToUTF8(value, out, size);
    } catch (e) {
        return 0;
    }
});

EM_JS(void, js_store_item, (const char* key, int key_length, const char* value, int value_length), {
    try {
        var k = UTF8ToString(key, key_length);
        if (value_length > 0) {
            localStorage.setItem(k, UTF8ToString(value, value_length));
        } else {
            localStorage.removeItem(k);
        }
    } catch (e) {
        console.warn("Salotto: localStorage is unavailable; you will need to sign in again", e);
    }
});

EM_JS(void, js_show_fatal_error, (const char* message, int length), {
    var text = UTF8ToString(message, length);
    if (Module["showError"]) {
        Module["showError"](text);
    } else {
        console.error(text);
    }
});
// clang-format on

// Reads a JS string through a fixed buffer: paths, URLs and tokens are short.
template <class Fn>
std::string read(Fn fn) {
    std::array<char, 2048> buffer{};
    int length = fn(buffer.data(), static_cast<int>(buffer.size()));
    return std::string(buffer.data(), static_cast<std::size_t>(length));
}

int size_of(std::string_view s) {
    return static_cast<int>(s.size());
}

std::function<void(std::string_view)>& history_listener() {
    static std::function<void(std::string_view)> listener;
    return listener;
}

}  // namespace

std::string page_path() {
    return read(js_page_path);
}

std::string page_origin() {
    return read(js_page_origin);
}

void replace_page_path(std::string_view path) {
    js_replace_page_path(path.data(), size_of(path));
}

void push_page_path(std::string_view path) {
    js_push_page_path(path.data(), size_of(path));
}

void set_page_title(std::string_view title) {
    js_set_page_title(title.data(), size_of(title));
}

void on_history_move(std::function<void(std::string_view path)> moved) {
    history_listener() = std::move(moved);
    js_listen_history();
}

std::string websocket_url() {
    return read(js_websocket_url);
}

std::string load_item(std::string_view key) {
    return read(
        [&](char* out, int size) { return js_load_item(key.data(), size_of(key), out, size); });
}

void store_item(std::string_view key, std::string_view value) {
    js_store_item(key.data(), size_of(key), value.data(), size_of(value));
}

void show_fatal_error(std::string_view message) {
    js_show_fatal_error(message.data(), size_of(message));
}

}  // namespace salotto::web

extern "C" EMSCRIPTEN_KEEPALIVE void salotto_history_moved(const char* path) {
    if (auto& listener = salotto::web::history_listener()) listener(path);
}
