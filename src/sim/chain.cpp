// SimChain: construction, registry, virtual time, the slot/epoch drive and the DVT selection
// endpoints (see chain.hpp).
#include "stakepool/sim/chain.hpp"

#include <cstring>

#include "chain_state.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::sim {
namespace {

// labelled_hash: SHA-256(label || uint64_le(seed)).
eth::Bytes32 labelled_hash(std::string_view label, uint64_t seed) {
  crypto::Sha256 h;
  h.update({reinterpret_cast<const uint8_t*>(label.data()), label.size()});
  std::array<uint8_t, 8> le{};
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(seed >> (8 * i));
  h.update(le);
  return h.finish();
}

}  // namespace

SimChainConfig SimChainConfig::mainnet_electra(uint64_t seed) {
  SimChainConfig c;
  c.chain = eth::chain_config(eth::Network::kMainnet);
  c.chain.name = "sim-mainnet";
  c.chain.genesis_validators_root = labelled_hash("stakepool-sim genesis_validators_root", seed);
  c.start_epoch = c.chain.forks[static_cast<std::size_t>(eth::ForkName::kElectra)].epoch;
  c.seed = seed;
  constexpr std::string_view kGraffiti = "stakepool-sim";
  std::memcpy(c.graffiti.data(), kGraffiti.data(), kGraffiti.size());
  return c;
}

SimChain::State::State(const SimChainConfig& c, EventQueue& q, util::Rng& r)
    : cfg(c), clock(q), rng(r) {
  anchor_root = labelled_hash("stakepool-sim anchor block", c.seed);
  initial_mix = labelled_hash("stakepool-sim randao mix", c.seed);
  rng.fill(verify_salt);
}

SimChain::SimChain(SimChainConfig cfg, EventQueue& clock, util::Rng& rng)
    : cfg_(std::move(cfg)), clock_(clock), rng_(rng) {
  SP_CHECK(cfg_.chain.slots_per_epoch > 0 && cfg_.chain.slot_duration_ms > 0);
  st_ = std::make_unique<State>(cfg_, clock_, rng_);
}

SimChain::~SimChain() = default;

// ---- registry ----

Result<ValidatorIndex> SimChain::add_validator(const eth::BlsPubkey& pubkey, Gwei balance) {
  auto pk = bls::PublicKey::parse(pubkey);
  if (!pk) {
    return make_error(Errc::kCrypto,
                      std::string("validator public key rejected: ") + bls::to_string(pk.error()));
  }
  if (st_->by_pubkey.count(pubkey)) {
    return make_error(Errc::kAlreadyExists, "validator public key already registered");
  }
  if (!st_->epochs.empty()) {
    return make_error(Errc::kInvalidArgument,
                      "validators must be added before duties are computed");
  }
  const ValidatorIndex v{st_->validators.size()};
  const Gwei eff = std::min(balance - balance % kEffectiveBalanceIncrement, kMaxEffectiveBalance);
  st_->validators.push_back(ValidatorState{pubkey, *pk, balance, eff});
  st_->by_pubkey.emplace(pubkey, v);
  st_->votes.emplace_back();
  st_->proposals.emplace_back();
  return v;
}

Status SimChain::add_background_validators(uint64_t count, Gwei balance) {
  if (!st_->epochs.empty()) {
    return make_error(Errc::kInvalidArgument,
                      "validators must be added before duties are computed");
  }
  const Gwei eff = std::min(balance - balance % kEffectiveBalanceIncrement, kMaxEffectiveBalance);
  ValidatorState vs{};
  vs.balance = balance;
  vs.effective = eff;
  vs.background = true;
  st_->validators.reserve(st_->validators.size() + count);
  for (uint64_t i = 0; i < count; ++i) st_->validators.push_back(vs);
  st_->votes.resize(st_->validators.size());
  st_->proposals.resize(st_->validators.size());
  st_->background_count += count;
  return ok_status();
}

std::size_t SimChain::validator_count() const { return st_->validators.size(); }
uint64_t SimChain::background_count() const { return st_->background_count; }
bool SimChain::background(ValidatorIndex v) const { return st_->known(v) && st_->val(v).background; }
const eth::BlsPubkey& SimChain::pubkey(ValidatorIndex v) const { return st_->val(v).pubkey; }
Gwei SimChain::balance(ValidatorIndex v) const { return st_->val(v).balance; }
bool SimChain::slashed(ValidatorIndex v) const { return st_->val(v).slashed; }

// ---- time ----

int64_t SimChain::State::slot_start_ms(Slot s) const {
  const int64_t rel =
      static_cast<int64_t>(eth::u64(s)) - static_cast<int64_t>(eth::u64(start_slot()));
  return rel * static_cast<int64_t>(cfg.chain.slot_duration_ms);
}

Slot SimChain::State::current_slot() const {
  const int64_t now = now_ms();
  const uint64_t rel = now <= 0 ? 0 : static_cast<uint64_t>(now) / cfg.chain.slot_duration_ms;
  return Slot{eth::u64(start_slot()) + rel};
}

Slot SimChain::start_slot() const { return st_->start_slot(); }
Slot SimChain::current_slot() const { return st_->current_slot(); }
Epoch SimChain::current_epoch() const { return st_->epoch_of(st_->current_slot()); }
int64_t SimChain::slot_start_ms(Slot s) const { return st_->slot_start_ms(s); }

duty::Timing SimChain::timing() const {
  duty::Timing t;
  t.slot_ms = static_cast<int64_t>(cfg_.chain.slot_duration_ms);
  t.slots_per_epoch = cfg_.chain.slots_per_epoch;
  t.genesis_ms = -static_cast<int64_t>(eth::u64(start_slot())) * t.slot_ms;
  return t;
}

// ---- drive ----

void SimChain::schedule(Epoch last_epoch) {
  const uint64_t first = eth::u64(start_slot());
  const uint64_t end =
      eth::u64(eth::start_slot_of_epoch(cfg_.chain, Epoch{eth::u64(last_epoch) + 1}));
  for (uint64_t s = first; s <= end; ++s) {
    clock_.at(TimePoint{st_->slot_start_ms(Slot{s})}, [this, s] { on_slot_start(Slot{s}); });
    if (st_->background_count == 0) continue;
    const int64_t third = static_cast<int64_t>(cfg_.chain.slot_duration_ms) / 3;
    clock_.at(TimePoint{st_->slot_start_ms(Slot{s}) + third},
              [this, s] { st_->background_vote(Slot{s}); });
  }
}

void SimChain::on_slot_start(Slot s) {
  State& st = *st_;
  const uint64_t spe = st.slots_per_epoch();
  const Epoch e = st.epoch_of(s);
  if (eth::u64(s) % spe == 0 && eth::u64(s) > eth::u64(st.start_slot())) {
    on_epoch_end(Epoch{eth::u64(e) - 1});
  }
  st.ctx(e);
  st.ctx(Epoch{eth::u64(e) + 1});
  if (eth::u64(s) % spe == 0) {
    st.sig_cache[1] = std::move(st.sig_cache[0]);
    st.sig_cache[0].clear();
  }
  // Prune what can no longer be used: bodies of past slots, attestations older than the
  // inclusion window (current and previous epoch), sync messages older than one slot.
  std::erase_if(st.bodies, [&](const auto& kv) { return eth::u64(kv.second.slot) < eth::u64(s); });
  std::erase_if(st.randao_checked,
                [&](const auto& kv) { return eth::u64(kv.first.first) < eth::u64(s); });
  std::erase_if(st.att_pool, [&](const auto& kv) {
    return eth::u64(kv.second.data.target.epoch) + 1 < eth::u64(e);
  });
  std::erase_if(st.sync_pool,
                [&](const auto& kv) { return eth::u64(kv.first.first) + 2 < eth::u64(s); });
  std::erase_if(st.background_votes, [&](const auto& kv) {
    return eth::u64(kv.second.first.target.epoch) + 1 < eth::u64(e);
  });
  st.background_block(s);
}

void SimChain::on_epoch_end(Epoch e) {
  State& st = *st_;
  if (!st.ended.insert(e).second) return;
  if (eth::u64(e) > eth::u64(cfg_.start_epoch)) {
    const Epoch prev{eth::u64(e) - 1};
    if (!st.processed.count(prev)) st.process_attestation_rewards(prev);
  }
  st.update_effective_balances();
}

void SimChain::finish(Epoch last_epoch) {
  for (uint64_t e = eth::u64(cfg_.start_epoch); e <= eth::u64(last_epoch); ++e) {
    if (!st_->processed.count(Epoch{e})) st_->process_attestation_rewards(Epoch{e});
  }
}

// ---- DVT selection endpoints ----

SigCheck SimChain::check_of_beacon_selection(Slot slot, ValidatorIndex v,
                                             const eth::BlsSignature& proof) const {
  if (!st_->known(v)) return SigCheck{};
  return SigCheck{st_->val(v).pk, eth::selection_proof_signing_root(cfg_.chain, slot), proof};
}

SigCheck SimChain::check_of_sync_selection(Slot slot, ValidatorIndex v, uint64_t subcommittee,
                                           const eth::BlsSignature& proof) const {
  if (!st_->known(v)) return SigCheck{};
  const eth::SyncAggregatorSelectionData data{slot, subcommittee};
  return SigCheck{st_->val(v).pk, eth::sync_selection_proof_signing_root(cfg_.chain, data), proof};
}

Result<bool> SimChain::report_beacon_committee_selection(Slot slot, ValidatorIndex v,
                                                         const eth::BlsSignature& proof) {
  State& st = *st_;
  if (!st.known(v)) return make_error(Errc::kNotFound, "unknown validator index");
  auto c = st.checked_ctx(st.epoch_of(slot));
  if (!c) return c.error();
  const Assignment& a = (*c)->assignment[eth::u64(v)];
  if (a.length == 0 || a.slot != eth::u64(slot)) {
    return make_error(Errc::kInvalidArgument, "validator has no attester duty at that slot");
  }
  if (!st.verify_one(check_of_beacon_selection(slot, v, proof))) {
    st.count_invalid(DutyType::kAggregation, v, slot, "selection proof");
    return make_error(Errc::kCrypto, "selection proof signature invalid");
  }
  const bool agg = duty::is_aggregator(a.length, proof);
  if (agg && st.selections.insert({0, eth::u64(slot), eth::u64(v)}).second) {
    ++st.rec(v, st.epoch_of(slot)).aggregations_selected;
  }
  return agg;
}

Result<bool> SimChain::report_sync_committee_selection(Slot slot, ValidatorIndex v,
                                                       uint64_t subcommittee,
                                                       const eth::BlsSignature& proof) {
  State& st = *st_;
  if (!st.known(v)) return make_error(Errc::kNotFound, "unknown validator index");
  if (subcommittee >= eth::kSyncCommitteeSubnetCount) {
    return make_error(Errc::kInvalidArgument, "sync subcommittee index out of range");
  }
  const auto& info = st.sync_info_for_slot(slot);
  auto it = info.positions.find(v);
  const bool member = it != info.positions.end() &&
                      std::any_of(it->second.begin(), it->second.end(), [&](uint64_t p) {
                        return p / kSyncSubcommitteeSize == subcommittee;
                      });
  if (!member) {
    return make_error(Errc::kInvalidArgument, "validator is not in that sync subcommittee");
  }
  if (!st.verify_one(check_of_sync_selection(slot, v, subcommittee, proof))) {
    st.count_invalid(DutyType::kSyncContribution, v, slot, "sync selection proof");
    return make_error(Errc::kCrypto, "sync selection proof signature invalid");
  }
  const bool agg = duty::is_sync_committee_aggregator(proof);
  if (agg && st.selections.insert({1, eth::u64(slot), eth::u64(v) * 4 + subcommittee}).second) {
    ++st.rec(v, st.epoch_of(slot)).contributions_selected;
  }
  return agg;
}

}  // namespace stakepool::sim
