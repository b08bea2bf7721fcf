// The codec module that runs inside the browser's AudioWorklets (salotto-audio.wasm).
//
// Emscripten 3.1.6 has no Wasm Audio Worklets, so the worklet processors are plain JS
// (web/capture-worklet.js, web/playback-worklet.js) and each instantiates this small
// STANDALONE_WASM module: no JS glue, only WASI stubs as imports, no allocation from JS.
// The JS side exchanges data through the static buffers whose addresses the exported
// functions return. One instance does either capture or playback (docs/audio.md).
//
// Capture: 128-sample render quanta accumulate into 10 ms (or 20 ms) frames, which are
// encoded as upstream frames (docs/protocol.md, "Audio frames") unless the voice
// detector hears silence; the sample clock runs on through silence and mute so the
// listener's jitter buffer sees the gap as the end of a talk spurt.
//
// Playback: downstream batches go into one JitterBuffer per speaker; each render
// quantum pulls every speaker and mixes them.
#include <emscripten/emscripten.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "core/audio/jitter_buffer.hpp"
#include "core/audio/level_meter.hpp"
#include "core/audio/mixer.hpp"
#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"

namespace {

namespace a = salotto::audio;
namespace p = salotto::protocol;

// The Web Audio render quantum.
constexpr int kQuantum = 128;

// ---- capture ----------------------------------------------------------------------

struct Capture {
    std::optional<a::Encoder> encoder;
    a::VoiceDetector voice{a::VoiceConfig{}};
    std::array<float, a::kMaxFrameSamples> frame{};
    int filled = 0;
    int frame_ms = 10;
    std::uint32_t clock = 0;  // 48 kHz sample clock of frame[0]
    std::uint16_t sequence = 0;
    int level = 0;  // level of the latest frame, sent or not
    bool muted = false;
};

Capture capture;
std::array<float, kQuantum> capture_in{};
std::array<std::uint8_t, p::kUpstreamHeaderBytes + a::kMaxPacketBytes> capture_out{};
std::array<std::uint8_t, a::kMaxPacketBytes> opus_packet{};

// Encodes the full frame; returns the upstream message size, 0 when nothing is sent.
int finish_frame() {
    const int samples = capture.filled;
    capture.filled = 0;
    const std::uint32_t timestamp = capture.clock;
    capture.clock += static_cast<std::uint32_t>(samples);
    std::span<const float> pcm(capture.frame.data(), static_cast<std::size_t>(samples));
    capture.level = capture.muted ? 0 : a::frame_level(pcm);
    // The detector keeps a short hangover, so word gaps and the tail of a word are sent.
    if (capture.muted || !capture.voice.update(capture.level, capture.frame_ms)) return 0;
    const auto encoded = capture.encoder->encode(pcm, opus_packet);
    if (!encoded.ok()) return 0;
    const p::AudioFrame frame{
        .sequence = capture.sequence++,
        .timestamp = timestamp,
        .level = static_cast<std::uint8_t>(capture.level),
        .payload = std::span<const std::uint8_t>(opus_packet.data(),
                                                 static_cast<std::size_t>(encoded.value)),
    };
    return static_cast<int>(p::write_upstream(frame, capture_out));
}

// ---- playback ---------------------------------------------------------------------

// Speakers heard at once; a stage rarely has more. When all slots are taken the one
// silent for longest gives its slot to a new voice.
constexpr int kMaxSpeakers = 16;
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

struct Speaker {
    std::uint32_t id = 0;
    std::optional<a::JitterBuffer> buffer;
    double last_arrival_ms = 0;
    int peak_level = 0;  // loudest block played since the last stats read
};

std::array<Speaker, kMaxSpeakers> speakers;
std::array<std::uint8_t, 64 * 1024> playback_in{};
std::array<float, kQuantum> playback_out{};
std::array<float, kQuantum> voice{};
std::array<std::int32_t, kMaxSpeakers * kStatFields> stats_table{};
a::Mixer mixer;
int jitter_max_ms = 300;
// The latest arrival of any speaker's frame: the playback's notion of "now".
double latest_arrival_ms = 0;
// A speaker unheard for this long while others talk gives up its slot (and leaves
// the stats): they left the stage or the room.
constexpr double kForgetSpeakerMs = 60000;

Speaker* speaker_for(std::uint32_t id, double now_ms) {
    Speaker* free_slot = nullptr;
    for (auto& s : speakers) {
        if (s.buffer && s.id == id) return &s;
        if (!s.buffer && !free_slot) free_slot = &s;
    }
    if (!free_slot) {
        free_slot = &*std::min_element(speakers.begin(), speakers.end(),
                                       [](const Speaker& x, const Speaker& y) {
                                           return x.last_arrival_ms < y.last_arrival_ms;
                                       });
    }
    free_slot->id = id;
    free_slot->buffer.emplace(a::JitterConfig{.max_delay_ms = jitter_max_ms});
    free_slot->last_arrival_ms = now_ms;
    free_slot->peak_level = 0;
    return free_slot;
}

std::int32_t clamp32(std::uint64_t v) {
    return static_cast<std::int32_t>(std::min<std::uint64_t>(v, INT32_MAX));
}

}  // namespace

extern "C" {

// ---- capture exports --------------------------------------------------------------

// Starts (or restarts) the encoder; returns 0, or an Opus error code (< 0).
EMSCRIPTEN_KEEPALIVE int capture_init(int frame_ms, int bitrate) {
    capture = Capture{};
    capture.frame_ms = frame_ms == 20 ? 20 : 10;
    capture.encoder.emplace(a::EncoderConfig{.bitrate = bitrate, .frame_ms = capture.frame_ms});
    return capture.encoder->status().ok() ? 0 : capture.encoder->status().value;
}

// Where JS writes the next 128 input samples.
EMSCRIPTEN_KEEPALIVE float* capture_input() {
    return capture_in.data();
}

// Where a finished upstream message is, after capture_push returned its size.
EMSCRIPTEN_KEEPALIVE std::uint8_t* capture_output() {
    return capture_out.data();
}

// Takes the 128 samples in capture_input(); returns the size of an upstream message
// now ready in capture_output(), or 0.
EMSCRIPTEN_KEEPALIVE int capture_push() {
    if (!capture.encoder) return 0;
    const int frame_samples = capture.frame_ms * a::kSamplesPerMs;
    int result = 0;
    for (int i = 0; i < kQuantum; ++i) {
        capture.frame[static_cast<std::size_t>(capture.filled++)] = capture_in[i];
        // 480 is not a multiple of 128: a frame may finish mid-quantum, and at most
        // one does per quantum, since a frame is longer than a quantum.
        if (capture.filled == frame_samples) result = finish_frame();
    }
    return result;
}

// While muted, frames are counted but neither encoded nor sent.
EMSCRIPTEN_KEEPALIVE void capture_set_muted(int muted) {
    capture.muted = muted != 0;
}

// The 0-127 level of the latest frame (0 while muted).
EMSCRIPTEN_KEEPALIVE int capture_level() {
    return capture.level;
}

// Whether the voice detector currently lets frames through.
EMSCRIPTEN_KEEPALIVE int capture_speaking() {
    return capture.voice.speaking() ? 1 : 0;
}

// ---- playback exports -------------------------------------------------------------

// Forgets every speaker; max_delay_ms caps each jitter buffer's target delay.
EMSCRIPTEN_KEEPALIVE void playback_init(int max_delay_ms) {
    for (auto& s : speakers) s = Speaker{};
    jitter_max_ms = max_delay_ms > 0 ? max_delay_ms : 300;
    latest_arrival_ms = 0;
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
    if (size < 0 || size > static_cast<int>(playback_in.size())) return -1;
    const std::span<const std::uint8_t> message(playback_in.data(), static_cast<std::size_t>(size));
    int frames = 0;
    const bool ok = p::read_batch(message, [&](const p::AudioFrame& f) {
        Speaker* s = speaker_for(f.speaker, arrival_ms);
        s->last_arrival_ms = arrival_ms;
        latest_arrival_ms = std::max(latest_arrival_ms, arrival_ms);
        s->buffer->push(f.timestamp, f.payload, f.level, arrival_ms);
        ++frames;
    });
    return ok ? frames : -1;
}

// Mixes the next 128 samples of every speaker; returns where they are.
EMSCRIPTEN_KEEPALIVE float* playback_pull() {
    mixer.begin(playback_out);
    for (auto& s : speakers) {
        if (!s.buffer) continue;
        s.buffer->pull(voice);
        if (!s.buffer->playing()) continue;
        s.peak_level = std::max(s.peak_level, a::frame_level(voice));
        mixer.add(voice);
    }
    return mixer.finish().data();
}

// Fills the stats table and returns the number of speakers in it; resets the peaks
// and forgets speakers unheard for a minute. A row's fields: SALOTTO_PLAYBACK_STATS.
EMSCRIPTEN_KEEPALIVE int playback_stats() {
    int n = 0;
    for (auto& s : speakers) {
        if (s.buffer && !s.buffer->playing() &&
            latest_arrival_ms - s.last_arrival_ms > kForgetSpeakerMs)
            s = Speaker{};
        if (!s.buffer) continue;
        const a::JitterStats st = s.buffer->stats();
        std::int32_t* row = &stats_table[static_cast<std::size_t>(n * kStatFields)];
        const auto set = [row](Stat field, std::int32_t value) {
            row[static_cast<int>(field)] = value;
        };
        set(Stat::id, static_cast<std::int32_t>(s.id));
        set(Stat::level, s.peak_level);
        set(Stat::playing, s.buffer->playing() ? 1 : 0);
        set(Stat::depth_ms, st.depth_ms);
        set(Stat::target_ms, st.target_ms);
        set(Stat::jitter_ms, st.jitter_ms);
        set(Stat::received, clamp32(st.received));
        set(Stat::late, clamp32(st.late));
        set(Stat::concealed, clamp32(st.concealed));
        set(Stat::recovered, clamp32(st.recovered));
        set(Stat::dropped, clamp32(st.dropped));
        set(Stat::played, clamp32(st.played));
        set(Stat::delay_ms, st.delay_ms);
        s.peak_level = 0;
        ++n;
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
