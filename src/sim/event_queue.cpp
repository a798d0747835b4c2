#include "stakepool/sim/event_queue.hpp"

namespace stakepool::sim {

void EventQueue::at(TimePoint t, Fn fn) {
  if (t < now_) t = now_;
  q_.push(Event{t, seq_++, std::move(fn)});
}

bool EventQueue::run_next() {
  if (q_.empty()) return false;
  // Move the event out before running it: the handler may schedule more events.
  Event e = std::move(const_cast<Event&>(q_.top()));
  q_.pop();
  now_ = e.t;
  ++executed_;
  e.fn();
  return true;
}

void EventQueue::run_until(TimePoint t) {
  while (!q_.empty() && q_.top().t <= t) run_next();
  if (now_ < t) now_ = t;
}

}  // namespace stakepool::sim
