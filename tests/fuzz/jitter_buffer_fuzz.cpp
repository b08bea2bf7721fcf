// Fuzz target: the jitter buffer's packet input (core/audio/jitter_buffer.hpp).
//
// The packets a listener's jitter buffer gets come from another person's client, so
// their timestamps, sizes, levels and payloads are anyone's; arrival times and pulls
// follow the receiver's own clock. The input is a config byte, then operations:
//
//   push: op byte (bit 0 clear), then
//         bits 1-2 choose the timestamp: 0 the next frame after the last push, 1 a step
//           of int8 x 2.5 ms from it (reordering), 2 a raw 32-bit delta (wrap, jumps),
//           3 the same timestamp again (a duplicate);
//         bit 3 chooses the arrival step: clear, one byte x 0.5 ms; set, two bytes of ms;
//         then the level byte (7 bits), a length byte and that many payload bytes
//         (the first is the Opus TOC byte).
//   pull: op byte (bit 0 set); bits 1-2 choose 128 (a worklet quantum), 480, 960, or
//         (next byte + 1) x 8 samples. The receiver's clock advances by what is pulled.
//
// Properties: no sanitizer finding; every sample pulled is finite; the stats stay
// in range (target between 0 and the configured ceiling, no negative depth or jitter,
// counts never decrease).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/audio/jitter_buffer.hpp"
#include "core/audio/opus_codec.hpp"
#include "fuzz_support.hpp"

using namespace salotto;
using namespace salotto::audio;

namespace {

class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> data) : data_(data) {}
    bool empty() const { return data_.empty(); }
    std::uint8_t byte() {
        if (data_.empty()) return 0;
        const std::uint8_t b = data_.front();
        data_ = data_.subspan(1);
        return b;
    }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = (v << 8) | byte();
        return v;
    }
    std::span<const std::uint8_t> bytes(std::size_t n) {
        n = std::min(n, data_.size());
        const auto out = data_.first(n);
        data_ = data_.subspan(n);
        return out;
    }

  private:
    std::span<const std::uint8_t> data_;
};

void check_stats(const JitterStats& now, const JitterStats& before, const JitterConfig& config) {
    fuzz::check(now.target_ms >= 0 && now.target_ms <= config.max_delay_ms,
                "target delay out of range");
    fuzz::check(now.jitter_ms >= 0, "negative jitter");
    fuzz::check(now.depth_ms >= 0, "negative depth");
    fuzz::check(now.received >= before.received && now.late >= before.late &&
                    now.duplicate >= before.duplicate && now.concealed >= before.concealed &&
                    now.recovered >= before.recovered && now.dropped >= before.dropped &&
                    now.overflow >= before.overflow && now.played >= before.played &&
                    now.decode_errors >= before.decode_errors,
                "a counter went down");
    fuzz::check(std::isfinite(now.mean_delay_ms) && std::isfinite(now.expanded_ms),
                "a delay figure is not finite");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Reader in(std::span<const std::uint8_t>(data, size));
    const std::uint8_t c = in.byte();
    JitterConfig config;
    config.min_delay_ms = (c & 3) * 20;
    config.max_delay_ms = (c & 4) ? 80 : 300;
    config.max_concealed_run = ((c >> 3) & 15) + 1;
    config.quiet_level = (c >> 7) ? 127 : 20;

    JitterBuffer buffer(config);
    std::vector<float> out;
    double now_ms = 1000;
    std::uint32_t timestamp = 0;
    std::uint16_t sequence = 0;  // counts packets; timestamp jumps between them are held back
    int last_samples = 960;
    JitterStats before = buffer.stats();

    while (!in.empty()) {
        const std::uint8_t op = in.byte();
        if ((op & 1) == 0) {
            switch ((op >> 1) & 3) {
                case 0:
                    timestamp += static_cast<std::uint32_t>(last_samples);
                    break;
                case 1:
                    timestamp +=
                        static_cast<std::uint32_t>(static_cast<std::int8_t>(in.byte()) * 120);
                    break;
                case 2:
                    timestamp += in.u32();
                    break;
                default:
                    break;
            }
            if (op & 8) {
                const int high = in.byte();
                now_ms += high * 256 + in.byte();
            } else {
                now_ms += in.byte() * 0.5;
            }
            const int level = in.byte() & 127;
            const auto packet = in.bytes(in.byte());
            const CodecStatus samples = packet_samples(packet);
            if (samples.ok() && samples.value > 0) last_samples = samples.value;
            buffer.push(timestamp, sequence++, packet, level, now_ms);
        } else {
            std::size_t n = 0;
            switch ((op >> 1) & 3) {
                case 0:
                    n = 128;
                    break;
                case 1:
                    n = 480;
                    break;
                case 2:
                    n = 960;
                    break;
                default:
                    n = (static_cast<std::size_t>(in.byte()) + 1) * 8;
                    break;
            }
            out.assign(n, 0.5f);
            buffer.pull(out);
            for (float sample : out)
                fuzz::check(std::isfinite(sample), "a pulled sample is not finite");
            now_ms += static_cast<double>(n) / kSamplesPerMs;
        }
        const JitterStats stats = buffer.stats();
        check_stats(stats, before, config);
        before = stats;
    }
    return 0;
}
