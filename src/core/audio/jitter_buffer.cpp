// Adaptive jitter buffer; see jitter_buffer.hpp for the behaviour.
#include "core/audio/jitter_buffer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

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
// Depth beyond target + one frame before quiet frames are skipped: one concealment
// step. A skip still leaves the depth above the target, and no more than a step of
// audio idles in the buffer beyond what the target asks for.
constexpr int kShrinkMarginSamples = kExpandSamples;

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
    transit_next_ = (transit_next_ + 1) % kTransitHistory;
    transit_count_ = std::min(transit_count_ + 1, kTransitHistory);

    jitter_ms_ = transit_spread(arrival_ms);

    const double desired =
        std::min<double>(config_.max_delay_ms, jitter_ms_ + config_.min_delay_ms);
    if (desired >= target_ms_) {
        target_ms_ = desired;  // grow at once: late packets are heard as gaps
    } else if (last_arrival_ms_ > 0) {
        const double elapsed = std::max(0.0, arrival_ms - last_arrival_ms_);
        target_ms_ -= (target_ms_ - desired) * std::min(1.0, elapsed / kShrinkTimeConstantMs);
    }
    last_arrival_ms_ = arrival_ms;
}

double JitterBuffer::transit_spread(double now_ms) {
    int n = 0;
    for (int i = 0; i < transit_count_; ++i)
        if (now_ms - transit_arrival_[i] <= kJitterWindowMs) recent_transit_[n++] = transit_[i];
    if (n == 0) return 0;
    const auto begin = recent_transit_.begin();
    const auto end = begin + n;
    const double lowest = *std::min_element(begin, end);
    const auto rank = begin + static_cast<int>(std::ceil(kJitterQuantile * (n - 1)));
    std::nth_element(begin, rank, end);
    return *rank - lowest;
}

void JitterBuffer::push(std::uint32_t timestamp, std::span<const std::uint8_t> packet, int level,
                        double arrival_ms) {
    const CodecStatus samples = packet_samples(packet);
    if (packet.size() > kMaxPacketBytes || !samples.ok() || samples.value == 0 ||
        samples.value > kMaxFrameSamples) {
        ++stats_.decode_errors;
        return;
    }
    const std::int64_t t = unwrap(timestamp);
    if (started_ && t < next_timestamp_) {
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
    // Pre-roll: delay the first frame by the target, minus what is already stored
    // beyond it. This sets the talk spurt's delay without waiting for more packets.
    const std::int64_t target = std::llround(target_ms_ * kSamplesPerMs);
    silence_samples_ = std::max<std::int64_t>(0, target - (stored_samples() - first->samples));
}

void JitterBuffer::stop_playout() {
    playing_ = false;
    waited_samples_ = 0;
}

void JitterBuffer::produce_frame() {
    if (Slot* slot = find(next_timestamp_)) {
        const std::int64_t depth = stored_samples();
        const std::int64_t target = std::llround(target_ms_ * kSamplesPerMs);
        if (slot->level <= config_.quiet_level &&
            depth > target + slot->samples + kShrinkMarginSamples) {
            // Too much delay: skip a quiet frame, where nobody hears the cut.
            next_timestamp_ += slot->samples;
            slot->used = false;
            ++stats_.dropped;
            return;
        }
        const CodecStatus decoded = decoder_.decode(
            std::span<const std::uint8_t>(slot->data.data(), slot->size), fifo_tail(slot->samples));
        if (!decoded.ok()) {
            ++stats_.decode_errors;
            decoder_.conceal(fifo_tail(slot->samples));
        }
        next_timestamp_ += slot->samples;
        slot->used = false;
        waited_samples_ = 0;
        ++stats_.played;
        return;
    }

    const std::int64_t stored = stored_samples();
    const std::int64_t target = std::llround(target_ms_ * kSamplesPerMs);
    if (stored > 0 && (stored > target + frame_samples_ || waited_samples_ >= frame_samples_)) {
        // Later audio is here and the delay budget is spent: the frame is lost. The
        // concealment already played while waiting stands in for its start; the rest
        // is rebuilt from the next packet's FEC if that packet arrived, else concealed.
        // Either way the delay does not grow.
        const int remaining = std::max(0, frame_samples_ - waited_samples_);
        if (Slot* next = find(next_timestamp_ + frame_samples_); next && remaining > 0) {
            decoder_.decode_fec(std::span<const std::uint8_t>(next->data.data(), next->size),
                                fifo_tail(remaining));
            ++stats_.recovered;
        } else {
            if (remaining > 0) decoder_.conceal(fifo_tail(remaining));
            ++stats_.concealed;
        }
        next_timestamp_ += frame_samples_;
        // Waiting longer than a frame (several lost in a row) covers the next one too.
        waited_samples_ = std::max(0, waited_samples_ - frame_samples_);
        return;
    }

    // Nothing to play yet: stretch by one concealment step and wait. A long silence
    // means the speaker stopped sending; the next packet starts a new talk spurt.
    if (stored == 0 && waited_samples_ >= config_.max_concealed_run * frame_samples_) {
        stop_playout();
        return;
    }
    decoder_.conceal(fifo_tail(kExpandSamples));
    waited_samples_ += kExpandSamples;
    stats_.expanded_ms += static_cast<double>(kExpandSamples) / kSamplesPerMs;
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
            done += n;
        } else if (fifo_count_ > 0) {
            const auto n = std::min<std::size_t>(static_cast<std::size_t>(fifo_count_), want);
            std::copy_n(fifo_.begin() + fifo_start_, n,
                        out.begin() + static_cast<std::ptrdiff_t>(done));
            fifo_start_ += static_cast<int>(n);
            fifo_count_ -= static_cast<int>(n);
            done += n;
        } else if (playing_) {
            produce_frame();
        } else if (earliest()) {
            start_playout();
        } else {
            std::fill(out.begin() + static_cast<std::ptrdiff_t>(done), out.end(), 0.0f);
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
    return s;
}

}  // namespace salotto::audio
