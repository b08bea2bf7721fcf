// Fuzz target: HTTP request-target routing (server/net/static_files.hpp), the only
// code between a request line and a file path on disk, and the Accept-Encoding
// reader next to it.
//
// Properties, for any target:
//   - a file route names a path strictly under the web root, as the operating system
//     will read it (which stops at the first NUL byte), after "." and ".." are
//     resolved;
//   - other routes name no file;
//   - accepts_coding says yes to gzip only when the header names gzip or "*".
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "server/net/static_files.hpp"

using namespace salotto;

namespace {

bool inside_root(const std::filesystem::path& file, const std::filesystem::path& root) {
    std::string as_opened = file.native();
    as_opened.resize(std::min(as_opened.size(), as_opened.find('\0')));
    const auto relative =
        std::filesystem::path(as_opened).lexically_normal().lexically_relative(root);
    if (relative.empty() || relative == ".") return false;
    return *relative.begin() != "..";
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);
    const std::filesystem::path root = "/srv/salotto/www";

    const net::Route route = net::route(target, root);
    switch (route.kind) {
        case net::Route::Kind::file:
            fuzz::check(inside_root(route.file, root), "a file route leaves the web root",
                        route.file.native());
            (void)net::content_type(route.file);
            break;
        case net::Route::Kind::health:
        case net::Route::Kind::websocket:
            fuzz::check(route.file.empty(), "an endpoint route names a file");
            break;
        case net::Route::Kind::bad_request:
        case net::Route::Kind::not_found:
            fuzz::check(route.file.empty(), "a refused route names a file");
            break;
        case net::Route::Kind::calendar:
            fuzz::check(route.file.empty() && !route.event.empty() &&
                            route.event.find('/') == std::string::npos,
                        "a calendar route names a file or a path", route.event);
            break;
    }

    if (net::accepts_coding(target, "gzip")) {
        const std::string header = lower(target);
        fuzz::check(
            header.find("gzip") != std::string::npos || header.find('*') != std::string::npos,
            "accepts_coding(gzip) without gzip or *", target);
    }
    return 0;
}
