// Adaptive jitter buffer for one speaker's Opus stream.
//
// Packets are pushed as they arrive from the network, in any order; the playback
// side pulls decoded samples at its own clock. The buffer reorders packets, drops
// the ones that come too late, rebuilds a lost frame from the next packet's in-band
// FEC when that packet is already here, and otherwise conceals it with Opus PLC.
//
// The target delay follows the measured jitter: it grows at once when packets start
// arriving later, and shrinks slowly once the network calms down. While frames are
// being lost it also holds one extra frame, so that the packet after a lost one is
// already here when the lost one is due and its FEC can rebuild it; after a few
// seconds without loss that reserve goes again. The buffer moves towards the target
// without audible jumps: it only grows while concealing (a late or lost frame), and
// only shrinks by skipping a frame the sender marked as quiet, or at the start of a
// talk spurt, when there is nothing to hear anyway.
//
// Delay is measured on the playback clock (samples pulled): a frame's playout delay
// is how long after its ideal arrival it starts playing, the ideal arrival being its
// timestamp plus the smallest transit seen in the last two seconds. It counts the
// pre-roll, the waiting and the time spent in the buffer: the delay the buffer adds
// on top of the network's best case.
//
// The jitter is the spread of recent transit times up to their 98th percentile, so a
// rare stall is bridged by concealment instead of raising the delay for seconds.
//
// A sender sends only while its voice detector hears speech, and numbers the frames
// it sends. So a missing stretch of timestamps followed by the next sequence number is
// silence the sender held back, not loss: it plays as silence (after one concealment
// step that fades out) up to the next frame's pre-roll, as a new talk spurt does, and
// nothing counts as concealed.
// Frames that came too late to play count too: they are the jitter the target missed.
//
// No allocation after construction: push() and pull() may run on an audio thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/audio/opus_codec.hpp"

namespace salotto::audio {

struct JitterConfig {
    int min_delay_ms = 0;    // extra delay floor on top of one frame
    int max_delay_ms = 300;  // ceiling on the target delay
    // Packets whose sender-side level (see level_meter.hpp) is at or below this count
    // as quiet: the buffer may skip them to shrink its delay.
    int quiet_level = 20;
    // Frames of waiting with nothing buffered after which the stream counts as paused
    // (the speaker stopped sending): playback stops and the next packet starts a new
    // talk spurt.
    int max_concealed_run = 10;
};

struct JitterStats {
    int depth_ms = 0;             // audio ready to play, ahead of the playout point
    int target_ms = 0;            // where the adaptation wants depth to be
    int jitter_ms = 0;            // measured spread of packet transit times (recent 98th
                                  // percentile above the fastest)
    std::uint64_t received = 0;   // packets accepted
    std::uint64_t late = 0;       // packets that arrived after their playout time
    std::uint64_t duplicate = 0;  // packets received twice
    std::uint64_t concealed = 0;  // frames played by packet loss concealment
    std::uint64_t recovered = 0;  // frames rebuilt from the next packet's FEC
    std::uint64_t dropped = 0;    // quiet frames skipped to shrink the delay
    std::uint64_t overflow = 0;   // packets discarded because the buffer was full
    double expanded_ms = 0;       // concealment played while waiting for a packet; it adds
                                  // delay unless the packet proves lost
    std::uint64_t played = 0;     // frames played from their own packet
    std::uint64_t decode_errors = 0;
    int delay_ms = 0;          // playout delay of the frame playing now; 0 while paused
    double mean_delay_ms = 0;  // playout delay averaged over every frame played so far
};

class JitterBuffer {
  public:
    explicit JitterBuffer(const JitterConfig& config = {});

    // A packet arrived.
    //   timestamp  [in] the sender's 48 kHz sample clock at the packet's first sample;
    //                   32 bits, wrapping
    //   sequence   [in] the sender's count of frames sent, 16 bits, wrapping
    //   packet     [in] the Opus packet (copied)
    //   level      [in] the sender's level for the frame, 0-127 (level_meter.hpp)
    //   arrival_ms [in] the receiver's clock when it arrived, in milliseconds
    void push(std::uint32_t timestamp, std::uint16_t sequence, std::span<const std::uint8_t> packet,
              int level, double arrival_ms);

    // Writes the next out.size() samples to play: decoded audio, concealment, or
    // silence while nothing is playing.
    void pull(std::span<float> out);

    // True while a talk spurt is playing out.
    bool playing() const { return playing_; }
    JitterStats stats() const;

  private:
    static constexpr int kSlots = 64;
    struct Slot {
        bool used = false;
        std::int64_t timestamp = 0;
        std::uint16_t sequence = 0;
        int samples = 0;
        int level = 0;
        std::uint16_t size = 0;
        std::array<std::uint8_t, kMaxPacketBytes> data{};
    };
    static constexpr int kTransitHistory = 256;

    std::int64_t unwrap(std::uint32_t timestamp);
    Slot* find(std::int64_t timestamp);
    Slot* earliest();
    // Audio stored from the playout point to the end of the latest packet, in samples.
    std::int64_t stored_samples() const;
    void note_transit(std::int64_t timestamp, double arrival_ms);
    // Recomputes jitter_ms_ (spread of the transits inside the window, up to their
    // 98th percentile) and lowest_transit_samples_.
    void measure_transits(double now_ms);
    // Playout delay, in samples, of the frame at next_timestamp_ if it started now.
    std::int64_t playout_delay() const;
    // Records the playout delay of the frame about to play.
    void note_playout();
    // A frame was lost: from now on, hold one more frame for the next packet's FEC.
    void note_loss();
    // Extra delay, in ms, for FEC while losses are recent.
    double fec_reserve_ms() const;
    // Plays one concealment step while waiting for the frame at next_timestamp_.
    void expand();
    // The next packet follows the last one played in sequence: the sender held back the
    // frames in between (silence). Plays one fading concealment step, then the silence.
    void skip_held_back(const Slot& next);
    // The frame at next_timestamp_ was played, skipped or given up as lost.
    void note_sequence(std::uint16_t sequence);
    // Fills `out` with concealment. Opus conceals a whole frame at a time here: asked
    // for 2.5 ms steps it jumps at every step, a click each time. What is made and not
    // played yet is kept, for the next step and for join_concealment().
    void conceal(std::span<float> out);
    // Real audio after concealment: its start fades in from the concealment's unplayed
    // continuation, so the two join without a step.
    void join_concealment(std::span<float> decoded);
    // Decodes the frame at next_timestamp_ (or conceals it) into the output FIFO.
    void produce_frame();
    void start_playout();
    void stop_playout();
    // Silence before the frame at next_timestamp_ that brings its delay to the target.
    std::int64_t preroll() const;
    std::span<float> fifo_tail(int samples);

    JitterConfig config_;
    Decoder decoder_;
    std::array<Slot, kSlots> slots_{};

    bool have_timestamp_ = false;
    std::uint32_t last_raw_timestamp_ = 0;
    std::int64_t last_timestamp_ = 0;

    bool playing_ = false;
    bool started_ = false;  // a talk spurt has played: older packets are late
    std::int64_t next_timestamp_ = 0;
    int frame_samples_ = 10 * kSamplesPerMs;  // duration of the last packet seen
    // Samples concealed while waiting for the frame at next_timestamp_.
    int waited_samples_ = 0;
    // The sequence number of the frame before next_timestamp_, once one has played in
    // this talk spurt; and whether the concealment before held-back silence has faded.
    std::uint16_t last_sequence_ = 0;
    bool sequence_known_ = false;
    bool faded_ = false;
    // Silence still to play before the first frame of a talk spurt (pre-roll).
    std::int64_t silence_samples_ = 0;

    // Concealment made but not played yet (see conceal()).
    std::array<float, kMaxFrameSamples> concealment_{};
    int concealment_start_ = 0;
    int concealment_count_ = 0;

    // Decoded samples not yet pulled.
    std::array<float, 2 * kMaxFrameSamples> fifo_{};
    int fifo_start_ = 0;
    int fifo_count_ = 0;

    // Relative transit times (arrival minus send time) of recent packets.
    std::array<double, kTransitHistory> transit_{};
    std::array<double, kTransitHistory> transit_arrival_{};
    // The same transits on the playback clock (samples pulled when the packet came).
    std::array<std::int64_t, kTransitHistory> transit_output_{};
    int transit_next_ = 0;
    int transit_count_ = 0;
    // Scratch for transit_spread: the transit times inside the window.
    std::array<double, kTransitHistory> recent_transit_{};
    double jitter_ms_ = 0;
    double target_ms_ = 0;
    double last_arrival_ms_ = 0;

    // The playback clock: samples pulled so far.
    std::int64_t output_samples_ = 0;
    // Smallest recent transit on the playback clock: where the ideal arrival lies.
    std::int64_t lowest_transit_samples_ = 0;
    bool loss_seen_ = false;
    std::int64_t last_loss_output_ = 0;  // playback clock at the latest lost frame
    std::int64_t delay_samples_ = 0;     // playout delay of the latest frame
    double delay_sum_ms_ = 0;
    std::uint64_t delay_frames_ = 0;

    JitterStats stats_;
};

}  // namespace salotto::audio
