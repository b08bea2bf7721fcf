// WAL checkpoints off the event loop; see checkpointer.hpp.
#include "server/storage/checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace salotto::storage {

Checkpointer::Checkpointer(Database& loop_db, const std::string& path,
                           std::chrono::milliseconds interval)
    : loop_db_(loop_db), own_db_(path) {
    loop_db_.exec("PRAGMA wal_autocheckpoint = 0");
    thread_ = std::jthread([this, interval] { run(interval); });
}

Checkpointer::~Checkpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_ = {};  // joins
    try {
        loop_db_.exec("PRAGMA wal_autocheckpoint = 1000");  // SQLite's default
    } catch (const Error& e) {
        spdlog::warn("could not restore automatic WAL checkpoints: {}", e.what());
    }
}

Checkpointer::Result Checkpointer::checkpoint() {
    auto s = own_db_.prepare("PRAGMA wal_checkpoint(PASSIVE)");
    Result result;
    if (s.step()) {
        result.wal_frames = static_cast<int>(s.int64(1));
        result.checkpointed = static_cast<int>(s.int64(2));
    }
    return result;
}

void Checkpointer::run(std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        try {
            checkpoint();
        } catch (const std::exception& e) {
            spdlog::warn("WAL checkpoint failed (retried in {} ms): {}", interval.count(),
                         e.what());
        }
        lock.lock();
    }
}

}  // namespace salotto::storage
