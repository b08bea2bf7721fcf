// Worker pool; see worker_pool.hpp.
#include "server/work/worker_pool.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <utility>

#include <spdlog/spdlog.h>

namespace salotto::work {

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_waiting, int nice)
    : max_waiting_(max_waiting) {
    threads = std::max<std::size_t>(threads, 1);
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this, nice] { run(nice); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    threads_.clear();  // joins
}

bool WorkerPool::try_submit(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || jobs_.size() >= max_waiting_) return false;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

std::size_t WorkerPool::waiting() const {
    std::lock_guard lock(mutex_);
    return jobs_.size();
}

void WorkerPool::run(int nice) {
    // On Linux a thread's niceness is its own: this lowers only this worker.
    if (nice != 0 && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice) != 0)
        spdlog::warn("worker thread: could not lower its priority: {}", std::strerror(errno));
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            job();
        } catch (const std::exception& e) {
            spdlog::error("worker job failed: {}", e.what());
        } catch (...) {
            spdlog::error("worker job failed with an unknown exception");
        }
    }
}

std::size_t default_worker_threads(unsigned cores) {
    return std::clamp<std::size_t>(cores > 1 ? cores - 1 : 1, 1, 4);
}

}  // namespace salotto::work
