// Request routing of the HTTP server: deep links, health, traversal attempts,
// dotfiles, the embed route, content types.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "server/net/static_files.hpp"

using salotto::net::content_type;
using salotto::net::route;
using Kind = salotto::net::Route::Kind;

namespace {
const std::filesystem::path kRoot = "/srv/www";
}

TEST(ServerStaticFiles, IndexAndDeepLinks) {
    for (const char* target : {"/", "/r/k3v9x2mq7b", "/embed/k3v9x2mq7b", "/?x=1", "/r/abc?x#y",
                               "/i/ABCD-EFGH-JKLM", "/u/ada_l", "/e/q7m2x9k4ta", "/c/12", "/invites",
                               "/notifications"}) {
        auto r = route(target, kRoot);
        EXPECT_EQ(r.kind, Kind::file) << target;
        EXPECT_EQ(r.file, kRoot / "index.html") << target;
    }
}

TEST(ServerStaticFiles, HealthAndWebSocket) {
    EXPECT_EQ(route("/healthz", kRoot).kind, Kind::health);
    EXPECT_EQ(route("/ws", kRoot).kind, Kind::websocket);
    EXPECT_EQ(route("/ws?token=1", kRoot).kind, Kind::websocket);
}

TEST(ServerStaticFiles, FilesUnderRoot) {
    EXPECT_EQ(route("/salotto.wasm", kRoot).file, kRoot / "salotto.wasm");
    EXPECT_EQ(route("/fonts/noto.ttf", kRoot).file, kRoot / "fonts/noto.ttf");
    EXPECT_EQ(route("/a%20b.js", kRoot).file, kRoot / "a b.js");
}

TEST(ServerStaticFiles, RejectsTraversal) {
    for (const char* target : {"/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd",
                               "/%2E%2E%2Fsecret", "/..%5c..%5cwin.ini", "/a//b", "/./index.html",
                               "/x%00.js", "/bad%zz", "/trunc%2", "relative", "", "/a\\..\\b"}) {
        EXPECT_EQ(route(target, kRoot).kind, Kind::bad_request) << target;
    }
}

TEST(ServerStaticFiles, DotfilesAreNeverServed) {
    for (const char* target : {"/.env", "/.git/config", "/a/.htpasswd", "/a/.b/c.js",
                               "/%2egit/HEAD", "/a/%2Essh/id_rsa", "/.well-known/x"}) {
        EXPECT_EQ(route(target, kRoot).kind, Kind::not_found) << target;
    }
    // A dot inside a name is fine.
    EXPECT_EQ(route("/salotto.js", kRoot).kind, Kind::file);
    EXPECT_EQ(route("/a.b/c..d.js", kRoot).kind, Kind::file);
}

TEST(ServerStaticFiles, OnlyTheEmbedRouteMayBeFramed) {
    EXPECT_TRUE(route("/embed/k3v9x2mq7b", kRoot).embed);
    for (const char* target : {"/", "/r/k3v9x2mq7b", "/salotto.js", "/embed", "/embed-demo"})
        EXPECT_FALSE(route(target, kRoot).embed) << target;
}

TEST(ServerStaticFiles, EmbedDemoServesItsPage) {
    const auto r = route("/embed-demo", kRoot);
    EXPECT_EQ(r.kind, Kind::file);
    EXPECT_EQ(r.file, kRoot / "embed-demo.html");
    // Only that exact path: anything below it is an ordinary (missing) file.
    EXPECT_EQ(route("/embed-demo/x", kRoot).file, kRoot / "embed-demo/x");
}

// Found by fuzz_static_files: a raw NUL ends the path the operating system opens, so
// the part after it escaped the checks ("/..\0x" named the web root's parent). Beast's
// parser refuses control characters in a request-target before route() sees it;
// route() must hold on its own all the same.
TEST(ServerStaticFiles, RejectsRawNul) {
    using namespace std::string_view_literals;
    for (auto target : {"/\0\0"sv, "/..\0x"sv, "/index.html\0.png"sv, "/r/x\0"sv})
        EXPECT_EQ(route(target, kRoot).kind, Kind::bad_request) << target.size();
}

TEST(ServerStaticFiles, ContentTypes) {
    EXPECT_EQ(content_type("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(content_type("salotto.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type("salotto.wasm"), "application/wasm");
    EXPECT_EQ(content_type("a.css"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type("a.png"), "image/png");
    EXPECT_EQ(content_type("a.json"), "application/json");
    EXPECT_EQ(content_type("noext"), "application/octet-stream");
}

TEST(ServerStaticFiles, AcceptsGzip) {
    const auto accepts_gzip = [](std::string_view header) {
        return salotto::net::accepts_coding(header, "gzip");
    };
    for (const char* yes : {"gzip", "gzip, deflate, br, zstd", "br;q=1.0, GZIP;q=0.5", "*",
                            "deflate, *;q=0.1", "gzip;q=1", " gzip ;q=0.001"})
        EXPECT_TRUE(accepts_gzip(yes)) << yes;
    for (const char* no : {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "*;q=0",
                           "gzip;q=0, *", "gzip;q=nonsense", "xgzip"})
        EXPECT_FALSE(accepts_gzip(no)) << no;
}

// Found by fuzz_static_files: comparing a coding or parameter name that ends the header
// and differs from "gzip" or "q" only in case read one byte past the header. Each
// header sits in a buffer of exactly its size, so the ASan build sees such a read.
TEST(ServerStaticFiles, AcceptsGzipReadsNothingPastTheHeader) {
    const auto accepts_gzip = [](std::string_view header) {
        return salotto::net::accepts_coding(header, "gzip");
    };
    const auto exact = [](std::string_view text) {
        return std::vector<char>(text.begin(), text.end());
    };
    for (std::string_view yes : {"br, GZIP", "Gzip", "deflate, *;Q=1"}) {
        const auto header = exact(yes);
        EXPECT_TRUE(accepts_gzip({header.data(), header.size()})) << yes;
    }
    for (std::string_view no : {"gzip;Q", "gzip;Q=0", "gp; *;Q=0.5b;Q"}) {
        const auto header = exact(no);
        EXPECT_FALSE(accepts_gzip({header.data(), header.size()})) << no;
    }
}

TEST(ServerStaticFiles, AcceptsBrotli) {
    using salotto::net::accepts_coding;
    for (const char* yes : {"gzip, deflate, br, zstd", "BR", "*", "gzip;q=0, br;q=0.2"})
        EXPECT_TRUE(accepts_coding(yes, "br")) << yes;
    for (const char* no : {"", "gzip, deflate", "br;q=0", "brotli", "br;q=0, *"})
        EXPECT_FALSE(accepts_coding(no, "br")) << no;
}

TEST(ServerStaticFiles, ContentHashedNames) {
    using salotto::net::content_hashed;
    for (const char* yes : {"salotto.0123456789.wasm", "shell.abcdef0123.js", "a.b.ffffffffff.css"})
        EXPECT_TRUE(content_hashed(yes)) << yes;
    for (const char* no :
         {"salotto.wasm", "index.html", "salotto.012345678.wasm", "salotto.0123456789a.wasm",
          "salotto.ABCDEF0123.js", "salotto.012345678g.js", ".0123456789.js", "0123456789.js"})
        EXPECT_FALSE(content_hashed(no)) << no;
}
