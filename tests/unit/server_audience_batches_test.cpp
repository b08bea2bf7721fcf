// Staggered audience batches: every group hears every frame exactly once, in order;
// with several groups their batches go out in turn, one group per interval; a late
// tick catches up; a new group count sends what was collected before the turns start
// over; a full batch goes out early.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "server/service/audience_batches.hpp"

using namespace salotto;
using service::AudienceBatches;
using service::AudioMessage;

namespace {

struct Delivery {
    int group = 0;
    std::vector<std::uint16_t> sequences;
};

class AudienceBatchesTest : public ::testing::Test {
  protected:
    auto record() {
        return [this](int group, const AudioMessage& message) {
            Delivery delivery{group, {}};
            EXPECT_TRUE(protocol::read_batch(message.bytes(), [&](const protocol::AudioFrame& f) {
                delivery.sequences.push_back(f.sequence);
            }));
            EXPECT_EQ(message.frames(), delivery.sequences.size());
            deliveries.push_back(delivery);
        };
    }
    void add(std::uint16_t sequence) {
        static const std::uint8_t payload[] = {0xf8, 0x01};
        batches.add(protocol::AudioFrame{7, sequence, 0, 0, payload}, record());
    }
    void tick(int intervals, int groups) { batches.tick(intervals, groups, record()); }
    // What each group heard, in order.
    std::map<int, std::vector<std::uint16_t>> heard() const {
        std::map<int, std::vector<std::uint16_t>> out;
        for (const auto& d : deliveries)
            out[d.group].insert(out[d.group].end(), d.sequences.begin(), d.sequences.end());
        return out;
    }

    service::AudioBufferPool pool;
    AudienceBatches batches{pool};
    std::vector<Delivery> deliveries;
};

}  // namespace

TEST_F(AudienceBatchesTest, OneGroupGetsEachIntervalsFramesAtEveryTick) {
    add(1);
    add(2);
    EXPECT_TRUE(deliveries.empty()) << "nothing goes out before the tick";
    tick(1, 1);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].sequences, (std::vector<std::uint16_t>{1, 2}));
    tick(1, 1);
    EXPECT_EQ(deliveries.size(), 1u) << "an empty batch is not sent";
}

TEST_F(AudienceBatchesTest, ThreeGroupsTakeTurnsAndEachHearsEveryFrame) {
    tick(1, 3);  // the room grew: three groups from now on
    std::uint16_t sequence = 0;
    for (int interval = 0; interval < 9; ++interval) {
        add(++sequence);
        tick(1, 3);
        ASSERT_EQ(deliveries.size(), static_cast<std::size_t>(interval + 1));
        EXPECT_EQ(deliveries.back().group, interval % 3) << "one group per interval, in turn";
    }
    // Group 0 went first, with one interval of audio; from then on each batch carries
    // the three intervals since that group's last one.
    EXPECT_EQ(deliveries[0].sequences, (std::vector<std::uint16_t>{1}));
    EXPECT_EQ(deliveries[3].sequences, (std::vector<std::uint16_t>{2, 3, 4}));
    EXPECT_EQ(deliveries[5].sequences, (std::vector<std::uint16_t>{4, 5, 6}));
    batches.flush(record());
    for (const auto& [group, sequences] : heard())
        EXPECT_EQ(sequences, (std::vector<std::uint16_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}))
            << "group " << group;
}

TEST_F(AudienceBatchesTest, ALateTickServesEveryGroupWhoseTurnPassed) {
    tick(1, 3);
    add(1);
    tick(2, 3);
    ASSERT_EQ(deliveries.size(), 2u);
    EXPECT_EQ(deliveries[0].group, 0);
    EXPECT_EQ(deliveries[1].group, 1);
    add(2);
    tick(5, 3);  // more intervals than groups: each group once
    ASSERT_EQ(deliveries.size(), 5u);
    EXPECT_EQ(heard().size(), 3u);
    EXPECT_EQ(heard().at(2), (std::vector<std::uint16_t>{1, 2}));
}

TEST_F(AudienceBatchesTest, ANewGroupCountSendsWhatWasCollectedFirst) {
    tick(1, 2);
    add(1);
    add(2);
    tick(1, 3);
    ASSERT_EQ(deliveries.size(), 2u) << "both old groups, before the split changes";
    EXPECT_EQ(heard().at(0), (std::vector<std::uint16_t>{1, 2}));
    EXPECT_EQ(heard().at(1), (std::vector<std::uint16_t>{1, 2}));
    EXPECT_EQ(batches.groups(), 3);
    add(3);
    tick(1, 3);
    ASSERT_EQ(deliveries.size(), 3u);
    EXPECT_EQ(deliveries.back().group, 0) << "turns start over";
}

TEST_F(AudienceBatchesTest, AFullBatchGoesOutEarly) {
    tick(1, 2);
    for (int i = 1; i <= 300; ++i) add(static_cast<std::uint16_t>(i));
    // A batch holds at most 255 frames: each group sent one full batch already.
    ASSERT_EQ(deliveries.size(), 2u);
    for (const auto& d : deliveries) EXPECT_EQ(d.sequences.size(), 255u);
    batches.flush(record());
    for (const auto& [group, sequences] : heard()) {
        ASSERT_EQ(sequences.size(), 300u) << "group " << group;
        EXPECT_EQ(sequences.front(), 1);
        EXPECT_EQ(sequences.back(), 300);
    }
}
