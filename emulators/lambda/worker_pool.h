#pragma once
// The threads handlers run on. A handler past its timeout cannot be stopped (it is C++ in our
// own process), so a stuck one keeps its thread: the pool therefore grows when every thread is
// busy instead of queueing behind it, and threads idle for a while go away. No thread exists
// until the first invocation, which keeps an idle emulator small.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace streamstack::lambda {

class WorkerPool {
 public:
  struct Options {
    std::size_t max_threads = 256;
    std::chrono::milliseconds idle_exit{30000};
    // How long the destructor waits for running tasks before leaving them to finish alone.
    std::chrono::milliseconds stop_grace{2000};
  };

  WorkerPool();
  explicit WorkerPool(Options options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `task` on a pool thread. Tasks must not capture what may die before they end: a task
  // still running when the pool stops is left to finish on its own thread.
  void submit(std::function<void()> task);

  std::size_t thread_count() const;

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable wake;     // tasks queued, or stopping
    std::condition_variable stopped;  // a thread exited
    std::deque<std::function<void()>> queue;
    std::size_t threads = 0;
    std::size_t idle = 0;
    bool stopping = false;
  };
  static void run(std::shared_ptr<State> state, std::chrono::milliseconds idle_exit);

  Options options_;
  std::shared_ptr<State> state_;
};

}  // namespace streamstack::lambda
