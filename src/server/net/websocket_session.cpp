// WebSocket session; see websocket_session.hpp.
#include "server/net/websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <vector>

#include "server/net/hub.hpp"

namespace salotto::net {

namespace {

// Reads per readiness before the session lets other work run: with edge-triggered
// readiness the socket must be drained, but one fast client must not hold the loop.
constexpr int kReadsPerWake = 4;

// The close reason for a message over the limit.
const std::string kTooBigReason = "message over " + std::to_string(kMaxMessage) + " bytes";

// The buffer every session of the thread reads into; the bytes are handled before the
// next read, so sessions keep none of their own.
std::span<std::uint8_t> read_scratch() {
    static thread_local std::array<std::uint8_t, 64 * 1024> scratch;
    return scratch;
}

// The plain socket, or an unopened one beside a TLS stream.
boost::asio::ip::tcp::socket plain_part(
    std::variant<boost::asio::ip::tcp::socket, TlsStream>& connection) {
    if (auto* plain = std::get_if<boost::asio::ip::tcp::socket>(&connection))
        return std::move(*plain);
    return boost::asio::ip::tcp::socket(std::get<TlsStream>(connection).get_executor());
}

std::string_view close_reason(CloseCode code) {
    switch (code) {
        case CloseCode::going_away:
            return "server shutting down";
        default:
            return {};
    }
}

}  // namespace

WebSocketSession::WebSocketSession(
    std::variant<boost::asio::ip::tcp::socket, TlsStream>&& connection, Context& context,
    boost::asio::ip::address address, std::string remote, ConnectionLimiter::Slot slot)
    : socket_(plain_part(connection)),
      context_(context),
      address_(std::move(address)),
      slot_(std::move(slot)),
      remote_(std::move(remote)) {
    if (auto* tls = std::get_if<TlsStream>(&connection))
        tls_ = std::make_unique<Tls>(std::move(*tls));
}

boost::asio::ip::tcp::socket& WebSocketSession::socket() {
    return tls_ ? boost::beast::get_lowest_layer(tls_->stream).socket() : socket_;
}

void WebSocketSession::run(std::string handshake_reply, std::span<const std::uint8_t> early) {
    boost::system::error_code ec;
    // pump() writes without waiting and reads drain the socket: both need it (TLS
    // reads and writes asynchronously and leaves the socket as it is).
    if (!tls_) socket_.non_blocking(true, ec);
    if (!ec) socket().set_option(boost::asio::socket_base::send_buffer_size(kSendBufferBytes), ec);
    if (ec) {
        spdlog::warn("connection from {}: {}", remote_, ec.message());
        return;
    }
    last_read_ = std::chrono::steady_clock::now();
    id_ = context_.hub.add(weak_from_this());
    spdlog::debug("connection {} opened from {}", id_, remote_);
    // The proxy-aware address: what the service's per-address limits count.
    context_.service.open(id_, address_.to_string());
    queue_.push_raw(std::move(handshake_reply));
    pump();
    if (!early.empty()) {
        std::vector<std::uint8_t> bytes(early.begin(), early.end());
        if (!consume(bytes)) draining_ = true;
    }
    do_read();
}

void WebSocketSession::do_read() {
    if (closed() || reading_) return;
    reading_ = true;
    if (tls_) {
        tls_->stream.async_read_some(
            boost::asio::buffer(tls_->in),
            [self = shared_from_this()](boost::system::error_code ec, std::size_t bytes) {
                self->reading_ = false;
                self->on_tls_read(ec, bytes);
            });
        return;
    }
    socket_.async_wait(boost::asio::socket_base::wait_read,
                       [self = shared_from_this()](boost::system::error_code ec) {
                           self->reading_ = false;
                           self->on_readable(ec);
                       });
}

void WebSocketSession::on_readable(boost::system::error_code ec) {
    if (closed()) return;
    if (ec) return cut(ec.message());
    const auto scratch = read_scratch();
    for (int i = 0; i < kReadsPerWake; ++i) {
        const std::size_t n =
            socket_.read_some(boost::asio::buffer(scratch.data(), scratch.size()), ec);
        if (ec == boost::asio::error::would_block) return do_read();
        if (ec) return cut(ec == boost::asio::error::eof ? "end of stream" : ec.message());
        last_read_ = std::chrono::steady_clock::now();
        ping_sent_ = false;
        // After a close frame or a failed frame nothing read counts any more: it is read
        // only to see the end of the stream.
        if (!draining_ && !consume(scratch.first(n))) draining_ = true;
        if (closed()) return;
    }
    // More may wait: read it after whatever else is due.
    boost::asio::post(socket_.get_executor(),
                      [self = shared_from_this()] { self->on_readable({}); });
}

void WebSocketSession::on_tls_read(boost::system::error_code ec, std::size_t bytes) {
    if (closed()) return;
    if (ec) return cut(ec == boost::asio::error::eof ? "end of stream" : ec.message());
    last_read_ = std::chrono::steady_clock::now();
    ping_sent_ = false;
    if (!draining_ && !consume(std::span(tls_->in).first(bytes))) draining_ = true;
    do_read();
}

bool WebSocketSession::consume(std::span<std::uint8_t> bytes) {
    bool more = true;
    const auto failure =
        reader_.feed(bytes, [&](FrameOpcode opcode, std::span<const std::uint8_t> payload) {
            more = on_frame(opcode, payload);
            return more;
        });
    if (failure) {
        spdlog::debug("connection {} from {}: {} ({})", id_, remote_, failure->reason,
                      static_cast<int>(failure->code));
        queue_close(failure->code,
                    failure->code == CloseCode::too_big ? kTooBigReason : failure->reason, false);
        return false;
    }
    return more && !closed();
}

bool WebSocketSession::on_frame(FrameOpcode opcode, std::span<const std::uint8_t> payload) {
    switch (opcode) {
        case FrameOpcode::text:
            if (state_.delivers_messages())
                context_.service.text(
                    id_, std::string_view(reinterpret_cast<const char*>(payload.data()),
                                          payload.size()));
            break;
        case FrameOpcode::binary:
            if (state_.delivers_messages()) context_.service.binary(id_, payload);
            break;
        case FrameOpcode::ping:
            if (state_.accepts_messages()) {
                queue_.push_pong(payload);
                pump();
            }
            break;
        case FrameOpcode::close:
            switch (state_.peer_closed()) {
                case SocketState::PeerClose::answer: {
                    // Echo the client's code (RFC 6455 5.5.1); none given, none echoed as 1000.
                    auto code = CloseCode::normal;
                    if (payload.size() >= 2) {
                        const auto value =
                            static_cast<std::uint16_t>((payload[0] << 8) | payload[1]);
                        if (value >= 1000 && value < 5000) code = static_cast<CloseCode>(value);
                    }
                    queue_close(code, {}, false);
                    break;
                }
                case SocketState::PeerClose::close:
                    cut("closed by the client");
                    break;
                case SocketState::PeerClose::wait:
                case SocketState::PeerClose::ignore:
                    break;
            }
            return false;  // nothing may follow a close frame
        case FrameOpcode::pong:
        case FrameOpcode::continuation:
            break;
    }
    return !closed();
}

void WebSocketSession::send(std::string_view frame) {
    if (!state_.accepts_messages()) return;
    if (!queue_.push_text(frame)) {
        // The client stopped reading; holding more for it would only grow memory.
        spdlog::warn("connection {}: dropped, {} bytes queued and not read", id_,
                     queue_.text_queued_bytes());
        cut("too much unread");
        return;
    }
    pump();
}

void WebSocketSession::send_audio(const service::AudioMessage& message) {
    if (!state_.accepts_messages()) return;
    context_.service.audio_counters().frames_dropped += queue_.push_audio(message);
    pump();
}

void WebSocketSession::close(CloseCode code) {
    queue_close(code, close_reason(code), true);
}

void WebSocketSession::queue_close(CloseCode code, std::string_view reason, bool after_queued) {
    if (!state_.close_queued(std::chrono::steady_clock::now())) return;
    queue_.push_close(code, reason, after_queued);
    pump();
}

void WebSocketSession::pump() {
    while (state_.may_write()) {
        const auto writes = queue_.start();
        if (writes.empty()) return;
        audio_in_flight_ = 0;
        for (const auto& write : writes)
            if (write.kind == SendQueue::Kind::audio) audio_in_flight_ += write.payload.size();
        const auto buffers = queue_.buffers();
        if (tls_) {
            // Through TLS every write is asynchronous: a record cannot be half taken back.
            state_.write_started(std::chrono::steady_clock::now());
            boost::asio::async_write(
                tls_->stream, buffers,
                [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                    self->on_write_rest(error);
                });
            return;
        }
        boost::system::error_code ec;
        const std::size_t sent = socket_.write_some(buffers, ec);
        if (ec && ec != boost::asio::error::would_block) {
            queue_.done();
            return cut(ec.message());
        }
        if (!ec && sent == boost::asio::buffer_size(buffers)) {
            written();
            continue;
        }
        // The socket's buffer is full: the rest goes when it drains, and nothing else is
        // written meanwhile.
        state_.write_started(std::chrono::steady_clock::now());
        boost::beast::buffers_suffix<std::span<const boost::asio::const_buffer>> rest(buffers);
        rest.consume(ec ? 0 : sent);
        boost::asio::async_write(
            socket_, rest,
            [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                self->on_write_rest(error);
            });
        return;
    }
}

void WebSocketSession::on_write_rest(boost::system::error_code ec) {
    state_.write_finished();
    if (ec) {
        queue_.done();
        return cut(ec.message());
    }
    written();
    pump();
}

void WebSocketSession::written() {
    context_.service.audio_counters().bytes_out += audio_in_flight_;
    audio_in_flight_ = 0;
    const auto writes = queue_.in_flight();
    const bool close_went = !writes.empty() && writes.back().close;
    queue_.done();
    if (!close_went) return;
    if (state_.close_written()) return cut("closed");
    // Half-close: the client reads our close frame, then end of stream. Under TLS an
    // end of TCP without TLS's own closing would look like a cut: there the session
    // only waits for the client's close frame.
    if (tls_) return;
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

void WebSocketSession::sweep(std::chrono::steady_clock::time_point now,
                             std::chrono::steady_clock::time_point stuck_deadline) {
    if (closed()) return;
    if (state_.write_stuck(stuck_deadline)) {
        spdlog::warn(
            "connection {} from {}: disconnected, it stopped reading (a write did not "
            "complete in time)",
            id_, remote_);
        ++context_.service.audio_counters().stuck_disconnects;
        return cut("stopped reading");
    }
    if (state_.expired(stuck_deadline, now - kCloseTimeout))
        return cut("no answer to the close frame");
    if (now - last_read_ > kIdleTimeout) return cut("silent for too long");
    queue_.trim();
    if (!ping_sent_ && now - last_read_ > kPingAfter && state_.accepts_messages()) {
        ping_sent_ = true;
        queue_.push_ping();
        pump();
    }
}

void WebSocketSession::cut(std::string_view why) {
    if (closed()) return;
    state_.closed();
    boost::system::error_code ignored;
    socket().close(ignored);
    // Posted: cut() runs inside the service's own calls (a send to a peer that is gone),
    // and the service must not be re-entered with close().
    boost::asio::post(socket().get_executor(),
                      [self = shared_from_this(), why = std::string(why)] { self->finish(why); });
}

void WebSocketSession::finish(std::string_view why) {
    if (finished_) return;
    finished_ = true;
    if (id_ == 0) return;
    context_.hub.remove(id_);
    context_.service.close(id_);
    spdlog::debug("connection {} closed: {}", id_, why);
}

}  // namespace salotto::net
