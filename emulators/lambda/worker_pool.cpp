#include "lambda/worker_pool.h"

#include <thread>

namespace streamstack::lambda {

WorkerPool::WorkerPool() : WorkerPool(Options{}) {}

WorkerPool::WorkerPool(Options options) : options_(options), state_(std::make_shared<State>()) {}

WorkerPool::~WorkerPool() {
  std::unique_lock lock(state_->mutex);
  state_->stopping = true;
  state_->wake.notify_all();
  // Idle threads leave at once; busy ones when their task ends. Threads are detached and own
  // the state with us, so one stuck in a handler past the grace period harms nothing.
  state_->stopped.wait_for(lock, options_.stop_grace, [this] { return state_->threads == 0; });
}

void WorkerPool::submit(std::function<void()> task) {
  std::lock_guard lock(state_->mutex);
  state_->queue.push_back(std::move(task));
  if (state_->idle >= state_->queue.size() || state_->threads >= options_.max_threads) {
    state_->wake.notify_one();
    return;
  }
  ++state_->threads;
  ++state_->idle;
  std::thread(run, state_, options_.idle_exit).detach();
}

std::size_t WorkerPool::thread_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->threads;
}

void WorkerPool::run(std::shared_ptr<State> state, std::chrono::milliseconds idle_exit) {
  std::unique_lock lock(state->mutex);
  for (;;) {
    bool woke = state->wake.wait_for(lock, idle_exit, [&] { return !state->queue.empty() || state->stopping; });
    if (!woke || state->queue.empty()) break;  // idle too long, or stopping with nothing left
    auto task = std::move(state->queue.front());
    state->queue.pop_front();
    --state->idle;
    lock.unlock();
    task();
    task = nullptr;  // release what it captured before waiting again
    lock.lock();
    ++state->idle;
  }
  --state->idle;
  --state->threads;
  state->stopped.notify_all();
}

}  // namespace streamstack::lambda
