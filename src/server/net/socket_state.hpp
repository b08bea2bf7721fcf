// The state of one WebSocket's socket, apart from any I/O, so every transition is
// unit-tested without sockets. WebSocketSession drives it; it is the one place that says
// whether the socket may be written and whether read frames still count.
//
//   phase   open ──close frame queued──▶ closing ──socket closed──▶ closed
//             └──────────── error, stuck write, expiry, EOF ───────────▲
//   write   idle ◀──▶ writing      (one write in flight at most, whoever queued it)
//
// - open: messages are queued, written, and frames read go to the service.
// - closing: our close frame is queued (after the messages queued before it for a
//   graceful close, alone when the connection failed or answers the client's close);
//   nothing new is queued and frames read are dropped. Once our close frame is written
//   the session half-closes the socket (RFC 6455 7.1.1: the server ends TCP first) and
//   reads on until the client's close frame or end of stream, then closes it.
// - closed: the socket is closed; nothing is read or written any more.
// A write or a close handshake that does not finish in time (expired()) ends in closed
// too: the peer stopped reading.
#pragma once

#include <chrono>
#include <cstdint>

namespace salotto::net {

class SocketState {
  public:
    using Clock = std::chrono::steady_clock;
    enum class Phase : std::uint8_t { open, closing, closed };
    enum class Write : std::uint8_t { idle, writing };
    Phase phase() const { return phase_; }
    Write write() const { return write_; }
    // New messages are accepted only while open.
    bool accepts_messages() const { return phase_ == Phase::open; }
    // A write may start: the socket is not shut, none is in flight, and our close
    // frame has not gone yet (nothing follows it).
    bool may_write() const {
        return phase_ != Phase::closed && write_ == Write::idle && !close_written_;
    }
    // Frames read are still handed to the service.
    bool delivers_messages() const { return phase_ == Phase::open; }

    void write_started(Clock::time_point now) {
        write_ = Write::writing;
        write_since_ = now;
    }
    void write_finished() { write_ = Write::idle; }

    // Our close frame was queued. Returns false when closing had started already.
    bool close_queued(Clock::time_point now) {
        if (phase_ != Phase::open) return false;
        phase_ = Phase::closing;
        closing_since_ = now;
        return true;
    }
    // Our close frame was written. True: the client's close came already, close the
    // socket now; false: half-close it and wait for the client's close.
    bool close_written() {
        close_written_ = true;
        return peer_closed_;
    }
    // What the session does when the client's close frame arrives.
    enum class PeerClose : std::uint8_t {
        answer,  // queue our close frame; the socket closes once it is written
        close,   // ours went already: close the socket now
        wait,    // ours is queued or being written: close once it is written
        ignore,  // closed already
    };
    PeerClose peer_closed() {
        if (phase_ == Phase::closed) return PeerClose::ignore;
        peer_closed_ = true;
        if (phase_ == Phase::open) return PeerClose::answer;
        return close_written_ ? PeerClose::close : PeerClose::wait;
    }
    // The socket was closed (by us, or it failed).
    void closed() {
        phase_ = Phase::closed;
        write_ = Write::idle;
    }
    // True when a write has been in flight since before `write_deadline`, or the close
    // handshake started before `close_deadline`: the peer is not reading or not
    // answering, and the socket should be closed.
    bool expired(Clock::time_point write_deadline, Clock::time_point close_deadline) const {
        if (phase_ == Phase::closed) return false;
        return (write_ == Write::writing && write_since_ < write_deadline) ||
               (phase_ == Phase::closing && closing_since_ < close_deadline);
    }
    // Whether a write is what expired (for logs and the counter of stuck listeners).
    bool write_stuck(Clock::time_point write_deadline) const {
        return phase_ != Phase::closed && write_ == Write::writing && write_since_ < write_deadline;
    }

  private:
    Phase phase_ = Phase::open;
    Write write_ = Write::idle;
    bool close_written_ = false;
    bool peer_closed_ = false;
    Clock::time_point write_since_{};
    Clock::time_point closing_since_{};
};

}  // namespace salotto::net
