// One client's WebSocket at /ws, after the upgrade: reads frames into the service and
// writes the service's events and audio batches. The session speaks RFC 6455 itself
// (websocket_frame.hpp) and is the socket's one writer.
//
// Why one writer, and why not Beast's websocket::stream: the session writes queued
// messages that are already whole frames (an audience batch is framed once for all its
// listeners) with one non-blocking gather write, which Beast's write path cannot do
// (several composed operations per message). While Beast still read the socket, it
// also wrote by itself (pong, keep-alive ping, close), so there were two writers, a gate
// between them and three ordering bugs at that gate. Routing Beast's writes into our
// queue through the stream under it would have kept Beast's own close and timeout state
// machine beside ours. Here the handshake reply, pongs, pings and the close frame are
// items of the same SendQueue as the messages: exactly one write path, one "in flight"
// state (SocketState), and the order on the wire is the order of the queue.
//
// Writes: SendQueue::start() hands out what waits; pump() writes it with one
// non-blocking gather write, and only what the socket does not take at once goes on as
// an asynchronous write, during which nothing else is written.
// Reads: the session waits until the socket is readable, then reads into one buffer
// shared by all sessions of the thread and feeds FrameReader, which keeps bytes only
// for an unfinished message. An idle connection therefore holds no read buffer.
//
// TLS: the same queue and state, written through the TLS stream: every write is then
// asynchronous (TLS cannot take part of a record back), and reads go into a small
// buffer of the session's own (a TLS connection holds the TLS library's buffers
// anyway).
//
// Limits: a message over kMaxMessage (16 KiB) fails the connection with 1009
// ("message over 16384 bytes") as soon as its frame header is read, so a connection
// never holds more than 16 KiB of a message, and none once the message is complete.
// A client that stops reading is dropped once its text queue passes kMaxQueuedBytes
// or kMaxQueuedFrames, or when a write has not completed for
// ServerOptions::stuck_write. A close handshake the client does not finish within
// kCloseTimeout ends with the socket closed. A client silent for kPingAfter gets a
// ping; one silent for kIdleTimeout is cut off. These checks run in sweep(), once a
// second for all sessions, so no session needs a timer of its own.
#pragma once

#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "core/protocol/codec.hpp"
#include "server/net/connection_limits.hpp"
#include "server/net/context.hpp"
#include "server/net/http_stream.hpp"
#include "server/net/send_queue.hpp"
#include "server/net/socket_state.hpp"
#include "server/net/websocket_frame.hpp"
#include "server/service/service.hpp"

namespace salotto::net {

// The largest message a client may send: the protocol's text frame limit (audio frames
// are far smaller).
inline constexpr std::size_t kMaxMessage = protocol::kMaxTextFrame;
inline constexpr auto kCloseTimeout = std::chrono::seconds(5);
inline constexpr auto kPingAfter = std::chrono::seconds(150);
inline constexpr auto kIdleTimeout = std::chrono::seconds(300);
// The kernel's send buffer per WebSocket (Linux doubles it for its bookkeeping). Left
// alone it grows to megabytes (net.ipv4.tcp_wmem), and a listener that stopped reading
// would bury minutes of audio in it before any write stalled; 64 KiB is 5-15 s of a
// listener's audio, and far more than a reading client ever has outstanding.
inline constexpr int kSendBufferBytes = 64 * 1024;

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
  public:
    // `connection`: the socket, or the TLS stream over it; `address`: the client's
    // address (client_address.hpp); `remote`: how logs show the client; `slot`: the
    // connection's place under the connection limits, held until the session ends.
    WebSocketSession(std::variant<boost::asio::ip::tcp::socket, TlsStream>&& connection,
                     Context& context, boost::asio::ip::address address, std::string remote,
                     ConnectionLimiter::Slot slot);

    // Starts the connection: registers with the hub and the service, queues
    // `handshake_reply` (the 101 response) as the first bytes written, reads `early`
    // (bytes the client sent right behind its upgrade request), then reads the socket.
    void run(std::string handshake_reply, std::span<const std::uint8_t> early);
    // Queues one text frame.
    void send(std::string_view frame);
    // Queues one audio batch, dropping the oldest queued one when full.
    void send_audio(const service::AudioMessage& message);
    // Starts a graceful close: the close frame goes after what is queued, then the
    // session waits for the client's close frame (up to kCloseTimeout).
    void close(CloseCode code);

    // Once-a-second checks, `now` being the sweep's time: a write in flight since
    // before `stuck_deadline` drops the connection (the peer stopped reading); so does
    // a close handshake past kCloseTimeout or silence past kIdleTimeout; silence past
    // kPingAfter sends a ping.
    void sweep(std::chrono::steady_clock::time_point now,
               std::chrono::steady_clock::time_point stuck_deadline);

    // The client's address: what per-address limits count.
    const boost::asio::ip::address& address() const { return address_; }

  private:
    boost::asio::ip::tcp::socket& socket();
    void do_read();
    void on_readable(boost::system::error_code ec);
    void on_tls_read(boost::system::error_code ec, std::size_t bytes);
    // Feeds read bytes to the frame reader and the service; false once reading stops.
    bool consume(std::span<std::uint8_t> bytes);
    bool on_frame(FrameOpcode opcode, std::span<const std::uint8_t> payload);
    // Queues a close frame, after what is queued or instead of it.
    void queue_close(CloseCode code, std::string_view reason, bool after_queued);
    // Writes what is queued, unless a write is in flight or the socket is shut.
    void pump();
    void on_write_rest(boost::system::error_code ec);
    // The writes just completed: counts their audio, releases them and, after our
    // close frame, half-closes the socket or closes it (SocketState::close_written).
    void written();
    // Closes the socket at once and finishes soon after (posted); a pending wait or
    // write then fails harmlessly.
    void cut(std::string_view why);
    bool closed() const { return state_.phase() == SocketState::Phase::closed; }
    // Unregisters from the hub and the service, exactly once; never from inside a
    // call of the service.
    void finish(std::string_view why);

    // A TLS connection's stream and read buffer; null for plain TCP.
    struct Tls {
        explicit Tls(TlsStream&& tls) : stream(std::move(tls)) {}
        TlsStream stream;
        std::array<std::uint8_t, 4096> in{};
    };
    boost::asio::ip::tcp::socket socket_;  // plain TCP; unused (closed) with TLS
    std::unique_ptr<Tls> tls_;
    Context& context_;
    boost::asio::ip::address address_;
    ConnectionLimiter::Slot slot_;
    std::string remote_;
    service::ConnectionId id_ = 0;
    SocketState state_;
    SendQueue queue_;
    FrameReader reader_{kMaxMessage};
    std::size_t audio_in_flight_ = 0;  // audio payload bytes of the writes in flight
    std::chrono::steady_clock::time_point last_read_;
    bool ping_sent_ = false;  // a keep-alive ping went since the client last spoke
    bool reading_ = false;    // a wait for readable bytes is pending
    bool draining_ = false;   // frames read no longer count (after a close or a failure)
    bool finished_ = false;
};

}  // namespace salotto::net
