// RAII wrappers over libopus for Salotto's voice format: 48 kHz mono, VOIP
// application, in-band FEC on, 10 ms or 20 ms frames.
//
// They keep Opus's error model: every call returns a status value carrying Opus's
// own code and message; nothing here throws or allocates per frame, so the audio
// path can call them from a real-time callback.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

struct OpusEncoder;
struct OpusDecoder;

namespace salotto::audio {

inline constexpr int kSampleRate = 48000;
inline constexpr int kSamplesPerMs = kSampleRate / 1000;
// The largest Opus packet we send or accept (Opus's own bound is 1275 bytes per frame).
inline constexpr std::size_t kMaxPacketBytes = 1275;
// The longest frame we decode in one call: 60 ms (Opus's maximum is 120 ms).
inline constexpr int kMaxFrameSamples = 60 * kSamplesPerMs;

// The outcome of an Opus call: a count (bytes or samples) or an Opus error code.
struct CodecStatus {
    int value = 0;  // >= 0: bytes written or samples decoded; < 0: an OPUS_* error
    bool ok() const { return value >= 0; }
    // Opus's message for the error, or "success".
    std::string_view message() const;
};

struct EncoderConfig {
    int bitrate = 32000;     // bits per second
    int frame_ms = 20;       // 10 or 20 (10 for people on stage: lowest latency)
    int complexity = 9;      // 0-10
    int expected_loss = 10;  // percent; steers how much FEC Opus spends
    bool dtx = false;        // discontinuous transmission during silence
};

class Encoder {
  public:
    // Creates an encoder; check status() before use.
    explicit Encoder(const EncoderConfig& config = {});

    CodecStatus status() const { return status_; }
    int frame_samples() const { return frame_samples_; }
    // Samples of look-ahead the encoder adds to the latency (about 6.5 ms).
    int lookahead_samples() const;

    // Encodes exactly frame_samples() mono samples in [-1, 1].
    //   pcm [in]  one frame
    //   out [out] the packet; its size bounds the packet
    // Returns the packet size in bytes. With DTX on, a packet of 1-2 bytes means
    // silence that needs no sending.
    CodecStatus encode(std::span<const float> pcm, std::span<std::uint8_t> out);

    CodecStatus set_bitrate(int bits_per_second);

  private:
    struct Deleter {
        void operator()(OpusEncoder* encoder) const;
    };
    std::unique_ptr<OpusEncoder, Deleter> encoder_;
    CodecStatus status_;
    int frame_samples_ = 0;
};

class Decoder {
  public:
    Decoder();

    CodecStatus status() const { return status_; }

    // Decodes a packet.
    //   packet [in]  one Opus packet
    //   pcm    [out] room for at least the packet's duration (kMaxFrameSamples is
    //                always enough)
    // Returns the number of samples written.
    CodecStatus decode(std::span<const std::uint8_t> packet, std::span<float> pcm);

    // Rebuilds a lost frame from the in-band FEC data of the packet that followed it.
    // (Opus 1.3 cannot tell whether a packet carries FEC data; without it, this
    // conceals like conceal() does.)
    //   next_packet [in]  the packet after the lost one
    //   pcm         [out] exactly the lost frame's duration
    CodecStatus decode_fec(std::span<const std::uint8_t> next_packet, std::span<float> pcm);

    // Conceals a lost frame (packet loss concealment); pcm.size() is the missing
    // duration and must be a multiple of 2.5 ms.
    CodecStatus conceal(std::span<float> pcm);

  private:
    struct Deleter {
        void operator()(OpusDecoder* decoder) const;
    };
    std::unique_ptr<OpusDecoder, Deleter> decoder_;
    CodecStatus status_;
};

// The number of samples an Opus packet decodes to at 48 kHz, or an error.
CodecStatus packet_samples(std::span<const std::uint8_t> packet);

}  // namespace salotto::audio
