// A listener's send queue and the pooled batch buffers, without sockets: a slow
// listener loses its oldest audio (never the message being written, never text),
// other listeners of the same batches are unaffected, a backlog goes out as one
// gathered write, messages are whole WebSocket frames framed once per batch, and
// steady-state forwarding reuses buffers instead of allocating.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "server/net/send_queue.hpp"
#include "server/net/websocket_frame.hpp"
#include "server/service/audio_buffer.hpp"

using namespace salotto;
using service::AudioMessage;

namespace {

// A one-frame batch whose sequence number identifies it.
AudioMessage batch(service::AudioBufferPool& pool, std::uint16_t sequence) {
    static const std::uint8_t payload[] = {0xf8};
    service::BatchBuilder builder(pool);
    EXPECT_TRUE(builder.add(protocol::AudioFrame{7, sequence, 0, 0, payload}));
    return builder.finish();
}

// The bytes that go on the wire for the i-th write in flight.
std::span<const std::uint8_t> wire(const net::SendQueue& queue, std::size_t i) {
    const auto buffer = queue.buffers()[i];
    return {static_cast<const std::uint8_t*>(buffer.data()), buffer.size()};
}

bool is_text(const net::SendQueue::Write& write) {
    return write.kind == net::SendQueue::Kind::text;
}

std::uint16_t sequence_of(std::span<const std::uint8_t> bytes) {
    std::uint16_t sequence = 0;
    EXPECT_TRUE(
        protocol::read_batch(bytes, [&](const protocol::AudioFrame& f) { sequence = f.sequence; }));
    return sequence;
}

}  // namespace

TEST(AudioQueue, ASlowListenerDropsItsOldestAudioAndOthersKeepEverything) {
    service::AudioBufferPool pool;
    net::SendQueue slow(4);
    net::SendQueue fast(4);

    // The slow listener's socket is busy with batch 0 the whole time.
    slow.push_audio(batch(pool, 0));
    const auto in_flight = slow.start();
    ASSERT_EQ(in_flight.size(), 1u);
    EXPECT_FALSE(is_text(in_flight[0]));

    std::size_t dropped = 0;
    for (std::uint16_t s = 1; s <= 10; ++s) {
        auto message = batch(pool, s);
        dropped += slow.push_audio(message);
        EXPECT_EQ(fast.push_audio(message), 0u);
        // The fast listener writes each at once.
        const auto writes = fast.start();
        ASSERT_EQ(writes.size(), 1u);
        EXPECT_EQ(sequence_of(writes[0].payload), s);
        fast.done();
    }
    EXPECT_EQ(dropped, 6u);
    EXPECT_EQ(slow.audio_queued(), 4u);
    EXPECT_TRUE(slow.start().empty()) << "one write in flight at a time";
    // The message in flight was not touched.
    EXPECT_EQ(sequence_of(in_flight[0].payload), 0);

    // A text event jumps ahead of the queued audio, and is never dropped; then the
    // newest four, oldest first, all in one gathered write.
    ASSERT_TRUE(slow.push_text(R"({"t":"pong"})"));
    slow.done();
    const auto next = slow.start();
    ASSERT_EQ(next.size(), 5u);
    EXPECT_TRUE(is_text(next[0]));
    for (std::uint16_t s = 7; s <= 10; ++s) {
        EXPECT_FALSE(is_text(next[s - 6]));
        EXPECT_EQ(sequence_of(next[s - 6].payload), s);
    }
    slow.done();
    EXPECT_TRUE(slow.empty());
    EXPECT_TRUE(slow.start().empty());
}

TEST(AudioQueue, AGatheredWriteHasALimit) {
    service::AudioBufferPool pool;
    net::SendQueue queue(2 * net::kMaxGather);
    for (std::uint16_t s = 0; s < net::kMaxGather + 3; ++s) queue.push_audio(batch(pool, s));
    EXPECT_EQ(queue.start().size(), net::kMaxGather);
    queue.done();
    const auto rest = queue.start();
    ASSERT_EQ(rest.size(), 3u);
    EXPECT_EQ(sequence_of(rest[2].payload), net::kMaxGather + 2);
}

TEST(AudioQueue, MessagesAreWholeUnmaskedFrames) {
    service::AudioBufferPool pool;
    net::SendQueue a, b;
    const std::string text(200, 'x');  // a 16-bit length
    ASSERT_TRUE(a.push_text(text));
    const auto message = batch(pool, 3);
    a.push_audio(message);
    b.push_audio(message);

    const auto writes = a.start();
    ASSERT_EQ(writes.size(), 2u);
    const auto t = wire(a, 0);
    ASSERT_EQ(t.size(), 4 + text.size());
    EXPECT_EQ(t[0], 0x81);  // final, text
    EXPECT_EQ(t[1], 126);   // unmasked, 16-bit length follows
    EXPECT_EQ(t[2] * 256 + t[3], 200);
    EXPECT_EQ(std::string(t.begin() + 4, t.end()), text);

    const auto audio = wire(a, 1);
    ASSERT_EQ(audio.size(), 2 + message.bytes().size());
    EXPECT_EQ(audio[0], 0x82);  // final, binary
    EXPECT_EQ(audio[1], message.bytes().size());
    EXPECT_EQ(sequence_of(audio.subspan(2)), 3);
    // Every listener writes the very same bytes: framed once, never copied.
    const auto other = b.start();
    ASSERT_EQ(other.size(), 1u);
    EXPECT_EQ(wire(b, 0).data(), audio.data());
    EXPECT_EQ(wire(b, 0).size(), audio.size());
}

TEST(AudioQueue, FrameHeaderLengths) {
    std::array<std::uint8_t, net::kMaxFrameHeader> header{};
    EXPECT_EQ(net::write_frame_header(net::FrameOpcode::binary, 125, header), 2u);
    EXPECT_EQ(header[1], 125);
    EXPECT_EQ(net::write_frame_header(net::FrameOpcode::binary, 65535, header), 4u);
    EXPECT_EQ(header[2], 0xff);
    EXPECT_EQ(header[3], 0xff);
    EXPECT_EQ(net::write_frame_header(net::FrameOpcode::text, 65536, header), 10u);
    EXPECT_EQ(header[0], 0x81);
    EXPECT_EQ(header[1], 127);
    EXPECT_EQ(header[7], 0x01);
    EXPECT_EQ(header[8], 0x00);
    EXPECT_EQ(header[9], 0x00);
}

TEST(AudioQueue, TextBacklogHasLimits) {
    net::SendQueue queue;
    const std::string big(1024 * 1024, 'x');
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(queue.push_text(big)) << i;
    EXPECT_FALSE(queue.push_text("x")) << "past 4 MiB the client is not reading";
}

TEST(AudioQueue, BuffersAreReusedOnceEveryQueueLetsGo) {
    service::AudioBufferPool pool;
    for (std::uint16_t s = 0; s < 1000; ++s) {
        net::SendQueue a, b;
        auto message = batch(pool, s);
        a.push_audio(message);
        b.push_audio(message);
        message.reset();
        for (auto* q : {&a, &b}) {
            const auto writes = q->start();
            ASSERT_EQ(writes.size(), 1u);
            EXPECT_EQ(sequence_of(writes[0].payload), s);
            q->done();
        }
    }
    EXPECT_EQ(pool.allocated(), 1u);
}

TEST(AudioQueue, BlocksOutliveTheirPool) {
    AudioMessage kept;
    {
        service::AudioBufferPool pool;
        kept = batch(pool, 42);
    }
    // A session may hold a batch after the service (and its pool) is gone.
    EXPECT_EQ(sequence_of(kept.bytes()), 42);
    kept.reset();
    EXPECT_FALSE(kept);
}
