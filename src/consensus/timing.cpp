#include "stakepool/consensus/timing.hpp"

#include "stakepool/util/check.hpp"

namespace stakepool::consensus {

util::TimePoint RoundTiming::deadline(uint64_t round) const {
  return start + (base_ms + static_cast<int64_t>(round) * increment_ms);
}

DeadlineFn RoundTiming::deadline_fn() const {
  RoundTiming t = *this;
  return [t](const InstanceId&, uint64_t round) { return t.deadline(round); };
}

RoundTiming slot_timing(DutyClass duty, util::TimePoint slot_start, int64_t slot_ms) {
  SP_CHECK(slot_ms > 0 && slot_ms % 12 == 0);  // a caller bug, not peer input
  int64_t offset = 0;
  switch (duty) {
    case DutyClass::kProposer:
      offset = 0;
      break;
    case DutyClass::kAttester:
    case DutyClass::kSyncMessage:
      offset = slot_ms / 3;
      break;
    case DutyClass::kAggregator:
    case DutyClass::kSyncContribution:
      offset = 2 * slot_ms / 3;
      break;
  }
  RoundTiming t;
  t.start = slot_start + offset;
  t.base_ms = 0;
  t.increment_ms = slot_ms / 12;
  t.cutoff = t.start + slot_ms;
  // Round r ends at start + r*increment; the last round ending by the cutoff is slot/increment.
  t.max_round = static_cast<uint64_t>(slot_ms / t.increment_ms);
  return t;
}

}  // namespace stakepool::consensus
