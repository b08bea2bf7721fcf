// A load-generator WebSocket connection; see bot_connection.hpp.
#include "bench/forwarding/bot_connection.hpp"

#include <utility>

#include "core/protocol/codec.hpp"

namespace salotto::bench {

BotConnection::BotConnection(boost::asio::io_context& io, boost::asio::ssl::context* tls,
                             std::string client)
    : link_(io, tls), client_(std::move(client)) {}

void BotConnection::start(const boost::asio::ip::tcp::endpoint& server, std::string host_port) {
    link_.connect(server, [self = shared_from_this(),
                           host_port = std::move(host_port)](boost::system::error_code ec) {
        if (ec) return self->fail("connect: " + ec.message());
        self->out_ = handshake_request(host_port, "/ws");
        self->flush();
        self->read();
    });
}

void BotConnection::fail(const std::string& why) {
    if (failed_) return;
    failed_ = true;
    link_.close();
    on_failed(why);
}

void BotConnection::flush() {
    if (!writing_.empty() || out_.empty() || failed_) return;
    writing_.swap(out_);
    link_.write(boost::asio::buffer(writing_),
                [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                    if (ec) return self->fail("write: " + ec.message());
                    self->writing_.clear();
                    self->flush();
                });
}

void BotConnection::send_text(const protocol::Intent& intent) {
    const std::string text = protocol::encode(intent);
    append_frame(out_, kOpText, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    flush();
}

void BotConnection::send_binary(std::span<const std::uint8_t> bytes) {
    append_frame(out_, kOpBinary, bytes);
    flush();
}

void BotConnection::read() {
    if (failed_ || !keep_reading()) return;
    reading_ = true;
    link_.read_some(boost::asio::buffer(in_),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                        self->reading_ = false;
                        if (ec) return self->fail("read: " + ec.message());
                        // Bytes that arrive after reading was paused are left unread.
                        if (self->keep_reading()) self->on_bytes({self->in_.data(), n});
                        self->read();
                    });
}

void BotConnection::on_bytes(std::span<const std::uint8_t> data) {
    if (!upgraded_) {
        header_.append(reinterpret_cast<const char*>(data.data()), data.size());
        const auto end = header_.find("\r\n\r\n");
        if (end == std::string::npos) return;
        if (header_.rfind("HTTP/1.1 101", 0) != 0) return fail("handshake refused");
        upgraded_ = true;
        const std::string rest = header_.substr(end + 4);
        std::string().swap(header_);
        send_text(protocol::Hello{.client = client_});
        if (!rest.empty())
            on_bytes({reinterpret_cast<const std::uint8_t*>(rest.data()), rest.size()});
        return;
    }
    const bool ok = parser_.feed(data, [this](std::uint8_t op, std::span<const std::uint8_t> p) {
        if (op == kOpBinary) return on_binary(p);
        if (op == kOpPing) {
            append_frame(out_, kOpPong, p);
            return flush();
        }
        if (op == kOpClose) return fail("closed by the server");
        if (op == kOpText) on_text({reinterpret_cast<const char*>(p.data()), p.size()});
    });
    if (!ok) fail("bad WebSocket frame");
}

}  // namespace salotto::bench
