// A listener's send queue and the pooled batch buffers, without sockets: a slow
// listener loses its oldest audio (never the message being written, never text),
// other listeners of the same batches are unaffected, and steady-state forwarding
// reuses buffers instead of allocating.
#include <gtest/gtest.h>

#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "server/net/send_queue.hpp"
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
    auto in_flight = slow.start();
    ASSERT_TRUE(in_flight);
    EXPECT_FALSE(in_flight->text);

    std::size_t dropped = 0;
    for (std::uint16_t s = 1; s <= 10; ++s) {
        auto message = batch(pool, s);
        dropped += slow.push_audio(message);
        EXPECT_EQ(fast.push_audio(message), 0u);
        // The fast listener writes each at once.
        auto write = fast.start();
        ASSERT_TRUE(write);
        EXPECT_EQ(sequence_of(write->bytes), s);
        fast.done();
    }
    EXPECT_EQ(dropped, 6u);
    EXPECT_EQ(slow.audio_queued(), 4u);
    // The message in flight was not touched.
    EXPECT_EQ(sequence_of(in_flight->bytes), 0);

    // A text event jumps ahead of the queued audio, and is never dropped.
    ASSERT_TRUE(slow.push_text(R"({"t":"pong"})"));
    slow.done();
    auto next = slow.start();
    ASSERT_TRUE(next);
    EXPECT_TRUE(next->text);
    slow.done();
    // Then the newest four, oldest first.
    for (std::uint16_t s = 7; s <= 10; ++s) {
        auto write = slow.start();
        ASSERT_TRUE(write);
        EXPECT_EQ(sequence_of(write->bytes), s);
        EXPECT_FALSE(slow.start()) << "one write at a time";
        slow.done();
    }
    EXPECT_TRUE(slow.empty());
    EXPECT_FALSE(slow.start());
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
            auto write = q->start();
            ASSERT_TRUE(write);
            EXPECT_EQ(sequence_of(write->bytes), s);
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
