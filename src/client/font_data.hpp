// The UI fonts, embedded at build time by embed_font.cmake so the client needs no
// filesystem and no extra download: a subset of Noto Sans for text, and a subset of
// Symbola (monochrome) for the emoji people use most in chat and for the reactions.
#pragma once

#include <span>

namespace salotto::client {

extern const std::span<const unsigned char> kFontData;
extern const std::span<const unsigned char> kEmojiFontData;

}  // namespace salotto::client
