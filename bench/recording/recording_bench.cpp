// Recording a room (docs/benchmarks.md, "Recording"): what it costs the server to
// record a room where two people speak at once, through the whole Service (the audio
// forwarder hands frames to the Recorder, whose thread decodes, mixes and encodes
// with libopusenc), paced like live audio.
//
// Runs the same two-speaker room twice, without and with recording, and prints the
// process's CPU time (every thread: the event loop's and the recorder's) per second of
// audio, and the difference as a share of one core. The target is at most 5 %.
// Speech-like signals are encoded before the clock starts, as the speakers' browsers
// would, in 10 ms frames (what people on stage send).
//
// Usage: salotto-bench-recording [--seconds N] [--speed X]
//   --speed: how many times faster than real time the audio is fed (default 5; the
//   recorder must keep up either way, and CPU per second of audio does not depend on it)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <numbers>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <spdlog/spdlog.h>

#include "bench/common/options.hpp"
#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"

using namespace salotto;
using namespace salotto::service;

namespace {

constexpr int kFrame = 10 * audio::kSamplesPerMs;

class RoomOutbox : public Outbox {
  public:
    void send(ConnectionId, std::string_view frame) override {
        if (!room.empty()) return;
        auto decoded = protocol::decode_event(frame);
        if (auto* event = std::get_if<protocol::Event>(&decoded))
            if (auto* state = std::get_if<protocol::RoomState>(event)) room = state->room.id;
    }
    void send_audio(ConnectionId, const AudioMessage&) override {}
    void disconnect(ConnectionId) override {}
    std::string room;
};

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// One speaker's upstream frames: a voice-like signal (two partials, a syllable
// envelope) at `pitch`, encoded as the client does (32 kbit/s, 10 ms, complexity 9).
std::vector<std::vector<std::uint8_t>> speech(int seconds, double pitch) {
    audio::Encoder encoder(audio::EncoderConfig{.frame_ms = 10});
    std::vector<float> pcm(kFrame);
    std::vector<std::uint8_t> packet(audio::kMaxPacketBytes);
    std::vector<std::vector<std::uint8_t>> frames;
    for (int f = 0; f < seconds * 100; ++f) {
        for (int i = 0; i < kFrame; ++i) {
            const double t = static_cast<double>(f * kFrame + i) / audio::kSampleRate;
            pcm[static_cast<std::size_t>(i)] =
                static_cast<float>(0.2 * (0.5 + 0.5 * std::sin(2 * std::numbers::pi * 3.5 * t)) *
                                   (std::sin(2 * std::numbers::pi * pitch * t) +
                                    0.4 * std::sin(2 * std::numbers::pi * pitch * 2.3 * t)));
        }
        const auto n = encoder.encode(pcm, packet);
        std::vector<std::uint8_t> frame(protocol::kUpstreamHeaderBytes +
                                        static_cast<std::size_t>(n.value));
        protocol::write_upstream(
            protocol::AudioFrame{
                0, static_cast<std::uint16_t>(f), static_cast<std::uint32_t>(f * kFrame), 80,
                std::span<const std::uint8_t>(packet).first(static_cast<std::size_t>(n.value))},
            frame);
        frames.push_back(std::move(frame));
    }
    return frames;
}

struct Result {
    double cpu_seconds = 0;
    std::int64_t replay_bytes = 0;
};

Result run(bool record, int seconds, double speed, const std::filesystem::path& dir,
           const std::vector<std::vector<std::uint8_t>>& ada,
           const std::vector<std::vector<std::uint8_t>>& bob) {
    std::int64_t now = 1'700'000'000;
    // The service's clock moves with the audio (20 ms a step), so its rate limits see
    // live speakers whatever the pace.
    auto steady = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    storage::Store store(":memory:");
    auth::Accounts accounts(store, auth::PasswordCost::minimum(), [&] { return now; });
    RoomOutbox outbox;
    Service service(accounts, store, outbox,
                    ServiceOptions{.steady_now = [&] { return steady; },
                                   .unix_now = [&] { return now; },
                                   .audience_batch = std::chrono::milliseconds(20),
                                   .offload = run_inline,
                                   .replay_dir = dir});
    auto send = [&](ConnectionId id, const protocol::Intent& intent) {
        service.text(id, protocol::encode(intent));
    };
    auto connect = [&](ConnectionId id, const std::string& handle) {
        service.open(id, "10.0.0." + std::to_string(id));
        send(id, protocol::Hello{protocol::kVersion, "bench"});
        send(id, protocol::Signup{accounts.create_bootstrap_invite().code, handle, handle,
                                  "password123"});
        send(id, protocol::StartAudio{});
    };
    connect(1, "ada");
    connect(2, "bob");
    send(1, protocol::CreateRoom{"Two speakers", protocol::RoomType::open});
    send(2, protocol::JoinRoom{outbox.room});
    send(2, protocol::RaiseHand{});
    send(1, protocol::InviteSpeaker{2});
    send(1, protocol::SetMute{false});
    send(2, protocol::SetMute{false});
    if (record) send(1, protocol::StartRecording{});

    // Both speak at once for the whole run: the recorder's worst case. Every 20 ms of
    // audio, four frames go in and the audio flush runs, paced at `speed`.
    const auto step = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(0.02 / speed));
    auto next = std::chrono::steady_clock::now();
    const double before = cpu_seconds();
    for (int f = 0; f + 1 < seconds * 100; f += 2) {
        for (int k = 0; k < 2; ++k) {
            service.binary(1, ada[static_cast<std::size_t>(f + k)]);
            service.binary(2, bob[static_cast<std::size_t>(f + k)]);
        }
        steady += std::chrono::milliseconds(20);
        service.flush_audio();
        next += step;
        std::this_thread::sleep_until(next);
    }
    if (record) send(1, protocol::StopRecording{});  // finishes the file (run_inline)
    const double cpu = cpu_seconds() - before;
    Result result{cpu, 0};
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        result.replay_bytes += static_cast<std::int64_t>(entry.file_size());
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const int seconds = std::stoi(bench::option(args, "--seconds", "60"));
    const double speed = std::stod(bench::option(args, "--speed", "5"));
    spdlog::set_level(spdlog::level::warn);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("salotto-bench-recording-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    std::printf("recording: 2 speakers talking at once, %d s of audio fed at %.1fx real time\n",
                seconds, speed);
    const auto ada = speech(seconds, 180);
    const auto bob = speech(seconds, 260);
    const Result plain = run(false, seconds, speed, dir, ada, bob);
    const Result recorded = run(true, seconds, speed, dir, ada, bob);
    std::filesystem::remove_all(dir);

    const auto share = [&](double cpu) { return 100.0 * cpu / seconds; };
    std::printf("%-28s %22s\n", "", "CPU % of a core (audio)");
    std::printf("%-28s %22.2f\n", "forwarding only", share(plain.cpu_seconds));
    std::printf("%-28s %22.2f\n", "forwarding + recording", share(recorded.cpu_seconds));
    std::printf("recording costs %.2f %% of a core (target <= 5 %%); replay %.1f KB/min\n",
                share(recorded.cpu_seconds - plain.cpu_seconds),
                static_cast<double>(recorded.replay_bytes) / 1024.0 * 60.0 / seconds);
    return 0;
}
