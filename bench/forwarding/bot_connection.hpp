// One load-generator WebSocket connection to /ws, for the forwarding load generator's
// listeners and the soak's bots: connects (plain TCP or TLS), upgrades, says hello,
// answers the server's pings, and hands every text and binary message to the class
// that derives from it; writes queue up and go out one at a time. One thread follows
// thousands of these, so no allocation per message.
#pragma once

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "bench/forwarding/client_link.hpp"
#include "bench/forwarding/raw_websocket.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::bench {

class BotConnection : public std::enable_shared_from_this<BotConnection> {
  public:
    // `client`: what the hello says the client is.
    BotConnection(boost::asio::io_context& io, boost::asio::ssl::context* tls, std::string client);
    virtual ~BotConnection() = default;
    BotConnection(const BotConnection&) = delete;
    BotConnection& operator=(const BotConnection&) = delete;

    void start(const boost::asio::ip::tcp::endpoint& server, std::string host_port);
    void send_text(const protocol::Intent& intent);
    void send_binary(std::span<const std::uint8_t> bytes);
    // Closes the connection (once) and tells on_failed().
    void fail(const std::string& why);
    bool failed() const { return failed_; }

  protected:
    virtual void on_text(std::string_view text) = 0;
    virtual void on_binary(std::span<const std::uint8_t> message) = 0;
    virtual void on_failed(const std::string& why) = 0;
    // Reading goes on while this says so; read() starts it again.
    virtual bool keep_reading() const { return true; }
    void read();
    // Whether a read is in flight (another may not start meanwhile).
    bool reading() const { return reading_; }
    Link& link() { return link_; }
    std::span<std::uint8_t> read_buffer() { return in_; }

  private:
    void on_bytes(std::span<const std::uint8_t> data);
    void flush();

    Link link_;
    std::string client_;
    bool upgraded_ = false;
    bool failed_ = false;
    bool reading_ = false;
    std::string header_;
    FrameParser parser_;
    std::array<std::uint8_t, 16384> in_{};
    std::string out_, writing_;
};

}  // namespace salotto::bench
