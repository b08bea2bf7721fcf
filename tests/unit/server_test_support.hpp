// Shared helpers for the server unit tests: a temporary database file that is
// removed afterwards, and libsodium initialised once.
#pragma once

#include <gtest/gtest.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>
#include <string>

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

}  // namespace salotto::test
