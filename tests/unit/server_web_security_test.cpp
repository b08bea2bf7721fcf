// The web security rules without sockets: the WebSocket Origin check (same origin,
// the allow-list, proxies that hide the scheme), the Content-Security-Policy, the
// metrics bearer token, the connection limits and the log throttle.
#include <gtest/gtest.h>

#include "server/net/connection_limits.hpp"
#include "server/net/log_throttle.hpp"
#include "server/net/server.hpp"
#include "server/net/web_security.hpp"
#include "server_test_support.hpp"

using namespace salotto::net;
using Verdict = OriginPolicy::Verdict;

namespace {

OriginPolicy policy(const std::vector<std::string>& entries) {
    std::string error;
    auto parsed = OriginPolicy::parse(entries, error);
    EXPECT_TRUE(parsed) << error;
    return parsed.value_or(OriginPolicy{});
}

boost::asio::ip::address ip(const char* text) {
    return boost::asio::ip::make_address(text);
}

}  // namespace

TEST(WebSecurityOrigin, ParsesOrigins) {
    EXPECT_EQ(parse_origin("https://Example.ORG"), (WebOrigin{"https", "example.org", 443}));
    EXPECT_EQ(parse_origin("http://example.org"), (WebOrigin{"http", "example.org", 80}));
    EXPECT_EQ(parse_origin("http://127.0.0.1:8080"), (WebOrigin{"http", "127.0.0.1", 8080}));
    EXPECT_EQ(parse_origin("http://[::1]:9000"), (WebOrigin{"http", "::1", 9000}));
    EXPECT_EQ(parse_origin("HTTPS://[2001:DB8::1]"), (WebOrigin{"https", "2001:db8::1", 443}));
    for (const char* bad : {"null", "", "example.org", "file://", "ftp://example.org", "https://",
                            "https://a/b", "https://user@a", "https://a:0", "https://a:65536",
                            "https://a:12x", "https://a:", "https://[::1", "https://[zz::1]",
                            "https://a b", "https://a;b", "https://a,b"})
        EXPECT_FALSE(parse_origin(bad)) << bad;
}

TEST(WebSecurityOrigin, ParsesHostHeaders) {
    auto h = parse_host_header("Example.org:8080");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->host, "example.org");
    EXPECT_EQ(h->port, 8080u);
    h = parse_host_header("[::1]");
    ASSERT_TRUE(h);
    EXPECT_EQ(h->host, "::1");
    EXPECT_FALSE(h->port);
    for (const char* bad : {"", ":80", "a:b", "a b", "a;b", "a\r\nX: y", "[::1]x", "a:99999"})
        EXPECT_FALSE(parse_host_header(bad)) << bad;
}

TEST(WebSecurityOrigin, NoOriginIsAProgramAndAllowed) {
    EXPECT_EQ(policy({}).check(std::nullopt, "example.org", std::nullopt), Verdict::no_origin);
}

TEST(WebSecurityOrigin, SameOriginByDefault) {
    const auto p = policy({});
    EXPECT_EQ(p.check("http://127.0.0.1:8080", "127.0.0.1:8080", std::nullopt),
              Verdict::same_origin);
    EXPECT_EQ(p.check("http://LOCALHOST:8080", "localhost:8080", std::nullopt),
              Verdict::same_origin);
    EXPECT_EQ(p.check("http://[::1]:8080", "[::1]:8080", std::nullopt), Verdict::same_origin);
    // Another site, another port of the same host, a lookalike host, "null".
    EXPECT_EQ(p.check("https://evil.example", "127.0.0.1:8080", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("http://127.0.0.1:8081", "127.0.0.1:8080", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("http://example.org.evil.example", "example.org", std::nullopt),
              Verdict::refused);
    EXPECT_EQ(p.check("null", "127.0.0.1:8080", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("http://127.0.0.1:8080", "", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("http://127.0.0.1:8080/", "127.0.0.1:8080", std::nullopt), Verdict::refused);
}

TEST(WebSecurityOrigin, BehindAProxyThatHidesTheScheme) {
    const auto p = policy({});
    // A TLS-terminating proxy passes Host "example.org": the page was https on 443.
    EXPECT_EQ(p.check("https://example.org", "example.org", std::nullopt), Verdict::same_origin);
    // Or plain http on 80: same host and its default port, also accepted.
    EXPECT_EQ(p.check("http://example.org", "example.org", std::nullopt), Verdict::same_origin);
    // But never a port that the Host does not name.
    EXPECT_EQ(p.check("https://example.org:8443", "example.org", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("http://example.org:443", "example.org", std::nullopt), Verdict::refused);
}

TEST(WebSecurityOrigin, KnownSchemeMustMatch) {
    const auto p = policy({});
    EXPECT_EQ(p.check("https://example.org", "example.org", "https"), Verdict::same_origin);
    EXPECT_EQ(p.check("https://example.org", "example.org:443", "https"), Verdict::same_origin);
    // A page on plain http may not talk to the https server of the same host.
    EXPECT_EQ(p.check("http://example.org", "example.org", "https"), Verdict::refused);
    EXPECT_EQ(p.check("http://example.org:443", "example.org:443", "https"), Verdict::refused);
    EXPECT_EQ(p.check("http://example.org:8080", "example.org:8080", "http"), Verdict::same_origin);
}

TEST(WebSecurityOrigin, AllowList) {
    const auto p = policy({"https://app.example.org", "http://localhost:3000/"});
    EXPECT_EQ(p.check("https://app.example.org", "api.example.org", std::nullopt), Verdict::listed);
    EXPECT_EQ(p.check("https://APP.example.org:443", "api.example.org", std::nullopt),
              Verdict::listed);
    EXPECT_EQ(p.check("http://localhost:3000", "127.0.0.1:8080", std::nullopt), Verdict::listed);
    EXPECT_EQ(p.check("http://app.example.org", "api.example.org", std::nullopt), Verdict::refused);
    EXPECT_EQ(p.check("https://evil.example", "api.example.org", std::nullopt), Verdict::refused);
    // The own origin stays allowed.
    EXPECT_EQ(p.check("https://api.example.org", "api.example.org", std::nullopt),
              Verdict::same_origin);

    const auto any = policy({"*"});
    EXPECT_EQ(any.check("https://evil.example", "example.org", std::nullopt), Verdict::listed);
    EXPECT_EQ(any.check("null", "example.org", std::nullopt), Verdict::listed);
}

TEST(WebSecurityOrigin, MalformedAllowListEntriesAreRejected) {
    for (const char* bad : {"example.org", "https://a/b", "null", "ws://a", ""}) {
        std::string error;
        EXPECT_FALSE(OriginPolicy::parse({bad}, error)) << bad;
        EXPECT_NE(error.find(bad), std::string::npos) << error;
    }
}

TEST(WebSecurityHeaders, PolicyForPages) {
    const auto csp = content_security_policy("example.org:8080", false, {});
    for (const char* part :
         {"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
          "worker-src 'self'", "object-src 'none'", "base-uri 'none'",
          "connect-src 'self' ws://example.org:8080 wss://example.org:8080",
          "frame-ancestors 'none'"})
        EXPECT_NE(csp.find(part), std::string::npos) << part << " in " << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos) << csp;
}

TEST(WebSecurityHeaders, InvalidHostIsNotRepeated) {
    const auto csp = content_security_policy("a; script-src *", false, {});
    EXPECT_EQ(csp.find("script-src *"), std::string::npos) << csp;
    EXPECT_NE(csp.find("connect-src 'self';"), std::string::npos) << csp;
}

TEST(WebSecurityHeaders, EmbedPageIsFramedPerPolicy) {
    EXPECT_NE(content_security_policy("h", true, {}).find("frame-ancestors *"), std::string::npos);
    const auto listed = content_security_policy(
        "h", true, FramePolicy{{"https://blog.example", "https://*.example.org"}});
    EXPECT_NE(listed.find("frame-ancestors https://blog.example https://*.example.org"),
              std::string::npos)
        << listed;
    EXPECT_TRUE(valid_frame_ancestor("*"));
    EXPECT_TRUE(valid_frame_ancestor("'self'"));
    EXPECT_TRUE(valid_frame_ancestor("https://blog.example:8443"));
    EXPECT_TRUE(valid_frame_ancestor("https://*.example.org"));
    for (const char* bad : {"", "blog.example", "https://a; script-src *", "'none' x",
                            "javascript:alert(1)", "https://a b", "'unsafe-inline'"})
        EXPECT_FALSE(valid_frame_ancestor(bad)) << bad;
}

TEST(WebSecurityMetrics, BearerToken) {
    salotto::test::init_sodium();
    EXPECT_TRUE(bearer_token_matches("Bearer s3cret", "s3cret"));
    EXPECT_TRUE(bearer_token_matches("bearer  s3cret ", "s3cret"));
    EXPECT_FALSE(bearer_token_matches("Bearer s3cre", "s3cret"));
    EXPECT_FALSE(bearer_token_matches("Bearer s3cretx", "s3cret"));
    EXPECT_FALSE(bearer_token_matches("Basic s3cret", "s3cret"));
    EXPECT_FALSE(bearer_token_matches("s3cret", "s3cret"));
    EXPECT_FALSE(bearer_token_matches("", "s3cret"));
    // No token configured opens nothing, not even to an empty bearer.
    EXPECT_FALSE(bearer_token_matches("Bearer ", ""));
    EXPECT_FALSE(bearer_token_matches("", ""));
}

TEST(ConnectionLimits, PerAddressAndTotal) {
    ConnectionLimiter limiter(
        {.per_address = 2, .total = 3, .exempt_loopback = true, .exempt = {}});
    auto why = ConnectionLimiter::Refusal::none;
    auto a1 = limiter.acquire(ip("192.0.2.1"), why);
    auto a2 = limiter.acquire(ip("192.0.2.1"), why);
    ASSERT_TRUE(a1 && a2);
    auto a3 = limiter.acquire(ip("192.0.2.1"), why);
    EXPECT_FALSE(a3);
    EXPECT_EQ(why, ConnectionLimiter::Refusal::per_address);
    auto b1 = limiter.acquire(ip("192.0.2.2"), why);
    ASSERT_TRUE(b1);
    EXPECT_EQ(limiter.open(), 3u);
    auto c1 = limiter.acquire(ip("192.0.2.3"), why);
    EXPECT_FALSE(c1);
    EXPECT_EQ(why, ConnectionLimiter::Refusal::total);
    // A closed connection gives its place back.
    a1 = {};
    EXPECT_EQ(limiter.open(), 2u);
    EXPECT_EQ(limiter.open_from(ip("192.0.2.1")), 1u);
    EXPECT_TRUE(limiter.acquire(ip("192.0.2.1"), why));  // taken and released at once
    EXPECT_EQ(limiter.open(), 2u);
}

TEST(ConnectionLimits, LoopbackIsExemptFromThePerAddressLimitOnly) {
    ConnectionLimiter limiter(
        {.per_address = 1, .total = 3, .exempt_loopback = true, .exempt = {}});
    auto why = ConnectionLimiter::Refusal::none;
    std::vector<ConnectionLimiter::Slot> slots;
    for (const char* address : {"127.0.0.1", "127.0.0.1", "::ffff:127.0.0.1"})
        slots.push_back(limiter.acquire(ip(address), why));
    for (const auto& slot : slots) EXPECT_TRUE(slot);
    EXPECT_FALSE(limiter.acquire(ip("::1"), why));
    EXPECT_EQ(why, ConnectionLimiter::Refusal::total);

    ConnectionLimiter strict(
        {.per_address = 1, .total = 3, .exempt_loopback = false, .exempt = {}});
    auto first = strict.acquire(ip("127.0.0.1"), why);
    EXPECT_TRUE(first);
    EXPECT_FALSE(strict.acquire(ip("127.0.0.1"), why));
    EXPECT_EQ(why, ConnectionLimiter::Refusal::per_address);
}

TEST(ConnectionLimits, TrustedProxiesAreExemptFromThePerAddressLimitOnly) {
    ConnectionLimiter limiter(
        {.per_address = 1, .total = 5, .exempt_loopback = true, .exempt = {ip("198.51.100.9")}});
    auto why = ConnectionLimiter::Refusal::none;
    std::vector<ConnectionLimiter::Slot> slots;
    for (int i = 0; i < 3; ++i) slots.push_back(limiter.acquire(ip("198.51.100.9"), why));
    for (const auto& slot : slots) EXPECT_TRUE(slot);
    slots.push_back(limiter.acquire(ip("198.51.100.10"), why));  // not a proxy
    EXPECT_TRUE(slots.back());
    EXPECT_FALSE(limiter.acquire(ip("198.51.100.10"), why));
    EXPECT_EQ(why, ConnectionLimiter::Refusal::per_address);
    slots.push_back(limiter.acquire(ip("198.51.100.9"), why));
    EXPECT_TRUE(slots.back());
    EXPECT_FALSE(limiter.acquire(ip("198.51.100.9"), why));
    EXPECT_EQ(why, ConnectionLimiter::Refusal::total);
}

TEST(ConnectionLimits, CountsIpv6ByItsSlash64AndMappedIpv4AsIpv4) {
    ConnectionLimiter limiter(
        {.per_address = 1, .total = 0, .exempt_loopback = true, .exempt = {}});
    auto why = ConnectionLimiter::Refusal::none;
    auto a = limiter.acquire(ip("2001:db8:1:2::1"), why);
    ASSERT_TRUE(a);
    EXPECT_FALSE(limiter.acquire(ip("2001:db8:1:2:ffff::9"), why));  // same /64
    auto b = limiter.acquire(ip("2001:db8:1:3::1"), why);            // another /64
    EXPECT_TRUE(b);
    auto c = limiter.acquire(ip("198.51.100.7"), why);
    ASSERT_TRUE(c);
    EXPECT_FALSE(limiter.acquire(ip("::ffff:198.51.100.7"), why));
}

TEST(ConnectionLimits, SlotsOutliveTheLimiter) {
    ConnectionLimiter::Slot slot;
    {
        ConnectionLimiter limiter({});
        auto why = ConnectionLimiter::Refusal::none;
        slot = limiter.acquire(ip("192.0.2.1"), why);
        ASSERT_TRUE(slot);
    }
    slot = {};  // releases into state the limiter no longer owns alone: no crash
    EXPECT_FALSE(slot);
}

TEST(LogThrottle, OneLinePerIntervalWithTheCount) {
    LogThrottle throttle(std::chrono::seconds(1));
    const auto t0 = LogThrottle::Clock::time_point{} + std::chrono::hours(1);
    EXPECT_TRUE(throttle.note(t0));
    EXPECT_EQ(throttle.count(), 1u);
    int logged = 0;
    for (int i = 1; i <= 1000; ++i) logged += throttle.note(t0 + std::chrono::microseconds(i));
    EXPECT_EQ(logged, 0);
    EXPECT_TRUE(throttle.note(t0 + std::chrono::seconds(1)));
    EXPECT_EQ(throttle.count(), 1001u);  // the quiet thousand and this one
}

TEST(ServerEndpoint, ParsesBindAddresses) {
    auto e = parse_endpoint("127.0.0.1:9090");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->port(), 9090);
    e = parse_endpoint("[::1]:0");
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->address().is_v6());
    for (const char* bad : {"", "9090", "127.0.0.1", "127.0.0.1:", "::1:9090", "host:9090",
                            "127.0.0.1:65536", "127.0.0.1:9x"})
        EXPECT_FALSE(parse_endpoint(bad)) << bad;
}
