// Origin check, security headers and the metrics token; see web_security.hpp.
#include "server/net/web_security.hpp"

#include <sodium.h>
#include <algorithm>
#include <array>
#include <cctype>

namespace salotto::net {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

unsigned default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
}

// "1" to "65535", digits only.
std::optional<unsigned> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5) return std::nullopt;
    unsigned port = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        port = port * 10 + static_cast<unsigned>(c - '0');
    }
    if (port == 0 || port > 65535) return std::nullopt;
    return port;
}

bool host_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool ipv6_char(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}

// host[:port] as in a Host header or an origin's authority; the host lower-cased
// and an IPv6 literal without its brackets.
std::optional<HostHeader> parse_authority(std::string_view text) {
    HostHeader out;
    std::string_view rest;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close < 3) return std::nullopt;
        const auto literal = text.substr(1, close - 1);
        if (!std::all_of(literal.begin(), literal.end(), ipv6_char)) return std::nullopt;
        out.host = lower(literal);
        rest = text.substr(close + 1);
    } else {
        const auto colon = text.find(':');
        const auto name = text.substr(0, colon);
        if (name.empty() || !std::all_of(name.begin(), name.end(), host_name_char))
            return std::nullopt;
        out.host = lower(name);
        rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon);
    }
    if (!rest.empty()) {
        if (rest.front() != ':') return std::nullopt;
        out.port = parse_port(rest.substr(1));
        if (!out.port) return std::nullopt;
    }
    return out;
}

}  // namespace

std::optional<WebOrigin> parse_origin(std::string_view text) {
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) return std::nullopt;
    const std::string scheme = lower(text.substr(0, sep));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    auto authority = parse_authority(text.substr(sep + 3));
    if (!authority) return std::nullopt;
    return WebOrigin{scheme, std::move(authority->host),
                     authority->port.value_or(default_port(scheme))};
}

std::optional<HostHeader> parse_host_header(std::string_view text) {
    return parse_authority(text);
}

std::optional<OriginPolicy> OriginPolicy::parse(const std::vector<std::string>& entries,
                                                std::string& error) {
    OriginPolicy policy;
    for (std::string_view entry : entries) {
        if (entry == "*") {
            policy.any_ = true;
            continue;
        }
        // People paste origins from the address bar: one trailing slash is fine.
        if (entry.ends_with('/')) entry.remove_suffix(1);
        auto origin = parse_origin(entry);
        if (!origin) {
            error = "not an origin (scheme://host[:port], or *): " + std::string(entry);
            return std::nullopt;
        }
        policy.allowed_.push_back(std::move(*origin));
    }
    return policy;
}

OriginPolicy::Verdict OriginPolicy::check(std::optional<std::string_view> origin,
                                          std::string_view host,
                                          std::optional<std::string_view> scheme) const {
    // Browsers always send Origin on a WebSocket upgrade, and a page cannot remove
    // it. A request without one comes from a program (salotto-bot, the benchmarks,
    // curl): the Origin check exists to stop other web pages from using a
    // visitor's browser, and such a program could send any Origin it liked anyway.
    if (!origin) return Verdict::no_origin;
    if (any_) return Verdict::listed;
    const auto parsed = parse_origin(*origin);
    if (!parsed) return Verdict::refused;  // "null" (sandboxed frames, file://) included
    if (std::find(allowed_.begin(), allowed_.end(), *parsed) != allowed_.end())
        return Verdict::listed;
    const auto request = parse_host_header(host);
    if (!request || request->host != parsed->host) return Verdict::refused;
    if (scheme) {
        // The scheme is known: origin and request must agree on all three parts.
        const std::string known = lower(*scheme);
        const unsigned port = request->port.value_or(default_port(known));
        return parsed->scheme == known && parsed->port == port ? Verdict::same_origin
                                                               : Verdict::refused;
    }
    // A plain connection may come through a proxy that ended TLS and did not say
    // so: the client's scheme is unknown. The port still has to match: the one in
    // Host, or the default of the origin's own scheme when Host names none.
    const unsigned port = request->port.value_or(default_port(parsed->scheme));
    return parsed->port == port ? Verdict::same_origin : Verdict::refused;
}

bool valid_frame_ancestor(std::string_view entry) {
    if (entry == "*" || entry == "'self'") return true;
    std::string_view rest = entry;
    if (rest.ends_with('/')) rest.remove_suffix(1);
    const auto sep = rest.find("://");
    if (sep == std::string_view::npos) return false;
    const std::string scheme = lower(rest.substr(0, sep));
    if (scheme != "http" && scheme != "https") return false;
    rest = rest.substr(sep + 3);
    if (rest.starts_with("*.")) rest.remove_prefix(2);
    return parse_authority(rest).has_value();
}

std::string content_security_policy(std::string_view host, bool embed, const FramePolicy& frames) {
    // What the client loads (shell.html, web/*.js): its own scripts, WebAssembly
    // compiled from fetched bytes ('wasm-unsafe-eval', also inside the
    // AudioWorklets, which share the page's policy), a worker and two worklet
    // modules, a stylesheet, and the WebSocket. No inline script or style.
    std::string csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
        "img-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; connect-src 'self'";
    if (parse_host_header(host)) {
        // The header as sent (it passed the check, so it holds no separators).
        csp += " ws://" + std::string(host) + " wss://" + std::string(host);
    }
    csp += "; frame-ancestors";
    if (!embed) {
        csp += " 'none'";
    } else if (frames.embed_ancestors.empty()) {
        csp += " *";
    } else {
        for (const auto& source : frames.embed_ancestors) csp += " " + source;
    }
    return csp;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() < kScheme.size() ||
        !iequals(authorization.substr(0, kScheme.size()), kScheme))
        return std::nullopt;
    auto given = authorization.substr(kScheme.size());
    while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
    while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
    return given;
}

bool bearer_token_matches(std::string_view authorization, std::string_view token) {
    if (token.empty()) return false;
    const auto found = bearer_token(authorization);
    if (!found) return false;
    const std::string_view given = *found;
    // Hashing both sides first makes the comparison take the same time whatever the
    // lengths and contents.
    std::array<unsigned char, crypto_generichash_BYTES> a{}, b{};
    crypto_generichash(a.data(), a.size(), reinterpret_cast<const unsigned char*>(given.data()),
                       given.size(), nullptr, 0);
    crypto_generichash(b.data(), b.size(), reinterpret_cast<const unsigned char*>(token.data()),
                       token.size(), nullptr, 0);
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace salotto::net
