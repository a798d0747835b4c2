#pragma once
// WorkerPool: a small fixed pool of threads for the simulation's pure CPU work (BLS signing,
// parsing, combining and batch checks inside a node; DKGs at set-up). The event loop stays on one
// thread and deterministic: it hands over a batch of independent jobs, each writing only its own
// output slot, and continues once all are done, so results never depend on the thread count.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stakepool::sim {

class WorkerPool {
 public:
  // threads: the total including the calling thread (0 or 1: everything runs inline).
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // run calls fn(i) for every i in [0, n) on the pool's threads and the caller, and returns when
  // every call has returned. fn must not call run. Not reentrant; one caller at a time.
  void run(std::size_t n, const std::function<void(std::size_t)>& fn);
  unsigned threads() const { return static_cast<unsigned>(helpers_.size()) + 1; }

 private:
  void helper_loop();
  void work();  // takes indices of the current job until none is left

  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable start_cv_, done_cv_;
  const std::function<void(std::size_t)>* fn_ = nullptr;
  std::size_t n_ = 0, next_ = 0, finished_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
};

}  // namespace stakepool::sim
