// Small bridges to browser APIs that emscripten/html5.h does not cover: the page's
// address and history, localStorage, and the page's error box.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "client/i18n.hpp"

namespace salotto::web {

// location.pathname, e.g. "/r/k3v9x2mq7b".
std::string page_path();

// location.origin, e.g. "https://salotto.example": links are shared as full URLs.
std::string page_origin();

// Changes the address bar to `path` without loading anything (history.replaceState).
void replace_page_path(std::string_view path);
// Adds `path` to the history as a new entry, without loading anything (pushState).
void push_page_path(std::string_view path);
// document.title.
void set_page_title(std::string_view title);
// Calls `moved` with the new path whenever the user goes back or forward in the
// history (popstate). One listener per page.
void on_history_move(std::function<void(std::string_view path)> moved);

// Opens an http(s) `url` in a new tab, without giving it this page (noopener).
void open_in_new_tab(std::string_view url);
// Minutes east of UTC of the browser's time zone now.
int utc_offset_minutes();
// The browser's IANA time zone ("Europe/Rome"); "" when it does not say.
std::string time_zone();
// The time now, in unix seconds.
std::int64_t unix_now();

// ws://<this page's host>/ws, or wss:// when the page came over https.
std::string websocket_url();

// localStorage; "" when the key is missing or storage is unavailable (private mode).
std::string load_item(std::string_view key);
// Stores `value`; an empty value removes the key.
void store_item(std::string_view key, std::string_view value);

// Shows a message for a problem the app cannot recover from (shell.html's error box).
void show_fatal_error(std::string_view message);

// The language to start in: the one chosen before in this browser (localStorage
// "salotto.lang"), else the browser's (navigator.languages; see lang_from_browser).
client::Lang initial_lang();
// Sets the page's <html lang>; with `remember`, also keeps the choice for this browser.
void use_lang(client::Lang lang, bool remember);

}  // namespace salotto::web
