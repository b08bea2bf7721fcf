// A few threads for work too slow for the event loop: Argon2id password hashing and
// verification (tens of milliseconds and 64 MiB each, by design). The loop hands a job
// over and goes on forwarding audio; the job posts its result back to the loop itself.
//
// Workers run at a lower scheduling priority (nice 10): on a busy machine the kernel
// then gives the event loop's audio the core first, and hashing takes what is left.
//
// The pool bounds both how many jobs run at once (its threads: the global concurrency
// limit, so a flood of sign-ins cannot take every core) and how many wait; a job that
// finds the queue full is refused at once, so the caller can answer "busy" instead of
// letting a backlog of minutes build up.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace salotto::work {

inline constexpr int kWorkerNice = 10;

class WorkerPool {
  public:
    // `threads` workers (at least one), at most `max_waiting` jobs queued behind them,
    // each worker at niceness `nice` (0 keeps the caller's priority).
    WorkerPool(std::size_t threads, std::size_t max_waiting, int nice = kWorkerNice);
    // Finishes the jobs already taken, drops the ones still waiting, joins the threads.
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues `job`; false (and `job` is dropped) when max_waiting jobs already wait.
    // A job must not throw: an exception from it is logged and swallowed.
    bool try_submit(std::function<void()> job);

    std::size_t threads() const { return threads_.size(); }
    std::size_t waiting() const;

  private:
    void run(int nice);

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    std::size_t max_waiting_;
    bool stopping_ = false;
    std::vector<std::jthread> threads_;
};

// Worker threads for a machine with `cores` cores: all but one, which the event loop
// keeps; at least one, at most four (Argon2id's memory use grows with each).
std::size_t default_worker_threads(unsigned cores);

}  // namespace salotto::work
