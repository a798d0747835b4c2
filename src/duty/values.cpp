// Duty data: what a node proposes for each duty class, the value hook that decides whether it
// agrees to a proposal (well-formed, consistent with its duties, not slashable), and what it signs
// once a value is decided. Value encodings (doc/formats/duty.md):
//   attester        SSZ AttestationData
//   proposer        SSZ BeaconBlockHeader
//   sync message    the 32-byte head block root
//   aggregator      u32 count, then count x (u32 length, SSZ AggregateAndProof (electra))
//   contribution    u32 count, then count x (u32 length, SSZ ContributionAndProof)
// with entries in ascending validator (then subcommittee) order and no repeats.
#include "duty/node_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/util/codec.hpp"

namespace stakepool::duty {

namespace {

constexpr uint32_t kMaxEntries = 4096;

template <typename T>
util::Bytes encode_list(const std::vector<T>& entries) {
  util::ByteWriter w;
  w.u32(static_cast<uint32_t>(entries.size()));
  for (const T& e : entries) w.bytes(eth::ssz::encode(e));
  return w.take();
}

template <typename T>
std::optional<std::vector<T>> decode_list(std::span<const uint8_t> in) {
  util::ByteReader r(in);
  const uint32_t n = r.count(kMaxEntries, "entry count");
  std::vector<T> out;
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    auto e = eth::ssz::decode<T>(r.bytes(consensus::kMaxValueBytes, "entry"));
    if (!e) return std::nullopt;
    out.push_back(std::move(*e));
  }
  if (!r.finish() || out.empty()) return std::nullopt;
  return out;
}

util::Bytes root_bytes(const eth::Root& r) { return util::Bytes(r.begin(), r.end()); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Inputs

std::optional<util::Bytes> OperatorNode::State::make_input(SlotState& st, Run& r) {
  const PoolSlotDuties& d = st.duties.at(r.pool);
  switch (r.cls) {
    case DutyClass::kProposer:
      return std::nullopt;  // from produce_block, once the RANDAO reveal is combined
    case DutyClass::kAttester: {
      auto data = cfg.beacon->attestation_data(st.slot, d.attesters.front().committee_index);
      if (!data) {
        ++stats.beacon_errors;
        for (const auto& a : d.attesters) {
          note(st, DutyType::kAttestation, eth::u64(a.validator_index), 0,
               "beacon node attestation_data: " + data.error().message);
        }
        return std::nullopt;
      }
      r.own_attestation = *data;
      eth::AttestationData mine = *data;
      if (cfg.behaviour == Behaviour::kSlashable) mutate_slashable(mine);
      return eth::ssz::encode(mine);
    }
    case DutyClass::kSyncMessage: {
      auto root = cfg.beacon->block_root(st.slot);
      if (!root) {
        ++stats.beacon_errors;
        return std::nullopt;
      }
      return root_bytes(*root);
    }
    case DutyClass::kAggregator: {
      const eth::AttestationData& data = st.attestation_data.at(r.pool);
      const eth::Root data_root = eth::ssz::hash_tree_root(data);
      std::vector<eth::AggregateAndProofElectra> entries;
      for (const auto& [v, proof] : st.aggregators) {
        const AttesterDuty* a = d.attester(eth::ValidatorIndex{v});
        if (a == nullptr) continue;
        auto agg = cfg.beacon->aggregate_attestation(st.slot, data_root, a->committee_index);
        if (!agg) {
          ++stats.beacon_errors;
          note(st, DutyType::kAggregation, v, 0, "beacon node aggregate_attestation: " + agg.error().message);
          continue;
        }
        entries.push_back(eth::AggregateAndProofElectra{eth::ValidatorIndex{v}, *agg, proof});
      }
      if (entries.empty()) return std::nullopt;
      return encode_list(entries);
    }
    case DutyClass::kSyncContribution: {
      const eth::Root& root = st.sync_root.at(r.pool);
      std::vector<eth::ContributionAndProof> entries;
      for (const auto& [key, proof] : st.sync_aggregators) {
        if (d.sync_member(eth::ValidatorIndex{key.first}) == nullptr) continue;
        auto c = cfg.beacon->sync_committee_contribution(st.slot, key.second, root);
        if (!c) {
          ++stats.beacon_errors;
          note(st, DutyType::kSyncContribution, key.first, key.second,
               "beacon node sync_committee_contribution: " + c.error().message);
          continue;
        }
        entries.push_back(eth::ContributionAndProof{eth::ValidatorIndex{key.first}, *c, proof});
      }
      if (entries.empty()) return std::nullopt;
      return encode_list(entries);
    }
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

  bool attestation(std::span<const uint8_t> value, Run& r) {
    auto data = eth::ssz::decode<eth::AttestationData>(value);
    const eth::ChainConfig& c = s.chain();
    if (!data || data->slot != st.slot || eth::u64(data->index) != 0 ||
        data->target.epoch != eth::epoch_at_slot(c, st.slot) ||
        eth::u64(data->source.epoch) > eth::u64(data->target.epoch)) {
      ++s.stats.refused_invalid;
      return false;
    }
    const eth::Root root = eth::attestation_signing_root(c, *data);
    std::vector<eth::SigningRequest> reqs;
    for (const auto& a : d.attesters) {
      reqs.push_back(eth::AttestationRequest{validator(eth::u64(a.validator_index)).my_share_pk,
                                             eth::u64(data->source.epoch),
                                             eth::u64(data->target.epoch), root});
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
    if (!r.own_attestation || r.own_attestation->source != data->source ||
        r.own_attestation->target != data->target) {
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

  bool aggregates(std::span<const uint8_t> value) {
    auto list = decode_list<eth::AggregateAndProofElectra>(value);
    bool ok = list.has_value();
    uint64_t prev = 0;
    const eth::Root sel_root = eth::selection_proof_signing_root(s.chain(), st.slot);
    const auto dit = st.attestation_data.find(pool);
    for (std::size_t i = 0; ok && i < list->size(); ++i) {
      const auto& e = (*list)[i];
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

  bool contributions(std::span<const uint8_t> value) {
    auto list = decode_list<eth::ContributionAndProof>(value);
    bool ok = list.has_value();
    std::pair<uint64_t, uint64_t> prev{0, 0};
    for (std::size_t i = 0; ok && i < list->size(); ++i) {
      const auto& e = (*list)[i];
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
    case DutyClass::kAttester: return c.attestation(value, r);
    case DutyClass::kProposer: return c.block(value);
    case DutyClass::kSyncMessage:
      if (value.size() == 32) return true;
      ++stats.refused_invalid;
      return false;
    case DutyClass::kAggregator: return c.aggregates(value);
    case DutyClass::kSyncContribution: return c.contributions(value);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Signing the decided value

namespace {

// Decided: what one decision asks this node to sign.
struct ToSign {
  DutyType type = DutyType::kAttestation;
  SigKind kind = SigKind::kAttestation;
  std::vector<std::pair<ItemKey, eth::Root>> items;
  std::vector<eth::SigningRequest> slashing;  // parallel to items (attestations, blocks)
};

}  // namespace

void OperatorNode::State::sign_decided(SlotState& st, Run& r, TimePoint now, NodeOutputs& out) {
  const eth::ChainConfig& c = chain();
  const PoolSlotDuties& d = st.duties.at(r.pool);
  const util::Bytes& value = *r.decided;
  ToSign ts;
  auto my_pk = [this](eth::ValidatorIndex v) { return validators.at(eth::u64(v)).my_share_pk; };
  switch (r.cls) {
    case DutyClass::kAttester: {
      auto data = eth::ssz::decode<eth::AttestationData>(value);
      if (!data) return;  // decided by a quorum that includes honest nodes: cannot happen
      st.attestation_data[r.pool] = *data;
      const eth::Root root = eth::attestation_signing_root(c, *data);
      ts = {DutyType::kAttestation, SigKind::kAttestation, {}, {}};
      for (const auto& a : d.attesters) {
        ts.items.push_back({ItemKey{ts.kind, eth::u64(a.validator_index), 0}, root});
        ts.slashing.push_back(eth::AttestationRequest{my_pk(a.validator_index),
                                                      eth::u64(data->source.epoch),
                                                      eth::u64(data->target.epoch), root});
      }
      break;
    }
    case DutyClass::kProposer: {
      auto h = eth::ssz::decode<eth::BeaconBlockHeader>(value);
      if (!h || !d.proposer) return;
      st.block[r.pool] = *h;
      const eth::Root root = eth::block_header_signing_root(c, *h);
      ts = {DutyType::kProposal, SigKind::kBlock, {}, {}};
      ts.items.push_back({ItemKey{ts.kind, eth::u64(d.proposer->validator_index), 0}, root});
      ts.slashing.push_back(eth::BlockRequest{my_pk(d.proposer->validator_index), eth::u64(h->slot), root});
      break;
    }
    case DutyClass::kSyncMessage: {
      if (value.size() != 32) return;
      eth::Root head{};
      std::copy(value.begin(), value.end(), head.begin());
      st.sync_root[r.pool] = head;
      const eth::Root root = eth::sync_committee_message_signing_root(c, st.slot, head);
      ts = {DutyType::kSyncCommittee, SigKind::kSyncMessage, {}, {}};
      for (const auto& m : d.sync) {
        ts.items.push_back({ItemKey{ts.kind, eth::u64(m.validator_index), 0}, root});
      }
      break;
    }
    case DutyClass::kAggregator: {
      auto list = decode_list<eth::AggregateAndProofElectra>(value);
      if (!list) return;
      ts = {DutyType::kAggregation, SigKind::kAggregateAndProof, {}, {}};
      for (auto& e : *list) {
        const uint64_t v = eth::u64(e.aggregator_index);
        ts.items.push_back({ItemKey{ts.kind, v, 0}, eth::aggregate_and_proof_signing_root(c, e)});
        st.aggregates[v] = std::move(e);
      }
      break;
    }
    case DutyClass::kSyncContribution: {
      auto list = decode_list<eth::ContributionAndProof>(value);
      if (!list) return;
      ts = {DutyType::kSyncContribution, SigKind::kContributionAndProof, {}, {}};
      for (auto& e : *list) {
        const std::pair<uint64_t, uint64_t> key{eth::u64(e.aggregator_index),
                                                e.contribution.subcommittee_index};
        ts.items.push_back({ItemKey{ts.kind, key.first, key.second},
                            eth::contribution_and_proof_signing_root(c, e)});
        st.contributions[key] = std::move(e);
      }
      break;
    }
  }
  sign_allowed(st, r, ts.type, ts.kind, ts.items, ts.slashing, now, out);
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
