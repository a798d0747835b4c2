// What a combined, verified signature is used for: a RANDAO reveal asks the beacon node for a
// block (the proposer run's input); a selection proof decides aggregation; the others are submitted
// to the beacon node, in one call per signing kind, and finish their duty records.
#include "duty/node_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::duty {

namespace {

template <typename T>
using Batch = std::vector<std::pair<T, const ItemKey*>>;

}  // namespace

// use_pre_consensus: a RANDAO reveal asks for the block; a selection proof that selects makes the
// validator an aggregator (true when so).
bool OperatorNode::State::use_pre_consensus(SlotState& st, const ItemKey& k,
                                            const eth::BlsSignature& sig, TimePoint now,
                                            NodeOutputs& out) {
  const Item& item = st.items.at(k);
  const eth::ValidatorIndex v{k.validator};
  const PoolSlotDuties& d = st.duties.at(item.pool);
  switch (k.kind) {
    case SigKind::kRandao: {
      auto block = cfg.beacon->produce_block(st.slot, sig);
      if (!block) {
        ++stats.beacon_errors;
        note(st, DutyType::kProposal, k.validator, 0, "beacon node produce_block: " + block.error().message);
        break;
      }
      if (Run* r = run_for(st, item.pool, DutyClass::kProposer, now)) {
        provide_input(st, *r, eth::ssz::encode(block->header), now, out);
      }
      break;
    }
    case SigKind::kSelectionProof: {
      const AttesterDuty* a = d.attester(v);
      auto reported = cfg.beacon->report_beacon_committee_selection(st.slot, v, sig);
      if (!reported) ++stats.beacon_errors;
      if (a != nullptr && is_aggregator(a->committee_length, sig)) {
        st.aggregators[k.validator] = sig;
        st.pending.emplace(DutyKey{DutyType::kAggregation, k.validator, 0},
                           PendingDuty(cfg.self, DutyType::kAggregation, st.slot, v, item.pool));
        return true;
      }
      break;
    }
    case SigKind::kSyncSelectionProof: {
      auto reported = cfg.beacon->report_sync_committee_selection(st.slot, v, k.sub, sig);
      if (!reported) ++stats.beacon_errors;
      if (is_sync_committee_aggregator(sig)) {
        st.sync_aggregators[{k.validator, k.sub}] = sig;
        st.pending.emplace(DutyKey{DutyType::kSyncContribution, k.validator, k.sub},
                           PendingDuty(cfg.self, DutyType::kSyncContribution, st.slot, v, item.pool, k.sub));
        return true;
      }
      break;
    }
    default:
      break;
  }
  return false;
}

void OperatorNode::State::complete(SlotState& st, std::vector<ItemKey> done, TimePoint now,
                                   NodeOutputs& out) {
  Batch<eth::SingleAttestation> atts;
  Batch<eth::SyncCommitteeMessage> syncs;
  Batch<eth::SignedAggregateAndProofElectra> aggs;
  Batch<eth::SignedContributionAndProof> contribs;
  bool selections = false;
  for (const ItemKey& k : done) {
    const Item& item = st.items.at(k);
    const eth::BlsSignature sig = item.combined->to_bytes();
    const eth::ValidatorIndex v{k.validator};
    const PoolSlotDuties& d = st.duties.at(item.pool);
    switch (k.kind) {
      case SigKind::kRandao:
      case SigKind::kSelectionProof:
      case SigKind::kSyncSelectionProof:
        selections = use_pre_consensus(st, k, sig, now, out) || selections;
        break;
      case SigKind::kAttestation: {
        const AttesterDuty* a = d.attester(v);
        atts.push_back({eth::SingleAttestation{a->committee_index, v, st.attestation_data.at(item.pool), sig}, &k});
        break;
      }
      case SigKind::kBlock: {
        const Status s = cfg.beacon->submit_block(eth::SignedBeaconBlockHeader{st.block.at(item.pool), sig});
        ++stats.submissions;
        if (!s) ++stats.submission_errors;
        finish_duty(st, DutyType::kProposal, k.validator, 0, item, s, now);
        break;
      }
      case SigKind::kSyncMessage:
        syncs.push_back({eth::SyncCommitteeMessage{st.slot, st.sync_root.at(item.pool), v, sig}, &k});
        break;
      case SigKind::kAggregateAndProof:
        aggs.push_back({eth::SignedAggregateAndProofElectra{st.aggregates.at(k.validator), sig}, &k});
        break;
      case SigKind::kContributionAndProof:
        contribs.push_back(
            {eth::SignedContributionAndProof{st.contributions.at({k.validator, k.sub}), sig}, &k});
        break;
    }
  }
  auto submit = [&](auto& batch, DutyType type, auto call) {
    if (batch.empty()) return;
    std::vector<typename std::decay_t<decltype(batch)>::value_type::first_type> msgs;
    for (const auto& [m, key] : batch) msgs.push_back(m);
    const Status s = call(msgs);
    ++stats.submissions;
    if (!s) ++stats.submission_errors;
    for (const auto& [m, key] : batch) {
      finish_duty(st, type, key->validator, key->sub, st.items.at(*key), s, now);
    }
  };
  BeaconNode& b = *cfg.beacon;
  submit(atts, DutyType::kAttestation, [&b](const auto& m) { return b.submit_attestations(m); });
  submit(syncs, DutyType::kSyncCommittee, [&b](const auto& m) { return b.submit_sync_messages(m); });
  submit(aggs, DutyType::kAggregation, [&b](const auto& m) { return b.submit_aggregates(m); });
  submit(contribs, DutyType::kSyncContribution,
         [&b](const auto& m) { return b.submit_contributions(m); });
  if (selections) advance_aggregation(st, now, out);
}

}  // namespace stakepool::duty
