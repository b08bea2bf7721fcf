// WebSocket session; see websocket_session.hpp.
#include "server/net/websocket_session.hpp"

#include <spdlog/spdlog.h>

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

WebSocketSession::WebSocketSession(boost::asio::ip::tcp::socket&& socket, Context& context)
    : ws_(std::move(socket)), context_(context) {
    remote_ = describe(beast::get_lowest_layer(ws_).socket());
}

void WebSocketSession::run(beast::http::request<beast::http::string_body> request) {
    // The websocket stream has its own timeouts; the TCP stream's would cut idle
    // but healthy connections.
    beast::get_lowest_layer(ws_).expires_never();
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.keep_alive_pings = true;  // pings at half the idle timeout keep NATs open
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(beast::http::field::server, "salotto-server");
    }));
    ws_.read_message_max(kMaxMessage);
    // Each message in one frame and one gather write (header + shared buffer):
    // Beast's default splits messages into 4 KiB fragments, a syscall each.
    ws_.auto_fragment(false);
    ws_.async_accept(request,
                     [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
}

void WebSocketSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::debug("websocket upgrade from {} failed: {}", remote_, ec.message());
        return;
    }
    id_ = context_.hub.add(weak_from_this());
    spdlog::debug("connection {} opened from {}", id_, remote_);
    context_.service.open(id_);
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
        dropped_ = true;
        beast::get_lowest_layer(ws_).close();
        return;
    }
    do_write();
}

void WebSocketSession::send_audio(const service::AudioMessage& message) {
    // No new audio once a close is pending: the close waits for the queue.
    if (finished_ || dropped_ || closing_ || close_code_) return;
    context_.service.audio_counters().frames_dropped += queue_.push_audio(message);
    do_write();
}

void WebSocketSession::do_write() {
    auto next = queue_.start();
    if (!next) return;
    write_started_ = std::chrono::steady_clock::now();
    ws_.text(next->text);
    ws_.async_write(
        boost::asio::buffer(next->bytes.data(), next->bytes.size()),
        [self = shared_from_this(), audio = !next->text](beast::error_code ec, std::size_t bytes) {
            if (!ec && audio) self->context_.service.audio_counters().bytes_out += bytes;
            self->on_write(ec, bytes);
        });
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
    queue_.done();
    if (ec) return;  // the pending read fails too and finishes the session
    if (!queue_.empty()) return do_write();
    if (close_code_ && !closing_) do_close();
}

bool WebSocketSession::stuck(std::chrono::steady_clock::time_point deadline) const {
    return queue_.busy() && !finished_ && !dropped_ && write_started_ < deadline;
}

void WebSocketSession::drop_stuck() {
    spdlog::warn("connection {} from {}: disconnected, no write completed for {} s", id_, remote_,
                 std::chrono::duration_cast<std::chrono::seconds>(kStuckWrite).count());
    ++context_.service.audio_counters().stuck_disconnects;
    dropped_ = true;
    beast::get_lowest_layer(ws_).close();
}

void WebSocketSession::close(websocket::close_code code) {
    if (finished_ || closing_ || close_code_) return;
    close_code_ = code;
    if (!queue_.busy()) do_close();
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
