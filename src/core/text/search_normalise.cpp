// Search folding; see search_normalise.hpp. The tables cover the scripts the client's
// font draws (Latin, Greek, Cyrillic); other scripts pass through unchanged.
#include "core/text/search_normalise.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/text/utf8.hpp"

namespace salotto::text {

namespace {

// A run of code points that all fold to the same ASCII text.
struct LatinRange {
    char32_t first, last;
    const char* folded;
};

// Latin-1 Supplement letters and Latin Extended-A, upper and lower case together.
constexpr std::array<LatinRange, 53> kLatin = {{
    {0x00C0, 0x00C5, "a"},
    {0x00C6, 0x00C6, "ae"},
    {0x00C7, 0x00C7, "c"},
    {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"},
    {0x00D0, 0x00D0, "d"},
    {0x00D1, 0x00D1, "n"},
    {0x00D2, 0x00D6, "o"},
    {0x00D8, 0x00D8, "o"},
    {0x00D9, 0x00DC, "u"},
    {0x00DD, 0x00DD, "y"},
    {0x00DE, 0x00DE, "th"},
    {0x00DF, 0x00DF, "ss"},
    {0x00E0, 0x00E5, "a"},
    {0x00E6, 0x00E6, "ae"},
    {0x00E7, 0x00E7, "c"},
    {0x00E8, 0x00EB, "e"},
    {0x00EC, 0x00EF, "i"},
    {0x00F0, 0x00F0, "d"},
    {0x00F1, 0x00F1, "n"},
    {0x00F2, 0x00F6, "o"},
    {0x00F8, 0x00F8, "o"},
    {0x00F9, 0x00FC, "u"},
    {0x00FD, 0x00FD, "y"},
    {0x00FE, 0x00FE, "th"},
    {0x00FF, 0x00FF, "y"},
    {0x0100, 0x0105, "a"},
    {0x0106, 0x010D, "c"},
    {0x010E, 0x0111, "d"},
    {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"},
    {0x0124, 0x0127, "h"},
    {0x0128, 0x0131, "i"},
    {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"},
    {0x0136, 0x0138, "k"},
    {0x0139, 0x0142, "l"},
    {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"},
    {0x0152, 0x0153, "oe"},
    {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"},
    {0x0162, 0x0167, "t"},
    {0x0168, 0x0173, "u"},
    {0x0174, 0x0175, "w"},
    {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"},
    {0x017F, 0x017F, "s"},
    // Letters of Latin Extended-B that Romanian and Croatian names use.
    {0x0218, 0x0219, "s"},
    {0x021A, 0x021B, "t"},
    {0x01C4, 0x01C6, "dz"},
    {0x01C7, 0x01C9, "lj"},
    {0x01CA, 0x01CC, "nj"},
}};

// Greek and Cyrillic letters with marks, and capitals outside the regular blocks,
// to the plain lower-case letter.
struct Single {
    char32_t from, to;
};
constexpr std::array<Single, 30> kSingles = {{
    // Greek: tonos, dialytika, final sigma.
    {0x0386, 0x03B1},
    {0x0388, 0x03B5},
    {0x0389, 0x03B7},
    {0x038A, 0x03B9},
    {0x038C, 0x03BF},
    {0x038E, 0x03C5},
    {0x038F, 0x03C9},
    {0x0390, 0x03B9},
    {0x03AA, 0x03B9},
    {0x03AB, 0x03C5},
    {0x03AC, 0x03B1},
    {0x03AD, 0x03B5},
    {0x03AE, 0x03B7},
    {0x03AF, 0x03B9},
    {0x03B0, 0x03C5},
    {0x03C2, 0x03C3},
    {0x03CA, 0x03B9},
    {0x03CB, 0x03C5},
    {0x03CC, 0x03BF},
    {0x03CD, 0x03C5},
    {0x03CE, 0x03C9},
    // Cyrillic lower case with marks (capitals are lowered first).
    {0x0439, 0x0438},
    {0x0450, 0x0435},
    {0x0451, 0x0435},
    {0x0453, 0x0433},
    {0x0457, 0x0456},
    {0x045C, 0x043A},
    {0x045D, 0x0438},
    {0x045E, 0x0443},
    {0x04E7, 0x043E},
}};

bool is_separator(char32_t c) {
    if (c < 0x80)
        return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    return (c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           c == 0x3000;
}

bool is_combining_mark(char32_t c) {
    return c >= 0x0300 && c <= 0x036F;
}

// Lower case for the Greek and Cyrillic capitals (Latin is handled by kLatin).
char32_t lower_greek_cyrillic(char32_t c) {
    if ((c >= 0x0391 && c <= 0x03A1) || (c >= 0x03A3 && c <= 0x03A9)) return c + 0x20;
    if (c >= 0x0410 && c <= 0x042F) return c + 0x20;
    if (c >= 0x0400 && c <= 0x040F) return c + 0x50;
    if (c == 0x04E6) return 0x04E7;  // Ӧ (Komi, Udmurt)
    return c;
}

}  // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto decoded = next_code_point(utf8, i);
        if (!decoded) continue;
        char32_t c = *decoded;
        if (is_combining_mark(c)) continue;
        if (is_separator(c)) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + ('a' - 'A'));
            continue;
        }
        const auto latin = std::find_if(kLatin.begin(), kLatin.end(), [&](const LatinRange& r) {
            return c >= r.first && c <= r.last;
        });
        if (latin != kLatin.end()) {
            out += latin->folded;
            continue;
        }
        c = lower_greek_cyrillic(c);
        const auto single = std::find_if(kSingles.begin(), kSingles.end(),
                                         [&](const Single& s) { return s.from == c; });
        append_utf8(out, single != kSingles.end() ? single->to : c);
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> search_terms(std::string_view utf8) {
    const std::string folded = fold(utf8);
    std::vector<std::string> terms;
    std::string term;
    char32_t previous = 0;
    std::size_t i = 0;
    auto finish = [&] {
        if (!term.empty()) terms.push_back(std::move(term));
        term.clear();
        previous = 0;
    };
    while (i < folded.size()) {
        const std::size_t start = i;
        const auto decoded = next_code_point(folded, i);
        if (!decoded) continue;
        const char32_t c = *decoded;
        if (c == ' ') {
            finish();
            continue;
        }
        // Doubled letters are squeezed: "Niccolò" is found as "nicolo" (and "Ana" as
        // "anna"). Digits are not: "2002" stays itself.
        const bool digit = c >= '0' && c <= '9';
        if (c != previous || digit) term.append(folded, start, i - start);
        previous = c;
    }
    finish();
    return terms;
}

std::string search_key(std::string_view utf8) {
    std::string key;
    for (const auto& term : search_terms(utf8)) {
        if (!key.empty()) key += ' ';
        key += term;
    }
    return key;
}

bool matches_prefixes(const std::vector<std::string>& terms,
                      const std::vector<std::string>& query_terms) {
    if (query_terms.empty()) return false;
    return std::all_of(query_terms.begin(), query_terms.end(), [&](const std::string& q) {
        return std::any_of(terms.begin(), terms.end(),
                           [&](const std::string& t) { return t.starts_with(q); });
    });
}

}  // namespace salotto::text
