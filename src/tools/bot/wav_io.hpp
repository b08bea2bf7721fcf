// WAV input and output for the bot through libsndfile: 48 kHz mono float samples.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

struct sf_private_tag;

namespace salotto::tools {

// Reads a whole 48 kHz mono file as samples in [-1, 1]; any other rate or channel
// count is refused with a message (the bot does not resample).
std::variant<std::vector<float>, std::string> read_wav_48k_mono(const std::string& path);

// Writes 48 kHz mono 16-bit PCM, block by block.
class WavWriter {
  public:
    // Check error() before writing: empty when the file is open.
    explicit WavWriter(const std::string& path);
    const std::string& error() const { return error_; }
    void write(std::span<const float> samples);

  private:
    struct Closer {
        void operator()(sf_private_tag* file) const;
    };
    std::unique_ptr<sf_private_tag, Closer> file_;
    std::string error_;
};

}  // namespace salotto::tools
