// WorkerPool (see workers.hpp).
#include "stakepool/sim/workers.hpp"

namespace stakepool::sim {

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned i = 1; i < threads; ++i) helpers_.emplace_back([this] { helper_loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  start_cv_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void WorkerPool::run(std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  if (helpers_.empty() || n == 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = &fn;
    n_ = n;
    next_ = 0;
    finished_ = 0;
    ++generation_;
  }
  start_cv_.notify_all();
  work();
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, [this] { return finished_ == n_; });
  fn_ = nullptr;
}

void WorkerPool::work() {
  for (;;) {
    std::size_t i = 0;
    const std::function<void(std::size_t)>* fn = nullptr;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (fn_ == nullptr || next_ >= n_) return;
      i = next_++;
      fn = fn_;
    }
    (*fn)(i);
    bool all = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      all = ++finished_ == n_;
    }
    if (all) done_cv_.notify_all();
  }
}

void WorkerPool::helper_loop() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    work();
  }
}

}  // namespace stakepool::sim
