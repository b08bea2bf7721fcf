// The codec module that runs inside the browser's AudioWorklets (salotto-audio.wasm).
//
// Emscripten 3.1.6 has no Wasm Audio Worklets, so the worklet processors are plain JS
// (web/capture-worklet.js, web/playback-worklet.js) and each instantiates this small
// STANDALONE_WASM module: no JS glue, only WASI stubs as imports, no allocation from JS.
// The JS side exchanges data through the static buffers whose addresses the exported
// functions return. One instance does either capture or playback (docs/audio.md).
//
// Capture: 128-sample render quanta accumulate into 10 ms (or 20 ms) frames for the
// capture chain (core/audio/capture_chain.hpp), whose frames to send go out as
// upstream messages (docs/protocol.md, "Audio frames").
//
// Playback: downstream batches feed the room playback (core/audio/room_playback.hpp):
// one jitter buffer per speaker; each render quantum pulls and mixes them, each voice
// at the listener's volume for that speaker. During "Test my microphone" the capture
// worklet's own upstream messages come here too, as speaker 0 (no user has id 0), so
// the user hears their voice through the same encoder, jitter buffer and decoder as
// everyone else does.
//
// The native bot (src/tools/bot) runs the same two classes.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "core/audio/capture_chain.hpp"
#include "core/audio/room_playback.hpp"
#include "core/protocol/audio_packet.hpp"

namespace {

namespace a = salotto::audio;
namespace p = salotto::protocol;

// The Web Audio render quantum; capture takes its input in pieces of this size.
constexpr int kQuantum = 128;

// ---- capture ----------------------------------------------------------------------

std::optional<a::CaptureChain> capture;
// Render quanta gather here into the chain's frames.
std::array<float, a::kMaxFrameSamples> capture_frame{};
int capture_filled = 0;
std::array<float, kQuantum> capture_in{};
std::array<std::uint8_t, p::kUpstreamHeaderBytes + a::kMaxPacketBytes> capture_out{};

// ---- playback ---------------------------------------------------------------------

// The statistics kept per speaker, in table order: each row of the stats table is
// these fields as consecutive 32-bit integers. The worklet reads the names and sizes
// from the exports below, so this list is their only definition.
#define SALOTTO_PLAYBACK_STATS(X)                                      \
    X(id)        /* the speaker's user id */                           \
    X(level)     /* loudest block played since the last read, 0-127 */ \
    X(playing)   /* 1 while the speaker's buffer plays out */          \
    X(depth_ms)  /* audio waiting in the jitter buffer */              \
    X(target_ms) /* the depth the buffer aims for */                   \
    X(jitter_ms) /* the arrival jitter it estimates */                 \
    X(received)                                                        \
    X(late)                                                            \
    X(concealed)                                                       \
    X(recovered)                                                       \
    X(dropped)                                                         \
    X(played)                                                          \
    X(delay_ms) /* the playout delay of the latest frame */

enum class Stat : int {
#define SALOTTO_STAT_ENUM(name) name,
    SALOTTO_PLAYBACK_STATS(SALOTTO_STAT_ENUM)
#undef SALOTTO_STAT_ENUM
        count
};
constexpr int kStatFields = static_cast<int>(Stat::count);
// "id,level,playing,...": the field names, comma-separated, for the worklet.
constexpr char kStatNames[] =
#define SALOTTO_STAT_NAME(name) #name ","
    SALOTTO_PLAYBACK_STATS(SALOTTO_STAT_NAME)
#undef SALOTTO_STAT_NAME
    ;
constexpr int kMaxSpeakers = a::RoomPlayback::kMaxSpeakers;

std::optional<a::RoomPlayback> playback;
std::array<std::uint8_t, 64 * 1024> playback_in{};
std::array<float, kQuantum> playback_out{};
std::array<a::SpeakerReport, kMaxSpeakers> reports{};
std::array<std::int32_t, kMaxSpeakers * kStatFields> stats_table{};

std::int32_t clamp32(std::uint64_t v) {
    return static_cast<std::int32_t>(std::min<std::uint64_t>(v, INT32_MAX));
}

}  // namespace

extern "C" {

// ---- capture exports --------------------------------------------------------------

// Starts (or restarts) the capture chain; returns 0, or an Opus error code (< 0).
EMSCRIPTEN_KEEPALIVE int capture_init(int frame_ms, int bitrate) {
    capture.emplace(a::CaptureConfig{.frame_ms = frame_ms == 20 ? 20 : 10, .bitrate = bitrate});
    capture_filled = 0;
    return capture->status().ok() ? 0 : capture->status().value;
}

// Where JS writes the next input samples (up to capture_input_size() of them).
EMSCRIPTEN_KEEPALIVE float* capture_input() {
    return capture_in.data();
}

EMSCRIPTEN_KEEPALIVE int capture_input_size() {
    return kQuantum;
}

// Where a finished upstream message is, after capture_push returned its size.
EMSCRIPTEN_KEEPALIVE std::uint8_t* capture_output() {
    return capture_out.data();
}

// The largest upstream message capture_push can leave in capture_output().
EMSCRIPTEN_KEEPALIVE int capture_output_size() {
    return static_cast<int>(capture_out.size());
}

// Takes the first `count` samples in capture_input() (a render quantum in the
// worklet, pieces of a track's chunks in the worker); returns the size of an upstream
// message now ready in capture_output(), or 0.
EMSCRIPTEN_KEEPALIVE int capture_push(int count) {
    if (!capture) return 0;
    const int frame_samples = capture->frame_samples();
    int result = 0;
    for (int i = 0; i < std::clamp(count, 0, kQuantum); ++i) {
        capture_frame[static_cast<std::size_t>(capture_filled++)] =
            capture_in[static_cast<std::size_t>(i)];
        // 480 is not a multiple of 128: a frame may finish mid-piece, and at most one
        // does per piece, since a frame is longer than a piece.
        if (capture_filled != frame_samples) continue;
        capture_filled = 0;
        const auto frame = capture->push(
            std::span<const float>(capture_frame.data(), static_cast<std::size_t>(frame_samples)));
        if (frame) result = static_cast<int>(p::write_upstream(*frame, capture_out));
    }
    return result;
}

// While muted, frames are counted but neither encoded nor sent.
EMSCRIPTEN_KEEPALIVE void capture_set_muted(int muted) {
    if (capture) capture->set_muted(muted != 0);
}

// The 0-127 level of the latest frame (0 while muted).
EMSCRIPTEN_KEEPALIVE int capture_level() {
    return capture ? capture->level() : 0;
}

// Whether the voice detector currently lets frames through.
EMSCRIPTEN_KEEPALIVE int capture_speaking() {
    return capture && capture->speaking() ? 1 : 0;
}

// ---- playback exports -------------------------------------------------------------

// Forgets every speaker; max_delay_ms caps each jitter buffer's target delay.
EMSCRIPTEN_KEEPALIVE void playback_init(int max_delay_ms) {
    playback.emplace(max_delay_ms > 0 ? max_delay_ms : 300);
}

// Where JS writes a downstream batch (up to playback_input_size() bytes).
EMSCRIPTEN_KEEPALIVE std::uint8_t* playback_input() {
    return playback_in.data();
}
EMSCRIPTEN_KEEPALIVE int playback_input_size() {
    return static_cast<int>(playback_in.size());
}

// Takes the batch of `size` bytes in playback_input() that arrived at `arrival_ms`
// (the worklet's clock); returns the number of frames, or -1 if it was malformed.
EMSCRIPTEN_KEEPALIVE int playback_push(int size, double arrival_ms) {
    if (!playback || size < 0 || size > static_cast<int>(playback_in.size())) return -1;
    const std::span<const std::uint8_t> message(playback_in.data(), static_cast<std::size_t>(size));
    int frames = 0;
    const bool ok = p::read_batch(message, [&](const p::AudioFrame& f) {
        playback->push(f, arrival_ms);
        ++frames;
    });
    return ok ? frames : -1;
}

// Takes the upstream message of `size` bytes in playback_input() (our own microphone,
// for the microphone test) as speaker 0's frame; returns 1, or -1 if malformed.
EMSCRIPTEN_KEEPALIVE int playback_push_own(int size, double arrival_ms) {
    if (!playback || size < 0 || size > static_cast<int>(playback_in.size())) return -1;
    auto frame = p::read_upstream(
        std::span<const std::uint8_t>(playback_in.data(), static_cast<std::size_t>(size)));
    if (!frame) return -1;
    frame->speaker = 0;
    playback->push(*frame, arrival_ms);
    return 1;
}

// Plays speaker `id` at `percent` % of their level (0-200); returns 0, or -1 when too
// many speakers already have a volume of their own.
EMSCRIPTEN_KEEPALIVE int playback_set_volume(double id, int percent) {
    if (!playback || !(id >= 0 && id <= UINT32_MAX)) return -1;
    return playback->set_gain(static_cast<std::uint32_t>(id), static_cast<float>(percent) / 100.0f)
               ? 0
               : -1;
}

// Mixes the next 128 samples of every speaker; returns where they are.
EMSCRIPTEN_KEEPALIVE float* playback_pull() {
    if (playback)
        playback->pull(playback_out);
    else
        playback_out.fill(0.0f);
    return playback_out.data();
}

// Fills the stats table and returns the number of speakers in it; resets the peaks
// and forgets speakers unheard for a minute. A row's fields: SALOTTO_PLAYBACK_STATS.
EMSCRIPTEN_KEEPALIVE int playback_stats() {
    if (!playback) return 0;
    const int n = playback->report(reports);
    for (int i = 0; i < n; ++i) {
        const a::SpeakerReport& r = reports[static_cast<std::size_t>(i)];
        std::int32_t* row = &stats_table[static_cast<std::size_t>(i * kStatFields)];
        const auto set = [row](Stat field, std::int32_t value) {
            row[static_cast<int>(field)] = value;
        };
        set(Stat::id, static_cast<std::int32_t>(r.id));
        set(Stat::level, r.level);
        set(Stat::playing, r.playing ? 1 : 0);
        set(Stat::depth_ms, r.jitter.depth_ms);
        set(Stat::target_ms, r.jitter.target_ms);
        set(Stat::jitter_ms, r.jitter.jitter_ms);
        set(Stat::received, clamp32(r.jitter.received));
        set(Stat::late, clamp32(r.jitter.late));
        set(Stat::concealed, clamp32(r.jitter.concealed));
        set(Stat::recovered, clamp32(r.jitter.recovered));
        set(Stat::dropped, clamp32(r.jitter.dropped));
        set(Stat::played, clamp32(r.jitter.played));
        set(Stat::delay_ms, r.jitter.delay_ms);
    }
    return n;
}

EMSCRIPTEN_KEEPALIVE std::int32_t* playback_stats_table() {
    return stats_table.data();
}

// The table's shape: fields per row, rows at most, and the fields' names
// (kStatNames, NUL-terminated ASCII).
EMSCRIPTEN_KEEPALIVE int playback_stat_fields() {
    return kStatFields;
}
EMSCRIPTEN_KEEPALIVE int playback_stat_rows() {
    return kMaxSpeakers;
}
EMSCRIPTEN_KEEPALIVE const char* playback_stat_names() {
    return kStatNames;
}

}  // extern "C"
