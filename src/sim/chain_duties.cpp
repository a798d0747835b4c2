// SimChain duties: epoch contexts (seed, shuffling, committees, proposers), sync committees and
// the duty endpoints of duty::BeaconNode (consensus-specs phase0/altair/electra beacon-chain.md).
#include <algorithm>

#include "chain_state.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/sim/shuffling.hpp"

namespace stakepool::sim {
namespace {

// seed_mix_epoch_ok: the spec reads the mix of epoch e - MIN_SEED_LOOKAHEAD - 1 = e - 2.
eth::Bytes32 seed_mix(const SimChain::State& st, Epoch e) {
  const uint64_t start = eth::u64(st.cfg.start_epoch);
  if (eth::u64(e) < start + 2) return st.initial_mix;
  return st.mix_end(Epoch{eth::u64(e) - 2});
}

// slot_seed: hash(get_seed(state, epoch, DOMAIN_BEACON_PROPOSER) || uint_to_bytes(slot)).
eth::Bytes32 slot_seed(const eth::Bytes32& epoch_seed, uint64_t slot) {
  std::array<uint8_t, 40> buf{};
  std::copy(epoch_seed.begin(), epoch_seed.end(), buf.begin());
  for (int i = 0; i < 8; ++i) buf[32 + i] = static_cast<uint8_t>(slot >> (8 * i));
  return crypto::sha256(buf);
}

void fill_committees(EpochContext& c, uint64_t slots_per_epoch, uint64_t first_slot) {
  for (uint64_t s = 0; s < slots_per_epoch; ++s) {
    for (uint64_t ci = 0; ci < c.committees_per_slot; ++ci) {
      const auto members = c.committee(s, ci);
      for (uint32_t pos = 0; pos < members.size(); ++pos) {
        c.assignment[eth::u64(members[pos])] = Assignment{
            first_slot + s, static_cast<uint32_t>(ci), pos, static_cast<uint32_t>(members.size())};
      }
    }
  }
}

}  // namespace

std::span<const ValidatorIndex> EpochContext::committee(uint64_t slot_in_epoch, uint64_t ci) const {
  const uint64_t count = committees_per_slot * proposers.size();
  const uint64_t index = slot_in_epoch * committees_per_slot + ci;
  const uint64_t n = shuffled.size();
  const uint64_t start = n * index / count, end = n * (index + 1) / count;
  return std::span<const ValidatorIndex>(shuffled).subspan(start, end - start);
}

eth::Bytes32 SimChain::State::mix_end(Epoch e) const {
  auto it = mixes.upper_bound(e);
  if (it == mixes.begin()) return initial_mix;
  return std::prev(it)->second;
}

EpochContext& SimChain::State::ctx(Epoch e) {
  if (auto it = epochs.find(e); it != epochs.end()) return it->second;
  EpochContext c;
  c.epoch = e;
  Gwei total = 0;
  for (uint64_t v = 0; v < validators.size(); ++v) {
    if (!validators[v].active_at(e)) continue;
    c.active.push_back(ValidatorIndex{v});
    total += validators[v].effective;
  }
  const uint64_t spe = slots_per_epoch();
  const uint64_t first_slot = eth::u64(eth::start_slot_of_epoch(cfg.chain, e));
  c.committees_per_slot = committees_per_slot(c.active.size(), spe);
  c.total_active_balance = std::max(kEffectiveBalanceIncrement, total);
  c.base_reward_per_increment =
      kEffectiveBalanceIncrement * kBaseRewardFactor / integer_squareroot(c.total_active_balance);
  c.assignment.resize(validators.size());
  c.proposers.resize(spe);
  if (!c.active.empty()) {
    Shuffler sh(get_seed(eth::kDomainBeaconAttester, e, seed_mix(*this, e)), c.active.size());
    c.shuffled.resize(c.active.size());
    for (uint64_t i = 0; i < c.active.size(); ++i) c.shuffled[i] = c.active[sh.index(i)];
    fill_committees(c, spe, first_slot);
    const auto pseed = get_seed(eth::kDomainBeaconProposer, e, seed_mix(*this, e));
    auto eff = [this](ValidatorIndex v) { return val(v).effective; };
    for (uint64_t s = 0; s < spe; ++s) {
      c.proposers[s] = sample_by_balance(c.active, slot_seed(pseed, first_slot + s), 1, eff)[0];
    }
  }
  EpochContext& out = epochs.emplace(e, std::move(c)).first->second;
  // Records: the duties assigned in this epoch.
  for (ValidatorIndex v : out.active) {
    const Assignment& a = out.assignment[eth::u64(v)];
    auto& r = rec(v, e).attestation;
    r.assigned = true;
    r.slot = Slot{a.slot};
    r.committee = CommitteeIndex{a.committee};
    r.position = a.position;
    r.committee_length = a.length;
  }
  for (ValidatorIndex p : out.proposers) {
    if (!out.active.empty()) ++rec(p, e).proposals_assigned;
  }
  for (uint64_t s = 0; s < spe && !out.active.empty(); ++s) {
    for (const auto& [v, _] : sync_info_for_slot(Slot{first_slot + s}).positions) {
      ++rec(v, e).sync_slots_assigned;
    }
  }
  return out;
}

Result<EpochContext*> SimChain::State::checked_ctx(Epoch e) {
  const uint64_t cur = eth::u64(epoch_of(current_slot()));
  if (eth::u64(e) < eth::u64(cfg.start_epoch)) {
    return make_error(Errc::kInvalidArgument, "epoch " + std::to_string(eth::u64(e)) +
                                                  " is before the simulation start epoch " +
                                                  std::to_string(eth::u64(cfg.start_epoch)));
  }
  if (eth::u64(e) > cur + 1) {
    return make_error(Errc::kUnavailable,
                      "epoch " + std::to_string(eth::u64(e)) +
                          " is more than one epoch ahead of the current epoch " +
                          std::to_string(cur));
  }
  return &ctx(e);
}

SyncCommitteeInfo& SimChain::State::sync_info(uint64_t period) {
  if (auto it = sync_periods.find(period); it != sync_periods.end()) return it->second;
  // get_next_sync_committee_indices runs at the end of period P-2 for period P, with
  // epoch = first epoch of P-1.
  const uint64_t first = period * kEpochsPerSyncPeriod;
  const Epoch seed_epoch{first >= kEpochsPerSyncPeriod ? first - kEpochsPerSyncPeriod : 0};
  std::vector<ValidatorIndex> active;
  for (uint64_t v = 0; v < validators.size(); ++v) {
    if (validators[v].active_at(Epoch{first})) active.push_back(ValidatorIndex{v});
  }
  SyncCommitteeInfo info;
  const auto seed = get_seed(eth::kDomainSyncCommittee, seed_epoch, seed_mix(*this, seed_epoch));
  info.members = sample_by_balance(active, seed, kSyncCommitteeSize,
                                   [this](ValidatorIndex v) { return val(v).effective; });
  for (uint64_t i = 0; i < info.members.size(); ++i) info.positions[info.members[i]].push_back(i);
  return sync_periods.emplace(period, std::move(info)).first->second;
}

SyncCommitteeInfo& SimChain::State::sync_info_for_slot(Slot s) {
  const uint64_t e = eth::u64(epoch_of(Slot{eth::u64(s) + 1}));
  return sync_info(e / kEpochsPerSyncPeriod);
}

ValidatorEpochRecord& SimChain::State::rec(ValidatorIndex v, Epoch e) {
  auto& vec = records[e];
  while (vec.size() <= eth::u64(v)) {
    ValidatorEpochRecord r;
    r.validator = ValidatorIndex{vec.size()};
    r.epoch = e;
    vec.push_back(r);
  }
  return vec[eth::u64(v)];
}

// ---- duty::BeaconNode duty endpoints ----

Result<std::vector<duty::AttesterDuty>> SimChain::attester_duties(
    Epoch epoch, std::span<const ValidatorIndex> ids) {
  auto c = st_->checked_ctx(epoch);
  if (!c) return c.error();
  std::vector<duty::AttesterDuty> out;
  for (ValidatorIndex v : ids) {
    if (!st_->known(v)) {
      return make_error(Errc::kNotFound, "unknown validator index " + std::to_string(eth::u64(v)));
    }
    const Assignment& a = (*c)->assignment[eth::u64(v)];
    if (a.length == 0) continue;  // not active
    out.push_back(duty::AttesterDuty{st_->val(v).pubkey, v, CommitteeIndex{a.committee}, a.length,
                                     (*c)->committees_per_slot, a.position, Slot{a.slot}});
  }
  return out;
}

Result<std::vector<duty::ProposerDuty>> SimChain::proposer_duties(Epoch epoch) {
  auto c = st_->checked_ctx(epoch);
  if (!c) return c.error();
  std::vector<duty::ProposerDuty> out;
  if ((*c)->active.empty()) return out;
  const uint64_t first = eth::u64(eth::start_slot_of_epoch(cfg_.chain, epoch));
  for (uint64_t s = 0; s < (*c)->proposers.size(); ++s) {
    const ValidatorIndex p = (*c)->proposers[s];
    out.push_back(duty::ProposerDuty{st_->val(p).pubkey, p, Slot{first + s}});
  }
  return out;
}

Result<std::vector<duty::SyncDuty>> SimChain::sync_duties(Epoch epoch,
                                                          std::span<const ValidatorIndex> ids) {
  const uint64_t period = eth::u64(epoch) / kEpochsPerSyncPeriod;
  const uint64_t cur = eth::u64(current_epoch()) / kEpochsPerSyncPeriod;
  if (eth::u64(epoch) < eth::u64(cfg_.start_epoch) || period > cur + 1) {
    return make_error(Errc::kInvalidArgument,
                      "sync duties are known for the current and next period only (epoch " +
                          std::to_string(eth::u64(epoch)) + ")");
  }
  const SyncCommitteeInfo& info = st_->sync_info(period);
  std::vector<duty::SyncDuty> out;
  for (ValidatorIndex v : ids) {
    if (!st_->known(v)) {
      return make_error(Errc::kNotFound, "unknown validator index " + std::to_string(eth::u64(v)));
    }
    auto it = info.positions.find(v);
    if (it == info.positions.end()) continue;
    out.push_back(duty::SyncDuty{st_->val(v).pubkey, v, it->second});
  }
  return out;
}

Result<std::vector<ValidatorIndex>> SimChain::committee(Slot slot, CommitteeIndex index) {
  auto c = st_->checked_ctx(st_->epoch_of(slot));
  if (!c) return c.error();
  if (eth::u64(index) >= (*c)->committees_per_slot) {
    return make_error(Errc::kInvalidArgument,
                      "committee index " + std::to_string(eth::u64(index)) + " out of range (" +
                          std::to_string((*c)->committees_per_slot) + " committees per slot)");
  }
  const auto m = (*c)->committee(eth::u64(slot) % st_->slots_per_epoch(), eth::u64(index));
  return std::vector<ValidatorIndex>(m.begin(), m.end());
}

Result<uint64_t> SimChain::committee_count(Epoch epoch) {
  auto c = st_->checked_ctx(epoch);
  if (!c) return c.error();
  return (*c)->committees_per_slot;
}

Result<ValidatorIndex> SimChain::proposer(Slot slot) {
  auto c = st_->checked_ctx(st_->epoch_of(slot));
  if (!c) return c.error();
  if ((*c)->active.empty()) return make_error(Errc::kUnavailable, "no active validators");
  return (*c)->proposers[eth::u64(slot) % st_->slots_per_epoch()];
}

Result<std::vector<ValidatorIndex>> SimChain::sync_committee(Epoch epoch) {
  if (eth::u64(epoch) < eth::u64(cfg_.start_epoch)) {
    return make_error(Errc::kInvalidArgument, "epoch before the simulation start");
  }
  return st_->sync_info(eth::u64(epoch) / kEpochsPerSyncPeriod).members;
}

}  // namespace stakepool::sim
