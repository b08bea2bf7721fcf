// Browser API bridges; see browser.hpp. Strings go to JS as pointer + length and come
// back through a buffer the caller owns, so no JS-side allocation is needed.
#include "client/web/browser.hpp"

#include <emscripten/emscripten.h>

#include <array>
#include <vector>

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

EM_JS(void, js_open_in_new_tab, (const char* url, int length), {
    const href = UTF8ToString(url, length);
    const lower = href.toLowerCase();
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) return;
    window.open(href, "_blank", "noopener,noreferrer");
});

EM_JS(int, js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });

EM_JS(int, js_time_zone, (char* out, int size), {
    var zone = "";
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
    }
    return stringToUTF8(zone, out, size);
});

EM_JS(double, js_unix_now, (), { return Math.floor(Date.now() / 1000); });

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

// navigator.languages, most preferred first, one per line.
EM_JS(int, js_browser_languages, (char* out, int size), {
    var langs = navigator.languages && navigator.languages.length ? navigator.languages
                                                                  : [navigator.language || ""];
    return stringToUTF8(langs.join("\n"), out, size);
});

EM_JS(void, js_set_html_lang, (const char* code, int length), {
    document.documentElement.lang = UTF8ToString(code, length);
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

void open_in_new_tab(std::string_view url) {
    js_open_in_new_tab(url.data(), size_of(url));
}

int utc_offset_minutes() {
    return js_utc_offset_minutes();
}

std::string time_zone() {
    return read(js_time_zone);
}

std::int64_t unix_now() {
    return static_cast<std::int64_t>(js_unix_now());
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

namespace {

constexpr std::string_view kLangKey = "salotto.lang";

}  // namespace

client::Lang initial_lang() {
    if (auto chosen = client::lang_from_code(load_item(kLangKey))) return *chosen;
    std::vector<std::string> languages;
    const std::string joined = read(js_browser_languages);
    for (std::size_t start = 0; start <= joined.size();) {
        std::size_t end = joined.find('\n', start);
        if (end == std::string::npos) end = joined.size();
        languages.push_back(joined.substr(start, end - start));
        start = end + 1;
    }
    return client::lang_from_browser(languages);
}

void use_lang(client::Lang lang, bool remember) {
    const std::string_view code = client::lang_code(lang);
    if (remember) store_item(kLangKey, code);
    js_set_html_lang(code.data(), size_of(code));
}

}  // namespace salotto::web

extern "C" EMSCRIPTEN_KEEPALIVE void salotto_history_moved(const char* path) {
    if (auto& listener = salotto::web::history_listener()) listener(path);
}
