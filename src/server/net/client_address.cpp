// Client address behind trusted proxies; see client_address.hpp.
#include "server/net/client_address.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace salotto::net {

namespace http = boost::beast::http;
using boost::asio::ip::address;

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t end = s.find(separator, start);
        parts.push_back(trim(s.substr(start, end - start)));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);
           });
}

// An IPv4 client seen through an IPv6 socket is the IPv4 address.
address unmap(const address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped())
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, a.to_v6());
    return a;
}

// An address from a hop: "192.0.2.1", "192.0.2.1:4711", "[2001:db8::1]:4711",
// "2001:db8::1" (X-Forwarded-For leaves IPv6 bare), quoted or not.
std::optional<address> parse_hop(std::string_view hop) {
    if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"')
        hop = hop.substr(1, hop.size() - 2);
    if (!hop.empty() && hop.front() == '[') {
        const auto close = hop.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        hop = hop.substr(1, close - 1);
    } else if (std::count(hop.begin(), hop.end(), ':') == 1) {
        hop = hop.substr(0, hop.find(':'));  // IPv4 with a port
    }
    boost::system::error_code ec;
    const auto parsed = boost::asio::ip::make_address(std::string(hop), ec);
    if (ec) return std::nullopt;
    return unmap(parsed);
}

// The hops of every `field` line, in order, as the proxies appended them.
// `forwarded`: the header is Forwarded (elements of pairs), else X-Forwarded-For (plain
// addresses).
std::vector<std::string_view> hops(const http::fields& headers, std::string_view name,
                                   bool forwarded) {
    std::vector<std::string_view> out;
    for (auto [it, end] = headers.equal_range(name); it != end; ++it) {
        for (auto element : split(it->value(), ',')) {
            if (!forwarded) {
                out.push_back(element);
                continue;
            }
            // Forwarded: for=...;proto=...;by=...
            std::string_view found;
            for (auto pair : split(element, ';')) {
                const auto eq = pair.find('=');
                if (eq != std::string_view::npos && iequals(trim(pair.substr(0, eq)), "for"))
                    found = trim(pair.substr(eq + 1));
            }
            out.push_back(found);
        }
    }
    return out;
}

}  // namespace

address client_address(const address& tcp_peer, const http::fields& headers,
                       std::span<const address> trusted) {
    const address peer = unmap(tcp_peer);
    const auto is_trusted = [&](const address& a) {
        return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
    };
    if (!is_trusted(peer)) return peer;
    auto list = hops(headers, "Forwarded", true);
    if (list.empty()) list = hops(headers, "X-Forwarded-For", false);
    address client = peer;
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
        const auto hop = parse_hop(*it);
        if (!hop) return client;
        client = *hop;
        if (!is_trusted(client)) return client;
    }
    return client;
}

std::optional<std::string_view> forwarded_scheme(const address& peer, const http::fields& headers,
                                                 std::span<const address> trusted) {
    if (std::find(trusted.begin(), trusted.end(), unmap(peer)) == trusted.end())
        return std::nullopt;
    std::string_view last;
    for (auto [it, end] = headers.equal_range("X-Forwarded-Proto"); it != end; ++it)
        last = split(it->value(), ',').back();
    if (iequals(last, "https")) return "https";
    if (iequals(last, "http")) return "http";
    return std::nullopt;
}

}  // namespace salotto::net
