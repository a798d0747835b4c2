// Slots: duties from the beacon node, the three points of a slot (start, 1/3, 2/3) and the end of
// a slot's life, when every unfinished duty is recorded as missed with its reason.
#include <algorithm>

#include "duty/node_state.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::duty {

const AttesterDuty* PoolSlotDuties::attester(eth::ValidatorIndex v) const {
  for (const auto& d : attesters) {
    if (d.validator_index == v) return &d;
  }
  return nullptr;
}

const SyncDuty* PoolSlotDuties::sync_member(eth::ValidatorIndex v) const {
  for (const auto& d : sync) {
    if (d.validator_index == v) return &d;
  }
  return nullptr;
}

std::vector<uint64_t> subcommittees_of(const SyncDuty& d) {
  std::vector<uint64_t> subs;
  const uint64_t per = eth::MainnetPreset::kSyncCommitteeSize / eth::kSyncCommitteeSubnetCount;
  for (uint64_t p : d.validator_sync_committee_indices) subs.push_back(p / per);
  std::sort(subs.begin(), subs.end());
  subs.erase(std::unique(subs.begin(), subs.end()), subs.end());
  return subs;
}

namespace {

DutyClass class_of(DutyType t) {
  switch (t) {
    case DutyType::kAttestation: return DutyClass::kAttester;
    case DutyType::kAggregation: return DutyClass::kAggregator;
    case DutyType::kProposal: return DutyClass::kProposer;
    case DutyType::kSyncCommittee: return DutyClass::kAttester;        // one instance at 1/3
    case DutyType::kSyncContribution: return DutyClass::kAggregator;  // one instance at 2/3
  }
  return DutyClass::kAttester;
}

SigKind kind_of(DutyType t) {
  switch (t) {
    case DutyType::kAttestation: return SigKind::kAttestation;
    case DutyType::kAggregation: return SigKind::kAggregateAndProof;
    case DutyType::kProposal: return SigKind::kBlock;
    case DutyType::kSyncCommittee: return SigKind::kSyncMessage;
    case DutyType::kSyncContribution: return SigKind::kContributionAndProof;
  }
  return SigKind::kAttestation;
}

}  // namespace

const EpochDuties* OperatorNode::State::epoch_duties(eth::Epoch e) {
  auto it = epochs.find(eth::u64(e));
  if (it != epochs.end()) return &it->second;
  std::vector<eth::ValidatorIndex> ids;
  for (const auto& [v, vs] : validators) ids.push_back(vs.index);
  EpochDuties d;
  auto att = cfg.beacon->attester_duties(e, ids);
  auto prop = cfg.beacon->proposer_duties(e);
  auto sync = cfg.beacon->sync_duties(e, ids);
  if (!att || !prop || !sync) {
    ++stats.beacon_errors;
    return nullptr;
  }
  d.attesters = std::move(*att);
  for (const auto& p : *prop) {
    if (validators.count(eth::u64(p.validator_index))) d.proposers.push_back(p);
  }
  d.sync = std::move(*sync);
  // Keep a few epochs only.
  while (epochs.size() > 4) epochs.erase(epochs.begin());
  return &epochs.emplace(eth::u64(e), std::move(d)).first->second;
}

SlotState* OperatorNode::State::slot_state(eth::Slot s, TimePoint now) {
  auto it = slots.find(eth::u64(s));
  if (it != slots.end()) return &it->second;
  if (now.ms < timing.genesis_ms) return nullptr;
  const uint64_t current = static_cast<uint64_t>((now.ms - timing.genesis_ms) / timing.slot_ms);
  if (eth::u64(s) + 1 < current || eth::u64(s) > current + 1) return nullptr;
  if (slot_start_ms(s) + cfg.duty_lifetime_slots * timing.slot_ms <= now.ms) return nullptr;
  const eth::ChainConfig& c = chain();
  const EpochDuties* ed = epoch_duties(eth::epoch_at_slot(c, s));
  if (ed == nullptr) return nullptr;
  // Sync members of slot s are those of epoch(s + 1); when the beacon node cannot say yet, those of
  // epoch(s) (the committee changes only every sync period).
  const EpochDuties* next = epoch_duties(eth::epoch_at_slot(c, eth::Slot{eth::u64(s) + 1}));
  if (next == nullptr) next = ed;
  SlotState st;
  st.slot = s;
  st.start_ms = slot_start_ms(s);
  auto pool_of = [this](eth::ValidatorIndex v) { return validators.at(eth::u64(v)).pool; };
  for (const auto& d : ed->attesters) {
    if (d.slot == s && validators.count(eth::u64(d.validator_index))) {
      st.duties[pool_of(d.validator_index)].attesters.push_back(d);
    }
  }
  for (const auto& d : ed->proposers) {
    if (d.slot == s) st.duties[pool_of(d.validator_index)].proposer = d;
  }
  for (const auto& d : next->sync) {
    if (validators.count(eth::u64(d.validator_index))) {
      st.duties[pool_of(d.validator_index)].sync.push_back(d);
    }
  }
  for (const auto& [pool, d] : st.duties) {
    auto add = [&](DutyType t, eth::ValidatorIndex v) {
      st.pending.emplace(DutyKey{t, eth::u64(v), 0}, PendingDuty(cfg.self, t, s, v, pool));
    };
    for (const auto& a : d.attesters) add(DutyType::kAttestation, a.validator_index);
    if (d.proposer) add(DutyType::kProposal, d.proposer->validator_index);
    for (const auto& m : d.sync) add(DutyType::kSyncCommittee, m.validator_index);
  }
  return &slots.emplace(eth::u64(s), std::move(st)).first->second;
}

PendingDuty* OperatorNode::State::pending(SlotState& st, DutyType t, uint64_t v, uint64_t sub) {
  auto it = st.pending.find(DutyKey{t, v, sub});
  return it == st.pending.end() ? nullptr : &it->second;
}

void OperatorNode::State::note(SlotState& st, DutyType t, uint64_t v, uint64_t sub,
                               const std::string& why) {
  PendingDuty* p = pending(st, t, v, sub);
  if (p != nullptr && !p->finished && p->note.empty()) p->note = why;
}

void OperatorNode::State::run_phases(TimePoint now, NodeOutputs& out) {
  if (now.ms < timing.genesis_ms) return;
  const uint64_t current = static_cast<uint64_t>((now.ms - timing.genesis_ms) / timing.slot_ms);
  if (!next_phase || *next_phase < current * 3) next_phase = current * 3;  // skip missed slots
  for (;;) {
    const uint64_t slot = *next_phase / 3;
    const int phase = static_cast<int>(*next_phase % 3);
    const int64_t at = slot_start_ms(eth::Slot{slot}) + phase * timing.slot_ms / 3;
    if (at > now.ms) break;
    if (SlotState* st = slot_state(eth::Slot{slot}, now)) run_phase(*st, phase, now, out);
    ++*next_phase;
  }
}

void OperatorNode::State::run_phase(SlotState& st, int phase, TimePoint now, NodeOutputs& out) {
  if (st.phases_done[static_cast<std::size_t>(phase)]) return;
  st.phases_done[static_cast<std::size_t>(phase)] = true;
  const eth::ChainConfig& c = chain();
  for (const auto& [pool, d] : st.duties) {
    if (phase == 0) {
      if (d.proposer) {
        const eth::Root root = eth::randao_signing_root(c, eth::epoch_at_slot(c, st.slot));
        sign_items(st, pool, SigKind::kRandao,
                   {{ItemKey{SigKind::kRandao, eth::u64(d.proposer->validator_index), 0}, root}},
                   out);
        if (Run* r = run_for(st, pool, DutyClass::kProposer, now)) {
          start_run(st, *r, std::nullopt, now, out);
        }
      }
      if (cfg.aggregation && !d.attesters.empty()) {
        const eth::Root root = eth::selection_proof_signing_root(c, st.slot);
        std::vector<std::pair<ItemKey, eth::Root>> todo;
        for (const auto& a : d.attesters) {
          todo.push_back({ItemKey{SigKind::kSelectionProof, eth::u64(a.validator_index), 0}, root});
        }
        sign_items(st, pool, SigKind::kSelectionProof, todo, out);
      }
      if (cfg.sync_contributions && !d.sync.empty()) {
        std::vector<std::pair<ItemKey, eth::Root>> todo;
        for (const auto& m : d.sync) {
          for (uint64_t sub : subcommittees_of(m)) {
            const eth::Root root = eth::sync_selection_proof_signing_root(
                c, eth::SyncAggregatorSelectionData{st.slot, sub});
            todo.push_back(
                {ItemKey{SigKind::kSyncSelectionProof, eth::u64(m.validator_index), sub}, root});
          }
        }
        sign_items(st, pool, SigKind::kSyncSelectionProof, todo, out);
      }
    } else if (phase == 1) {
      // One instance decides the attestation data and the sync committee message root.
      if (Run* r = run_for(st, pool, DutyClass::kAttester, now)) {
        r->due = true;
        start_run(st, *r, make_input(st, *r), now, out);
      }
    } else {
      auto it = st.runs.find({pool, static_cast<uint8_t>(DutyClass::kAggregator)});
      if (it != st.runs.end()) it->second.due = true;
    }
  }
  process_items(st, now, out);
  if (phase == 2) advance_aggregation(st, now, out);
}

void OperatorNode::State::expire(TimePoint now) {
  while (!slots.empty()) {
    SlotState& st = slots.begin()->second;
    if (st.start_ms + cfg.duty_lifetime_slots * timing.slot_ms > now.ms) break;
    finish_slot(st);
    slots.erase(slots.begin());
  }
}

void OperatorNode::State::finish_slot(SlotState& st) {
  for (auto& [key, r] : st.runs) record_run(st, r);
  for (auto& [key, p] : st.pending) {
    if (p.finished) continue;
    p.finished = true;
    p.rec.success = false;
    const Run* r = nullptr;
    auto rit = st.runs.find({p.rec.pool, static_cast<uint8_t>(class_of(key.type))});
    if (rit != st.runs.end()) r = &rit->second;
    const auto iit = st.items.find(ItemKey{kind_of(key.type), key.validator, key.sub});
    const uint32_t t = pools.at(p.rec.pool).cfg.threshold;
    if (!p.note.empty()) {
      p.rec.failure = p.note;
    } else if (r == nullptr || !r->started) {
      p.rec.failure = "consensus not started";
    } else if (!r->decided) {
      p.rec.failure = "consensus did not decide (reached round " +
                      std::to_string(r->qbft ? r->qbft->round() : 0) + ")";
    } else if (iit != st.items.end() && iit->second.failed) {
      p.rec.failure = "the combined signature does not verify under the group key";
    } else if (iit != st.items.end()) {
      p.rec.failure = "too few valid partial signatures: " +
                      std::to_string(iit->second.valid.size()) + " of " + std::to_string(t) +
                      " (" + std::to_string(iit->second.invalid.size()) + " invalid)";
    } else {
      p.rec.failure = "no partial signatures";
    }
    records.push_back(p.rec);
  }
}

}  // namespace stakepool::duty
