#pragma once
// EventQueue: the simulation's virtual clock and single event queue (DESIGN.md §8). Events run in
// time order; events at the same time run in the order they were scheduled, so a run is a pure
// function of its inputs and seed.
//
// Events are either global (the chain's ticks, fault injection, bookkeeping) or owned by one
// operator node (message deliveries, wake-ups). The simulation runs owned events of different
// nodes side by side in time windows shorter than the network's minimum latency (see
// sim_window.cpp): pop() hands them out, and while a window runs, a thread's now() is the time of
// the event it is running (ClockOverride). Scheduling is not thread safe: only the thread that
// owns the queue schedules.
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

#include "stakepool/util/clock.hpp"

namespace stakepool::sim {

using util::TimePoint;

class EventQueue final : public util::Clock {
 public:
  using Fn = std::function<void()>;
  // kGlobal: the owner of events that belong to no node.
  static constexpr uint32_t kGlobal = std::numeric_limits<uint32_t>::max();

  struct Event {
    TimePoint t;
    uint64_t seq = 0;
    uint32_t owner = kGlobal;
    Fn fn;
  };
  // Later: the heap order (earliest time first, then scheduling order).
  struct Later {
    bool operator()(const Event& a, const Event& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
  };

  // at schedules fn at time t (clamped to now: the past cannot be scheduled).
  void at(TimePoint t, Fn fn) { at_owned(t, kGlobal, std::move(fn)); }
  void after(int64_t delay_ms, Fn fn) { at(now_ + delay_ms, std::move(fn)); }
  // at_owned schedules an event owned by node `owner`.
  void at_owned(TimePoint t, uint32_t owner, Fn fn);
  // run_next runs the earliest event; false when the queue is empty.
  bool run_next();
  // run_until runs every event scheduled at or before t, then sets now to t.
  void run_until(TimePoint t);
  TimePoint now() const override;
  bool empty() const { return q_.empty(); }
  std::size_t pending() const { return q_.size(); }
  uint64_t executed() const { return executed_; }

  // ---- for the windowed runner ----
  // next: the earliest event (the queue must not be empty).
  const Event& next() const { return q_.top(); }
  // pop removes and returns the earliest event without running it (counted as executed).
  Event pop();
  // set_now moves the clock forward to t (never back).
  void set_now(TimePoint t);

  // ClockOverride: while alive, now() on this thread returns *t (a node's event time inside a
  // window, so that the chain's reads see the caller's time).
  class ClockOverride {
   public:
    explicit ClockOverride(const TimePoint* t);
    ~ClockOverride();
    ClockOverride(const ClockOverride&) = delete;
    ClockOverride& operator=(const ClockOverride&) = delete;

   private:
    const TimePoint* prev_;
  };

 private:
  std::priority_queue<Event, std::vector<Event>, Later> q_;
  TimePoint now_{0};
  uint64_t seq_ = 0;
  uint64_t executed_ = 0;
};

}  // namespace stakepool::sim
