// Shared helpers for the server unit tests: a temporary database file that is
// removed afterwards, libsodium initialised once, an Outbox that records every
// event decoded with the real codec, and two ways of reading what it recorded.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "core/protocol/codec.hpp"
#include "server/service/outbox.hpp"

namespace salotto::test {

// A path in the temp folder, unique to the running test; removed (with SQLite's
// -wal and -shm companions) on destruction.
class TempDbFile {
  public:
    TempDbFile() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = std::filesystem::temp_directory_path() /
                ("salotto-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
                 std::to_string(::getpid()) + ".db");
        remove();
    }
    ~TempDbFile() { remove(); }
    TempDbFile(const TempDbFile&) = delete;
    TempDbFile& operator=(const TempDbFile&) = delete;

    std::string path() const { return path_.string(); }

  private:
    void remove() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            std::filesystem::remove(path_.string() + suffix, ec);
    }
    std::filesystem::path path_;
};

inline void init_sodium() {
    ASSERT_GE(sodium_init(), 0);
}

// Records every event sent to each connection, decoded; an undecodable frame is a
// failure. Audio is a failure too unless the test says it expects audio, in which case
// it is recorded as well.
class RecordingOutbox : public service::Outbox {
  public:
    enum class Audio { unexpected, recorded };
    explicit RecordingOutbox(Audio audio = Audio::unexpected) : audio_mode_(audio) {}

    void send(service::ConnectionId id, std::string_view frame) override {
        auto decoded = protocol::decode_event(frame);
        if (auto* event = std::get_if<protocol::Event>(&decoded)) {
            inbox[id].push_back(*event);
        } else {
            ADD_FAILURE() << "server sent an undecodable frame: " << frame;
        }
    }
    void send_audio(service::ConnectionId id, const service::AudioMessage& message) override {
        if (audio_mode_ == Audio::recorded)
            audio[id].push_back(message);
        else
            ADD_FAILURE() << "no audio expected here, got some for connection " << id;
    }
    void disconnect(service::ConnectionId id) override { disconnected.insert(id); }

    std::map<service::ConnectionId, std::vector<protocol::Event>> inbox;
    std::map<service::ConnectionId, std::vector<service::AudioMessage>> audio;
    std::set<service::ConnectionId> disconnected;

  private:
    Audio audio_mode_;
};

// The events' wire types, each followed by a space ("welcome session "): one string
// to compare and to print when a check fails.
inline std::string types(const std::vector<protocol::Event>& events) {
    std::string out;
    for (const auto& e : events) out += std::string(protocol::type_of(e)) + " ";
    return out;
}

// The events of type E, in order.
template <class E>
std::vector<E> only(const std::vector<protocol::Event>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (auto* m = std::get_if<E>(&e)) out.push_back(*m);
    return out;
}

}  // namespace salotto::test
