// The UI's text font, embedded at build time by embed_font.cmake so the first screen
// needs no filesystem and no extra download: a subset of Noto Sans. (The emoji font
// comes later, over the network: web/emoji_font.hpp.)
#pragma once

#include <span>

namespace salotto::client {

extern const std::span<const unsigned char> kFontData;

}  // namespace salotto::client
