// Opus encode and decode cost of Salotto's voice format (48 kHz mono, 32 kbps,
// complexity 9, FEC on) for 20 ms and 10 ms frames. The same source builds natively
// and with emcc, so bench/codec.sh can compare WASM under Node with native code.
// Prints one line per frame size: "codec <variant> frame_ms=F encode_ms=E decode_ms=D".
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

#include "bench/common/voice_signal.hpp"
#include "core/audio/opus_codec.hpp"

#ifndef SALOTTO_BENCH_VARIANT
#define SALOTTO_BENCH_VARIANT "native"
#endif

namespace {

using Clock = std::chrono::steady_clock;
namespace audio = salotto::audio;

constexpr double kSeconds = 20.0;  // of audio per measurement
constexpr int kRounds = 3;         // the best round counts (least disturbed by neighbours)

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int run(int frame_ms, const std::vector<float>& signal) {
    double best_encode = 1e9, best_decode = 1e9;
    std::size_t frames = 0;
    for (int round = 0; round < kRounds; ++round) {
        audio::Encoder encoder({.bitrate = 32000, .frame_ms = frame_ms, .complexity = 9});
        audio::Decoder decoder;
        if (!encoder.status().ok() || !decoder.status().ok()) {
            std::fprintf(stderr, "codec: cannot create the Opus encoder or decoder\n");
            return 1;
        }
        const auto samples = static_cast<std::size_t>(encoder.frame_samples());
        frames = signal.size() / samples;
        std::vector<std::uint8_t> packets(frames * audio::kMaxPacketBytes);
        std::vector<int> sizes(frames);
        const auto encode_start = Clock::now();
        for (std::size_t i = 0; i < frames; ++i) {
            const auto status = encoder.encode(
                std::span(signal).subspan(i * samples, samples),
                std::span(packets).subspan(i * audio::kMaxPacketBytes, audio::kMaxPacketBytes));
            if (!status.ok()) return std::fprintf(stderr, "codec: encode failed\n"), 1;
            sizes[i] = status.value;
        }
        best_encode = std::min(best_encode, ms_since(encode_start) / static_cast<double>(frames));

        std::vector<float> pcm(audio::kMaxFrameSamples);
        const auto decode_start = Clock::now();
        for (std::size_t i = 0; i < frames; ++i) {
            const auto packet = std::span<const std::uint8_t>(packets).subspan(
                i * audio::kMaxPacketBytes, static_cast<std::size_t>(sizes[i]));
            if (!decoder.decode(packet, pcm).ok())
                return std::fprintf(stderr, "codec: decode failed\n"), 1;
        }
        best_decode = std::min(best_decode, ms_since(decode_start) / static_cast<double>(frames));
    }
    std::printf("codec %s frame_ms=%d frames=%zu encode_ms=%.4f decode_ms=%.4f\n",
                SALOTTO_BENCH_VARIANT, frame_ms, frames, best_encode, best_decode);
    return 0;
}

}  // namespace

int main() {
    const auto signal = salotto::bench::voice_signal(kSeconds);
    for (int frame_ms : {20, 10})
        if (int rc = run(frame_ms, signal); rc != 0) return rc;
    return 0;
}
