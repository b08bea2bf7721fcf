// Beast implementation of the bot's WebSocket session (see session.hpp).
#include "tools/bot/session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <variant>

#include "core/protocol/codec.hpp"

namespace salotto::tools {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct Session::Impl : std::enable_shared_from_this<Impl> {
    struct Outgoing {
        bool binary = false;
        std::string bytes;
    };

    Impl(asio::io_context& io, SessionHandlers h) : resolver(io), ws(io), handlers(std::move(h)) {}

    tcp::resolver resolver;
    websocket::stream<tcp::socket> ws;
    SessionHandlers handlers;
    beast::flat_buffer buffer;
    std::deque<Outgoing> outbox;
    bool writing = false;
    bool open = false;
    bool closed = false;
    std::string host;

    void fail(std::string_view reason) {
        if (closed) return;
        closed = true;
        open = false;
        beast::error_code ignored;
        ws.next_layer().close(ignored);
        if (handlers.on_close) handlers.on_close(reason);
    }

    void connect(const std::string& h, const std::string& port) {
        host = h + ":" + port;
        resolver.async_resolve(
            h, port,
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
                if (ec) return self->fail("resolve: " + ec.message());
                asio::async_connect(self->ws.next_layer(), r,
                                    [self](beast::error_code ec, const tcp::endpoint&) {
                                        if (ec) return self->fail("connect: " + ec.message());
                                        self->handshake();
                                    });
            });
    }

    void handshake() {
        ws.next_layer().set_option(tcp::no_delay(true));
        ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(beast::http::field::user_agent, "salotto-bot");
        }));
        ws.async_handshake(host, "/ws", [self = shared_from_this()](beast::error_code ec) {
            if (ec) return self->fail("handshake: " + ec.message());
            self->open = true;
            if (self->handlers.on_open) self->handlers.on_open();
            self->read();
            self->write_next();
        });
    }

    void read() {
        ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return self->fail(ec == websocket::error::closed ? "closed by the server"
                                                                 : "read: " + ec.message());
            const auto data = self->buffer.cdata();
            const auto* bytes = static_cast<const std::uint8_t*>(data.data());
            if (self->ws.got_text()) {
                auto decoded = protocol::decode_event(
                    std::string_view(reinterpret_cast<const char*>(bytes), data.size()));
                if (auto* event = std::get_if<protocol::Event>(&decoded)) {
                    if (self->handlers.on_event) self->handlers.on_event(*event);
                }
            } else if (self->handlers.on_audio) {
                self->handlers.on_audio({bytes, data.size()});
            }
            self->buffer.consume(self->buffer.size());
            if (!self->closed) self->read();
        });
    }

    void enqueue(bool binary, std::string bytes) {
        if (closed) return;
        outbox.push_back({binary, std::move(bytes)});
        write_next();
    }

    void write_next() {
        if (!open || writing || outbox.empty()) return;
        writing = true;
        ws.binary(outbox.front().binary);
        ws.async_write(asio::buffer(outbox.front().bytes),
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                           self->writing = false;
                           if (ec) return self->fail("write: " + ec.message());
                           self->outbox.pop_front();
                           self->write_next();
                       });
    }

    void close() {
        if (!open) return fail("closed");
        open = false;
        ws.async_close(websocket::close_code::normal,
                       [self = shared_from_this()](beast::error_code) { self->fail("closed"); });
    }
};

Session::Session(asio::io_context& io, SessionHandlers handlers)
    : impl_(std::make_shared<Impl>(io, std::move(handlers))) {}

Session::~Session() {
    impl_->handlers = {};
    beast::error_code ignored;
    impl_->ws.next_layer().close(ignored);
}

void Session::connect(const std::string& host, const std::string& port) {
    impl_->connect(host, port);
}

void Session::send(const protocol::Intent& intent) {
    impl_->enqueue(false, protocol::encode(intent));
}

void Session::send_audio(std::span<const std::uint8_t> message) {
    impl_->enqueue(true, std::string(message.begin(), message.end()));
}

void Session::close() {
    impl_->close();
}

}  // namespace salotto::tools
