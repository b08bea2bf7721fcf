// Caps on open TCP connections, in total and per client address, checked when a
// connection is accepted. A Slot stands for one admitted connection and gives its
// place back when destroyed, wherever the connection ends (an HTTP session, or the
// WebSocket session it turned into). No sockets here, so the rules are unit-tested.
//
// Addresses are counted as nginx's limit_conn counts $binary_remote_addr, with two
// changes: an IPv6 client is counted by its /64 (one subscriber usually holds a
// whole /64, so counting single addresses would limit nothing), and loopback is
// exempt by default: on loopback sit a reverse proxy on the same host (every
// visitor would share its address) and the benchmarks and tests, which open
// thousands of connections from 127.0.0.1. So are trusted reverse proxies on other
// hosts, for the same reason. The total cap applies to everyone.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

namespace salotto::net {

struct ConnectionLimits {
    // Open connections from one address (IPv6: one /64); 0 for no limit. A browser
    // tab holds one WebSocket plus a few short-lived HTTP connections while loading,
    // so 64 leaves room for a household or a small office behind one NAT.
    std::size_t per_address = 64;
    // Open connections in all; 0 for no limit. Bounded also by the open-file limit.
    std::size_t total = 20000;
    // Loopback clients are not held to `per_address` (see above).
    bool exempt_loopback = true;
    // Nor are these: the reverse proxies named with --trusted-proxy, whose one address
    // carries every visitor's connections (limit per visitor at the proxy).
    std::vector<boost::asio::ip::address> exempt;
};

class ConnectionLimiter {
  public:
    using Key = std::array<unsigned char, 16>;

    // One admitted connection; empty (false) when refused. Move-only.
    class Slot {
      public:
        Slot() = default;
        Slot(Slot&&) noexcept = default;
        Slot& operator=(Slot&&) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();
        explicit operator bool() const { return state_ != nullptr; }

      private:
        friend class ConnectionLimiter;
        struct State;
        Slot(std::shared_ptr<State> state, Key key, bool counted_per_address);
        void release();

        std::shared_ptr<State> state_;
        Key key_{};
        bool per_address_ = false;
    };

    enum class Refusal { none, total, per_address };

    explicit ConnectionLimiter(const ConnectionLimits& limits);

    // Admits a connection from `address`, or returns an empty Slot and says why.
    Slot acquire(const boost::asio::ip::address& address, Refusal& why);

    std::size_t open() const;
    std::size_t open_from(const boost::asio::ip::address& address) const;
    const ConnectionLimits& limits() const { return limits_; }

    // The counting key: IPv4 (also IPv4-mapped IPv6) as itself, IPv6 by its /64.
    static Key key_of(const boost::asio::ip::address& address);

  private:
    ConnectionLimits limits_;
    // Shared with the Slots, which may outlive the limiter (sessions still queued in
    // the io_context when the server is destroyed).
    std::shared_ptr<Slot::State> state_;
};

}  // namespace salotto::net
