// Which address counts as the client's: the TCP peer, unless it is a trusted proxy,
// then the forwarding headers read from the right (X-Forwarded-For, or Forwarded).
#include <gtest/gtest.h>

#include <boost/beast/http/fields.hpp>
#include <vector>

#include "server/net/client_address.hpp"

using namespace salotto;
namespace http = boost::beast::http;
using boost::asio::ip::address;
using boost::asio::ip::make_address;

namespace {

address client(std::string_view peer,
               std::initializer_list<std::pair<const char*, const char*>> lines,
               std::vector<address> trusted = {make_address("10.0.0.1")}) {
    http::fields headers;
    for (const auto& [field, value] : lines) headers.insert(field, value);
    return net::client_address(make_address(std::string(peer)), headers, trusted);
}

}  // namespace

TEST(ClientAddress, HeadersCountOnlyFromATrustedProxy) {
    EXPECT_EQ(client("198.51.100.9", {{"X-Forwarded-For", "203.0.113.7"}}),
              make_address("198.51.100.9"));
    EXPECT_EQ(client("10.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}}),
              make_address("203.0.113.7"));
    EXPECT_EQ(client("10.0.0.1", {}), make_address("10.0.0.1")) << "no header: the proxy itself";
}

TEST(ClientAddress, TheRightmostUntrustedHopWins) {
    // The client wrote the first entry itself; only what our proxy appended counts.
    EXPECT_EQ(client("10.0.0.1", {{"X-Forwarded-For", "1.1.1.1, 203.0.113.7"}}),
              make_address("203.0.113.7"));
    // Two proxies of ours in a row.
    EXPECT_EQ(client("10.0.0.1", {{"X-Forwarded-For", "1.1.1.1, 203.0.113.7, 10.0.0.2"}},
                     {make_address("10.0.0.1"), make_address("10.0.0.2")}),
              make_address("203.0.113.7"));
    // Several header lines are one list, in order.
    EXPECT_EQ(
        client("10.0.0.1", {{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "203.0.113.8"}}),
        make_address("203.0.113.8"));
    // A hop that is not an address stops the walk at the proxy right of it.
    EXPECT_EQ(client("10.0.0.1", {{"X-Forwarded-For", "unknown"}}), make_address("10.0.0.1"));
}

TEST(ClientAddress, ForwardedHeaderWithPortsQuotesAndIpv6) {
    EXPECT_EQ(client("10.0.0.1", {{"Forwarded", "for=192.0.2.60;proto=https;by=10.0.0.1"}}),
              make_address("192.0.2.60"));
    EXPECT_EQ(client("10.0.0.1", {{"Forwarded", R"(for="[2001:db8:cafe::17]:4711")"}}),
              make_address("2001:db8:cafe::17"));
    EXPECT_EQ(client("10.0.0.1", {{"Forwarded", "For=192.0.2.43:80, for=198.51.100.17"}}),
              make_address("198.51.100.17"));
    // Forwarded wins over X-Forwarded-For.
    EXPECT_EQ(
        client("10.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}, {"Forwarded", "for=192.0.2.60"}}),
        make_address("192.0.2.60"));
    EXPECT_EQ(client("10.0.0.1", {{"X-Forwarded-For", "2001:db8::5"}}),
              make_address("2001:db8::5"));
}

TEST(ClientAddress, AnIpv4PeerOnADualStackSocketIsItsIpv4Address) {
    EXPECT_EQ(client("::ffff:10.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}}),
              make_address("203.0.113.7"));
    EXPECT_EQ(client("::ffff:198.51.100.9", {}), make_address("198.51.100.9"));
}

TEST(ClientAddress, TheSchemeComesFromATrustedProxysForwardedProto) {
    const std::vector<address> trusted = {make_address("10.0.0.1")};
    const auto scheme = [&](std::string_view peer, const char* proto) {
        http::fields headers;
        if (proto) headers.insert("X-Forwarded-Proto", proto);
        return net::forwarded_scheme(make_address(std::string(peer)), headers, trusted);
    };
    EXPECT_EQ(scheme("10.0.0.1", "https"), "https");
    EXPECT_EQ(scheme("10.0.0.1", "HTTP"), "http");
    EXPECT_EQ(scheme("10.0.0.1", "https, http"), "http") << "the proxy next to us wrote the last";
    EXPECT_EQ(scheme("198.51.100.9", "https"), std::nullopt) << "not from a trusted proxy";
    EXPECT_EQ(scheme("10.0.0.1", nullptr), std::nullopt);
    EXPECT_EQ(scheme("10.0.0.1", "wss"), std::nullopt);
}
