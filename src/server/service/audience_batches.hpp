// The audience's coalesced audio for one room, in staggered groups.
//
// Listeners in the audience get the room's audio in batches, one message carrying
// several frames, sent once per batch period. When a batch spans several intervals
// of the flush clock (large rooms, see audience_batch_intervals), the audience is
// split into as many groups and their batches go out in turn, one group per
// interval. Each interval then writes to a share of the listeners: a 60 ms batch to
// 5,000 listeners costs ~30 ms of CPU, and sent all at once the last listeners of
// that burst would hear each frame 30 ms after the first ones; staggered, every tick
// writes a third of it and no listener waits behind the whole fan-out.
//
// Every group collects every frame, so each listener still hears all of them. The
// caller owns the listener list and decides which listeners a group number means.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "server/service/audio_buffer.hpp"

namespace salotto::service {

class AudienceBatches {
  public:
    explicit AudienceBatches(AudioBufferPool& pool) : pool_(pool), pending_(1) {}

    int groups() const { return static_cast<int>(pending_.size()); }

    // Collects a frame for every group. A group whose batch is full is delivered
    // first, as `deliver(group, message)`, and starts a new batch.
    template <class Deliver>
    void add(const protocol::AudioFrame& frame, Deliver&& deliver) {
        for (int group = 0; group < groups(); ++group) {
            auto& pending = pending_[static_cast<std::size_t>(group)];
            if (!pending) pending.emplace(pool_);
            if (pending->add(frame)) continue;
            send(group, deliver);
            pending.emplace(pool_);
            pending->add(frame);
        }
    }

    // `intervals` of the flush clock passed (more than one when the caller fell
    // behind): delivers the batch of each group whose turn came, one group per
    // interval. With a new group count, every batch goes out first and the turns
    // start over.
    template <class Deliver>
    void tick(int intervals, int groups, Deliver&& deliver) {
        if (groups != this->groups()) {
            flush(deliver);
            pending_.resize(static_cast<std::size_t>(groups));
            next_group_ = 0;
            return;
        }
        for (int i = 0; i < std::min(intervals, groups); ++i) {
            send(next_group_, deliver);
            next_group_ = (next_group_ + 1) % groups;
        }
    }

    // Delivers every group's batch now (before the audience changes: what was
    // collected belongs to the listeners of the moment it was spoken).
    template <class Deliver>
    void flush(Deliver&& deliver) {
        for (int group = 0; group < groups(); ++group) send(group, deliver);
    }

  private:
    template <class Deliver>
    void send(int group, Deliver& deliver) {
        auto& pending = pending_[static_cast<std::size_t>(group)];
        if (!pending) return;
        const std::size_t frames = pending->frames();
        AudioMessage message = pending->finish();
        pending.reset();
        if (frames > 0) deliver(group, message);
    }

    AudioBufferPool& pool_;
    std::vector<std::optional<BatchBuilder>> pending_;  // one batch per group
    int next_group_ = 0;                                // whose batch goes out next
};

}  // namespace salotto::service
