// Moves SQLite's WAL checkpoints off the event loop.
//
// In WAL mode with synchronous=NORMAL a commit appends to the WAL and does not fsync;
// the fsyncs happen when the WAL is copied back into the database file (a
// checkpoint). SQLite runs that checkpoint inside whichever commit fills the WAL past
// 1,000 pages, which on the server is the event-loop thread: a stall of several
// milliseconds to tens of milliseconds for every room's audio (an fsync alone costs
// 3.7-7.8 ms on the reference machine, docs/benchmarks.md). The Checkpointer turns
// those automatic checkpoints off on the loop's connection and runs PASSIVE
// checkpoints on a thread of its own, over its own connection; PASSIVE never waits for
// readers or writers, so the loop's commits go on meanwhile.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "server/storage/database.hpp"

namespace salotto::storage {

inline constexpr auto kCheckpointInterval = std::chrono::seconds(2);

class Checkpointer {
  public:
    // `loop_db` is the event loop's connection to `path`; its automatic checkpoints are
    // turned off while the Checkpointer lives.
    Checkpointer(Database& loop_db, const std::string& path,
                 std::chrono::milliseconds interval = kCheckpointInterval);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    struct Result {
        int wal_frames = 0;    // frames in the WAL
        int checkpointed = 0;  // of those, copied into the database file
    };
    // One PASSIVE checkpoint on the calling thread (the thread's own runs are the same).
    Result checkpoint();

  private:
    void run(std::chrono::milliseconds interval);

    Database& loop_db_;
    Database own_db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::jthread thread_;
};

}  // namespace salotto::storage
