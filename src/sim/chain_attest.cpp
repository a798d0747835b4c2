// SimChain attestations: SingleAttestation and SignedAggregateAndProof submission (every
// signature checked, batched per call), the attestation pool and aggregate_attestation.
#include "chain_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::sim {
namespace {

std::string item(std::size_t i, const std::string& what) {
  return "#" + std::to_string(i) + ": " + what;
}

// check_window: a vote for `slot` is timely (gossip ATTESTATION_PROPAGATION_SLOT_RANGE) and its
// data is well formed for electra. Returns the reason on failure.
std::string check_data(SimChain::State& st, const eth::AttestationData& d) {
  const uint64_t cur = eth::u64(st.current_slot()), s = eth::u64(d.slot);
  if (s > cur) return "attestation for a future slot";
  if (s + st.slots_per_epoch() < cur) return "attestation older than the propagation range";
  if (s < eth::u64(st.start_slot())) return "attestation before the simulation start";
  if (eth::u64(d.index) != 0) return "attestation data index must be 0 (electra)";
  if (d.target.epoch != st.epoch_of(d.slot)) return "target epoch does not match the slot";
  return {};
}

// add_vote: puts v (at committee position pos) into the pool group; false when v already voted
// differently for this target epoch (the gossip rule: one attestation per validator and target).
bool add_vote(SimChain::State& st, const eth::AttestationData& d, const Root& root, uint64_t ci,
              uint32_t pos, ValidatorIndex v, const std::optional<bls::Signature>& sig) {
  auto& r = st.rec(v, d.target.epoch).attestation;
  auto [it, fresh] = st.att_pool.try_emplace({root, ci});
  AttGroup& g = it->second;
  if (fresh) {
    g.data = d;
    g.committee = ci;
  }
  if (r.received && !g.attesters.count(pos)) return false;
  g.attesters.emplace(pos, v);
  if (sig) g.sigs.emplace(pos, *sig);
  if (!r.received) {
    r.received = true;
    r.receive_ms = st.since_slot_start(d.slot);
    st.accept(DutyType::kAttestation, d.slot);
  }
  return true;
}

}  // namespace

std::vector<SigCheck> SimChain::checks_of_attestations(
    std::span<const eth::SingleAttestation> atts) const {
  const State& st = *st_;
  std::vector<SigCheck> checks(atts.size());
  for (std::size_t i = 0; i < atts.size(); ++i) {
    if (!st.known(atts[i].attester_index)) continue;
    checks[i] =
        SigCheck{st.val(atts[i].attester_index).pk,
                 eth::attestation_signing_root(cfg_.chain, atts[i].data), atts[i].signature};
  }
  return checks;
}

Status SimChain::submit_attestations(std::span<const eth::SingleAttestation> atts) {
  State& st = *st_;
  std::vector<SigCheck> checks = checks_of_attestations(atts);
  std::vector<std::string> errors;
  bool crypto_failed = false;
  const auto ok = st.verify(checks);  // parses into checks[i].sig
  for (std::size_t i = 0; i < atts.size(); ++i) {
    const eth::SingleAttestation& a = atts[i];
    const ValidatorIndex v = a.attester_index;
    if (!st.known(v)) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, "unknown attester index"));
      continue;
    }
    if (!ok[i]) {
      st.count_invalid(DutyType::kAttestation, v, a.data.slot, "attestation signature");
      errors.push_back(item(i, "attestation signature invalid"));
      crypto_failed = true;
      continue;
    }
    st.observe_vote(v, a.data);
    std::string why = check_data(st, a.data);
    if (why.empty()) {
      auto c = st.checked_ctx(a.data.target.epoch);
      const Assignment& as = (*c)->assignment[eth::u64(v)];
      if (as.length == 0 || as.slot != eth::u64(a.data.slot) ||
          as.committee != eth::u64(a.committee_index)) {
        why = "attester is not in that committee at that slot";
      } else if (!add_vote(st, a.data, eth::ssz::hash_tree_root(a.data), as.committee, as.position,
                           v, checks[i].sig)) {
        why = "validator already attested differently for this target epoch";
      }
    }
    if (!why.empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, why));
    }
  }
  return batch_status(errors, atts.size(), crypto_failed ? Errc::kCrypto : Errc::kInvalidArgument);
}

Result<eth::AttestationElectra> SimChain::aggregate_attestation(Slot slot, const Root& data_root,
                                                                CommitteeIndex committee) {
  State& st = *st_;
  auto it = st.att_pool.find({data_root, eth::u64(committee)});
  if (it == st.att_pool.end() || it->second.sigs.empty() || it->second.data.slot != slot) {
    return make_error(Errc::kNotFound, "no attestations for that data, slot and committee");
  }
  const AttGroup& g = it->second;
  auto c = st.checked_ctx(g.data.target.epoch);
  if (!c) return c.error();
  const auto members = (*c)->committee(eth::u64(slot) % st.slots_per_epoch(), g.committee);
  eth::AttestationElectra out;
  out.data = g.data;
  out.aggregation_bits = decltype(out.aggregation_bits)(members.size());
  out.committee_bits.set(g.committee, true);
  std::vector<bls::Signature> sigs;
  for (const auto& [pos, sig] : g.sigs) {
    out.aggregation_bits.set(pos, true);
    sigs.push_back(sig);
  }
  auto agg = bls::aggregate(sigs);
  if (!agg) return make_error(Errc::kInternal, "aggregation failed");
  out.signature = agg->to_bytes();
  return out;
}

namespace {

// AggShape: what an aggregate names, once its structure checked out.
struct AggShape {
  uint64_t ci = 0;
  uint64_t length = 0;
  std::vector<ValidatorIndex> participants;
  std::vector<uint32_t> positions;
};

std::string check_aggregate_shape(SimChain::State& st, const eth::AggregateAndProofElectra& m,
                                  AggShape& shape) {
  const auto& a = m.aggregate;
  if (!st.known(m.aggregator_index)) return "unknown aggregator index";
  if (std::string why = check_data(st, a.data); !why.empty()) return why;
  if (a.committee_bits.count() != 1) return "aggregate must name exactly one committee";
  auto c = st.checked_ctx(a.data.target.epoch);
  if (!c) return c.error().message;
  for (uint64_t i = 0; i < a.committee_bits.size(); ++i) {
    if (a.committee_bits.get(i)) shape.ci = i;
  }
  if (shape.ci >= (*c)->committees_per_slot) return "committee index out of range";
  const auto members = (*c)->committee(eth::u64(a.data.slot) % st.slots_per_epoch(), shape.ci);
  shape.length = members.size();
  if (a.aggregation_bits.size() != members.size()) return "aggregation bits length mismatch";
  for (uint32_t p = 0; p < members.size(); ++p) {
    if (!a.aggregation_bits.get(p)) continue;
    shape.participants.push_back(members[p]);
    shape.positions.push_back(p);
  }
  if (shape.participants.empty()) return "aggregate has no participants";
  return {};
}

}  // namespace

Status SimChain::submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) {
  State& st = *st_;
  const std::size_t n = aggs.size();
  std::vector<AggShape> shapes(n);
  std::vector<std::string> errors, shape_err(n);
  std::vector<SigCheck> checks(3 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = aggs[i].message;
    shape_err[i] = check_aggregate_shape(st, m, shapes[i]);
    if (!shape_err[i].empty()) continue;
    const auto& pk = st.val(m.aggregator_index).pk;
    checks[3 * i] =
        SigCheck{pk, eth::selection_proof_signing_root(cfg_.chain, m.aggregate.data.slot),
                 m.selection_proof};
    checks[3 * i + 1] =
        SigCheck{pk, eth::aggregate_and_proof_signing_root(cfg_.chain, m), aggs[i].signature};
    checks[3 * i + 2] = SigCheck{st.aggregate_pks(shapes[i].participants),
                                 eth::attestation_signing_root(cfg_.chain, m.aggregate.data),
                                 m.aggregate.signature};
  }
  const auto ok = st.verify(checks);  // parses into checks[i].sig
  bool crypto_failed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& m = aggs[i].message;
    const Slot slot = m.aggregate.data.slot;
    if (!shape_err[i].empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, shape_err[i]));
      continue;
    }
    const char* bad = !ok[3 * i]       ? "selection proof"
                      : !ok[3 * i + 1] ? "aggregate-and-proof signature"
                      : !ok[3 * i + 2] ? "aggregate attestation signature"
                                       : nullptr;
    if (bad) {
      st.count_invalid(DutyType::kAggregation, m.aggregator_index, slot, bad);
      errors.push_back(item(i, std::string(bad) + " invalid"));
      crypto_failed = true;
      continue;
    }
    for (ValidatorIndex v : shapes[i].participants) st.observe_vote(v, m.aggregate.data);
    auto c = st.checked_ctx(m.aggregate.data.target.epoch);
    const Assignment& as = (*c)->assignment[eth::u64(m.aggregator_index)];
    std::string why;
    if (!duty::is_aggregator(shapes[i].length, m.selection_proof)) {
      why = "selection proof does not select an aggregator";
    } else if (as.slot != eth::u64(slot) || as.committee != shapes[i].ci || as.length == 0) {
      why = "aggregator is not in that committee at that slot";
    }
    if (!why.empty()) {
      ++st.stats.rejected_other;
      errors.push_back(item(i, why));
      continue;
    }
    const Root root = eth::ssz::hash_tree_root(m.aggregate.data);
    for (std::size_t k = 0; k < shapes[i].participants.size(); ++k) {
      add_vote(st, m.aggregate.data, root, shapes[i].ci, shapes[i].positions[k],
               shapes[i].participants[k], std::nullopt);
    }
    const auto key =
        std::tuple<uint64_t, uint64_t, uint64_t>{0, eth::u64(slot), eth::u64(m.aggregator_index)};
    auto& r = st.rec(m.aggregator_index, st.epoch_of(slot));
    if (st.selections.insert(key).second) ++r.aggregations_selected;
    if (st.performed.insert(key).second) {
      ++r.aggregations_submitted;
      st.accept(DutyType::kAggregation, slot);
    }
  }
  return batch_status(errors, n, crypto_failed ? Errc::kCrypto : Errc::kInvalidArgument);
}

}  // namespace stakepool::sim
