// Adaptive jitter buffer; see jitter_buffer.hpp for the behaviour.
#include "core/audio/jitter_buffer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>

namespace salotto::audio {

namespace {

// How far back the jitter measurement looks.
constexpr double kJitterWindowMs = 2000;
// The jitter is the spread from the fastest transit in the window to the transit that
// this share of packets beat, not to the slowest: a single stall (a descheduled
// thread, a Wi-Fi hiccup) would otherwise hold the whole delay up for seconds, while
// the few packets it delays are bridged by concealment once, and shrunk away after.
// WebRTC's NetEq delay manager aims at the 95th percentile; 98 % leaves fewer packets
// late where a stall reorders them (bench/jitter's spiky model).
constexpr double kJitterQuantile = 0.98;
// Time constant of the slow shrink of the target delay: long enough to ride out the
// gaps between stalls, short enough that one stall is forgotten within seconds.
constexpr double kShrinkTimeConstantMs = 2000;
// Opus conceals in steps of 2.5 ms; an underrun stretches playback by one step.
constexpr int kExpandSamples = 120;
// How long after the latest lost frame the buffer keeps one frame in hand for FEC.
constexpr double kLossMemoryMs = 5000;
// Length of the cross-fade from concealment into real audio.
constexpr int kJoinSamples = 120;

}  // namespace

JitterBuffer::JitterBuffer(const JitterConfig& config) : config_(config) {
    target_ms_ = config_.min_delay_ms;
}

std::int64_t JitterBuffer::unwrap(std::uint32_t timestamp) {
    if (!have_timestamp_) {
        have_timestamp_ = true;
        last_raw_timestamp_ = timestamp;
        last_timestamp_ = timestamp;
        return last_timestamp_;
    }
    // The signed 32-bit difference is right across a wrap as long as packets are
    // less than 12 hours apart.
    const auto delta = static_cast<std::int32_t>(timestamp - last_raw_timestamp_);
    const std::int64_t unwrapped = last_timestamp_ + delta;
    if (delta > 0) {
        last_raw_timestamp_ = timestamp;
        last_timestamp_ = unwrapped;
    }
    return unwrapped;
}

JitterBuffer::Slot* JitterBuffer::find(std::int64_t timestamp) {
    for (auto& slot : slots_)
        if (slot.used && slot.timestamp == timestamp) return &slot;
    return nullptr;
}

JitterBuffer::Slot* JitterBuffer::earliest() {
    Slot* best = nullptr;
    for (auto& slot : slots_)
        if (slot.used && (!best || slot.timestamp < best->timestamp)) best = &slot;
    return best;
}

std::int64_t JitterBuffer::stored_samples() const {
    std::int64_t end = next_timestamp_;
    for (const auto& slot : slots_)
        if (slot.used) end = std::max(end, slot.timestamp + slot.samples);
    return end - next_timestamp_;
}

void JitterBuffer::note_transit(std::int64_t timestamp, double arrival_ms) {
    const double transit = arrival_ms - static_cast<double>(timestamp) / kSamplesPerMs;
    transit_[transit_next_] = transit;
    transit_arrival_[transit_next_] = arrival_ms;
    transit_output_[transit_next_] = output_samples_ - timestamp;
    transit_next_ = (transit_next_ + 1) % kTransitHistory;
    transit_count_ = std::min(transit_count_ + 1, kTransitHistory);

    measure_transits(arrival_ms);

    const double desired = std::min<double>(config_.max_delay_ms,
                                            jitter_ms_ + config_.min_delay_ms + fec_reserve_ms());
    if (desired >= target_ms_) {
        target_ms_ = desired;  // grow at once: late packets are heard as gaps
    } else if (last_arrival_ms_ > 0) {
        const double elapsed = std::max(0.0, arrival_ms - last_arrival_ms_);
        target_ms_ -= (target_ms_ - desired) * std::min(1.0, elapsed / kShrinkTimeConstantMs);
    }
    last_arrival_ms_ = arrival_ms;
}

std::int64_t JitterBuffer::playout_delay() const {
    return output_samples_ - next_timestamp_ - lowest_transit_samples_;
}

void JitterBuffer::note_playout() {
    delay_samples_ = playout_delay();
    delay_sum_ms_ += static_cast<double>(delay_samples_) / kSamplesPerMs;
    ++delay_frames_;
}

double JitterBuffer::fec_reserve_ms() const {
    const bool recent =
        loss_seen_ && output_samples_ - last_loss_output_ < kLossMemoryMs * kSamplesPerMs;
    return recent ? static_cast<double>(frame_samples_) / kSamplesPerMs : 0.0;
}

void JitterBuffer::note_loss() {
    loss_seen_ = true;
    last_loss_output_ = output_samples_;
    // Grow at once, as for jitter: the next loss should find its successor here.
    target_ms_ = std::max(target_ms_,
                          std::min<double>(config_.max_delay_ms,
                                           jitter_ms_ + config_.min_delay_ms + fec_reserve_ms()));
}

void JitterBuffer::measure_transits(double now_ms) {
    int n = 0;
    lowest_transit_samples_ = std::numeric_limits<std::int64_t>::max();
    for (int i = 0; i < transit_count_; ++i) {
        if (now_ms - transit_arrival_[i] > kJitterWindowMs) continue;
        recent_transit_[n++] = transit_[i];
        lowest_transit_samples_ = std::min(lowest_transit_samples_, transit_output_[i]);
    }
    const auto begin = recent_transit_.begin();
    const auto end = begin + n;
    const double lowest = *std::min_element(begin, end);
    const auto rank = begin + static_cast<int>(std::ceil(kJitterQuantile * (n - 1)));
    std::nth_element(begin, rank, end);
    jitter_ms_ = *rank - lowest;
}

void JitterBuffer::conceal(std::span<float> out) {
    std::size_t done = 0;
    while (done < out.size()) {
        if (concealment_count_ == 0) {
            decoder_.conceal(
                std::span<float>(concealment_).first(static_cast<std::size_t>(frame_samples_)));
            concealment_start_ = 0;
            concealment_count_ = frame_samples_;
        }
        const auto n = std::min(static_cast<std::size_t>(concealment_count_), out.size() - done);
        std::copy_n(concealment_.begin() + concealment_start_, n,
                    out.begin() + static_cast<std::ptrdiff_t>(done));
        concealment_start_ += static_cast<int>(n);
        concealment_count_ -= static_cast<int>(n);
        done += n;
    }
}

void JitterBuffer::join_concealment(std::span<float> decoded) {
    const int n = std::min({concealment_count_, kJoinSamples, static_cast<int>(decoded.size())});
    for (int i = 0; i < n; ++i) {
        // Raised cosine from the concealment to the decoded audio.
        const float w =
            0.5f - 0.5f * std::cos(std::numbers::pi_v<float> * (static_cast<float>(i) + 0.5f) /
                                   static_cast<float>(n));
        const auto k = static_cast<std::size_t>(i);
        decoded[k] = concealment_[static_cast<std::size_t>(concealment_start_ + i)] * (1 - w) +
                     decoded[k] * w;
    }
    concealment_count_ = 0;
}

void JitterBuffer::expand() {
    const auto step = fifo_tail(kExpandSamples);
    conceal(step);
    waited_samples_ += kExpandSamples;
    // The last step before playback pauses fades out: the speaker has stopped, and
    // concealment cut off mid-wave would click.
    if (waited_samples_ >= config_.max_concealed_run * frame_samples_ || faded_)
        for (std::size_t i = 0; i < step.size(); ++i)
            step[i] *= 1.0f - static_cast<float>(i + 1) / static_cast<float>(step.size());
    stats_.expanded_ms += static_cast<double>(kExpandSamples) / kSamplesPerMs;
}

void JitterBuffer::skip_held_back(const Slot& next) {
    if (!faded_) {
        // What played last, decoded or concealed, fades out over one step.
        faded_ = true;
        expand();
        return;
    }
    // Then silence until the next frame, as before a talk spurt: the delay can move to
    // the target here, where nobody hears it.
    next_timestamp_ = next.timestamp;
    silence_samples_ = preroll();
    waited_samples_ = 0;
    // The next frame fades in from that silence (join_concealment from zeros): the
    // sender's detector may open mid-wave, and a wave starting from nothing clicks.
    std::fill_n(concealment_.begin(), kJoinSamples, 0.0f);
    concealment_start_ = 0;
    concealment_count_ = kJoinSamples;
    faded_ = false;
}

void JitterBuffer::note_sequence(std::uint16_t sequence) {
    last_sequence_ = sequence;
    sequence_known_ = true;
    faded_ = false;
}

void JitterBuffer::push(std::uint32_t timestamp, std::uint16_t sequence,
                        std::span<const std::uint8_t> packet, int level, double arrival_ms) {
    const CodecStatus samples = packet_samples(packet);
    if (packet.size() > kMaxPacketBytes || !samples.ok() || samples.value == 0 ||
        samples.value > kMaxFrameSamples) {
        ++stats_.decode_errors;
        return;
    }
    const std::int64_t t = unwrap(timestamp);
    if (started_ && t < next_timestamp_) {
        // Too late to play, but its transit counts: it is the jitter the target missed.
        note_transit(t, arrival_ms);
        ++stats_.late;
        return;
    }
    if (find(t)) {
        ++stats_.duplicate;
        return;
    }
    note_transit(t, arrival_ms);

    auto free_slot =
        std::find_if(slots_.begin(), slots_.end(), [](const Slot& s) { return !s.used; });
    Slot* slot = free_slot == slots_.end() ? nullptr : &*free_slot;
    if (!slot) {
        // Full: the oldest audio is the least useful.
        slot = earliest();
        ++stats_.overflow;
        if (playing_ && slot->timestamp == next_timestamp_) next_timestamp_ += slot->samples;
    }
    slot->used = true;
    slot->timestamp = t;
    slot->sequence = sequence;
    slot->samples = samples.value;
    slot->level = level;
    slot->size = static_cast<std::uint16_t>(packet.size());
    std::memcpy(slot->data.data(), packet.data(), packet.size());
    frame_samples_ = samples.value;
    ++stats_.received;
}

std::span<float> JitterBuffer::fifo_tail(int samples) {
    // Produce only runs when the FIFO is empty, so the tail always starts at 0.
    fifo_start_ = 0;
    fifo_count_ = samples;
    return std::span<float>(fifo_).first(static_cast<std::size_t>(samples));
}

void JitterBuffer::start_playout() {
    Slot* first = earliest();
    playing_ = true;
    started_ = true;
    next_timestamp_ = first->timestamp;
    waited_samples_ = 0;
    silence_samples_ = preroll();
}

std::int64_t JitterBuffer::preroll() const {
    // The first frame of a talk spurt waits until its playout delay reaches the
    // target. This sets the spurt's delay without waiting for more packets.
    const std::int64_t target = std::llround(target_ms_ * kSamplesPerMs);
    return std::max<std::int64_t>(0, target - playout_delay());
}

void JitterBuffer::stop_playout() {
    playing_ = false;
    waited_samples_ = 0;
    concealment_count_ = 0;
    sequence_known_ = false;
    faded_ = false;
}

void JitterBuffer::produce_frame() {
    const std::int64_t target = std::llround(target_ms_ * kSamplesPerMs);
    if (Slot* slot = find(next_timestamp_)) {
        if (slot->level <= config_.quiet_level && 2 * (playout_delay() - target) > slot->samples) {
            // Too much delay: skip a quiet frame, where nobody hears the cut, when that
            // brings the delay closer to the target.
            next_timestamp_ += slot->samples;
            note_sequence(slot->sequence);
            slot->used = false;
            ++stats_.dropped;
            return;
        }
        note_playout();
        const auto out = fifo_tail(slot->samples);
        const CodecStatus decoded =
            decoder_.decode(std::span<const std::uint8_t>(slot->data.data(), slot->size), out);
        if (decoded.ok()) {
            join_concealment(out);
        } else {
            ++stats_.decode_errors;
            conceal(out);
        }
        next_timestamp_ += slot->samples;
        note_sequence(slot->sequence);
        slot->used = false;
        waited_samples_ = 0;
        ++stats_.played;
        return;
    }

    if (stored_samples() == 0) {
        // Nothing to play yet: stretch by one concealment step and wait. A long silence
        // means the speaker stopped sending; the next packet starts a new talk spurt.
        if (waited_samples_ >= config_.max_concealed_run * frame_samples_) {
            stop_playout();
            return;
        }
        expand();
        return;
    }

    // Later audio is here but not this frame. If it is the next frame the sender sent,
    // this one was never sent: silence, not loss.
    if (const Slot* next = earliest();
        sequence_known_ && next->sequence == static_cast<std::uint16_t>(last_sequence_ + 1)) {
        skip_held_back(*next);
        return;
    }
    // While the delay is below the target the frame may still come, and the delay has
    // to grow anyway: wait, up to one frame.
    const std::int64_t delay = playout_delay();
    if (delay < target && waited_samples_ < frame_samples_) {
        expand();
        return;
    }

    // The frame is lost. Waiting that pushed the delay beyond the target is absorbed:
    // the concealment already played stands in for the lost frame's start.
    note_loss();
    const std::int64_t beyond = std::clamp<std::int64_t>(delay - target, 0, waited_samples_);
    const int absorbed = static_cast<int>(beyond / kExpandSamples * kExpandSamples);
    waited_samples_ = std::max(0, waited_samples_ - frame_samples_);
    if (absorbed >= frame_samples_) {
        next_timestamp_ += frame_samples_;
        if (sequence_known_) note_sequence(static_cast<std::uint16_t>(last_sequence_ + 1));
        ++stats_.concealed;
        return;
    }
    // The rest is rebuilt: whole from the next packet's FEC if that packet is here and
    // nothing is absorbed (FEC needs exactly the lost duration), else by concealment.
    note_playout();
    const Slot* next = find(next_timestamp_ + frame_samples_);
    const bool fec = absorbed == 0 && next &&
                     decoder_
                         .decode_fec(std::span<const std::uint8_t>(next->data.data(), next->size),
                                     fifo_tail(frame_samples_))
                         .ok();
    if (fec) {
        join_concealment(std::span<float>(fifo_).first(static_cast<std::size_t>(fifo_count_)));
        ++stats_.recovered;
    } else {
        conceal(fifo_tail(frame_samples_ - absorbed));
        ++stats_.concealed;
    }
    next_timestamp_ += frame_samples_;
    if (sequence_known_) note_sequence(static_cast<std::uint16_t>(last_sequence_ + 1));
}

void JitterBuffer::pull(std::span<float> out) {
    std::size_t done = 0;
    while (done < out.size()) {
        const std::size_t want = out.size() - done;
        if (silence_samples_ > 0) {
            const auto n = static_cast<std::size_t>(
                std::min<std::int64_t>(silence_samples_, static_cast<std::int64_t>(want)));
            std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(done), n, 0.0f);
            silence_samples_ -= static_cast<std::int64_t>(n);
            output_samples_ += static_cast<std::int64_t>(n);
            done += n;
        } else if (fifo_count_ > 0) {
            const auto n = std::min<std::size_t>(static_cast<std::size_t>(fifo_count_), want);
            std::copy_n(fifo_.begin() + fifo_start_, n,
                        out.begin() + static_cast<std::ptrdiff_t>(done));
            fifo_start_ += static_cast<int>(n);
            fifo_count_ -= static_cast<int>(n);
            output_samples_ += static_cast<std::int64_t>(n);
            done += n;
        } else if (playing_) {
            produce_frame();
        } else if (earliest()) {
            start_playout();
        } else {
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), 0.0f);
            output_samples_ += static_cast<std::int64_t>(out.size() - done);
            return;
        }
    }
}

JitterStats JitterBuffer::stats() const {
    JitterStats s = stats_;
    const std::int64_t stored = playing_ ? stored_samples() : 0;
    s.depth_ms = static_cast<int>((stored + fifo_count_ + silence_samples_) / kSamplesPerMs);
    s.target_ms = static_cast<int>(std::lround(target_ms_));
    s.jitter_ms = static_cast<int>(std::lround(jitter_ms_));
    s.delay_ms = playing_ ? static_cast<int>(delay_samples_ / kSamplesPerMs) : 0;
    s.mean_delay_ms = delay_frames_ ? delay_sum_ms_ / static_cast<double>(delay_frames_) : 0.0;
    return s;
}

}  // namespace salotto::audio
