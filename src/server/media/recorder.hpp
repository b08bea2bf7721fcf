// Room recording: the mixed audio of a room's stage written to an Ogg Opus file.
//
// The event loop only hands packets over (Recorder::push copies one Opus packet into
// a queue under a short lock); a thread of the recorder's own decodes each speaker's
// packets once (libopus), mixes them on one timeline, and encodes the mix once with
// Debian's libopusenc, which also writes the Ogg pages. Nothing here touches the disk
// on the caller's thread, and nothing throws into it.
//
// Time: the event loop stamps every packet with its arrival. A speaker's first packet
// is placed where it arrived; the following ones where their own 48 kHz timestamps
// say, so network jitter does not smear the voice. A speaker whose timestamps stray
// more than kMaxDriftSamples from their arrivals (a restarted client, a long mute with
// a reset clock) is placed anew. Stretches nobody speaks in are silence. The mix is
// written kMixDelayMs behind the newest time the loop reported, which leaves late
// packets time to arrive; a packet later than that is dropped (counted).
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/audio/opus_codec.hpp"

namespace salotto::media {

using RecordingClock = std::chrono::steady_clock;

// How far behind the newest reported time the mix is written (see above).
inline constexpr int kMixDelayMs = 500;
// A speaker whose placement by timestamp and by arrival differ by more than this
// (one second) is placed anew by arrival.
inline constexpr std::int64_t kMaxDriftSamples = audio::kSampleRate;
// The replay's Opus bit rate: voice, mono; about 240 KB a minute.
inline constexpr int kReplayBitrate = 32000;
// libopusenc's encoder complexity for replays: 5 costs about half of 10 and is
// indistinguishable for speech at this bit rate (bench/recording measures the total).
inline constexpr int kReplayComplexity = 5;

// The speakers' audio on one timeline (sample 0: the recording's start). Single-threaded
// and clock-free, so tests drive it directly; Recorder runs one on its thread.
class RoomMix {
  public:
    explicit RoomMix(std::int64_t delay_samples = kMixDelayMs * audio::kSamplesPerMs)
        : delay_(delay_samples) {}

    // One speaker's Opus packet with its sender timestamp (48 kHz clock), which arrived
    // `arrival` samples after the start.
    void add(std::uint32_t speaker, std::uint32_t timestamp, std::int64_t arrival,
             std::span<const std::uint8_t> packet);
    // Hands the mix up to `now - delay` to `out` (in pieces; silence where nobody spoke).
    template <class Out>
    void advance(std::int64_t now, Out&& out) {
        drain(now - delay_, out);
    }
    // Hands out everything up to `end` and what was mixed beyond it (the end of a
    // recording: nothing more will arrive).
    template <class Out>
    void finish(std::int64_t end, Out&& out) {
        drain(std::max<std::int64_t>(end, written_ + static_cast<std::int64_t>(mix_.size())), out);
    }

    std::int64_t written() const { return written_; }
    std::uint64_t packets_late() const { return late_; }
    std::uint64_t packets_bad() const { return bad_; }

  private:
    struct Voice {
        audio::Decoder decoder;
        std::int64_t offset = 0;         // timeline position of extended timestamp 0
        std::int64_t last_extended = 0;  // the last timestamp, unwrapped
        std::uint32_t last_timestamp = 0;
    };
    template <class Out>
    void drain(std::int64_t until, Out& out) {
        if (until <= written_) return;
        const auto count = static_cast<std::size_t>(until - written_);
        if (mix_.size() < count) mix_.resize(count, 0.0f);
        for (auto& sample : std::span(mix_).first(count))
            sample = sample > 1.0f ? 1.0f : sample < -1.0f ? -1.0f : sample;
        out(std::span<const float>(mix_).first(count));
        mix_.erase(mix_.begin(), mix_.begin() + static_cast<std::ptrdiff_t>(count));
        written_ = until;
    }

    std::int64_t delay_;
    std::int64_t written_ = 0;  // samples handed out
    std::vector<float> mix_;    // samples from written_ on, being mixed
    std::unordered_map<std::uint32_t, Voice> voices_;
    std::vector<float> decoded_ = std::vector<float>(audio::kMaxFrameSamples * 2);
    std::uint64_t late_ = 0;
    std::uint64_t bad_ = 0;
};

// What a finished recording came to.
struct RecordingResult {
    bool ok = false;
    std::string error;        // why not, when !ok
    std::uint64_t bytes = 0;  // the file's size
    std::int64_t duration_ms = 0;
    std::uint64_t packets = 0;       // packets mixed
    std::uint64_t packets_late = 0;  // dropped for arriving too late
};

class Recorder {
  public:
    // Starts a thread that creates `file` (its folder must exist) and records into it
    // from `start` on. `title` goes into the file's tags.
    Recorder(std::filesystem::path file, std::string title, RecordingClock::time_point start);
    // Finishes if finish() was not called (the file is then complete but unreported).
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // On the event loop: a speaker's packet that arrived at `arrival`. Copies the
    // payload; never waits on the recorder's work.
    void push(std::uint32_t speaker, std::uint32_t timestamp, RecordingClock::time_point arrival,
              std::span<const std::uint8_t> payload);
    // On the event loop: time has reached `now` (lets silence be written while nobody
    // speaks; the service calls it with each audio flush).
    void tick(RecordingClock::time_point now);
    // Bytes written to the file so far (any thread).
    std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
    // Ends the recording at `end`: mixes and encodes what is left, closes the file and
    // returns the outcome. Blocks until the recorder's thread is done, so it belongs
    // on a worker thread (or at shutdown); called once.
    RecordingResult finish(RecordingClock::time_point end);

  private:
    struct Packet {
        std::uint32_t speaker = 0;
        std::uint32_t timestamp = 0;
        std::int64_t arrival = 0;  // samples since the start
        std::vector<std::uint8_t> payload;
    };
    void run();
    std::int64_t samples_since_start(RecordingClock::time_point t) const;

    std::filesystem::path file_;
    std::string title_;
    RecordingClock::time_point start_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Packet> queue_;          // guarded by mutex_
    bool ticked_ = false;                // guarded by mutex_: a tick since the thread looked
    std::uint64_t dropped_ = 0;          // guarded by mutex_: packets refused, queue full
    std::int64_t now_ = 0;               // guarded by mutex_: the newest tick, in samples
    std::optional<std::int64_t> end_{};  // guarded by mutex_: set by finish()

    std::atomic<std::uint64_t> bytes_{0};
    RecordingResult result_;  // written by the thread, read after it joined
    std::jthread thread_;
};

}  // namespace salotto::media
