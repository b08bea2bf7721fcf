// What search compares: text folded so that case, accents and doubled letters do not
// matter ("Niccolò" and "nicolo" both become "nicolo"). The server indexes users and
// live room titles with it and folds queries with it; the client folds what is typed
// to skip sending a query that folds to the one already sent. Pure and platform-free,
// so both targets compile the same rules (docs/protocol.md, "Search").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::text {

// Most terms of a query that count; later ones are ignored.
inline constexpr std::size_t kMaxQueryTerms = 8;

// Lower case without diacritics, for Latin (Latin-1 Supplement and Latin Extended-A,
// with ß -> ss, æ -> ae, œ -> oe, ø -> o, ł -> l, đ/ð -> d, þ -> th), Greek (tonos and
// dialytika dropped, final sigma -> σ) and Cyrillic (ё -> е, й -> и, ї -> і, ў -> у
// and the other letters with marks); combining marks (U+0300-U+036F) are dropped.
// Every ASCII character that is not a letter or digit, Latin-1 punctuation and
// symbols, and general punctuation (U+2000-U+206F) become one space; other characters
// are kept as they are. Malformed UTF-8 bytes are dropped.
std::string fold(std::string_view utf8);

// The search terms of `utf8`: fold()'s words, each with runs of one repeated letter
// squeezed to one ("niccolo" -> "nicolo", "anna" -> "ana"; digits are not squeezed),
// in order, empty words skipped.
std::vector<std::string> search_terms(std::string_view utf8);

// search_terms joined by single spaces: what is stored in the search index.
std::string search_key(std::string_view utf8);

// True when every query term is a prefix of at least one of `terms` (an empty query
// matches nothing).
bool matches_prefixes(const std::vector<std::string>& terms,
                      const std::vector<std::string>& query_terms);

}  // namespace salotto::text
