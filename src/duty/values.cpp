// Duty data: what a node proposes for each consensus instance, the value hook that decides
// whether it agrees to a proposal (well-formed, consistent with its duties, not slashable), and
// what it signs once a value is decided. One instance per pool and slot for each point of the
// slot; values (doc/formats/duty.md): the proposer's an SSZ BeaconBlockHeader, the attester's and
// the aggregator's as in value_codec.hpp, with list entries in ascending validator (then
// subcommittee) order and no repeats.
#include "duty/node_state.hpp"
#include "duty/value_codec.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::duty {

// ---------------------------------------------------------------------------------------------
// Inputs

namespace {

// attester_input: the attestation data of the pool's committees (when it has attesters) and the
// head block root for its sync committee members (when it has some): the data's
// beacon_block_root, or the beacon node's head root when there are no attesters.
std::optional<util::Bytes> attester_input(OperatorNode::State& s, SlotState& st, Run& r) {
  const PoolSlotDuties& d = st.duties.at(r.pool);
  AttesterValue v;
  if (!d.attesters.empty()) {
    auto data = s.cfg.beacon->attestation_data(st.slot, d.attesters.front().committee_index);
    if (!data) {
      ++s.stats.beacon_errors;
      for (const auto& a : d.attesters) {
        s.note(st, DutyType::kAttestation, eth::u64(a.validator_index), 0,
             "beacon node attestation_data: " + data.error().message);
      }
      return std::nullopt;
    }
    r.own_attestation = *data;
    v.data = *data;
    if (s.cfg.behaviour == Behaviour::kSlashable) s.mutate_slashable(*v.data);
    if (!d.sync.empty()) v.sync_root = v.data->beacon_block_root;
  } else if (!d.sync.empty()) {
    auto root = s.cfg.beacon->block_root(st.slot);
    if (!root) {
      ++s.stats.beacon_errors;
      return std::nullopt;
    }
    v.sync_root = *root;
  }
  return encode_attester_value(v);
}

// aggregator_input: the aggregates of the pool's selected attestation aggregators and the
// contributions of its selected sync aggregators (those whose base data is decided).
std::optional<util::Bytes> aggregator_input(OperatorNode::State& s, SlotState& st, Run& r) {
  const PoolSlotDuties& d = st.duties.at(r.pool);
  AggregatorValue v;
  if (auto it = st.attestation_data.find(r.pool); it != st.attestation_data.end()) {
    const eth::Root data_root = eth::ssz::hash_tree_root(it->second);
    for (const auto& [idx, proof] : st.aggregators) {
      const AttesterDuty* a = d.attester(eth::ValidatorIndex{idx});
      if (a == nullptr) continue;
      auto agg = s.cfg.beacon->aggregate_attestation(st.slot, data_root, a->committee_index);
      if (!agg) {
        ++s.stats.beacon_errors;
        s.note(st, DutyType::kAggregation, idx, 0,
             "beacon node aggregate_attestation: " + agg.error().message);
        continue;
      }
      v.aggregates.push_back(eth::AggregateAndProofElectra{eth::ValidatorIndex{idx}, *agg, proof});
    }
  }
  if (auto it = st.sync_root.find(r.pool); it != st.sync_root.end()) {
    for (const auto& [key, proof] : st.sync_aggregators) {
      if (d.sync_member(eth::ValidatorIndex{key.first}) == nullptr) continue;
      auto c = s.cfg.beacon->sync_committee_contribution(st.slot, key.second, it->second);
      if (!c) {
        ++s.stats.beacon_errors;
        s.note(st, DutyType::kSyncContribution, key.first, key.second,
             "beacon node sync_committee_contribution: " + c.error().message);
        continue;
      }
      v.contributions.push_back(
          eth::ContributionAndProof{eth::ValidatorIndex{key.first}, *c, proof});
    }
  }
  return encode_aggregator_value(v);
}

}  // namespace

std::optional<util::Bytes> OperatorNode::State::make_input(SlotState& st, Run& r) {
  switch (r.cls) {
    case DutyClass::kProposer:
      return std::nullopt;  // from produce_block, once the RANDAO reveal is combined
    case DutyClass::kAttester:
      return attester_input(*this, st, r);
    case DutyClass::kAggregator:
      return aggregator_input(*this, st, r);
    case DutyClass::kSyncMessage:       // decided by the attester instance
    case DutyClass::kSyncContribution:  // decided by the aggregator instance
      return std::nullopt;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// The value hook

namespace {

// Checker: the per-class checks of check_value, with access to the node.
struct Checker {
  OperatorNode::State& s;
  SlotState& st;
  PoolId pool;
  const PoolSlotDuties& d;
  const ValidatorState& validator(uint64_t v) const { return s.validators.at(v); }

  // slashable asks the slashing database (without recording) about every request.
  bool slashable(const std::vector<eth::SigningRequest>& reqs) const {
    auto res = s.cfg.slashing->check_batch(reqs);
    if (!res) return true;  // a database error: refuse to agree
    for (const Status& one : *res) {
      if (!one) return true;
    }
    return false;
  }

  // attester_value: exactly the parts the pool needs (attestation data when it has attesters, a
  // sync root when it has sync members), each valid.
  bool attester_value(std::span<const uint8_t> value, Run& r) {
    auto v = decode_attester_value(value);
    if (!v || v->data.has_value() == d.attesters.empty() ||
        v->sync_root.has_value() == d.sync.empty()) {
      ++s.stats.refused_invalid;
      return false;
    }
    return !v->data || attestation(*v->data, r);
  }

  bool attestation(const eth::AttestationData& data, Run& r) {
    const eth::ChainConfig& c = s.chain();
    if (data.slot != st.slot || eth::u64(data.index) != 0 ||
        data.target.epoch != eth::epoch_at_slot(c, st.slot) ||
        eth::u64(data.source.epoch) > eth::u64(data.target.epoch)) {
      ++s.stats.refused_invalid;
      return false;
    }
    const eth::Root root = eth::attestation_signing_root(c, data);
    std::vector<eth::SigningRequest> reqs;
    for (const auto& a : d.attesters) {
      reqs.push_back(eth::AttestationRequest{validator(eth::u64(a.validator_index)).my_share_pk,
                                             eth::u64(data.source.epoch),
                                             eth::u64(data.target.epoch), root});
    }
    if (slashable(reqs)) {
      ++s.stats.refused_slashable;
      return false;
    }
    if (!r.own_attestation) {
      auto own = s.cfg.beacon->attestation_data(st.slot, d.attesters.front().committee_index);
      if (own) r.own_attestation = *own;
    }
    // Source and target must be this node's view (the head vote may differ between nodes).
    if (!r.own_attestation || r.own_attestation->source != data.source ||
        r.own_attestation->target != data.target) {
      ++s.stats.refused_invalid;
      return false;
    }
    return true;
  }

  bool block(std::span<const uint8_t> value) {
    auto h = eth::ssz::decode<eth::BeaconBlockHeader>(value);
    if (!h || !d.proposer || h->slot != st.slot || h->proposer_index != d.proposer->validator_index) {
      ++s.stats.refused_invalid;
      return false;
    }
    const eth::Root root = eth::block_header_signing_root(s.chain(), *h);
    const eth::BlockRequest req{validator(eth::u64(h->proposer_index)).my_share_pk,
                                eth::u64(h->slot), root};
    if (slashable({req})) {
      ++s.stats.refused_slashable;
      return false;
    }
    return true;
  }

  // proof_ok: the selection proof is this node's combined one, or verifies under the group key.
  bool proof_ok(const eth::BlsSignature& proof, const eth::BlsSignature* known, uint64_t v,
                const eth::Root& root) const {
    if (known != nullptr) return *known == proof;
    auto sig = bls::Signature::parse(proof);
    return sig && bls::verify(validator(v).group_pk, root, *sig);
  }

  // aggregator_value: a well-formed value whose aggregates and contributions are all valid.
  bool aggregator_value(std::span<const uint8_t> value) {
    auto v = decode_aggregator_value(value);
    if (!v) {
      ++s.stats.refused_invalid;
      return false;
    }
    return aggregates(v->aggregates) && contributions(v->contributions);
  }

  bool aggregates(const std::vector<eth::AggregateAndProofElectra>& list) {
    bool ok = true;
    uint64_t prev = 0;
    const eth::Root sel_root = eth::selection_proof_signing_root(s.chain(), st.slot);
    const auto dit = st.attestation_data.find(pool);
    for (std::size_t i = 0; ok && i < list.size(); ++i) {
      const auto& e = list[i];
      const uint64_t v = eth::u64(e.aggregator_index);
      const AttesterDuty* a = d.attester(e.aggregator_index);
      auto known = st.aggregators.find(v);
      ok = a != nullptr && (i == 0 || v > prev) && e.aggregate.data.slot == st.slot &&
           (dit == st.attestation_data.end() || e.aggregate.data == dit->second) &&
           eth::u64(a->committee_index) < e.aggregate.committee_bits.size() &&
           e.aggregate.committee_bits.get(eth::u64(a->committee_index)) &&
           e.aggregate.committee_bits.count() == 1 &&
           is_aggregator(a->committee_length, e.selection_proof) &&
           proof_ok(e.selection_proof, known == st.aggregators.end() ? nullptr : &known->second, v,
                    sel_root);
      prev = v;
    }
    if (!ok) ++s.stats.refused_invalid;
    return ok;
  }

  bool contributions(const std::vector<eth::ContributionAndProof>& list) {
    bool ok = true;
    std::pair<uint64_t, uint64_t> prev{0, 0};
    for (std::size_t i = 0; ok && i < list.size(); ++i) {
      const auto& e = list[i];
      const uint64_t v = eth::u64(e.aggregator_index);
      const uint64_t sub = e.contribution.subcommittee_index;
      const std::pair<uint64_t, uint64_t> key{v, sub};
      const SyncDuty* m = d.sync_member(e.aggregator_index);
      bool member_of_sub = false;
      if (m != nullptr) {
        for (uint64_t x : subcommittees_of(*m)) member_of_sub = member_of_sub || x == sub;
      }
      const auto rit = st.sync_root.find(pool);
      const eth::Root sel_root = eth::sync_selection_proof_signing_root(
          s.chain(), eth::SyncAggregatorSelectionData{st.slot, sub});
      auto known = st.sync_aggregators.find(key);
      ok = member_of_sub && (i == 0 || key > prev) && e.contribution.slot == st.slot &&
           (rit == st.sync_root.end() || e.contribution.beacon_block_root == rit->second) &&
           is_sync_committee_aggregator(e.selection_proof) &&
           proof_ok(e.selection_proof,
                    known == st.sync_aggregators.end() ? nullptr : &known->second, v, sel_root);
      prev = key;
    }
    if (!ok) ++s.stats.refused_invalid;
    return ok;
  }
};

}  // namespace

bool OperatorNode::State::check_value(SlotState& st, Run& r, std::span<const uint8_t> value) {
  if (cfg.behaviour == Behaviour::kSlashable) return true;  // agrees to anything
  Checker c{*this, st, r.pool, st.duties.at(r.pool)};
  switch (r.cls) {
    case DutyClass::kAttester: return c.attester_value(value, r);
    case DutyClass::kProposer: return c.block(value);
    case DutyClass::kAggregator: return c.aggregator_value(value);
    case DutyClass::kSyncMessage:       // no instance of its own (attester)
    case DutyClass::kSyncContribution:  // no instance of its own (aggregator)
      break;
  }
  ++stats.refused_invalid;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Signing the decided value

namespace {

// ToSign: what one decision asks this node to sign, for one duty type.
struct ToSign {
  DutyType type = DutyType::kAttestation;
  SigKind kind = SigKind::kAttestation;
  std::vector<std::pair<ItemKey, eth::Root>> items;
  std::vector<eth::SigningRequest> slashing;  // parallel to items (attestations, blocks)
};

// decided_work lists what a decided value asks this node to sign, and keeps its parsed parts in
// the slot state (st.attestation_data, block, sync_root, aggregates, contributions).
std::vector<ToSign> decided_work(OperatorNode::State& s, SlotState& st, Run& r) {
  const eth::ChainConfig& c = s.chain();
  const PoolSlotDuties& d = st.duties.at(r.pool);
  const util::Bytes& value = *r.decided;
  auto my_pk = [&s](eth::ValidatorIndex v) { return s.validators.at(eth::u64(v)).my_share_pk; };
  std::vector<ToSign> work;
  if (r.cls == DutyClass::kProposer) {
    auto h = eth::ssz::decode<eth::BeaconBlockHeader>(value);
    if (!h || !d.proposer) return work;
    st.block[r.pool] = *h;
    const eth::Root root = eth::block_header_signing_root(c, *h);
    ToSign& ts = work.emplace_back(ToSign{DutyType::kProposal, SigKind::kBlock, {}, {}});
    ts.items.push_back({ItemKey{ts.kind, eth::u64(d.proposer->validator_index), 0}, root});
    ts.slashing.push_back(
        eth::BlockRequest{my_pk(d.proposer->validator_index), eth::u64(h->slot), root});
  } else if (r.cls == DutyClass::kAttester) {
    auto v = decode_attester_value(value);  // decided with honest votes: valid
    if (!v) return work;
    if (v->data) {
      st.attestation_data[r.pool] = *v->data;
      const eth::Root root = eth::attestation_signing_root(c, *v->data);
      ToSign& ts =
          work.emplace_back(ToSign{DutyType::kAttestation, SigKind::kAttestation, {}, {}});
      for (const auto& a : d.attesters) {
        ts.items.push_back({ItemKey{ts.kind, eth::u64(a.validator_index), 0}, root});
        ts.slashing.push_back(eth::AttestationRequest{my_pk(a.validator_index),
                                                      eth::u64(v->data->source.epoch),
                                                      eth::u64(v->data->target.epoch), root});
      }
    }
    if (v->sync_root) {
      st.sync_root[r.pool] = *v->sync_root;
      const eth::Root root = eth::sync_committee_message_signing_root(c, st.slot, *v->sync_root);
      ToSign& ts =
          work.emplace_back(ToSign{DutyType::kSyncCommittee, SigKind::kSyncMessage, {}, {}});
      for (const auto& m : d.sync) {
        ts.items.push_back({ItemKey{ts.kind, eth::u64(m.validator_index), 0}, root});
      }
    }
  } else if (r.cls == DutyClass::kAggregator) {
    auto v = decode_aggregator_value(value);
    if (!v) return work;
    if (!v->aggregates.empty()) {
      ToSign& ts =
          work.emplace_back(ToSign{DutyType::kAggregation, SigKind::kAggregateAndProof, {}, {}});
      for (auto& e : v->aggregates) {
        const uint64_t idx = eth::u64(e.aggregator_index);
        ts.items.push_back({ItemKey{ts.kind, idx, 0}, eth::aggregate_and_proof_signing_root(c, e)});
        st.aggregates[idx] = std::move(e);
      }
    }
    if (!v->contributions.empty()) {
      ToSign& ts = work.emplace_back(
          ToSign{DutyType::kSyncContribution, SigKind::kContributionAndProof, {}, {}});
      for (auto& e : v->contributions) {
        const std::pair<uint64_t, uint64_t> key{eth::u64(e.aggregator_index),
                                                e.contribution.subcommittee_index};
        ts.items.push_back({ItemKey{ts.kind, key.first, key.second},
                            eth::contribution_and_proof_signing_root(c, e)});
        st.contributions[key] = std::move(e);
      }
    }
  }
  return work;
}

}  // namespace

void OperatorNode::State::sign_decided(SlotState& st, Run& r, TimePoint now, NodeOutputs& out) {
  for (const ToSign& ts : decided_work(*this, st, r)) {
    sign_allowed(st, r, ts.type, ts.kind, ts.items, ts.slashing, now, out);
  }
}

// sign_allowed records the decision on the duties, asks the slashing database (attestations and
// blocks: checked and recorded in one transaction), and signs what it allows.
void OperatorNode::State::sign_allowed(SlotState& st, Run& r, DutyType type, SigKind kind,
                                       const std::vector<std::pair<ItemKey, eth::Root>>& items,
                                       const std::vector<eth::SigningRequest>& slashing,
                                       TimePoint now, NodeOutputs& out) {
  std::vector<Status> verdicts(items.size());
  if (!slashing.empty()) {
    auto res = cfg.slashing->check_and_record_batch(slashing);
    for (std::size_t i = 0; i < items.size(); ++i) {
      verdicts[i] = res ? (*res)[i] : Status(res.error());
    }
  }
  std::vector<std::pair<ItemKey, eth::Root>> allowed;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ItemKey& k = items[i].first;
    if (PendingDuty* p = pending(st, type, k.validator, k.sub)) {
      p->rec.consensus_round = r.round;
      p->rec.decided_ms = r.decided_ms;
    }
    Item* item = item_for(st, r.pool, k);
    if (item != nullptr && !item->root) item->root = items[i].second;
    if (!verdicts[i]) {
      ++stats.slashing_refusals;
      note(st, type, k.validator, k.sub, "slashing protection refused: " + verdicts[i].error().message);
      continue;
    }
    allowed.push_back(items[i]);
  }
  if (!allowed.empty()) sign_items(st, r.pool, kind, allowed, out);
}

}  // namespace stakepool::duty
