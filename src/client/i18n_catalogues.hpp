// The catalogues' JSON text, compiled in by embed_text.cmake (see i18n.hpp).
#pragma once

#include <string_view>

namespace salotto::client {
extern const std::string_view kCatalogueEn;
extern const std::string_view kCatalogueIt;
}  // namespace salotto::client
