#pragma once
// EventQueue: the simulation's virtual clock and single event queue (DESIGN.md §8). Events run in
// time order; events at the same time run in the order they were scheduled, so a run is a pure
// function of its inputs and seed. Not thread safe (the simulation is single-threaded).
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "stakepool/util/clock.hpp"

namespace stakepool::sim {

using util::TimePoint;

class EventQueue final : public util::Clock {
 public:
  using Fn = std::function<void()>;

  // at schedules fn at time t (clamped to now: the past cannot be scheduled).
  void at(TimePoint t, Fn fn);
  void after(int64_t delay_ms, Fn fn) { at(now_ + delay_ms, std::move(fn)); }
  // run_next runs the earliest event; false when the queue is empty.
  bool run_next();
  // run_until runs every event scheduled at or before t, then sets now to t.
  void run_until(TimePoint t);
  TimePoint now() const override { return now_; }
  bool empty() const { return q_.empty(); }
  std::size_t pending() const { return q_.size(); }
  uint64_t executed() const { return executed_; }

 private:
  struct Event {
    TimePoint t;
    uint64_t seq;
    Fn fn;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
  };
  std::priority_queue<Event, std::vector<Event>, Later> q_;
  TimePoint now_{0};
  uint64_t seq_ = 0;
  uint64_t executed_ = 0;
};

}  // namespace stakepool::sim
