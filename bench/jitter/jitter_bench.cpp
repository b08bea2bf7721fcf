// How audio::JitterBuffer copes with loss and jitter: 60 s of voice-like Opus frames
// (10 ms and 20 ms) go through a simulated network (independent or bursty loss,
// uniform or spiky delay) into the buffer, which the playback clock pulls in
// 128-sample quanta, as the playback worklet does. Prints concealed %, FEC-recovered %
// (also as a share of the frames the network lost), late %, the added delay (the
// buffer's mean playout delay) and its average depth. Seeded: the seed is printed and
// can be passed back as argv[1].
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "bench/common/voice_signal.hpp"
#include "core/audio/jitter_buffer.hpp"
#include "core/audio/level_meter.hpp"
#include "core/audio/opus_codec.hpp"

namespace {

namespace audio = salotto::audio;

constexpr double kSeconds = 60.0;
constexpr double kBaseDelayMs = 30.0;  // one-way transit before jitter
constexpr int kQuantum = 128;          // the playback clock's block, as in an AudioWorklet

struct Packet {
    std::uint32_t timestamp = 0;
    std::uint16_t sequence = 0;  // every frame is sent, so sequence and frame index agree
    std::vector<std::uint8_t> data;
    int level = 0;
};

struct Arrival {
    double at_ms = 0;
    std::size_t packet = 0;
};

enum class LossModel { independent, bursty };
enum class DelayModel { uniform, spiky };

struct Scenario {
    double loss = 0;  // average loss rate
    LossModel loss_model = LossModel::independent;
    DelayModel delay_model = DelayModel::uniform;
};

std::vector<Packet> encode_all(int frame_ms, const std::vector<float>& signal) {
    audio::Encoder encoder({.bitrate = 32000, .frame_ms = frame_ms, .complexity = 9});
    const auto samples = static_cast<std::size_t>(encoder.frame_samples());
    std::vector<Packet> packets;
    std::vector<std::uint8_t> out(audio::kMaxPacketBytes);
    for (std::size_t i = 0; i + samples <= signal.size(); i += samples) {
        const auto pcm = std::span(signal).subspan(i, samples);
        const auto status = encoder.encode(pcm, out);
        if (!status.ok()) continue;
        packets.push_back({static_cast<std::uint32_t>(i),
                           static_cast<std::uint16_t>(packets.size()),
                           {out.begin(), out.begin() + status.value},
                           audio::frame_level(pcm)});
    }
    return packets;
}

// Which packets the network loses. Bursty: a two-state (Gilbert) model whose bad state
// loses every packet and lasts 4 packets on average, tuned to the same average loss.
std::vector<bool> losses(std::size_t count, const Scenario& s, std::mt19937& rng) {
    std::vector<bool> lost(count, false);
    std::uniform_real_distribution<double> u(0, 1);
    if (s.loss_model == LossModel::independent) {
        for (std::size_t i = 0; i < count; ++i) lost[i] = u(rng) < s.loss;
        return lost;
    }
    const double leave_bad = 0.25;
    const double enter_bad = s.loss >= 1 ? 1 : s.loss * leave_bad / (1 - s.loss);
    bool bad = false;
    for (std::size_t i = 0; i < count; ++i) {
        bad = bad ? u(rng) >= leave_bad : u(rng) < enter_bad;
        lost[i] = bad;
    }
    return lost;
}

// Extra one-way delay: uniform 0-20 ms, or spiky: mostly 0-5 ms with a 2 % chance of a
// spike that delays the next ~10 packets by up to 120 ms (a Wi-Fi stall), draining off.
std::vector<double> delays(std::size_t count, int frame_ms, const Scenario& s, std::mt19937& rng) {
    std::vector<double> out(count);
    std::uniform_real_distribution<double> u(0, 1);
    double stall = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (s.delay_model == DelayModel::uniform) {
            out[i] = 20.0 * u(rng);
            continue;
        }
        if (stall <= 0 && u(rng) < 0.02) stall = 40 + 80 * u(rng);
        out[i] = 5.0 * u(rng) + std::max(0.0, stall);
        stall -= frame_ms * 1.2;  // the queue drains a bit faster than real time
    }
    return out;
}

void run(int frame_ms, const std::vector<Packet>& packets, const Scenario& s, std::uint32_t seed,
         const char* label) {
    std::mt19937 rng(seed);
    const auto lost = losses(packets.size(), s, rng);
    const auto extra = delays(packets.size(), frame_ms, s, rng);
    std::vector<Arrival> arrivals;
    const auto lost_count = static_cast<double>(std::count(lost.begin(), lost.end(), true));
    for (std::size_t i = 0; i < packets.size(); ++i)
        if (!lost[i])
            arrivals.push_back({static_cast<double>(i) * frame_ms + kBaseDelayMs + extra[i], i});
    std::stable_sort(arrivals.begin(), arrivals.end(),
                     [](const Arrival& a, const Arrival& b) { return a.at_ms < b.at_ms; });

    audio::JitterBuffer buffer;
    std::vector<float> block(kQuantum);
    const double quantum_ms = static_cast<double>(kQuantum) / audio::kSamplesPerMs;
    std::size_t next = 0;
    double depth_sum = 0;
    std::uint64_t depth_samples = 0;
    const double end_ms = kSeconds * 1000 + kBaseDelayMs + 500;
    for (double now = 0; now < end_ms; now += quantum_ms) {
        for (; next < arrivals.size() && arrivals[next].at_ms <= now; ++next) {
            const Packet& p = packets[arrivals[next].packet];
            buffer.push(p.timestamp, p.sequence, p.data, p.level, arrivals[next].at_ms);
        }
        buffer.pull(block);
        if (buffer.playing()) {
            depth_sum += buffer.stats().depth_ms;
            ++depth_samples;
        }
    }
    const auto st = buffer.stats();
    const double frames = static_cast<double>(packets.size());
    const auto pct = [&](double v) { return 100.0 * v / frames; };
    const double recovered = static_cast<double>(st.recovered);
    std::printf(
        "jitter frame_ms=%-2d %-28s loss=%4.1f%% | concealed %5.2f%% recovered %5.2f%% "
        "(%3.0f%% of lost) late %5.2f%% dropped %5.2f%% | added delay %5.1f ms depth avg "
        "%5.1f ms target %3d ms jitter %3d ms\n",
        frame_ms, label, 100 * s.loss, pct(static_cast<double>(st.concealed)), pct(recovered),
        lost_count > 0 ? 100 * recovered / lost_count : 0.0, pct(static_cast<double>(st.late)),
        pct(static_cast<double>(st.dropped)), st.mean_delay_ms,
        depth_samples ? depth_sum / static_cast<double>(depth_samples) : 0.0, st.target_ms,
        st.jitter_ms);
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint32_t seed = argc > 1
                                   ? static_cast<std::uint32_t>(std::strtoul(argv[1], nullptr, 10))
                                   : std::random_device{}();
    std::printf("jitter seed=%u (rerun with: salotto-bench-jitter %u)\n", seed, seed);
    const auto signal = salotto::bench::voice_signal(kSeconds, seed);
    for (int frame_ms : {10, 20}) {
        const auto packets = encode_all(frame_ms, signal);
        for (double loss : {0.0, 0.05, 0.10, 0.20}) {
            run(frame_ms, packets, {loss, LossModel::independent, DelayModel::uniform}, seed,
                "random loss, jitter 0-20ms");
            run(frame_ms, packets, {loss, LossModel::bursty, DelayModel::spiky}, seed,
                "bursty loss, spiky jitter");
        }
    }
    return 0;
}
