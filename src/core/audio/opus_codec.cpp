// libopus wrappers; see opus_codec.hpp.
#include "core/audio/opus_codec.hpp"

#include <opus.h>

namespace salotto::audio {

std::string_view CodecStatus::message() const {
    return opus_strerror(value < 0 ? value : 0);
}

void Encoder::Deleter::operator()(OpusEncoder* encoder) const {
    opus_encoder_destroy(encoder);
}
void Decoder::Deleter::operator()(OpusDecoder* decoder) const {
    opus_decoder_destroy(decoder);
}

Encoder::Encoder(const EncoderConfig& config) {
    if (config.frame_ms != 10 && config.frame_ms != 20) {
        status_.value = OPUS_BAD_ARG;
        return;
    }
    frame_samples_ = config.frame_ms * kSamplesPerMs;
    int error = OPUS_OK;
    encoder_.reset(opus_encoder_create(kSampleRate, 1, OPUS_APPLICATION_VOIP, &error));
    if (error != OPUS_OK || !encoder_) {
        encoder_.reset();
        status_.value = error != OPUS_OK ? error : OPUS_ALLOC_FAIL;
        return;
    }
    OpusEncoder* e = encoder_.get();
    // Each setting is checked: a wrong value is a programming error worth surfacing.
    for (int result : {opus_encoder_ctl(e, OPUS_SET_BITRATE(config.bitrate)),
                       opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(config.complexity)),
                       opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)),
                       opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(1)),
                       opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(config.expected_loss)),
                       opus_encoder_ctl(e, OPUS_SET_DTX(config.dtx ? 1 : 0))}) {
        if (result != OPUS_OK) {
            status_.value = result;
            return;
        }
    }
}

int Encoder::lookahead_samples() const {
    opus_int32 lookahead = 0;
    if (encoder_) opus_encoder_ctl(encoder_.get(), OPUS_GET_LOOKAHEAD(&lookahead));
    return lookahead;
}

CodecStatus Encoder::encode(std::span<const float> pcm, std::span<std::uint8_t> out) {
    if (!encoder_) return status_;
    if (static_cast<int>(pcm.size()) != frame_samples_) return {OPUS_BAD_ARG};
    return {opus_encode_float(encoder_.get(), pcm.data(), frame_samples_, out.data(),
                              static_cast<opus_int32>(out.size()))};
}

CodecStatus Encoder::set_bitrate(int bits_per_second) {
    if (!encoder_) return status_;
    return {opus_encoder_ctl(encoder_.get(), OPUS_SET_BITRATE(bits_per_second))};
}

Decoder::Decoder() {
    int error = OPUS_OK;
    decoder_.reset(opus_decoder_create(kSampleRate, 1, &error));
    if (error != OPUS_OK || !decoder_) {
        decoder_.reset();
        status_.value = error != OPUS_OK ? error : OPUS_ALLOC_FAIL;
    }
}

CodecStatus Decoder::decode(std::span<const std::uint8_t> packet, std::span<float> pcm) {
    if (!decoder_) return status_;
    if (packet.empty()) return {OPUS_INVALID_PACKET};
    return {opus_decode_float(decoder_.get(), packet.data(), static_cast<opus_int32>(packet.size()),
                              pcm.data(), static_cast<int>(pcm.size()), 0)};
}

CodecStatus Decoder::decode_fec(std::span<const std::uint8_t> next_packet, std::span<float> pcm) {
    if (!decoder_) return status_;
    if (next_packet.empty()) return {OPUS_INVALID_PACKET};
    return {opus_decode_float(decoder_.get(), next_packet.data(),
                              static_cast<opus_int32>(next_packet.size()), pcm.data(),
                              static_cast<int>(pcm.size()), 1)};
}

CodecStatus Decoder::conceal(std::span<float> pcm) {
    if (!decoder_) return status_;
    return {
        opus_decode_float(decoder_.get(), nullptr, 0, pcm.data(), static_cast<int>(pcm.size()), 0)};
}

CodecStatus packet_samples(std::span<const std::uint8_t> packet) {
    if (packet.empty()) return {OPUS_INVALID_PACKET};
    return {opus_packet_get_nb_samples(packet.data(), static_cast<opus_int32>(packet.size()),
                                       kSampleRate)};
}

}  // namespace salotto::audio
