// The catalogues and their lookups; see i18n.hpp.
#include "client/i18n.hpp"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "client/i18n_catalogues.hpp"

namespace salotto::client {

namespace {

// A catalogue entry: a plain text, or the one/other forms of a plural.
struct Entry {
    std::string text;  // or the "other" form
    std::string one;
    bool plural = false;
};

using Catalogue = std::map<std::string, Entry, std::less<>>;

Catalogue parse(std::string_view json_text) {
    Catalogue out;
    // Without exceptions: a broken catalogue is an empty one (the unit test parses both).
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object()) return out;
    for (const auto& [key, value] : j.items()) {
        Entry e;
        if (value.is_string()) {
            e.text = value.get<std::string>();
        } else if (value.is_object()) {
            e.plural = true;
            e.one = value.value("one", "");
            e.text = value.value("other", "");
        }
        out.emplace(key, std::move(e));
    }
    return out;
}

const Catalogue& catalogue(Lang lang) {
    static const Catalogue en = parse(kCatalogueEn);
    static const Catalogue it = parse(kCatalogueIt);
    return lang == Lang::it ? it : en;
}

const Entry* find(Lang lang, std::string_view key) {
    const auto& c = catalogue(lang);
    auto found = c.find(key);
    return found == c.end() ? nullptr : &found->second;
}

// Replaces each {name} in `text` whose name is in `args`; other braces stay as they are.
std::string substitute(std::string_view text, std::initializer_list<Arg> args,
                       std::string_view count = {}) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, close - i - 1);
                const std::string_view* value = nullptr;
                if (name == "count" && !count.empty()) value = &count;
                for (const auto& a : args)
                    if (a.name == name) value = &a.value;
                if (value) {
                    out += *value;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

}  // namespace

std::string tr(Lang lang, std::string_view key, std::initializer_list<Arg> args) {
    const Entry* e = find(lang, key);
    return e ? substitute(e->text, args) : std::string(key);
}

std::string trn(Lang lang, std::string_view key, long long count, std::initializer_list<Arg> args) {
    const Entry* e = find(lang, key);
    if (!e) return std::string(key);
    // English and Italian share the rule: "one" for exactly 1, "other" for the rest
    // (0 included: "0 listeners", "0 ascoltatori").
    const std::string& form = e->plural && count == 1 ? e->one : e->text;
    return substitute(form, args, std::to_string(count));
}

std::string error_text(Lang lang, std::string_view code, std::string_view fallback) {
    const std::string key = "error." + std::string(code);
    const Entry* e = find(lang, key);
    return e ? e->text : std::string(fallback);
}

std::string format_date(Lang lang, std::int64_t unix_seconds) {
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    std::int64_t z = (unix_seconds >= 0 ? unix_seconds : unix_seconds - 86399) / 86400 + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    auto doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned month = mp < 10 ? mp + 3 : mp - 9;
    if (month <= 2) ++year;
    static constexpr const char* kMonths[] = {"date.month_1",  "date.month_2",  "date.month_3",
                                              "date.month_4",  "date.month_5",  "date.month_6",
                                              "date.month_7",  "date.month_8",  "date.month_9",
                                              "date.month_10", "date.month_11", "date.month_12"};
    const std::string month_name = tr(lang, kMonths[month - 1]);
    const std::string day_text = std::to_string(day), year_text = std::to_string(year);
    return tr(lang, "date.format", {{"day", day_text}, {"month", month_name}, {"year", year_text}});
}

std::string_view lang_code(Lang lang) {
    return lang == Lang::it ? "it" : "en";
}

std::optional<Lang> lang_from_code(std::string_view code) {
    if (code == "en") return Lang::en;
    if (code == "it") return Lang::it;
    return std::nullopt;
}

Lang lang_from_browser(const std::vector<std::string>& languages) {
    for (const auto& tag : languages) {
        // "it", "it-IT", "it-CH", any case; the first language we speak wins.
        auto starts = [&](char a, char b) {
            return tag.size() >= 2 && (tag[0] | 0x20) == a && (tag[1] | 0x20) == b &&
                   (tag.size() == 2 || tag[2] == '-' || tag[2] == '_');
        };
        if (starts('i', 't')) return Lang::it;
        if (starts('e', 'n')) return Lang::en;
    }
    return Lang::en;
}

std::string_view catalogue_json(Lang lang) {
    return lang == Lang::it ? kCatalogueIt : kCatalogueEn;
}

}  // namespace salotto::client
