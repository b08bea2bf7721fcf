// The TCP socket under a session's WebSocket stream, shared by two writers that must never
// interleave the bytes of their frames:
// - Beast, which writes the handshake reply and the control frames it sends by itself
//   (pong to a client's ping, keep-alive ping, close) through async_write_some here, and
// - the session, which writes its queued messages, already framed, straight to the socket
//   (websocket_session.cpp): one non-blocking gather write per flush, no composed
//   operations, no per-listener copy.
// Each side writes only while the other is idle. A Beast write that arrives while the
// session's write is in flight waits here until direct_end(). The session is told when
// Beast starts writing (on_busy, at once) and when Beast's writes are done (on_idle,
// posted), and keeps that in a flag of its own: the forwarding loop then never touches
// this object, which lives in Beast's separately allocated stream state.
// Each Beast write is written whole (async_write) before it completes, so a frame of
// Beast's is never split around a write of the session's.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

namespace salotto::net {

class GatedStream {
  public:
    using socket_type = boost::asio::ip::tcp::socket;
    using executor_type = socket_type::executor_type;
    using next_layer_type = socket_type;

    explicit GatedStream(socket_type&& socket)
        : socket_(std::move(socket)), gate_(std::make_shared<Gate>()) {}

    executor_type get_executor() noexcept { return socket_.get_executor(); }
    socket_type& next_layer() noexcept { return socket_; }
    const socket_type& next_layer() const noexcept { return socket_; }

    template <class MutableBufferSequence, class ReadHandler>
    auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
        return socket_.async_read_some(buffers, std::forward<ReadHandler>(handler));
    }

    // Beast's writes: each completes only once all of `buffers` is written.
    template <class ConstBufferSequence, class WriteHandler>
    auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
        return boost::asio::async_initiate<WriteHandler,
                                           void(boost::system::error_code, std::size_t)>(
            [this](auto&& ready, const ConstBufferSequence& bytes) {
                stack_write(bytes, std::move(ready));
            },
            handler, buffers);
    }

    // Called when Beast starts a write (or holds one back); the session must not write
    // until on_idle.
    void on_busy(std::function<void()> callback) { gate_->on_busy = std::move(callback); }
    // Called (posted) each time Beast's writes become idle.
    void on_idle(std::function<void()> callback) { gate_->on_idle = std::move(callback); }
    // The session's write left bytes for an asynchronous write: Beast waits until
    // direct_end().
    void direct_begin() { gate_->direct = true; }
    void direct_end() {
        gate_->direct = false;
        if (auto waiting = std::exchange(gate_->waiting, nullptr)) waiting();
    }

  private:
    // Outlives the stream while a write of Beast's is pending, so the write's completion
    // never touches a destroyed stream.
    struct Gate {
        int stack_writes = 0;
        bool direct = false;
        std::function<void()> waiting;  // Beast's write held back by a direct write
        std::function<void()> on_busy;
        std::function<void()> on_idle;
    };

    template <class Buffers, class Handler>
    void stack_write(const Buffers& buffers, Handler handler) {
        if (gate_->on_busy) gate_->on_busy();
        if (gate_->direct) {
            // Beast writes one frame at a time, so at most one write ever waits.
            auto held = std::make_shared<Handler>(std::move(handler));
            gate_->waiting = [this, buffers, held] { stack_write(buffers, std::move(*held)); };
            return;
        }
        ++gate_->stack_writes;
        boost::asio::async_write(
            socket_, buffers,
            [gate = gate_, executor = socket_.get_executor(), handler = std::move(handler)](
                boost::system::error_code ec, std::size_t bytes) mutable {
                if (--gate->stack_writes == 0 && gate->on_idle)
                    boost::asio::post(executor, gate->on_idle);
                std::move(handler)(ec, bytes);
            });
    }

    socket_type socket_;
    std::shared_ptr<Gate> gate_;
};

// The close handshake's last step, found by Beast through argument-dependent lookup.
inline void teardown(boost::beast::role_type role, GatedStream& stream,
                     boost::system::error_code& ec) {
    boost::beast::websocket::teardown(role, stream.next_layer(), ec);
}

template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, GatedStream& stream, TeardownHandler&& handler) {
    boost::beast::websocket::async_teardown(role, stream.next_layer(),
                                            std::forward<TeardownHandler>(handler));
}

}  // namespace salotto::net
