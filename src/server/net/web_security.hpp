// What the HTTP server tells browsers about trust: which pages may open the
// WebSocket (the Origin check), the security headers every response carries
// (Content-Security-Policy and friends) and who may read /metrics. Pure string
// logic, no sockets, so every rule is unit-tested on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::net {

// A web origin as browsers send it in the Origin header: scheme, host and port,
// normalised (lower case, default port filled in, IPv6 hosts without brackets).
struct WebOrigin {
    std::string scheme;  // "http" or "https"
    std::string host;
    unsigned port = 0;
    bool operator==(const WebOrigin&) const = default;
};

// Parses "https://example.org", "http://127.0.0.1:8080" or "http://[::1]:9000".
// Nothing for "null", other schemes, paths, user info, or a malformed port.
std::optional<WebOrigin> parse_origin(std::string_view text);

// The request's Host header split into host and port; the port is nothing when the
// header names none (it is then the default of the scheme the client used).
struct HostHeader {
    std::string host;
    std::optional<unsigned> port;
};
// Nothing when the value is not a plain host[:port] (letters, digits, '-', '.',
// or a bracketed IPv6 literal), so it is also safe to repeat in a header.
std::optional<HostHeader> parse_host_header(std::string_view text);

// Which pages may upgrade to the WebSocket. By default only the server's own
// origin; `--allowed-origin` adds others, "*" allows every origin.
class OriginPolicy {
  public:
    // Entries are origins ("https://example.org") or "*". On a malformed entry,
    // nothing, with `error` saying which one.
    static std::optional<OriginPolicy> parse(const std::vector<std::string>& entries,
                                             std::string& error);

    enum class Verdict {
        no_origin,  // no Origin header: not a browser, allowed (see the .cpp)
        same_origin,
        listed,  // named by --allowed-origin, or "*"
        refused,
    };
    // `origin`: the Origin header if present. `host`: the Host header.
    // `scheme`: "http" or "https" when the server knows what the client used (TLS
    // on this connection, or X-Forwarded-Proto from a trusted proxy); nothing on a
    // plain connection that may sit behind a TLS-terminating proxy.
    Verdict check(std::optional<std::string_view> origin, std::string_view host,
                  std::optional<std::string_view> scheme) const;

  private:
    std::vector<WebOrigin> allowed_;
    bool any_ = false;
};

// Where browsers may frame the embed page /embed/...: a list of CSP source
// expressions ("https://blog.example", "*"); empty means any site.
struct FramePolicy {
    std::vector<std::string> embed_ancestors;
};
// Checks one --embed-frame-ancestor entry: "*", "'self'", or an http(s) origin
// (optionally with a "*." host wildcard). False for anything that could break out of
// the header value (spaces, ';', ',', quotes elsewhere).
bool valid_frame_ancestor(std::string_view entry);

// The Content-Security-Policy for a response. `host`: the request's Host header,
// named in connect-src as ws:// and wss:// when it is a valid host[:port] (browsers
// that predate CSP3 do not match WebSocket URLs with 'self'). `embed`: the page is
// the embed route, framed per `frames`; every other response forbids framing.
std::string content_security_policy(std::string_view host, bool embed, const FramePolicy& frames);

// The token of an Authorization header `Bearer <token>` (spaces around it trimmed);
// nothing for another scheme.
std::optional<std::string_view> bearer_token(std::string_view authorization);

// Whether an Authorization header carries `Bearer <token>`. Compared in constant
// time; an empty configured token authorises nobody.
bool bearer_token_matches(std::string_view authorization, std::string_view token);

}  // namespace salotto::net
