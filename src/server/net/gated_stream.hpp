// The TCP socket under a session's WebSocket stream, shared by two writers that must never
// interleave the bytes of their frames:
// - Beast, which writes the handshake reply and the control frames it sends by itself
//   (pong to a client's ping, keep-alive ping, close) through async_write_some here, and
// - the session, which writes its queued messages, already framed, straight to the socket
//   (websocket_session.cpp): one non-blocking gather write per flush, no composed
//   operations, no per-listener copy.
// Each side writes only while the other is idle. A Beast write that arrives while the
// session's write is in flight waits here until direct_end(). A Beast write goes to the
// socket at once; only when the socket does not take all of it is the session told
// (on_busy, at once) and told again when the rest is written (on_idle, posted). The
// session keeps that in a flag of its own: the forwarding loop then never touches this
// object, which lives in Beast's separately allocated stream state.
// Each Beast write is written whole (async_write for the rest) before it completes, so
// a frame of Beast's is never split around a write of the session's.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
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

    // Called when a write of Beast's is held back or left bytes the socket did not take;
    // the session must not write until on_idle.
    void on_busy(std::function<void()> callback) { gate_->on_busy = std::move(callback); }
    // Called (posted) when Beast has nothing left to write; also after writes that
    // went whole at once, so it may come without an on_busy before it.
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
        if (gate_->direct) {
            if (gate_->on_busy) gate_->on_busy();
            // Beast writes one frame at a time, so at most one write ever waits.
            auto held = std::make_shared<Handler>(std::move(handler));
            gate_->waiting = [this, buffers, held] { stack_write(buffers, std::move(*held)); };
            return;
        }
        // Try at once (the session made the socket non-blocking): Beast's frames are
        // small and nearly always go whole, and then Beast is never busy for the
        // session. Only bytes the socket did not take keep the session's writes back.
        // Counting every write as busy until its posted completion runs would starve
        // the session while a client pings without pause.
        const std::size_t total = boost::asio::buffer_size(buffers);
        boost::system::error_code ec;
        std::size_t sent = 0;
        if (socket_.non_blocking()) {
            sent = socket_.write_some(buffers, ec);
            if (ec == boost::asio::error::would_block) ec = {}, sent = 0;
            if (ec || sent == total) {
                // Idle goes out after every write of Beast's, not only after a busy
                // one: the session checks then whether Beast wrote a close frame, and
                // it may have been told busy while this write was held.
                post_idle(gate_, socket_.get_executor());
                boost::asio::post(socket_.get_executor(),
                                  [handler = std::move(handler), ec, sent]() mutable {
                                      std::move(handler)(ec, sent);
                                  });
                return;
            }
        }
        if (gate_->on_busy) gate_->on_busy();
        ++gate_->stack_writes;
        boost::beast::buffers_suffix<Buffers> rest(buffers);
        rest.consume(sent);
        boost::asio::async_write(
            socket_, rest,
            [gate = gate_, executor = socket_.get_executor(), sent, handler = std::move(handler)](
                boost::system::error_code error, std::size_t bytes) mutable {
                if (--gate->stack_writes == 0) post_idle(gate, executor);
                std::move(handler)(error, sent + bytes);
            });
    }

    // Tells the session Beast is idle, if it still is when the posted call runs (the
    // completion handler may start Beast's next write first).
    static void post_idle(const std::shared_ptr<Gate>& gate, const executor_type& executor) {
        if (!gate->on_idle) return;
        boost::asio::post(executor, [gate] {
            if (gate->stack_writes == 0 && !gate->waiting && gate->on_idle) gate->on_idle();
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
