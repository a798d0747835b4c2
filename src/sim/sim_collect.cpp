// Collector: folds the nodes' duty and consensus records into per-operator and consensus counters.
#include <algorithm>

#include "sim_state.hpp"

namespace stakepool::sim {

namespace {

// reward_kind: which of the chain's reward fields a duty earns (-1: none of its own).
int reward_kind(duty::DutyType t) {
  switch (t) {
    case duty::DutyType::kAttestation: return 0;
    case duty::DutyType::kSyncCommittee: return 1;
    case duty::DutyType::kProposal: return 2;
    case duty::DutyType::kAggregation:
    case duty::DutyType::kSyncContribution: break;
  }
  return -1;
}

}  // namespace

void Collector::init(const SimConfig& cfg, const Assignment& a, uint64_t first_slot, uint64_t end_slot) {
  a_ = &a;
  first_slot_ = first_slot;
  end_slot_ = end_slot;
  pool_size_ = cfg.pool_size;
  duties.assign(cfg.operators, 0);
  contributed.assign(cfg.operators, 0);
  position_.assign(cfg.operators, 0);
  for (const Pool& p : a.pools) {
    for (uint32_t i = 0; i < p.members.size(); ++i) position_[p.members[i]] = i;
  }
}

void Collector::add(OperatorId from, std::vector<duty::DutyRecord> records) {
  for (const duty::DutyRecord& r : records) {
    const uint64_t slot = eth::u64(r.slot);
    if (slot < first_slot_ || slot >= end_slot_ || r.pool >= a_->pools.size()) continue;
    DutyAgg& agg = open_[{slot, static_cast<uint8_t>(r.type), eth::u64(r.validator), r.sub}];
    agg.pool = r.pool;
    if (r.success && r.submitted_ms && (!agg.submitted_ms || *r.submitted_ms < *agg.submitted_ms)) {
      agg.submitted_ms = r.submitted_ms;
    }
    // Credit only partials that reached another member: a node's own record always lists itself.
    for (OperatorId c : r.contributors) {
      if (c != from && c < position_.size() && a_->pools[r.pool].members[position_[c]] == c) {
        agg.mask |= uint64_t{1} << position_[c];
      }
    }
  }
}

void Collector::add(std::vector<duty::ConsensusRecord> records) {
  for (const duty::ConsensusRecord& r : records) {
    const uint64_t slot = eth::u64(r.slot);
    if (slot < first_slot_ || slot >= end_slot_) continue;
    InstanceAgg& agg = instances_[{slot, r.pool, static_cast<uint8_t>(r.duty)}];
    if (r.decided) {
      agg.round = agg.decided ? std::max(agg.round, r.round) : r.round;
      agg.decided = true;
      if (r.decided_ms && (!agg.decided_ms || *r.decided_ms < *agg.decided_ms)) agg.decided_ms = r.decided_ms;
    } else if (!agg.decided) {
      agg.round = std::max(agg.round, r.round);
    }
  }
}

void Collector::fold(uint64_t before) {
  for (auto it = open_.begin(); it != open_.end() && std::get<0>(it->first) < before; it = open_.erase(it)) {
    const auto& [slot, type, validator, sub] = it->first;
    const Pool& pool = a_->pools[it->second.pool];
    const int kind = reward_kind(static_cast<duty::DutyType>(type));
    if (it->second.submitted_ms && type < submit_ms.size()) submit_ms[type].push_back(*it->second.submitted_ms);
    Contribution* c = nullptr;
    if (kind >= 0) {
      c = &contributions[{validator, slot / slots_per_epoch_, kind}];
      c->by_position.resize(pool.members.size());
      ++c->duties;
    }
    for (uint32_t i = 0; i < pool.members.size(); ++i) {
      const bool used = (it->second.mask >> i) & 1;
      ++duties[pool.members[i]];
      contributed[pool.members[i]] += used ? 1 : 0;
      if (c && used) ++c->by_position[i];
    }
  }
  for (auto it = instances_.begin(); it != instances_.end() && std::get<0>(it->first) < before;
       it = instances_.erase(it)) {
    const InstanceAgg& agg = it->second;
    ++consensus.instances;
    if (!agg.decided) {
      ++consensus.undecided;
      continue;
    }
    ++consensus.decided;
    ++consensus.rounds_histogram[agg.round];
    if (agg.round > 1) ++consensus.round_changes;
    if (agg.decided_ms) decide_ms.push_back(*agg.decided_ms);
  }
}

}  // namespace stakepool::sim
