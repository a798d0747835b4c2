#pragma once
// WorkerPool: a small fixed pool of threads for the simulation's pure CPU work: operator nodes run
// side by side within a time window, and inside a node the BLS work of one call (signing,
// parsing, combining, batch checks); DKGs at set-up. Every job hands over independent calls, each
// writing only its own output slot, and returns once all are done, so results never depend on the
// thread count or the scheduling.
//
// run() may be called from inside a job (nested fork-join): the caller works on its own job and,
// while it waits for the calls other threads took, helps with jobs started after its own (the
// nested ones), so neither level leaves a core idle and no thread waits on work queued below it.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
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
  // every call has returned. Thread safe and reentrant (fn may call run).
  void run(std::size_t n, const std::function<void(std::size_t)>& fn);
  unsigned threads() const { return static_cast<unsigned>(helpers_.size()) + 1; }

 private:
  struct Job {
    const std::function<void(std::size_t)>* fn = nullptr;
    std::size_t n = 0, next = 0, finished = 0;
    uint64_t id = 0;
  };
  // take: under mu_, the next call of the newest job with id >= min_id that has calls left.
  bool take(uint64_t min_id, Job*& job, std::size_t& index);
  // execute runs one taken call and counts it.
  void execute(Job& job, std::size_t index);
  void helper_loop();

  std::vector<std::thread> helpers_;
  std::mutex mu_;
  std::condition_variable cv_;  // a job was started or finished
  std::vector<Job*> open_;  // jobs with calls not yet taken, oldest first
  uint64_t next_id_ = 0;
  bool stop_ = false;
};

}  // namespace stakepool::sim
