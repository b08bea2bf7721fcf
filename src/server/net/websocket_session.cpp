// WebSocket session; see websocket_session.hpp.
#include "server/net/websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/write.hpp>
#include <span>

#include "server/net/hub.hpp"

namespace salotto::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

std::string describe(const boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "?";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

WebSocketSession::WebSocketSession(boost::asio::ip::tcp::socket&& socket, Context& context,
                                   ConnectionLimiter::Slot slot)
    : ws_(std::move(socket)), context_(context), slot_(std::move(slot)) {
    remote_ = describe(beast::get_lowest_layer(ws_));
}

void WebSocketSession::run(beast::http::request<beast::http::string_body> request) {
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.keep_alive_pings = true;  // pings at half the idle timeout keep NATs open
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(beast::http::field::server, "salotto-server");
    }));
    ws_.read_message_max(kMaxMessage);
    ws_.next_layer().on_busy([weak = weak_from_this()] {
        if (auto self = weak.lock()) {
            if (!self->stack_busy_) self->stack_busy_since_ = std::chrono::steady_clock::now();
            self->stack_busy_ = true;
        }
    });
    ws_.next_layer().on_idle([weak = weak_from_this()] {
        if (auto self = weak.lock()) {
            self->stack_busy_ = false;
            // Beast writes a close frame by itself when the client sent one: nothing
            // may follow it.
            self->stack_closed_ = !self->ws_.is_open();
            self->pump();
        }
    });
    ws_.async_accept(request,
                     [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WebSocketSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::debug("websocket upgrade from {} failed: {}", remote_, ec.message());
        return;
    }
    // pump() writes without waiting: what the socket does not take at once goes on
    // asynchronously.
    beast::get_lowest_layer(ws_).non_blocking(true, ec);
    if (ec) {
        spdlog::warn("connection from {}: {}", remote_, ec.message());
        return;
    }
    id_ = context_.hub.add(weak_from_this());
    spdlog::debug("connection {} opened from {}", id_, remote_);
    const auto peer = beast::get_lowest_layer(ws_).remote_endpoint(ec);
    context_.service.open(id_, ec ? std::string() : peer.address().to_string());
    do_read();
}

void WebSocketSession::do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
        self->on_read(ec, bytes);
    });
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) return finish(ec);
    const auto data = buffer_.cdata();
    if (ws_.got_text()) {
        context_.service.text(id_,
                              std::string_view(static_cast<const char*>(data.data()), data.size()));
    } else {
        context_.service.binary(
            id_, std::span(static_cast<const std::uint8_t*>(data.data()), data.size()));
    }
    buffer_.consume(bytes);
    do_read();
}

void WebSocketSession::send(std::string_view frame) {
    if (finished_ || dropped_ || closing_) return;
    if (!queue_.push_text(frame)) {
        // The client stopped reading; holding more for it would only grow memory.
        spdlog::warn("connection {}: dropped, {} bytes queued and not read", id_,
                     queue_.text_queued_bytes());
        cut_off();
        return;
    }
    pump();
}

void WebSocketSession::send_audio(const service::AudioMessage& message) {
    // No new audio once a close is pending: the close waits for the queue.
    if (finished_ || dropped_ || closing_ || close_code_) return;
    context_.service.audio_counters().frames_dropped += queue_.push_audio(message);
    pump();
}

void WebSocketSession::pump() {
    // Not while Beast writes (a pong, a ping, its close) or once a close frame went.
    while (!writing_rest_ && !stack_busy_ && !stack_closed_ && !finished_ && !dropped_ &&
           !closing_) {
        const auto writes = queue_.start();
        if (writes.empty()) break;
        std::size_t total = 0;
        audio_in_flight_ = 0;
        for (std::size_t i = 0; i < writes.size(); ++i) {
            gather_[i] = boost::asio::buffer(writes[i].frame.data(), writes[i].frame.size());
            total += writes[i].frame.size();
            if (!writes[i].text) audio_in_flight_ += writes[i].payload.size();
        }
        const std::span<const boost::asio::const_buffer> buffers(gather_.data(), writes.size());
        beast::error_code ec;
        const std::size_t sent = beast::get_lowest_layer(ws_).write_some(buffers, ec);
        if (ec && ec != boost::asio::error::would_block) {
            // The pending read fails too and finishes the session.
            queue_.done();
            cut_off();
            return;
        }
        if (!ec && sent == total) {
            written();
            continue;
        }
        // The socket's buffer is full: the rest goes when it drains, and Beast's own
        // writes wait for it.
        writing_rest_ = true;
        write_started_ = std::chrono::steady_clock::now();
        ws_.next_layer().direct_begin();
        beast::buffers_suffix<std::span<const boost::asio::const_buffer>> rest(buffers);
        rest.consume(ec ? 0 : sent);
        boost::asio::async_write(beast::get_lowest_layer(ws_), rest,
                                 [self = shared_from_this()](beast::error_code error, std::size_t) {
                                     self->on_write_rest(error);
                                 });
        return;
    }
    if (close_code_ && !closing_ && !writing_rest_ && !finished_ && !dropped_ && queue_.empty())
        do_close();
}

void WebSocketSession::on_write_rest(beast::error_code ec) {
    writing_rest_ = false;
    ws_.next_layer().direct_end();  // a write of Beast's that waited goes now
    if (ec) {
        queue_.done();
        cut_off();  // the pending read fails too and finishes the session
        return;
    }
    written();
    pump();
}

void WebSocketSession::written() {
    context_.service.audio_counters().bytes_out += audio_in_flight_;
    audio_in_flight_ = 0;
    queue_.done();
}

bool WebSocketSession::stuck(std::chrono::steady_clock::time_point deadline) const {
    if (finished_ || dropped_) return false;
    // Beast's writes count too: a peer that stops reading blocks a pong, a keep-alive
    // ping or a close just as it blocks our messages.
    return (writing_rest_ && write_started_ < deadline) ||
           (stack_busy_ && stack_busy_since_ < deadline);
}

void WebSocketSession::drop_stuck() {
    spdlog::warn(
        "connection {} from {}: disconnected, it stopped reading (a write did not "
        "complete in time)",
        id_, remote_);
    ++context_.service.audio_counters().stuck_disconnects;
    cut_off();
}

void WebSocketSession::cut_off() {
    dropped_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).close(ignored);
}

void WebSocketSession::close(websocket::close_code code) {
    if (finished_ || closing_ || close_code_) return;
    close_code_ = code;
    pump();
}

void WebSocketSession::do_close() {
    closing_ = true;
    ws_.async_close(*close_code_, [self = shared_from_this()](beast::error_code) {
        // The pending read completes with `closed` and finishes the session.
    });
}

void WebSocketSession::finish(beast::error_code ec) {
    if (finished_) return;
    finished_ = true;
    context_.hub.remove(id_);
    context_.service.close(id_);
    if (ec == websocket::error::closed) {
        spdlog::debug("connection {} closed ({})", id_, ws_.reason().code);
    } else {
        spdlog::debug("connection {} closed: {}", id_, ec.message());
    }
}

}  // namespace salotto::net
