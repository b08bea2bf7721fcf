// Fuzz target: the binary audio frame readers (core/protocol/audio_packet.hpp).
//
// The input is read both as an upstream frame (speaker -> server) and as a
// downstream batch (server -> listener). Properties:
//   - an upstream frame that reads writes back to exactly the same bytes, and its
//     fields are in range;
//   - a batch that validates delivers the frame count it validated, each frame's
//     payload lies inside the message, and rebuilding the batch with BatchWriter
//     gives exactly the same bytes;
//   - a batch that does not validate delivers nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "fuzz_support.hpp"

using namespace salotto;
using namespace salotto::protocol;

namespace {

bool inside(std::span<const std::uint8_t> part, std::span<const std::uint8_t> whole) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void upstream(std::span<const std::uint8_t> message) {
    const auto frame = read_upstream(message);
    if (!frame) return;
    fuzz::check(frame->level <= 127, "upstream level above 127");
    fuzz::check(!frame->payload.empty() && frame->payload.size() <= kMaxAudioPayload,
                "upstream payload size out of range");
    fuzz::check(inside(frame->payload, message), "upstream payload outside the message");
    std::vector<std::uint8_t> again(message.size() + 16);
    const std::size_t written = write_upstream(*frame, again);
    fuzz::check(
        written == message.size() && std::equal(message.begin(), message.end(), again.begin()),
        "an upstream frame does not write back to the same bytes");
}

void downstream(std::span<const std::uint8_t> message) {
    const auto count = validate_batch(message);
    std::vector<AudioFrame> frames;
    const bool read = read_batch(message, [&](const AudioFrame& f) { frames.push_back(f); });
    fuzz::check(read == count.has_value(), "read_batch and validate_batch disagree");
    if (!read) {
        fuzz::check(frames.empty(), "a malformed batch delivered frames");
        return;
    }
    fuzz::check(frames.size() == *count && *count >= 1 && *count <= kMaxBatchFrames,
                "a batch delivered a different frame count");
    std::vector<std::uint8_t> buffer(message.size() + 16);
    BatchWriter writer(buffer);
    for (const auto& frame : frames) {
        fuzz::check(inside(frame.payload, message), "a batch payload lies outside the message");
        fuzz::check(frame.level <= 127, "a batch level above 127");
        fuzz::check(writer.add(frame), "a frame read from a batch cannot be written back");
    }
    const auto rebuilt = writer.message();
    fuzz::check(rebuilt.size() == message.size() &&
                    std::equal(message.begin(), message.end(), rebuilt.begin()),
                "a batch does not rebuild to the same bytes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> message(data, size);
    upstream(message);
    downstream(message);
    return 0;
}
