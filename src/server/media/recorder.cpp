// Room recording; see recorder.hpp.
#include "server/media/recorder.hpp"

#include <cstdio>
#include <system_error>
#include <utility>

#include <opus/opusenc.h>

#include <spdlog/spdlog.h>

namespace salotto::media {

namespace {

// Packets waiting for the recorder's thread beyond this many (15 s of two speakers'
// 10 ms frames) are dropped: a stalled disk must not grow the server's memory.
constexpr std::size_t kMaxQueued = 3000;

struct EncoderDeleter {
    void operator()(OggOpusEnc* encoder) const { ope_encoder_destroy(encoder); }
};
struct CommentsDeleter {
    void operator()(OggOpusComments* comments) const { ope_comments_destroy(comments); }
};

// libopusenc writes through these; `user` is the open std::FILE, and the recorder's
// byte count follows every page.
struct Sink {
    std::FILE* file = nullptr;
    std::atomic<std::uint64_t>* bytes = nullptr;
};
int write_page(void* user, const unsigned char* data, opus_int32 length) {
    auto* sink = static_cast<Sink*>(user);
    const auto size = static_cast<std::size_t>(length);
    if (std::fwrite(data, 1, size, sink->file) != size) return 1;
    sink->bytes->fetch_add(size, std::memory_order_relaxed);
    return 0;
}
int close_file(void* user) {
    auto* sink = static_cast<Sink*>(user);
    if (!sink->file) return 0;
    const int closed = std::fclose(std::exchange(sink->file, nullptr));
    return closed == 0 ? 0 : 1;
}

}  // namespace

void RoomMix::add(std::uint32_t speaker, std::uint32_t timestamp, std::int64_t arrival,
                  std::span<const std::uint8_t> packet) {
    auto [it, fresh] = voices_.try_emplace(speaker);
    Voice& voice = it->second;
    if (!voice.decoder.status().ok()) {
        ++bad_;
        return;
    }
    // Sender timestamps wrap at 2^32 samples (a day); unwrapped by their difference.
    const std::int64_t extended =
        fresh ? std::int64_t{timestamp}
              : voice.last_extended + static_cast<std::int32_t>(timestamp - voice.last_timestamp);
    voice.last_extended = extended;
    voice.last_timestamp = timestamp;
    std::int64_t position = voice.offset + extended;
    if (fresh || position - arrival > kMaxDriftSamples || arrival - position > kMaxDriftSamples) {
        voice.offset = arrival - extended;
        position = arrival;
    }

    const auto decoded = voice.decoder.decode(packet, decoded_);
    if (!decoded.ok()) {
        ++bad_;
        return;
    }
    std::int64_t from = position - written_;
    std::int64_t skip = 0;
    if (from < 0) {
        if (from + decoded.value <= 0) {
            ++late_;
            return;
        }
        skip = -from;  // the start of it is already written: mix the rest
        from = 0;
    }
    const auto count = static_cast<std::size_t>(decoded.value - skip);
    const auto at = static_cast<std::size_t>(from);
    if (mix_.size() < at + count) mix_.resize(at + count, 0.0f);
    for (std::size_t i = 0; i < count; ++i)
        mix_[at + i] += decoded_[static_cast<std::size_t>(skip) + i];
}

Recorder::Recorder(std::filesystem::path file, std::string title, RecordingClock::time_point start)
    : file_(std::move(file)), title_(std::move(title)), start_(start) {
    thread_ = std::jthread([this] { run(); });
}

Recorder::~Recorder() {
    if (!thread_.joinable()) return;
    std::int64_t now = 0;
    {
        const std::lock_guard lock(mutex_);
        now = now_;
    }
    finish(start_ + std::chrono::milliseconds(now / audio::kSamplesPerMs));
}

std::int64_t Recorder::samples_since_start(RecordingClock::time_point t) const {
    return std::chrono::duration_cast<std::chrono::microseconds>(t - start_).count() *
           audio::kSampleRate / 1'000'000;
}

void Recorder::push(std::uint32_t speaker, std::uint32_t timestamp,
                    RecordingClock::time_point arrival, std::span<const std::uint8_t> payload) {
    Packet packet{speaker, timestamp, samples_since_start(arrival), {}};
    packet.payload.assign(payload.begin(), payload.end());
    const std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
        ++dropped_;
        return;
    }
    queue_.push_back(std::move(packet));
}

void Recorder::tick(RecordingClock::time_point now) {
    {
        const std::lock_guard lock(mutex_);
        now_ = std::max(now_, samples_since_start(now));
        ticked_ = true;
    }
    wake_.notify_one();
}

RecordingResult Recorder::finish(RecordingClock::time_point end) {
    {
        const std::lock_guard lock(mutex_);
        if (!end_) end_ = std::max<std::int64_t>(0, samples_since_start(end));
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    return result_;
}

void Recorder::run() {
    const auto part = std::filesystem::path(file_).concat(".part");
    Sink sink{std::fopen(part.c_str(), "wb"), &bytes_};
    std::unique_ptr<OggOpusEnc, EncoderDeleter> encoder;
    std::string error;
    if (!sink.file) {
        error = "cannot create " + part.string() + ": " +
                std::error_code(errno, std::generic_category()).message();
    } else {
        const std::unique_ptr<OggOpusComments, CommentsDeleter> comments(ope_comments_create());
        if (comments) ope_comments_add(comments.get(), "TITLE", title_.c_str());
        const OpusEncCallbacks callbacks{write_page, close_file};
        int status = OPE_OK;
        encoder.reset(ope_encoder_create_callbacks(&callbacks, &sink, comments.get(),
                                                   audio::kSampleRate, 1, 0, &status));
        if (!encoder) {
            error = std::string("libopusenc: ") + ope_strerror(status);
            std::fclose(std::exchange(sink.file, nullptr));
        } else {
            ope_encoder_ctl(encoder.get(), OPUS_SET_BITRATE(kReplayBitrate));
            ope_encoder_ctl(encoder.get(), OPUS_SET_COMPLEXITY(kReplayComplexity));
            ope_encoder_ctl(encoder.get(), OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
        }
    }

    RoomMix mix;
    std::uint64_t packets = 0;
    const auto encode = [&](std::span<const float> pcm) {
        if (!encoder || pcm.empty()) return;
        const int status =
            ope_encoder_write_float(encoder.get(), pcm.data(), static_cast<int>(pcm.size()));
        if (status != OPE_OK) {
            error = std::string("libopusenc: ") + ope_strerror(status);
            encoder.reset();
        }
    };
    std::vector<Packet> batch;
    for (;;) {
        std::int64_t now = 0;
        std::optional<std::int64_t> end;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return ticked_ || end_.has_value(); });
            ticked_ = false;
            batch.swap(queue_);
            now = now_;
            end = end_;
        }
        for (const auto& packet : batch) {
            mix.add(packet.speaker, packet.timestamp, packet.arrival, packet.payload);
            ++packets;
        }
        batch.clear();
        if (end) {
            mix.finish(*end, encode);
            break;
        }
        mix.advance(now, encode);
    }

    if (encoder) {
        // Draining writes the last pages and closes the file through close_file.
        if (const int status = ope_encoder_drain(encoder.get()); status != OPE_OK)
            error = std::string("libopusenc: ") + ope_strerror(status);
        encoder.reset();
    }
    if (sink.file) std::fclose(std::exchange(sink.file, nullptr));
    std::error_code ec;
    if (error.empty()) {
        std::filesystem::rename(part, file_, ec);
        if (ec) error = "cannot rename " + part.string() + ": " + ec.message();
    }
    if (!error.empty()) std::filesystem::remove(part, ec);

    result_.ok = error.empty();
    result_.error = error;
    result_.bytes = result_.ok ? bytes_.load() : 0;
    result_.duration_ms = mix.written() / audio::kSamplesPerMs;
    result_.packets = packets;
    {
        const std::lock_guard lock(mutex_);
        result_.packets_late = mix.packets_late() + dropped_;
    }
    if (!result_.ok) spdlog::error("recording {}: {}", file_.string(), error);
}

}  // namespace salotto::media
