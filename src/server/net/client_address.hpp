// The address a connection's client has, for logs and per-address limits. Behind a
// reverse proxy every TCP peer is the proxy, and the client's address arrives in a
// header the proxy appends to (Forwarded, RFC 7239, or X-Forwarded-For). Anyone can
// send those headers, so they count only when the TCP peer is a proxy the operator
// named (`--trusted-proxy`); then the hops are read from the right, skipping trusted
// proxies, and the first other address is the client. Pure, so unit-tested.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace salotto::net {

// `peer`: the TCP peer; `headers`: the request's; `trusted`: the proxies whose
// forwarding headers count. Forwarded wins over X-Forwarded-For when both are there.
// A hop that is not an address (`unknown`, an obfuscated name) ends the walk: the
// address right of it (a trusted proxy) is used.
boost::asio::ip::address client_address(const boost::asio::ip::address& peer,
                                        const boost::beast::http::fields& headers,
                                        std::span<const boost::asio::ip::address> trusted);

// The scheme the client used ("http" or "https") as a trusted proxy says in
// X-Forwarded-Proto; nothing when the peer is not trusted or the header names neither.
// The rightmost entry counts: the one the proxy next to us wrote.
std::optional<std::string_view> forwarded_scheme(const boost::asio::ip::address& peer,
                                                 const boost::beast::http::fields& headers,
                                                 std::span<const boost::asio::ip::address> trusted);

}  // namespace salotto::net
