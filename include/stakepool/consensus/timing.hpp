#pragma once
// Round deadlines for QBFT instances. Deadlines are absolute (not "now + timeout"), so every
// honest node with a synchronised clock is in the same round at the same time whatever moment it
// joined, and the rounds of duty instances are aligned to the slot (DESIGN.md §4).
#include <cstdint>
#include <functional>

#include "stakepool/consensus/types.hpp"
#include "stakepool/util/clock.hpp"

namespace stakepool::consensus {

// DeadlineFn returns the absolute time at which `round` (>= 1) of `instance` times out. It must
// be strictly increasing in `round`; the instance moves to the first round whose deadline lies
// in the future.
using DeadlineFn = std::function<util::TimePoint(const InstanceId& instance, uint64_t round)>;

// RoundTiming: the standard linear schedule. Round r times out at start + base + r*increment
// (so round 1 lasts base + increment and every later round lasts increment); the instance stops
// at `cutoff` and never enters a round above `max_round`.
struct RoundTiming {
  util::TimePoint start;
  int64_t base_ms = 0;
  int64_t increment_ms = 1000;
  util::TimePoint cutoff;
  uint64_t max_round = 1;

  // deadline returns start + base + round*increment.
  util::TimePoint deadline(uint64_t round) const;
  // deadline_fn wraps deadline() as a DeadlineFn (the instance id is not used).
  DeadlineFn deadline_fn() const;
};

// DutyClass: the duty kinds whose consensus starts at a fixed point of the slot. Classes that start
// at the same point share one instance per pool and slot in the duty pipeline (src/duty): the
// attester instance also decides the sync committee message root, the aggregator instance also
// the sync contributions; kSyncMessage and kSyncContribution name those duties' timing only.
enum class DutyClass : uint8_t {
  kProposer,          // block proposal: starts at the slot start
  kAttester,          // attestation data (and sync message root): starts at 1/3 of the slot
  kSyncMessage,       // sync committee message: starts at 1/3 of the slot
  kAggregator,        // aggregate and proof (and sync contributions): starts at 2/3 of the slot
  kSyncContribution,  // sync contribution and proof: starts at 2/3 of the slot
};

// slot_timing returns the slot-aligned schedule of a duty: it starts at the duty's point of the
// slot (see DutyClass), base = 0, increment = slot/12 (1 s on mainnet), cutoff one full slot
// after the start, and max_round = the last round that ends before the cutoff.
// slot_ms must be a positive multiple of 12.
RoundTiming slot_timing(DutyClass duty, util::TimePoint slot_start, int64_t slot_ms);

}  // namespace stakepool::consensus
