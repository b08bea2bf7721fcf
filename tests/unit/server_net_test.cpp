// The network layer over real loopback sockets: static files, /healthz, traversal,
// and the WebSocket limits that only exist on the wire (1009 over 16 KiB, binary
// frames, going_away on shutdown, bytes sent right behind the upgrade request), audio from a
// speaker to a listener (also while the listener pings), /metrics (token or own listener), the
// Origin check, the security headers, the connection limit and TLS. The server runs on its own
// thread, as in production on one io_context; the test is the client.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"
#include "server/net/server.hpp"
#include "server_test_support.hpp"

using namespace salotto;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {

class NetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test::init_sodium();
        www =
            std::filesystem::temp_directory_path() / ("salotto-www-" + std::to_string(::getpid()));
        std::filesystem::create_directories(www);
        std::ofstream(www / "index.html") << "<!doctype html><title>salotto</title>";
        std::ofstream(www / "salotto.wasm", std::ios::binary) << std::string("\0asm", 4);
        net::ServerOptions options{"127.0.0.1", 0, www, "test"};
        options.stuck_write = stuck_write;
        options.metrics_token = kMetricsToken;
        options.metrics_endpoint = net::parse_endpoint("127.0.0.1:0");
        options.limits = limits;
        if (tls) {
            // A throwaway self-signed certificate for localhost, made by the openssl CLI.
            tls_cert = www / "cert.pem";
            const auto key = www / "key.pem";
            const std::string command =
                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
                "-subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout " +
                key.string() + " -out " + tls_cert.string() + " 2>/dev/null";
            ASSERT_EQ(std::system(command.c_str()), 0) << command;
            options.tls_cert = tls_cert;
            options.tls_key = key;
        }
        server = std::make_unique<net::Server>(server_io, store, accounts, options);
        port = server->endpoint().port();
        thread = std::thread([this] { server_io.run(); });
    }
    void TearDown() override {
        stop_server();
        std::filesystem::remove_all(www);
    }
    void stop_server() {
        if (!thread.joinable()) return;
        boost::asio::post(server_io, [this] { server->stop(); });
        // Give the close handshakes a moment, as main() does, then stop the loop.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        server_io.stop();
        thread.join();
    }

    http::response<http::string_body> get(std::string_view target,
                                          http::verb verb = http::verb::get,
                                          std::string_view authorization = {}) {
        beast::tcp_stream stream(client_io);
        stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        http::request<http::empty_body> req{verb, target, 11};
        req.set(http::field::host, "localhost");
        if (!authorization.empty()) req.set(http::field::authorization, authorization);
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.skip(verb == http::verb::head);
        http::read(stream, buffer, parser);
        return parser.release();
    }

    websocket::stream<tcp::socket> connect_ws() {
        websocket::stream<tcp::socket> ws(client_io);
        ws.next_layer().connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        ws.handshake("localhost", "/ws");
        return ws;
    }
    protocol::Event read_event(websocket::stream<tcp::socket>& ws) {
        beast::flat_buffer buffer;
        ws.read(buffer);
        auto decoded = protocol::decode_event(beast::buffers_to_string(buffer.data()));
        EXPECT_TRUE(std::holds_alternative<protocol::Event>(decoded));
        return std::get<protocol::Event>(decoded);
    }
    ErrorCode read_error(websocket::stream<tcp::socket>& ws) {
        auto event = read_event(ws);
        EXPECT_TRUE(std::holds_alternative<protocol::Error>(event)) << protocol::type_of(event);
        return std::holds_alternative<protocol::Error>(event)
                   ? std::get<protocol::Error>(event).code
                   : ErrorCode::internal;
    }

    // Sends an intent and reads events until one of type E arrives.
    template <class E>
    E request(websocket::stream<tcp::socket>& ws, const protocol::Intent& intent) {
        ws.text(true);
        ws.write(boost::asio::buffer(protocol::encode(intent)));
        for (int i = 0; i < 10; ++i) {
            auto event = read_event(ws);
            if (auto* e = std::get_if<E>(&event)) return *e;
        }
        ADD_FAILURE() << "no " << E::kType << " after " << protocol::type_of(intent);
        return E{};
    }

    static constexpr std::string_view kMetricsToken = "metrics-t0ken";
    net::ConnectionLimits limits;
    std::chrono::milliseconds stuck_write = std::chrono::seconds(5);
    bool tls = false;  // serve HTTPS and WSS with a certificate made in SetUp
    std::filesystem::path tls_cert;
    std::filesystem::path www;
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum()};
    boost::asio::io_context server_io{1};
    boost::asio::io_context client_io;
    std::unique_ptr<net::Server> server;
    unsigned short port = 0;
    std::thread thread;
};

// Admits three connections in all.
class FullServerTest : public NetTest {
  protected:
    FullServerTest() { limits.total = 3; }
};

// Drops a connection whose write is stuck after half a second instead of five.
class StuckWriteTest : public NetTest {
  protected:
    StuckWriteTest() { stuck_write = std::chrono::milliseconds(500); }
};

}  // namespace

TEST_F(StuckWriteTest, APeerThatStopsReadingIsDroppedAlsoWhenOnlyPongsAreWritten) {
    // A client with a small receive window sends pings and never reads. The only
    // writes are the pongs answering them (control frames, which the queue keeps to
    // the latest); once they fill the socket a write stays in flight, and the sweep
    // must cut the connection off.
    tcp::socket socket(client_io);
    socket.open(tcp::v4());
    socket.set_option(boost::asio::socket_base::receive_buffer_size(4096));
    socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    websocket::stream<tcp::socket&> ws(socket);
    ws.handshake("localhost", "/ws");

    // A masked ping with 125 bytes of payload (mask key 0), written raw, over and over.
    std::array<std::uint8_t, 2 + 4 + 125> ping{};
    ping[0] = 0x89;
    ping[1] = 0x80 | 125;
    socket.non_blocking(true);
    std::size_t written = 0;  // frames are written whole: a torn one would be a protocol error
    auto progress = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - progress < std::chrono::seconds(1)) {
        boost::system::error_code ec;
        const std::size_t n =
            socket.write_some(boost::asio::buffer(ping) + written % ping.size(), ec);
        if (!ec) {
            written += n;
            progress = std::chrono::steady_clock::now();
        } else if (ec == boost::asio::error::would_block) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        } else {
            break;
        }
    }
    ASSERT_GT(written, 0u);
    // Not reading (that would free the pong's way) past the limit and one sweep.
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));

    // Now the socket must end: what was sent before, then EOF or a reset.
    bool ended = false;
    std::array<char, 65536> sink{};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!ended && std::chrono::steady_clock::now() < deadline) {
        boost::system::error_code ec;
        socket.read_some(boost::asio::buffer(sink), ec);
        if (ec == boost::asio::error::would_block)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        else if (ec)
            ended = true;
    }
    EXPECT_TRUE(ended) << "the server kept the connection of a peer that stopped reading";
    const auto metrics = get("/metrics", http::verb::get, "Bearer metrics-t0ken").body();
    EXPECT_NE(metrics.find("salotto_audio_stuck_disconnects_total 1\n"), std::string::npos)
        << metrics;
}

TEST_F(NetTest, ServesTheClientAndDeepLinks) {
    for (const char* target : {"/", "/r/k3v9x2mq7b", "/embed/k3v9x2mq7b"}) {
        auto res = get(target);
        EXPECT_EQ(res.result(), http::status::ok) << target;
        EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
        EXPECT_EQ(res[http::field::cache_control], "no-cache");
        EXPECT_EQ(res.body(), "<!doctype html><title>salotto</title>");
    }
    auto wasm = get("/salotto.wasm");
    EXPECT_EQ(wasm.result(), http::status::ok);
    EXPECT_EQ(wasm[http::field::content_type], "application/wasm");
    EXPECT_EQ(wasm.body().size(), 4u);

    auto head = get("/salotto.wasm", http::verb::head);
    EXPECT_EQ(head.result(), http::status::ok);
    EXPECT_EQ(head[http::field::content_length], "4");

    auto health = get("/healthz");
    EXPECT_EQ(health.result(), http::status::ok);
    EXPECT_EQ(health.body(), "ok");

    EXPECT_EQ(get("/missing.js").result(), http::status::not_found);
    EXPECT_EQ(get("/../etc/passwd").result(), http::status::bad_request);
    EXPECT_EQ(get("/%2e%2e/etc/passwd").result(), http::status::bad_request);
    EXPECT_EQ(get("/", http::verb::post).result(), http::status::method_not_allowed);
}

TEST_F(NetTest, WebSocketSignallingAndLimits) {
    auto ws = connect_ws();
    ws.text(true);
    ws.write(boost::asio::buffer(protocol::encode(protocol::Hello{1, "net test"})));
    auto welcome = read_event(ws);
    ASSERT_TRUE(std::holds_alternative<protocol::Welcome>(welcome));
    EXPECT_EQ(std::get<protocol::Welcome>(welcome).server, "test");

    ws.binary(true);
    ws.write(boost::asio::buffer(std::string("\x01\x02", 2)));
    EXPECT_EQ(read_error(ws), ErrorCode::binary_unsupported);

    ws.text(true);
    ws.write(boost::asio::buffer(protocol::encode(protocol::Ping{})));
    EXPECT_TRUE(std::holds_alternative<protocol::Pong>(read_event(ws)));

    // Over 16 KiB the server closes with 1009, saying why, and keeps nothing.
    ws.text(true);
    ws.write(boost::asio::buffer(std::string(20 * 1024, 'x')));
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(ws.reason().code, websocket::close_code::too_big);
    EXPECT_EQ(ws.reason().reason, "message over 16384 bytes");

    // It decides on the frame header alone: the header of a masked 2 MiB binary frame
    // is all this client sends.
    auto big = connect_ws();
    const std::uint8_t header[] = {0x82, 0x80 | 127, 0, 0, 0, 0, 0, 0x20, 0, 0, 1, 2, 3, 4};
    boost::asio::write(big.next_layer(), boost::asio::buffer(header));
    big.read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(big.reason().code, websocket::close_code::too_big);
}

TEST_F(NetTest, ShutdownSaysGoingAway) {
    auto ws = connect_ws();
    ws.write(boost::asio::buffer(protocol::encode(protocol::Hello{1, "net test"})));
    read_event(ws);
    boost::asio::post(server_io, [this] { server->stop(); });
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed);
    EXPECT_EQ(ws.reason().code, websocket::close_code::going_away);
}

TEST_F(NetTest, AudioTravelsFromSpeakerToListener) {
    // Invites made before any client talks to the server thread.
    const auto ada_invite = accounts.create_bootstrap_invite().code;
    const auto bob_invite = accounts.create_bootstrap_invite().code;
    auto ada = connect_ws();
    request<protocol::Welcome>(ada, protocol::Hello{1, "net test"});
    const auto ada_id =
        request<protocol::Session>(ada, protocol::Signup{ada_invite, "ada", "Ada", "password123"})
            .user.id;
    const auto room =
        request<protocol::RoomState>(ada, protocol::CreateRoom{.title = "Loopback"}).room.id;
    request<protocol::AudioStarted>(ada, protocol::StartAudio{});

    auto bob = connect_ws();
    request<protocol::Welcome>(bob, protocol::Hello{1, "net test"});
    request<protocol::Session>(bob, protocol::Signup{bob_invite, "bob", "Bob", "password123"});
    request<protocol::RoomState>(bob, protocol::JoinRoom{room});
    request<protocol::AudioStarted>(bob, protocol::StartAudio{});

    const std::uint8_t opus[] = {0xf8, 0xff, 0xfe, 0x42};
    std::uint8_t upstream[protocol::kUpstreamHeaderBytes + sizeof(opus)];
    ASSERT_EQ(protocol::write_upstream(protocol::AudioFrame{0, 12, 5760, 99, opus}, upstream),
              sizeof(upstream));
    ada.binary(true);
    ada.write(boost::asio::buffer(upstream));

    // bob is in the audience of a small room: the frame goes out at once, after
    // whatever room events are still on their way.
    beast::flat_buffer buffer;
    for (int i = 0; i < 10; ++i) {
        buffer.clear();
        bob.read(buffer);
        if (!bob.got_text()) break;
    }
    ASSERT_FALSE(bob.got_text());
    const auto bytes = beast::buffers_to_string(buffer.data());
    std::vector<protocol::AudioFrame> frames;
    std::vector<std::uint8_t> payload;
    ASSERT_TRUE(protocol::read_batch(
        std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
        [&](const protocol::AudioFrame& f) {
            frames.push_back(f);
            payload.assign(f.payload.begin(), f.payload.end());
        }));
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].speaker, static_cast<std::uint32_t>(ada_id));
    EXPECT_EQ(frames[0].sequence, 12);
    EXPECT_EQ(frames[0].timestamp, 5760u);
    EXPECT_EQ(frames[0].level, 99);
    EXPECT_EQ(payload, std::vector<std::uint8_t>(std::begin(opus), std::end(opus)));

    // The counters show it on /metrics.
    const auto metrics = get("/metrics", http::verb::get, "Bearer metrics-t0ken");
    EXPECT_EQ(metrics.result(), http::status::ok);
    EXPECT_NE(metrics.body().find("salotto_audio_frames_in_total 1\n"), std::string::npos)
        << metrics.body();
    EXPECT_NE(metrics.body().find("salotto_audio_frames_forwarded_total 1\n"), std::string::npos);
    EXPECT_NE(metrics.body().find("salotto_connections 2\n"), std::string::npos);
    EXPECT_NE(metrics.body().find("salotto_rooms_live 1\n"), std::string::npos);

    // Audio batches and the pongs answering pings go through the one write queue:
    // every batch and every pong must arrive as a whole frame (the client's read fails
    // on a torn one).
    int pongs = 0;
    bob.control_callback([&](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::pong) ++pongs;
    });
    constexpr int kFrames = 50;
    for (std::uint16_t s = 0; s < kFrames; ++s) {
        protocol::write_upstream(
            protocol::AudioFrame{0, static_cast<std::uint16_t>(100 + s), 5760, 99, opus}, upstream);
        ada.write(boost::asio::buffer(upstream));
        bob.ping({});
    }
    // Answered after every ping was read, so after every pong was written.
    bob.text(true);
    bob.write(boost::asio::buffer(protocol::encode(protocol::Ping{})));
    int received = 0;
    bool answered = false;
    while (received < kFrames || !answered) {
        buffer.clear();
        bob.read(buffer);
        const auto message = beast::buffers_to_string(buffer.data());
        if (bob.got_text()) {
            answered = answered || message.find(R"("t":"pong")") != std::string::npos;
            continue;
        }
        ASSERT_TRUE(protocol::read_batch(
            std::span(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()),
            [&](const protocol::AudioFrame& f) {
                EXPECT_EQ(f.sequence, 100 + received);
                ++received;
            }));
    }
    EXPECT_EQ(received, kFrames);
    EXPECT_EQ(pongs, kFrames);
}

TEST_F(NetTest, BytesRightBehindTheUpgradeRequestAreKept) {
    // A client that writes its hello without waiting for the 101: the request and the
    // frame go out in one write, so the server's HTTP read gets both.
    tcp::socket socket(client_io);
    socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    std::string bytes =
        "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    const std::string hello = protocol::encode(protocol::Hello{1, "early bird"});
    ASSERT_LT(hello.size(), 126u);
    bytes += static_cast<char>(0x81);                 // final text frame
    bytes += static_cast<char>(0x80 | hello.size());  // masked
    bytes += std::string(4, '\0');                    // mask key 0: payload as is
    bytes += hello;
    boost::asio::write(socket, boost::asio::buffer(bytes));

    std::string in;
    const std::size_t head =
        boost::asio::read_until(socket, boost::asio::dynamic_buffer(in), "\r\n\r\n");
    const std::string reply = in.substr(0, head);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 101 ")) << reply;
    EXPECT_NE(reply.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
              std::string::npos)
        << reply;
    in.erase(0, head);
    // One unmasked frame follows: the welcome.
    const auto need = [&](std::size_t n) {
        if (in.size() < n)
            boost::asio::read(socket, boost::asio::dynamic_buffer(in),
                              boost::asio::transfer_at_least(n - in.size()));
    };
    need(2);
    EXPECT_EQ(static_cast<std::uint8_t>(in[0]), 0x81);
    std::size_t length = static_cast<std::uint8_t>(in[1]);
    std::size_t header = 2;
    if (length == 126) {
        need(4);
        length = static_cast<std::uint8_t>(in[2]) * 256u + static_cast<std::uint8_t>(in[3]);
        header = 4;
    }
    need(header + length);
    auto decoded = protocol::decode_event(std::string_view(in).substr(header, length));
    ASSERT_TRUE(std::holds_alternative<protocol::Event>(decoded));
    EXPECT_TRUE(std::holds_alternative<protocol::Welcome>(std::get<protocol::Event>(decoded)));
}

TEST_F(NetTest, CloseHandshakesAndProtocolErrors) {
    // The client closes: the server echoes its code and the connection is gone.
    auto ws = connect_ws();
    request<protocol::Welcome>(ws, protocol::Hello{1, "net test"});
    ws.close(websocket::close_reason(websocket::close_code::normal, "bye"));
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        gone = get("/metrics", http::verb::get, "Bearer metrics-t0ken")
                   .body()
                   .find("salotto_connections 0\n") != std::string::npos;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(gone);

    // An unmasked client frame breaks RFC 6455: 1002, with the rule in the reason.
    auto bad = connect_ws();
    const std::uint8_t unmasked[] = {0x81, 0x02, 'h', 'i'};
    boost::asio::write(bad.next_layer(), boost::asio::buffer(unmasked));
    beast::flat_buffer buffer;
    beast::error_code ec;
    bad.read(buffer, ec);
    EXPECT_EQ(ec, websocket::error::closed) << ec.message();
    EXPECT_EQ(bad.reason().code, websocket::close_code::protocol_error);
    EXPECT_EQ(bad.reason().reason, "client frames must be masked");

    // An upgrade without a usable key is refused over HTTP.
    beast::tcp_stream stream(client_io);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> req{http::verb::get, "/ws", 11};
    req.set(http::field::host, "localhost");
    req.set(http::field::upgrade, "websocket");
    req.set(http::field::connection, "Upgrade");
    req.set(http::field::sec_websocket_version, "13");
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(NetTest, PeersVanishingTogetherLeaveTheServerServing) {
    // Two members of a room reset their connections at once. The server learns of the
    // first, tells the room, and the write to the second fails inside that: the second
    // session must close without re-entering the service (it crashed once).
    const auto ada_invite = accounts.create_bootstrap_invite().code;
    const auto bob_invite = accounts.create_bootstrap_invite().code;
    auto ada = connect_ws();
    request<protocol::Welcome>(ada, protocol::Hello{1, "net test"});
    request<protocol::Session>(ada, protocol::Signup{ada_invite, "ada", "Ada", "password123"});
    const auto room =
        request<protocol::RoomState>(ada, protocol::CreateRoom{.title = "Vanishing"}).room.id;
    auto bob = connect_ws();
    request<protocol::Welcome>(bob, protocol::Hello{1, "net test"});
    request<protocol::Session>(bob, protocol::Signup{bob_invite, "bob", "Bob", "password123"});
    request<protocol::RoomState>(bob, protocol::JoinRoom{room});
    for (auto* ws : {&ada, &bob}) {
        ws->next_layer().set_option(boost::asio::socket_base::linger(true, 0));  // reset on close
        ws->next_layer().close();
    }
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        const auto metrics = get("/metrics", http::verb::get, "Bearer metrics-t0ken");
        ASSERT_EQ(metrics.result(), http::status::ok);
        gone = metrics.body().find("salotto_connections 0\n") != std::string::npos;
        if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_TRUE(gone);
    EXPECT_EQ(get("/healthz").body(), "ok");
}

// Serves HTTPS and WSS with a self-signed certificate made for the test.
class TlsTest : public NetTest {
  protected:
    TlsTest() { tls = true; }
};

TEST_F(TlsTest, HttpsAndWssOnTheSamePort) {
    namespace ssl = boost::asio::ssl;
    ssl::context client_tls(ssl::context::tls_client);
    client_tls.load_verify_file(tls_cert.string());
    client_tls.set_verify_mode(ssl::verify_peer);
    const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), port);
    const auto secure = [&](auto& stream) {
        beast::get_lowest_layer(stream).connect(endpoint);
        ASSERT_TRUE(SSL_set_tlsext_host_name(stream.native_handle(), "localhost"));
        stream.set_verify_callback(ssl::host_name_verification("localhost"));
        stream.handshake(ssl::stream_base::client);
    };

    beast::ssl_stream<beast::tcp_stream> https(client_io, client_tls);
    secure(https);
    http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "localhost");
    http::write(https, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(https, buffer, res);
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res.body(), "ok");

    websocket::stream<beast::ssl_stream<beast::tcp_stream>> wss(client_io, client_tls);
    secure(wss.next_layer());
    wss.handshake("localhost", "/ws");
    wss.text(true);
    wss.write(boost::asio::buffer(protocol::encode(protocol::Hello{1, "tls test"})));
    buffer.clear();
    wss.read(buffer);
    auto decoded = protocol::decode_event(beast::buffers_to_string(buffer.data()));
    ASSERT_TRUE(std::holds_alternative<protocol::Event>(decoded));
    EXPECT_TRUE(std::holds_alternative<protocol::Welcome>(std::get<protocol::Event>(decoded)));
    // A ping and the close handshake go through the same writer, over TLS.
    wss.ping({});
    wss.write(boost::asio::buffer(protocol::encode(protocol::Ping{})));
    buffer.clear();
    wss.read(buffer);
    EXPECT_NE(beast::buffers_to_string(buffer.data()).find(R"("t":"pong")"), std::string::npos);
    beast::error_code ec;
    wss.close(websocket::close_code::normal, ec);
    EXPECT_TRUE(!ec || ec == ssl::error::stream_truncated) << ec.message();
    EXPECT_EQ(wss.reason().code, websocket::close_code::normal);

    // Plain HTTP is off on a TLS port: no HTTP answer comes back.
    EXPECT_ANY_THROW(get("/healthz"));
}

TEST_F(TlsTest, OnATlsPortTheOriginsSchemeMustBeHttps) {
    namespace ssl = boost::asio::ssl;
    ssl::context client_tls(ssl::context::tls_client);
    client_tls.load_verify_file(tls_cert.string());
    client_tls.set_verify_mode(ssl::verify_peer);
    const std::string host = "localhost:" + std::to_string(port);
    // The upgrade's answer status for a page of `origin`, the request written by hand to
    // read a refusal whole.
    const auto upgrade = [&](const std::string& origin) {
        beast::ssl_stream<beast::tcp_stream> stream(client_io, client_tls);
        beast::get_lowest_layer(stream).connect(
            tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        EXPECT_TRUE(SSL_set_tlsext_host_name(stream.native_handle(), "localhost"));
        stream.handshake(ssl::stream_base::client);
        http::request<http::empty_body> req{http::verb::get, "/ws", 11};
        req.set(http::field::host, host);
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        req.set(http::field::sec_websocket_version, "13");
        req.set(http::field::origin, origin);
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        http::read_header(stream, buffer, parser);
        return parser.get().result();
    };
    EXPECT_EQ(upgrade("https://" + host), http::status::switching_protocols);
    // Same host and port, but the page was not served over TLS: not this server's page.
    EXPECT_EQ(upgrade("http://" + host), http::status::forbidden);
}

TEST_F(NetTest, EveryResponseCarriesTheSecurityHeaders) {
    for (const char* target : {"/", "/salotto.wasm", "/missing.js", "/healthz", "/../x"}) {
        auto res = get(target);
        EXPECT_EQ(res["X-Content-Type-Options"], "nosniff") << target;
        EXPECT_EQ(res["Referrer-Policy"], "no-referrer") << target;
        EXPECT_EQ(res["X-Frame-Options"], "DENY") << target;
        EXPECT_NE(res["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos)
            << target;
    }
    auto embed = get("/embed/k3v9x2mq7b");
    EXPECT_EQ(embed["X-Frame-Options"], "");
    EXPECT_NE(embed["Content-Security-Policy"].find("frame-ancestors *"), std::string::npos);
}

TEST_F(NetTest, DotfilesAreNotFound) {
    std::filesystem::create_directories(www / ".git");
    std::ofstream(www / ".git" / "config") << "secret";
    std::ofstream(www / ".env") << "secret";
    EXPECT_EQ(get("/.env").result(), http::status::not_found);
    EXPECT_EQ(get("/.git/config").result(), http::status::not_found);
    EXPECT_EQ(get("/%2egit/config").result(), http::status::not_found);
}

TEST_F(NetTest, MetricsNeedTheTokenOnTheMainPort) {
    auto none = get("/metrics");
    EXPECT_EQ(none.result(), http::status::unauthorized);
    EXPECT_EQ(none[http::field::www_authenticate], "Bearer realm=\"metrics\"");
    EXPECT_EQ(none.body().find("salotto_"), std::string::npos);
    EXPECT_EQ(get("/metrics", http::verb::get, "Bearer wrong").result(),
              http::status::unauthorized);
    EXPECT_EQ(get("/metrics", http::verb::get, "Bearer metrics-t0ken").result(), http::status::ok);
}

TEST_F(NetTest, MetricsListenerServesOnlyMetricsAndHealth) {
    ASSERT_TRUE(server->metrics_endpoint());
    const auto endpoint = *server->metrics_endpoint();
    auto fetch = [&](std::string_view target) {
        beast::tcp_stream stream(client_io);
        stream.connect(endpoint);
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "localhost");
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        return res;
    };
    auto metrics = fetch("/metrics");
    EXPECT_EQ(metrics.result(), http::status::ok);
    EXPECT_NE(metrics.body().find("salotto_connections 0\n"), std::string::npos) << metrics.body();
    EXPECT_EQ(fetch("/healthz").result(), http::status::ok);
    EXPECT_EQ(fetch("/").result(), http::status::not_found);
    EXPECT_EQ(fetch("/ws").result(), http::status::not_found);
}

TEST_F(NetTest, WebSocketFromAnotherOriginIsRefused) {
    // The upgrade request a browser sends, written by hand to read the refusal whole.
    auto upgrade = [&](std::optional<std::string> origin) {
        beast::tcp_stream stream(client_io);
        stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        http::request<http::empty_body> req{http::verb::get, "/ws", 11};
        req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
        req.set(http::field::upgrade, "websocket");
        req.set(http::field::connection, "Upgrade");
        req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        req.set(http::field::sec_websocket_version, "13");
        if (origin) req.set(http::field::origin, *origin);
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.skip(false);
        http::read_header(stream, buffer, parser);
        if (parser.get().result() != http::status::switching_protocols)
            http::read(stream, buffer, parser);
        return parser.release();
    };
    auto foreign = upgrade("https://evil.example");
    EXPECT_EQ(foreign.result(), http::status::forbidden);
    EXPECT_NE(foreign.body().find("origin"), std::string::npos) << foreign.body();
    EXPECT_EQ(foreign["X-Content-Type-Options"], "nosniff");

    EXPECT_EQ(upgrade("http://127.0.0.1:" + std::to_string(port)).result(),
              http::status::switching_protocols);
    EXPECT_EQ(upgrade(std::nullopt).result(), http::status::switching_protocols);  // a program
}

TEST_F(FullServerTest, OverTheConnectionLimitNewConnectionsGet503) {
    // Loopback is exempt from the per-address limit, not from the total.
    std::vector<websocket::stream<tcp::socket>> open;
    for (int i = 0; i < 3; ++i) open.push_back(connect_ws());
    beast::tcp_stream stream(client_io);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "localhost");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result(), http::status::service_unavailable);
    EXPECT_EQ(res[http::field::retry_after], "10");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");

    // A closed connection frees its place.
    open.back().close(websocket::close_code::normal);
    open.pop_back();
    beast::http::response<http::string_body> health;
    for (int attempt = 0; attempt < 100; ++attempt) {
        health = get("/healthz");
        if (health.result() == http::status::ok) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(health.result(), http::status::ok);
}
