# Locates third-party libraries for the current toolchain.
#
# Natively they are Debian's -dev packages. Under emcc, header-only libraries are
# reached through a folder of links to just their headers (never -I/usr/include,
# which would drag glibc headers into the WASM build), and Dear ImGui is compiled
# from the Debian source package that scripts/fetch-deps unpacked.

if(EMSCRIPTEN)
  set(SALOTTO_WASM_INCLUDE "${CMAKE_BINARY_DIR}/_include")
  file(MAKE_DIRECTORY "${SALOTTO_WASM_INCLUDE}")
  if(NOT EXISTS "${SALOTTO_WASM_INCLUDE}/nlohmann")
    file(CREATE_LINK /usr/include/nlohmann "${SALOTTO_WASM_INCLUDE}/nlohmann" SYMBOLIC)
  endif()
  add_library(salotto_json INTERFACE)
  target_include_directories(salotto_json SYSTEM INTERFACE "${SALOTTO_WASM_INCLUDE}")
else()
  find_package(nlohmann_json 3.11 REQUIRED)
  add_library(salotto_json INTERFACE)
  target_link_libraries(salotto_json INTERFACE nlohmann_json::nlohmann_json)
endif()
