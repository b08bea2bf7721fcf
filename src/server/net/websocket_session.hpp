// One client's WebSocket at /ws: reads frames into the service and writes the
// service's events and audio batches from a SendQueue.
//
// Writes bypass Beast's write path, which costs several composed asynchronous
// operations per message: queued messages are already whole frames (an audience batch
// is framed once for all its listeners), so the session writes them straight to the
// socket with one non-blocking gather write, and only what the socket does not take at
// once goes on as an asynchronous write. Beast still reads, and still writes the
// control frames it sends by itself; GatedStream keeps the two writers apart.
//
// Limits: a message over kMaxMessage closes the connection with 1009 (Beast does
// that); anything smaller reaches the service, which answers frames over the
// protocol's 16 KiB with `too_large` and keeps the connection. A client that stops
// reading is dropped once its text queue passes kMaxQueuedBytes or
// kMaxQueuedFrames, or when a write (the session's or Beast's) has not completed for
// ServerOptions::stuck_write.
#pragma once

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/net/connection_limits.hpp"
#include "server/net/context.hpp"
#include "server/net/gated_stream.hpp"
#include "server/net/send_queue.hpp"
#include "server/service/service.hpp"

namespace salotto::net {

inline constexpr std::size_t kMaxMessage = 1024 * 1024;

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
  public:
    // `slot`: the connection's place under the connection limits, held until the
    // session ends.
    WebSocketSession(boost::asio::ip::tcp::socket&& socket, Context& context,
                     ConnectionLimiter::Slot slot);

    // Completes the upgrade that `request` asked for, then starts reading.
    void run(boost::beast::http::request<boost::beast::http::string_body> request);
    // Queues one text frame.
    void send(std::string_view frame);
    // Queues one audio batch, dropping the oldest queued one when full.
    void send_audio(const service::AudioMessage& message);
    // True when a write has been in flight since before `deadline`.
    bool stuck(std::chrono::steady_clock::time_point deadline) const;
    // Cuts off a stuck peer: no close handshake, it could not be written either.
    void drop_stuck();
    // Starts the close handshake once queued frames are written.
    void close(boost::beast::websocket::close_code code);

  private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    // Writes what is queued, unless a write is in flight (ours or Beast's).
    void pump();
    void on_write_rest(boost::beast::error_code ec);
    // Counts the audio of the writes just completed and releases them.
    void written();
    void do_close();
    // No more writes: closes the socket, which fails the pending read.
    void cut_off();
    // Unregisters from the hub and the service, exactly once.
    void finish(boost::beast::error_code ec);

    boost::beast::websocket::stream<GatedStream> ws_;
    boost::beast::flat_buffer buffer_;
    Context& context_;
    ConnectionLimiter::Slot slot_;
    std::string remote_;
    service::ConnectionId id_ = 0;
    SendQueue queue_;
    // The writes in flight, as the socket takes them.
    std::array<boost::asio::const_buffer, kMaxGather> gather_;
    std::size_t gather_count_ = 0;
    bool stack_busy_ = false;  // Beast writes (GatedStream): wait
    std::chrono::steady_clock::time_point stack_busy_since_;
    bool stack_closed_ = false;  // Beast answered a close frame: write nothing more
    bool writing_rest_ = false;  // an asynchronous write finishes what the socket did not take
    std::size_t audio_in_flight_ = 0;  // audio payload bytes of the writes in flight
    std::chrono::steady_clock::time_point write_started_;
    std::optional<boost::beast::websocket::close_code> close_code_;
    bool closing_ = false;
    bool dropped_ = false;  // cut off, or the socket failed: nothing more is written
    bool finished_ = false;
};

}  // namespace salotto::net
