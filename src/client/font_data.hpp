// The UI font (a subset of Noto Sans), embedded at build time by embed_font.cmake so
// the client needs no filesystem and no extra download.
#pragma once

#include <span>

namespace salotto::client {

extern const std::span<const unsigned char> kFontData;

}  // namespace salotto::client
