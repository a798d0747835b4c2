#include "stakepool/sim/event_queue.hpp"

namespace stakepool::sim {

namespace {

thread_local const TimePoint* tl_now = nullptr;

}  // namespace

EventQueue::ClockOverride::ClockOverride(const TimePoint* t) : prev_(tl_now) { tl_now = t; }
EventQueue::ClockOverride::~ClockOverride() { tl_now = prev_; }

TimePoint EventQueue::now() const { return tl_now != nullptr ? *tl_now : now_; }

void EventQueue::at_owned(TimePoint t, uint32_t owner, Fn fn) {
  if (t < now_) t = now_;
  q_.push(Event{t, seq_++, owner, std::move(fn)});
}

EventQueue::Event EventQueue::pop() {
  // Move the event out before popping it (priority_queue::top is const).
  Event e = std::move(const_cast<Event&>(q_.top()));
  q_.pop();
  ++executed_;
  return e;
}

void EventQueue::set_now(TimePoint t) {
  if (now_ < t) now_ = t;
}

bool EventQueue::run_next() {
  if (q_.empty()) return false;
  Event e = pop();
  now_ = e.t;
  e.fn();  // the handler may schedule more events
  return true;
}

void EventQueue::run_until(TimePoint t) {
  while (!q_.empty() && q_.top().t <= t) run_next();
  if (now_ < t) now_ = t;
}

}  // namespace stakepool::sim
