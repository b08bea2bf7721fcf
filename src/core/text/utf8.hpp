// UTF-8, one code point at a time: the decoder and encoder the validation rules, the
// search folding and the client's text handling share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace salotto::text {

// Decodes the code point at text[i] and advances i past it. Malformed input (RFC
// 3629: shortest form only, no surrogates, at most U+10FFFF; a sequence cut short)
// gives nothing and advances i by one byte, so a caller may skip it and go on.
std::optional<char32_t> next_code_point(std::string_view text, std::size_t& i);

// Appends `cp` (at most U+10FFFF) as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace salotto::text
