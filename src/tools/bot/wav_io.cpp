// libsndfile behind wav_io.hpp.
#include "tools/bot/wav_io.hpp"

#include <sndfile.h>

namespace salotto::tools {

std::variant<std::vector<float>, std::string> read_wav_48k_mono(const std::string& path) {
    SF_INFO info{};
    std::unique_ptr<SNDFILE, decltype(&sf_close)> file(sf_open(path.c_str(), SFM_READ, &info),
                                                       &sf_close);
    if (!file) return "cannot read " + path + ": " + sf_strerror(nullptr);
    if (info.samplerate != 48000 || info.channels != 1)
        return path + " is " + std::to_string(info.samplerate) + " Hz, " +
               std::to_string(info.channels) +
               " channel(s); the bot needs 48000 Hz mono and does not resample (convert it "
               "first, e.g. `sox in.wav -r 48000 -c 1 out.wav`)";
    std::vector<float> samples(static_cast<std::size_t>(info.frames));
    const sf_count_t got = sf_readf_float(file.get(), samples.data(), info.frames);
    samples.resize(static_cast<std::size_t>(got < 0 ? 0 : got));
    return samples;
}

void WavWriter::Closer::operator()(SNDFILE* file) const {
    sf_close(file);
}

WavWriter::WavWriter(const std::string& path) {
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    file_.reset(sf_open(path.c_str(), SFM_WRITE, &info));
    if (!file_) error_ = "cannot write " + path + ": " + sf_strerror(nullptr);
}

void WavWriter::write(std::span<const float> samples) {
    if (file_)
        sf_writef_float(file_.get(), samples.data(), static_cast<sf_count_t>(samples.size()));
}

}  // namespace salotto::tools
