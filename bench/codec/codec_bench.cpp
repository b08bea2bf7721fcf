// Opus encode and decode cost of Salotto's voice format (48 kHz mono, 32 kbps,
// complexity 9, FEC on) for 20 ms and 10 ms frames. The same source builds natively
// and with emcc, so bench/codec.sh can compare WASM under Node with native code.
// Prints one line per frame size: "codec <variant> frame_ms=F frames=N encode_ms=E
// decode_ms=D encode_cpu_ms=EC decode_cpu_ms=DC bytes=B input_hash=I packet_hash=P snr_db=S". The
// hashes (FNV-1a over the input samples and over the packets) show whether two builds encode
// bit-identically (comparable only when their input hashes agree: libm may differ); snr_db compares
// the decoded signal with the input, shifted by the encoder's look-ahead, as a sanity check.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#include "bench/common/voice_signal.hpp"
#include "core/audio/opus_codec.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#else
#include <ctime>
#endif

#ifndef SALOTTO_BENCH_VARIANT
#define SALOTTO_BENCH_VARIANT "native"
#endif

namespace {

using Clock = std::chrono::steady_clock;
namespace audio = salotto::audio;

constexpr double kSeconds = 20.0;  // of audio per measurement
constexpr int kRounds = 5;         // the best round counts (least disturbed by neighbours)

// CPU time of the whole process in ms. On a shared machine it leaves out the time the
// benchmark waits for a core; under Node it includes V8's helper threads (compiler, GC),
// which only counts against WASM.
#ifdef __EMSCRIPTEN__
EM_JS(double, process_cpu_ms, (), {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
});
#else
double process_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}
#endif

// Wall-clock and CPU time since construction, in ms.
class Stopwatch {
  public:
    double wall_ms() const {
        return std::chrono::duration<double, std::milli>(Clock::now() - wall_start_).count();
    }
    double cpu_ms() const { return process_cpu_ms() - cpu_start_; }

  private:
    Clock::time_point wall_start_ = Clock::now();
    double cpu_start_ = process_cpu_ms();
};

// The least time per frame seen over the rounds, wall-clock and CPU.
struct Best {
    double wall_ms = 1e9, cpu_ms = 1e9;
    void update(const Stopwatch& watch, std::size_t frames) {
        wall_ms = std::min(wall_ms, watch.wall_ms() / static_cast<double>(frames));
        cpu_ms = std::min(cpu_ms, watch.cpu_ms() / static_cast<double>(frames));
    }
};

// FNV-1a, 64 bits.
class Hash {
  public:
    void add(std::uint8_t byte) { value_ = (value_ ^ byte) * 0x100000001b3u; }
    void add(float sample) {  // emcc 3.1.6's libc++ has no std::bit_cast
        std::uint32_t bits = 0;
        std::memcpy(&bits, &sample, sizeof bits);
        for (int shift = 0; shift < 32; shift += 8) add(static_cast<std::uint8_t>(bits >> shift));
    }
    std::uint64_t value() const { return value_; }

  private:
    std::uint64_t value_ = 0xcbf29ce484222325u;
};

// Signal-to-noise ratio of `decoded` against `input` delayed by `delay` samples.
double snr_db(const std::vector<float>& input, const std::vector<float>& decoded,
              std::size_t delay) {
    double signal = 0.0, noise = 0.0;
    for (std::size_t i = delay; i < decoded.size(); ++i) {
        const double reference = input[i - delay];
        signal += reference * reference;
        noise += (decoded[i] - reference) * (decoded[i] - reference);
    }
    return 10.0 * std::log10(signal / std::max(noise, 1e-30));
}

int run(int frame_ms, const std::vector<float>& signal) {
    Best encode, decode;
    std::size_t frames = 0, bytes = 0;
    Hash input_hash, packet_hash;
    for (float sample : signal) input_hash.add(sample);
    std::vector<float> decoded;
    int lookahead = 0;
    for (int round = 0; round < kRounds; ++round) {
        audio::Encoder encoder({.bitrate = 32000, .frame_ms = frame_ms, .complexity = 9});
        audio::Decoder decoder;
        if (!encoder.status().ok() || !decoder.status().ok()) {
            std::fprintf(stderr, "codec: cannot create the Opus encoder or decoder\n");
            return 1;
        }
        const auto samples = static_cast<std::size_t>(encoder.frame_samples());
        lookahead = encoder.lookahead_samples();
        frames = signal.size() / samples;
        decoded.assign(frames * samples, 0.0f);
        std::vector<std::uint8_t> packets(frames * audio::kMaxPacketBytes);
        std::vector<int> sizes(frames);
        const Stopwatch encode_watch;
        for (std::size_t i = 0; i < frames; ++i) {
            const auto status = encoder.encode(
                std::span(signal).subspan(i * samples, samples),
                std::span(packets).subspan(i * audio::kMaxPacketBytes, audio::kMaxPacketBytes));
            if (!status.ok()) return std::fprintf(stderr, "codec: encode failed\n"), 1;
            sizes[i] = status.value;
        }
        encode.update(encode_watch, frames);

        const Stopwatch decode_watch;
        for (std::size_t i = 0; i < frames; ++i) {
            const auto packet = std::span<const std::uint8_t>(packets).subspan(
                i * audio::kMaxPacketBytes, static_cast<std::size_t>(sizes[i]));
            if (!decoder.decode(packet, std::span(decoded).subspan(i * samples, samples)).ok())
                return std::fprintf(stderr, "codec: decode failed\n"), 1;
        }
        decode.update(decode_watch, frames);

        if (round == 0) {
            for (std::size_t i = 0; i < frames; ++i) {
                const auto size = static_cast<std::size_t>(sizes[i]);
                bytes += size;
                for (std::uint8_t byte :
                     std::span(packets).subspan(i * audio::kMaxPacketBytes, size))
                    packet_hash.add(byte);
            }
        }
    }
    std::printf(
        "codec %s frame_ms=%d frames=%zu encode_ms=%.4f decode_ms=%.4f encode_cpu_ms=%.4f "
        "decode_cpu_ms=%.4f bytes=%zu input_hash=%016llx packet_hash=%016llx snr_db=%.2f\n",
        SALOTTO_BENCH_VARIANT, frame_ms, frames, encode.wall_ms, decode.wall_ms, encode.cpu_ms,
        decode.cpu_ms, bytes, static_cast<unsigned long long>(input_hash.value()),
        static_cast<unsigned long long>(packet_hash.value()),
        snr_db(signal, decoded, static_cast<std::size_t>(lookahead)));
    return 0;
}

}  // namespace

int main() {
    const auto signal = salotto::bench::voice_signal(kSeconds);
    for (int frame_ms : {20, 10})
        if (int rc = run(frame_ms, signal); rc != 0) return rc;
    return 0;
}
