// Helpers shared by the libFuzzer targets: how a target reports a broken property
// (abort, so libFuzzer saves the input as a crash, with what failed on stderr).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace salotto::fuzz {

// A property failed: say which, and let libFuzzer keep the input.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz property failed: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    if (!detail.empty())
        std::fprintf(stderr, "  detail (%zu bytes): %.*s\n", detail.size(),
                     static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void check(bool ok, std::string_view what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

}  // namespace salotto::fuzz
