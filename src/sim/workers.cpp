// WorkerPool (see workers.hpp).
#include "stakepool/sim/workers.hpp"

#include <algorithm>

namespace stakepool::sim {

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned i = 1; i < threads; ++i) helpers_.emplace_back([this] { helper_loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

bool WorkerPool::take(uint64_t min_id, Job*& job, std::size_t& index) {
  for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
    Job* j = *it;
    if (j->id < min_id) break;  // only min_id's job and newer ones (open_ is ordered by id)
    index = j->next++;
    if (j->next == j->n) open_.erase(std::next(it).base());
    job = j;
    return true;
  }
  return false;
}

void WorkerPool::execute(Job& job, std::size_t index) {
  (*job.fn)(index);
  bool all = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all = ++job.finished == job.n;
  }
  if (all) cv_.notify_all();
}

void WorkerPool::run(std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  if (helpers_.empty() || n == 1) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  Job job;
  job.fn = &fn;
  job.n = n;
  {
    std::lock_guard<std::mutex> lock(mu_);
    job.id = next_id_++;
    open_.push_back(&job);
  }
  cv_.notify_all();
  std::unique_lock<std::mutex> lock(mu_);
  // Work on this job and on jobs started after it (nested in some call of it) until it is done.
  while (job.finished < job.n) {
    Job* j = nullptr;
    std::size_t i = 0;
    if (take(job.id, j, i)) {
      lock.unlock();
      execute(*j, i);
      lock.lock();
      continue;
    }
    cv_.wait(lock);
  }
}

void WorkerPool::helper_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    Job* j = nullptr;
    std::size_t i = 0;
    if (take(0, j, i)) {
      lock.unlock();
      execute(*j, i);
      lock.lock();
      continue;
    }
    if (stop_) return;
    cv_.wait(lock);
  }
}

}  // namespace stakepool::sim
