// The socket layer's bookkeeping, without sockets: the frame reader (masking, split and
// joined reads, fragments, every rule that fails a connection, memory given back), the
// one write queue's order for handshake, control frames, text, audio and the close
// frame, the socket state machine's transitions, and the handshake's accept key.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "server/net/send_queue.hpp"
#include "server/net/socket_state.hpp"
#include "server/net/websocket_frame.hpp"
#include "server/net/websocket_handshake.hpp"
#include "server/service/audio_buffer.hpp"

using namespace salotto;
using net::CloseCode;
using net::FrameOpcode;

namespace {

// A client frame: masked with a fixed key, `final` and `opcode` as given.
std::vector<std::uint8_t> client_frame(FrameOpcode opcode, std::string_view payload,
                                       bool final = true) {
    std::vector<std::uint8_t> out;
    out.push_back(static_cast<std::uint8_t>((final ? 0x80 : 0) | static_cast<int>(opcode)));
    const std::size_t n = payload.size();
    if (n < 126) {
        out.push_back(static_cast<std::uint8_t>(0x80 | n));
    } else if (n <= 0xffff) {
        out.push_back(0x80 | 126);
        out.push_back(static_cast<std::uint8_t>(n >> 8));
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        out.push_back(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> shift));
    }
    const std::uint8_t mask[4] = {0x12, 0x34, 0x56, 0x78};
    out.insert(out.end(), mask, mask + 4);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(static_cast<std::uint8_t>(payload[i]) ^ mask[i % 4]);
    return out;
}

struct Received {
    FrameOpcode opcode;
    std::string payload;
    bool operator==(const Received&) const = default;
};

// Feeds `bytes` in pieces of `step` bytes; collects what the reader hands out.
std::optional<net::FrameFailure> read_all(net::FrameReader& reader, std::vector<std::uint8_t> bytes,
                                          std::size_t step, std::vector<Received>& got) {
    for (std::size_t pos = 0; pos < bytes.size(); pos += step) {
        const std::size_t n = std::min(step, bytes.size() - pos);
        auto failure = reader.feed(std::span(bytes).subspan(pos, n),
                                   [&](FrameOpcode opcode, std::span<const std::uint8_t> p) {
                                       got.push_back({opcode, std::string(p.begin(), p.end())});
                                       return true;
                                   });
        if (failure) return failure;
    }
    return std::nullopt;
}

std::vector<std::uint8_t> join(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::string wire_of(const net::SendQueue& queue, std::size_t i) {
    const auto buffer = queue.buffers()[i];
    return {static_cast<const char*>(buffer.data()), buffer.size()};
}

}  // namespace

TEST(FrameReader, ReadsFramesWhateverTheReadBoundaries) {
    const std::string big(300, 'b');  // a 16-bit length
    const auto stream = join({
        client_frame(FrameOpcode::text, R"({"t":"hello"})"),
        client_frame(FrameOpcode::binary, "\x01\x02\x03"),
        // A fragmented text message with a ping between its fragments.
        client_frame(FrameOpcode::text, "frag", false),
        client_frame(FrameOpcode::ping, "p"),
        client_frame(FrameOpcode::continuation, big, true),
        client_frame(FrameOpcode::close, "\x03\xe8"),
    });
    const std::vector<Received> expected = {
        {FrameOpcode::text, R"({"t":"hello"})"},
        {FrameOpcode::binary, "\x01\x02\x03"},
        {FrameOpcode::ping, "p"},
        {FrameOpcode::text, "frag" + big},
        {FrameOpcode::close, "\x03\xe8"},
    };
    for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{7}, stream.size()}) {
        net::FrameReader reader(16 * 1024);
        std::vector<Received> got;
        EXPECT_FALSE(read_all(reader, stream, step, got)) << "step " << step;
        EXPECT_EQ(got, expected) << "step " << step;
        EXPECT_EQ(reader.held(), 0u) << "nothing kept once every frame is complete";
    }
}

TEST(FrameReader, AnOversizedMessageFailsOnItsHeader) {
    net::FrameReader reader(16 * 1024);
    std::vector<Received> got;
    // Only the header of a 16 KiB + 1 frame: the reader must not wait for the payload.
    auto frame = client_frame(FrameOpcode::text, std::string(16 * 1024 + 1, 'x'));
    frame.resize(8);
    const auto failure = read_all(reader, frame, frame.size(), got);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->code, CloseCode::too_big);
    EXPECT_TRUE(got.empty());

    // Fragments count together.
    net::FrameReader fragments(16 * 1024);
    const auto two = join({client_frame(FrameOpcode::binary, std::string(10 * 1024, 'a'), false),
                           client_frame(FrameOpcode::continuation, std::string(7 * 1024, 'a'))});
    const auto joined = read_all(fragments, two, two.size(), got);
    ASSERT_TRUE(joined);
    EXPECT_EQ(joined->code, CloseCode::too_big);

    // Exactly the limit is fine, and its memory is given back afterwards.
    net::FrameReader exact(16 * 1024);
    got.clear();
    EXPECT_FALSE(
        read_all(exact, client_frame(FrameOpcode::text, std::string(16 * 1024, 'x')), 1000, got));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].payload.size(), 16u * 1024);
    EXPECT_EQ(exact.held(), 0u);
}

TEST(FrameReader, ProtocolViolationsFailTheConnection) {
    struct Case {
        const char* what;
        std::vector<std::uint8_t> bytes;
        CloseCode code;
    };
    auto unmasked = client_frame(FrameOpcode::text, "hi");
    unmasked[1] &= 0x7f;
    auto reserved = client_frame(FrameOpcode::text, "hi");
    reserved[0] |= 0x40;
    auto long_form = client_frame(FrameOpcode::binary, std::string(130, 'x'));
    long_form[1] = 0x80 | 126;  // fine; now make a 16-bit length hold a small value
    long_form[2] = 0;
    long_form[3] = 5;
    const std::vector<Case> cases = {
        {"unmasked", unmasked, CloseCode::protocol_error},
        {"reserved bit", reserved, CloseCode::protocol_error},
        {"unknown opcode", client_frame(static_cast<FrameOpcode>(0x3), "x"),
         CloseCode::protocol_error},
        {"continuation first", client_frame(FrameOpcode::continuation, "x"),
         CloseCode::protocol_error},
        {"text inside a message",
         join({client_frame(FrameOpcode::text, "a", false), client_frame(FrameOpcode::text, "b")}),
         CloseCode::protocol_error},
        {"fragmented ping", client_frame(FrameOpcode::ping, "x", false), CloseCode::protocol_error},
        {"long ping", client_frame(FrameOpcode::ping, std::string(126, 'x')),
         CloseCode::protocol_error},
        {"one-byte close", client_frame(FrameOpcode::close, "x"), CloseCode::protocol_error},
        {"length not minimal", long_form, CloseCode::protocol_error},
        {"text not UTF-8", client_frame(FrameOpcode::text, "\xc3\x28"), CloseCode::invalid_payload},
    };
    for (const auto& c : cases) {
        net::FrameReader reader(16 * 1024);
        std::vector<Received> got;
        const auto failure = read_all(reader, c.bytes, c.bytes.size(), got);
        ASSERT_TRUE(failure) << c.what;
        EXPECT_EQ(failure->code, c.code) << c.what;
        EXPECT_FALSE(failure->reason.empty()) << c.what;
        // A failed reader reads nothing more.
        auto again = client_frame(FrameOpcode::text, "ok");
        EXPECT_TRUE(read_all(reader, again, again.size(), got)) << c.what;
        EXPECT_TRUE(got.empty()) << c.what;
        EXPECT_EQ(reader.held(), 0u) << c.what;
    }
}

TEST(FrameReader, StoppingDropsTheRest) {
    net::FrameReader reader(1024);
    auto bytes = join({client_frame(FrameOpcode::close, ""), client_frame(FrameOpcode::text, "x")});
    int calls = 0;
    EXPECT_FALSE(reader.feed(bytes, [&](FrameOpcode, std::span<const std::uint8_t>) {
        ++calls;
        return false;
    }));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(reader.held(), 0u);
}

TEST(SocketQueue, HandshakeControlTextAudioAndCloseGoInWireOrder) {
    service::AudioBufferPool pool;
    service::BatchBuilder builder(pool);
    const std::uint8_t opus[] = {0xf8};
    ASSERT_TRUE(builder.add(protocol::AudioFrame{7, 1, 0, 0, opus}));
    const auto audio = builder.finish();

    net::SendQueue queue;
    queue.push_raw("HTTP/1.1 101 Switching Protocols\r\n\r\n");
    ASSERT_TRUE(queue.push_text("welcome"));
    queue.push_audio(audio);
    const std::uint8_t first[] = {'1'}, second[] = {'2'};
    queue.push_pong(first);
    queue.push_pong(second);  // only the latest ping is answered
    queue.push_ping();
    queue.push_close(CloseCode::going_away, "bye", true);
    EXPECT_FALSE(queue.push_text("late")) << "nothing is queued after the close frame";
    queue.push_audio(audio);
    EXPECT_EQ(queue.audio_queued(), 1u);

    const auto writes = queue.start();
    ASSERT_EQ(writes.size(), 6u);
    EXPECT_EQ(writes[0].kind, net::SendQueue::Kind::raw);
    EXPECT_EQ(wire_of(queue, 0), "HTTP/1.1 101 Switching Protocols\r\n\r\n");
    EXPECT_EQ(wire_of(queue, 1), std::string("\x8a\x01"
                                             "2",
                                             3));              // pong
    EXPECT_EQ(wire_of(queue, 2), std::string("\x89\x00", 2));  // ping
    EXPECT_EQ(wire_of(queue, 3), "\x81\x07welcome");
    EXPECT_EQ(writes[4].kind, net::SendQueue::Kind::audio);
    EXPECT_TRUE(writes[5].close);
    EXPECT_EQ(wire_of(queue, 5), std::string("\x88\x05\x03\xe9"
                                             "bye",
                                             7));
    EXPECT_EQ(queue.in_flight().size(), 6u);
    queue.done();
    EXPECT_TRUE(queue.empty());
    EXPECT_TRUE(queue.start().empty()) << "nothing after the close frame";
}

TEST(SocketQueue, TheControlFramesGoFirstAfterTheHandshakeWasWritten) {
    net::SendQueue queue;
    queue.push_raw("reply");
    ASSERT_EQ(queue.start().size(), 1u);
    ASSERT_TRUE(queue.push_text("event"));
    const std::uint8_t ping[] = {'x'};
    queue.push_pong(ping);
    EXPECT_TRUE(queue.start().empty()) << "one write in flight";
    queue.done();
    const auto writes = queue.start();
    ASSERT_EQ(writes.size(), 2u);
    EXPECT_EQ(writes[0].kind, net::SendQueue::Kind::control);
    EXPECT_EQ(writes[1].kind, net::SendQueue::Kind::text);
}

TEST(SocketQueue, AFailedConnectionDropsWhatWaitsAndSendsOnlyTheClose) {
    net::SendQueue queue;
    ASSERT_TRUE(queue.push_text("a"));
    ASSERT_TRUE(queue.push_text("b"));
    const auto first = queue.start(1);
    ASSERT_EQ(first.size(), 1u);
    queue.push_close(CloseCode::too_big, "message too big", false);
    queue.push_close(CloseCode::normal, "second close ignored", false);
    queue.done();
    const auto writes = queue.start();
    ASSERT_EQ(writes.size(), 1u);
    EXPECT_TRUE(writes[0].close);
    EXPECT_EQ(wire_of(queue, 0), std::string("\x88\x11\x03\xf1message too big", 19));
    EXPECT_EQ(queue.text_queued_bytes(), 0u);
}

TEST(SocketState, AGracefulCloseWaitsForTheClient) {
    using S = net::SocketState;
    const auto t0 = S::Clock::time_point{} + std::chrono::seconds(100);
    S state;
    EXPECT_EQ(state.phase(), S::Phase::open);
    EXPECT_TRUE(state.may_write());
    state.write_started(t0);
    EXPECT_EQ(state.write(), S::Write::writing);
    EXPECT_FALSE(state.may_write()) << "one write in flight";
    state.write_finished();

    EXPECT_TRUE(state.close_queued(t0));
    EXPECT_FALSE(state.close_queued(t0)) << "closing starts once";
    EXPECT_EQ(state.phase(), S::Phase::closing);
    EXPECT_FALSE(state.accepts_messages());
    EXPECT_FALSE(state.delivers_messages());
    EXPECT_TRUE(state.may_write()) << "what was queued before the close still goes";
    EXPECT_FALSE(state.close_written()) << "the client has not answered: half-close and wait";
    EXPECT_FALSE(state.may_write()) << "nothing follows the close frame";
    EXPECT_FALSE(state.expired(t0 - std::chrono::seconds(1), t0 - std::chrono::seconds(1)));
    EXPECT_TRUE(state.expired(t0 - std::chrono::seconds(1), t0 + std::chrono::seconds(1)))
        << "the close handshake has a deadline";
    EXPECT_EQ(state.peer_closed(), S::PeerClose::close);
    state.closed();
    EXPECT_EQ(state.phase(), S::Phase::closed);
    EXPECT_EQ(state.peer_closed(), S::PeerClose::ignore);
    EXPECT_FALSE(state.expired(t0 + std::chrono::hours(1), t0 + std::chrono::hours(1)));
}

TEST(SocketState, TheClientsCloseIsAnsweredThenTheSocketCloses) {
    using S = net::SocketState;
    const auto t0 = S::Clock::time_point{} + std::chrono::seconds(100);
    S state;
    EXPECT_EQ(state.peer_closed(), S::PeerClose::answer);
    EXPECT_TRUE(state.close_queued(t0));
    EXPECT_TRUE(state.close_written()) << "both close frames went: close now";

    S crossing;  // both sides close at the same time
    EXPECT_TRUE(crossing.close_queued(t0));
    EXPECT_EQ(crossing.peer_closed(), S::PeerClose::wait);
    EXPECT_TRUE(crossing.close_written());
}

TEST(SocketState, AStuckWriteExpires) {
    using S = net::SocketState;
    const auto t0 = S::Clock::time_point{} + std::chrono::seconds(100);
    S state;
    state.write_started(t0);
    EXPECT_FALSE(state.write_stuck(t0));
    EXPECT_TRUE(state.write_stuck(t0 + std::chrono::milliseconds(1)));
    EXPECT_TRUE(state.expired(t0 + std::chrono::milliseconds(1), t0));
    state.write_finished();
    EXPECT_FALSE(state.write_stuck(t0 + std::chrono::hours(1)));
}

TEST(Handshake, AcceptKeyFromTheRfc) {
    // RFC 6455, section 1.3.
    EXPECT_EQ(net::websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}
