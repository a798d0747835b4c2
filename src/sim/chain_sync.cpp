// SimChain sync committee: SyncCommitteeMessage and SignedContributionAndProof submission,
// sync_committee_contribution, and voluntary exits (EIP-7044 signing root).
#include "chain_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::sim {
namespace {

std::string item(std::size_t i, const std::string& what) {
  return "#" + std::to_string(i) + ": " + what;
}

// check_sync_slot: sync messages and contributions are for the current slot (or the previous
// one, which the next block includes).
std::string check_sync_slot(const SimChain::State& st, Slot slot) {
  const uint64_t cur = eth::u64(st.current_slot()), s = eth::u64(slot);
  if (s > cur) return "sync message for a future slot";
  if (s + 1 < cur) return "sync message too old";
  if (s < eth::u64(st.start_slot())) return "sync message before the simulation start";
  return {};
}

// note_sync_message: v's message for (slot, root) arrived (sig absent: inside a contribution).
void note_sync_message(SimChain::State& st, Slot slot, const Root& root, ValidatorIndex v,
                       const std::optional<bls::Signature>& sig) {
  auto& msgs = st.sync_pool[{slot, root}];
  auto [it, fresh] = msgs.try_emplace(v, sig);
  if (!fresh && !it->second && sig) it->second = sig;
  if (st.performed.insert({2, eth::u64(slot), eth::u64(v)}).second) {
    ++st.rec(v, st.epoch_of(slot)).sync_messages;
    st.accept(DutyType::kSyncCommittee, slot);
  }
}

}  // namespace

std::vector<SigCheck> SimChain::checks_of_sync_messages(
    std::span<const eth::SyncCommitteeMessage> msgs) const {
  const State& st = *st_;
  std::vector<SigCheck> checks(msgs.size());
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (!st.known(msgs[i].validator_index)) continue;
    checks[i] = SigCheck{st.val(msgs[i].validator_index).pk,
                         eth::sync_committee_message_signing_root(cfg_.chain, msgs[i].slot,
                                                                  msgs[i].beacon_block_root),
                         msgs[i].signature};
  }
  return checks;
}

Status SimChain::submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) {
  State& st = *st_;
  std::vector<SigCheck> checks = checks_of_sync_messages(msgs);
  const auto ok = st.verify(checks);  // parses into checks[i].sig
  std::vector<std::string> errors;
  bool crypto_failed = false;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    const auto& m = msgs[i];
    std::string why;
    if (!st.known(m.validator_index)) {
      why = "unknown validator index";
    } else if (!ok[i]) {
      st.count_invalid(DutyType::kSyncCommittee, m.validator_index, m.slot,
                       "sync committee message signature");
      errors.push_back(item(i, "sync committee message signature invalid"));
      crypto_failed = true;
      continue;
    } else if (why = check_sync_slot(st, m.slot); why.empty()) {
      if (!st.sync_info_for_slot(m.slot).positions.count(m.validator_index)) {
        why = "validator is not in the sync committee";
      }
    }
    if (!why.empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, why));
      continue;
    }
    note_sync_message(st, m.slot, m.beacon_block_root, m.validator_index, checks[i].sig);
  }
  return batch_status(errors, msgs.size(), crypto_failed ? Errc::kCrypto : Errc::kInvalidArgument);
}

Result<eth::SyncCommitteeContribution> SimChain::sync_committee_contribution(
    Slot slot, uint64_t subcommittee, const Root& block_root) {
  State& st = *st_;
  if (subcommittee >= eth::kSyncCommitteeSubnetCount) {
    return make_error(Errc::kInvalidArgument, "sync subcommittee index out of range");
  }
  auto it = st.sync_pool.find({slot, block_root});
  if (it == st.sync_pool.end())
    return make_error(Errc::kNotFound, "no sync messages for that root");
  const SyncCommitteeInfo& info = st.sync_info_for_slot(slot);
  eth::SyncCommitteeContribution out;
  out.slot = slot;
  out.beacon_block_root = block_root;
  out.subcommittee_index = subcommittee;
  std::vector<bls::Signature> sigs;
  for (const auto& [v, sig] : it->second) {
    auto p = info.positions.find(v);
    if (!sig || p == info.positions.end()) continue;
    for (uint64_t pos : p->second) {
      if (pos / kSyncSubcommitteeSize != subcommittee) continue;
      out.aggregation_bits.set(pos % kSyncSubcommitteeSize, true);
      sigs.push_back(*sig);  // once per position: the contribution's pubkeys repeat likewise
    }
  }
  if (sigs.empty()) return make_error(Errc::kNotFound, "no sync messages for that subcommittee");
  auto agg = bls::aggregate(sigs);
  if (!agg) return make_error(Errc::kInternal, "aggregation failed");
  out.signature = agg->to_bytes();
  return out;
}

namespace {

std::string check_contribution_shape(SimChain::State& st, const eth::ContributionAndProof& m,
                                     std::vector<ValidatorIndex>& participants) {
  const auto& c = m.contribution;
  if (!st.known(m.aggregator_index)) return "unknown aggregator index";
  if (c.subcommittee_index >= eth::kSyncCommitteeSubnetCount) {
    return "sync subcommittee index out of range";
  }
  if (std::string why = check_sync_slot(st, c.slot); !why.empty()) return why;
  const SyncCommitteeInfo& info = st.sync_info_for_slot(c.slot);
  if (info.members.size() != kSyncCommitteeSize) return "no sync committee";
  for (uint64_t i = 0; i < kSyncSubcommitteeSize; ++i) {
    if (c.aggregation_bits.get(i)) {
      participants.push_back(info.members[c.subcommittee_index * kSyncSubcommitteeSize + i]);
    }
  }
  if (participants.empty()) return "contribution has no participants";
  return {};
}

bool in_subcommittee(const SyncCommitteeInfo& info, ValidatorIndex v, uint64_t sub) {
  auto it = info.positions.find(v);
  if (it == info.positions.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](uint64_t p) { return p / kSyncSubcommitteeSize == sub; });
}

}  // namespace

Status SimChain::submit_contributions(std::span<const eth::SignedContributionAndProof> cs) {
  State& st = *st_;
  const std::size_t n = cs.size();
  std::vector<std::vector<ValidatorIndex>> parts(n);
  std::vector<std::string> errors, shape_err(n);
  std::vector<SigCheck> checks(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = cs[i].message;
    shape_err[i] = check_contribution_shape(st, m, parts[i]);
    if (!shape_err[i].empty()) continue;
    const auto& pk = st.val(m.aggregator_index).pk;
    const eth::SyncAggregatorSelectionData sel{m.contribution.slot,
                                               m.contribution.subcommittee_index};
    checks[3 * i] =
        SigCheck{pk, eth::sync_selection_proof_signing_root(cfg_.chain, sel), m.selection_proof};
    checks[3 * i + 1] =
        SigCheck{pk, eth::contribution_and_proof_signing_root(cfg_.chain, m), cs[i].signature};
    checks[3 * i + 2] =
        SigCheck{st.aggregate_pks(parts[i]),
                 eth::sync_committee_message_signing_root(cfg_.chain, m.contribution.slot,
                                                          m.contribution.beacon_block_root),
                 m.contribution.signature};
  }
  const auto ok = st.verify(checks);  // parses into checks[i].sig
  bool crypto_failed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = cs[i].message;
    const Slot slot = m.contribution.slot;
    if (!shape_err[i].empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, shape_err[i]));
      continue;
    }
    const char* bad = !ok[3 * i]       ? "sync selection proof"
                      : !ok[3 * i + 1] ? "contribution-and-proof signature"
                      : !ok[3 * i + 2] ? "contribution signature"
                                       : nullptr;
    if (bad) {
      st.count_invalid(DutyType::kSyncContribution, m.aggregator_index, slot, bad);
      errors.push_back(item(i, std::string(bad) + " invalid"));
      crypto_failed = true;
      continue;
    }
    const uint64_t sub = m.contribution.subcommittee_index;
    std::string why;
    if (!duty::is_sync_committee_aggregator(m.selection_proof)) {
      why = "selection proof does not select a sync aggregator";
    } else if (!in_subcommittee(st.sync_info_for_slot(slot), m.aggregator_index, sub)) {
      why = "aggregator is not in that sync subcommittee";
    }
    if (!why.empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, why));
      continue;
    }
    for (ValidatorIndex v : parts[i]) {
      note_sync_message(st, slot, m.contribution.beacon_block_root, v, std::nullopt);
    }
    const auto key = std::tuple<uint64_t, uint64_t, uint64_t>{
        1, eth::u64(slot), eth::u64(m.aggregator_index) * 4 + sub};
    auto& r = st.rec(m.aggregator_index, st.epoch_of(slot));
    if (st.selections.insert(key).second) ++r.contributions_selected;
    if (st.performed.insert(key).second) {
      ++r.contributions_submitted;
      st.accept(DutyType::kSyncContribution, slot);
    }
  }
  return batch_status(errors, n, crypto_failed ? Errc::kCrypto : Errc::kInvalidArgument);
}

Status SimChain::submit_voluntary_exit(const eth::SignedVoluntaryExit& exit) {
  State& st = *st_;
  const ValidatorIndex v = exit.message.validator_index;
  if (!st.known(v)) {
    ++st.stats.rejected_other;
    return make_error(Errc::kNotFound, "voluntary exit for an unknown validator");
  }
  const Epoch cur = current_epoch();
  SigCheck chk{st.val(v).pk, eth::voluntary_exit_signing_root(cfg_.chain, exit.message, cur),
               exit.signature};
  if (!st.verify_one(chk)) {
    st.count_invalid(DutyType::kVoluntaryExit, v, current_slot(), "voluntary exit signature");
    return make_error(Errc::kCrypto, "voluntary exit signature invalid");
  }
  ValidatorState& vs = st.val(v);
  std::string why;
  if (vs.exit_epoch != eth::kFarFutureEpoch) {
    why = "validator is already exiting";
  } else if (eth::u64(exit.message.epoch) > eth::u64(cur)) {
    why = "voluntary exit epoch is in the future";
  }
  if (!why.empty()) {
    ++st.stats.rejected_other;
    return make_error(Errc::kInvalidArgument, why);
  }
  // compute_activation_exit_epoch: current + 1 + MAX_SEED_LOOKAHEAD (no churn limit here).
  vs.exit_epoch = Epoch{eth::u64(cur) + 5};
  ++st.stats.voluntary_exits;
  st.accept(DutyType::kVoluntaryExit, current_slot());
  return ok_status();
}

}  // namespace stakepool::sim
