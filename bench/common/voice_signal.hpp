// A deterministic voice-like test signal for the audio benchmarks: a glottal-ish
// harmonic series whose pitch glides, shaped by two formant-like resonances, gated
// into syllables and words, with a little breath noise. It keeps Opus's speech
// paths busy the way a talker does, without shipping a recording.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace salotto::bench {

// `seconds` of 48 kHz mono samples in [-1, 1]; the same seed gives the same signal.
inline std::vector<float> voice_signal(double seconds, std::uint32_t seed = 1) {
    constexpr double kRate = 48000.0;
    const auto total = static_cast<std::size_t>(seconds * kRate);
    std::vector<float> out(total);
    std::uint32_t noise_state = seed * 2654435761u + 1;
    double phase = 0.0;
    double low = 0.0, band = 0.0;  // a state-variable filter: the moving formant
    for (std::size_t i = 0; i < total; ++i) {
        const double t = static_cast<double>(i) / kRate;
        const double pitch = 140.0 + 40.0 * std::sin(2 * std::numbers::pi * 0.7 * t) +
                             15.0 * std::sin(2 * std::numbers::pi * 3.1 * t);
        phase += pitch / kRate;
        phase -= std::floor(phase);
        double voiced = 0.0;
        for (int h = 1; h <= 20; ++h) voiced += std::sin(2 * std::numbers::pi * h * phase) / h;
        noise_state = noise_state * 1664525u + 1013904223u;
        const double noise = static_cast<double>(noise_state >> 8) / (1 << 24) - 0.5;
        // Formant sweeping between 500 Hz and 2 kHz, as vowels change.
        const double formant = 1250.0 + 750.0 * std::sin(2 * std::numbers::pi * 2.3 * t);
        const double f = 2.0 * std::sin(std::numbers::pi * formant / kRate);
        const double input = voiced * 0.6 + noise * 0.2;
        low += f * band;
        const double high = input - low - 0.3 * band;
        band += f * high;
        // Syllables at ~4 Hz inside words of ~1.5 s separated by short pauses.
        const double syllable = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * 4.0 * t);
        const double word = std::fmod(t, 1.9) < 1.5 ? 1.0 : 0.02;
        out[i] = static_cast<float>(0.25 * (0.6 * input + 0.4 * band) * syllable * word);
    }
    return out;
}

}  // namespace salotto::bench
