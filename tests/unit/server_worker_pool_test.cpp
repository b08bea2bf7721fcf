// The worker pool that takes password hashing off the event loop: jobs run on its
// threads, and a full queue refuses work at once instead of building a backlog.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <future>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

#include "server/work/worker_pool.hpp"

using salotto::work::WorkerPool;

TEST(WorkerPool, RunsEveryJobOffTheCallingThread) {
    std::atomic<int> ran{0};
    std::atomic<int> on_caller{0};
    const auto caller = std::this_thread::get_id();
    std::promise<void> all_done;
    constexpr int kJobs = 50;
    {
        WorkerPool pool(2, kJobs);
        for (int i = 0; i < kJobs; ++i) {
            ASSERT_TRUE(pool.try_submit([&] {
                if (std::this_thread::get_id() == caller) ++on_caller;
                if (++ran == kJobs) all_done.set_value();
            }));
        }
        all_done.get_future().wait();
    }
    EXPECT_EQ(ran, kJobs);
    EXPECT_EQ(on_caller, 0);
}

TEST(WorkerPool, AFullQueueRefusesAtOnce) {
    WorkerPool pool(1, 1);
    std::promise<void> started;
    std::promise<void> release;
    auto released = release.get_future().share();
    ASSERT_TRUE(pool.try_submit([&] {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait();  // the only thread is busy now

    std::promise<void> second_ran;
    EXPECT_TRUE(pool.try_submit([&] { second_ran.set_value(); }));  // waits
    EXPECT_EQ(pool.waiting(), 1u);
    EXPECT_FALSE(pool.try_submit([] {}));  // one waiting is the limit

    release.set_value();
    second_ran.get_future().wait();
    EXPECT_EQ(pool.waiting(), 0u);
}

TEST(WorkerPool, AThrowingJobDoesNotStopTheWorker) {
    WorkerPool pool(1, 4);
    ASSERT_TRUE(pool.try_submit([] { throw std::runtime_error("boom"); }));
    std::promise<void> next;
    ASSERT_TRUE(pool.try_submit([&] { next.set_value(); }));
    next.get_future().wait();
}

TEST(WorkerPool, KeepsOneCoreForTheEventLoop) {
    EXPECT_EQ(salotto::work::default_worker_threads(1), 1u);
    EXPECT_EQ(salotto::work::default_worker_threads(2), 1u);
    EXPECT_EQ(salotto::work::default_worker_threads(4), 3u);
    EXPECT_EQ(salotto::work::default_worker_threads(64), 4u);
}

TEST(WorkerPool, WorkersRunAtALowerPriority) {
    WorkerPool pool(1, 1);
    std::promise<int> seen;
    ASSERT_TRUE(pool.try_submit([&] {
        errno = 0;
        seen.set_value(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())));
    }));
    const int caller = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    EXPECT_EQ(seen.get_future().get(), std::min(caller + salotto::work::kWorkerNice, 19));
}
