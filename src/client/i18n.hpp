// The client's words in English and Italian. Every user-visible string lives in one
// catalogue per language (src/client/i18n/en.json, it.json), compiled into the client
// (embed_text.cmake), and is looked up here by key. Placeholders ({name}, {count},
// {title}, ...) are substituted whole, so each translation keeps its own word order;
// plural keys hold a "one" and an "other" form, picked by the count. Dates are
// formatted per language. Platform-free: the web client and the unit tests link it.
//
// tr() and trn() take their key as a string literal: tests/unit/client_i18n_test.cpp
// reads the client's sources and checks every key used exists in both catalogues.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::client {

enum class Lang { en, it };

// One placeholder's value: {name} -> value.
struct Arg {
    std::string_view name;
    std::string_view value;
};

// The text of `key` in `lang` with `args` substituted; the key itself when the
// catalogue lacks it (a test makes sure it does not).
std::string tr(Lang lang, std::string_view key, std::initializer_list<Arg> args = {});
// A plural key: the "one" or "other" form for `count`, with {count} and `args`.
std::string trn(Lang lang, std::string_view key, long long count,
                std::initializer_list<Arg> args = {});

// What the user reads for an error: the catalogue's "error.<code>" when it has one,
// otherwise `fallback` (the server's message).
std::string error_text(Lang lang, std::string_view code, std::string_view fallback);

// A date from unix seconds, e.g. "30 November 2026" / "30 novembre 2026" (UTC).
std::string format_date(Lang lang, std::int64_t unix_seconds);

// "en" / "it", as in <html lang> and localStorage.
std::string_view lang_code(Lang lang);
std::optional<Lang> lang_from_code(std::string_view code);
// The language for the browser's preferred languages (navigator.languages, most
// preferred first): Italian when the first one we speak is "it*", else English.
Lang lang_from_browser(const std::vector<std::string>& languages);

// For tests: the raw catalogue text of a language (JSON).
std::string_view catalogue_json(Lang lang);

}  // namespace salotto::client
