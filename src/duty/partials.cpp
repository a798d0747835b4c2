// Partial signatures: this node's own (one message per pool and signing kind), those received
// from the pool's members, their batched verification once a threshold may be reached, the
// combination of t valid ones, the batched check of the results against the group keys, and what
// a finished signature is used for (a RANDAO reveal, a selection proof, a submission).
#include <algorithm>

#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/threshold/signing.hpp"

namespace stakepool::duty {

const crypto::G2Affine& OperatorNode::State::hash_of(SlotState& st, const eth::Root& root) {
  auto it = st.hashes.find(root);
  if (it == st.hashes.end()) it = st.hashes.emplace(root, detail::hash_message_vartime(root)).first;
  return it->second;
}

Item* OperatorNode::State::item_for(SlotState& st, PoolId pool, const ItemKey& k) {
  auto it = st.items.find(k);
  if (it != st.items.end()) return it->second.pool == pool ? &it->second : nullptr;
  // Only for a duty of this pool at this slot.
  auto vit = validators.find(k.validator);
  auto dit = st.duties.find(pool);
  if (vit == validators.end() || vit->second.pool != pool || dit == st.duties.end()) return nullptr;
  const PoolSlotDuties& d = dit->second;
  const eth::ValidatorIndex v{k.validator};
  const eth::ChainConfig& c = chain();
  std::optional<eth::Root> root;
  bool duty = false;
  switch (k.kind) {
    case SigKind::kRandao:
      duty = d.proposer && d.proposer->validator_index == v && k.sub == 0;
      root = eth::randao_signing_root(c, eth::epoch_at_slot(c, st.slot));
      break;
    case SigKind::kSelectionProof:
      duty = d.attester(v) != nullptr && k.sub == 0;
      root = eth::selection_proof_signing_root(c, st.slot);
      break;
    case SigKind::kSyncSelectionProof:
    case SigKind::kContributionAndProof:
      if (const SyncDuty* m = d.sync_member(v)) {
        for (uint64_t sub : subcommittees_of(*m)) duty = duty || sub == k.sub;
      }
      if (k.kind == SigKind::kSyncSelectionProof) {
        root = eth::sync_selection_proof_signing_root(c, eth::SyncAggregatorSelectionData{st.slot, k.sub});
      }
      break;
    case SigKind::kAttestation:
    case SigKind::kAggregateAndProof:
      duty = d.attester(v) != nullptr && k.sub == 0;
      break;
    case SigKind::kBlock:
      duty = d.proposer && d.proposer->validator_index == v && k.sub == 0;
      break;
    case SigKind::kSyncMessage:
      duty = d.sync_member(v) != nullptr && k.sub == 0;
      break;
  }
  if (!duty) return nullptr;
  Item& item = st.items[k];
  item.pool = pool;
  item.root = root;
  return &item;
}

void OperatorNode::State::sign_items(SlotState& st, PoolId pool, SigKind kind,
                                     const std::vector<std::pair<ItemKey, eth::Root>>& todo,
                                     NodeOutputs& out) {
  const uint32_t self = pools.at(pool).self_pos;
  PartialsBody body{kind, st.slot, {}};
  for (const auto& [key, root] : todo) {
    Item* item = item_for(st, pool, key);
    if (item == nullptr || item->has(self)) continue;
    if (!item->root) item->root = root;
    const bls::Signature sig = detail::sign_hashed(validators.at(key.validator).share, hash_of(st, root));
    item->valid.emplace(self, sig);
    ++stats.partials_signed;
    body.entries.push_back(PartialEntry{eth::ValidatorIndex{key.validator}, key.sub, sig.to_bytes()});
  }
  if (body.entries.empty()) return;
  if (cfg.behaviour == Behaviour::kInvalidPartial) corrupt_partials(st, body);
  send(out, pool, EnvelopeType::kPartials, encode_partials(body));
}

void OperatorNode::State::on_partials(PoolId pool, uint32_t pos, std::span<const uint8_t> body,
                                      TimePoint now, NodeOutputs& out) {
  auto p = decode_partials(body);
  SlotState* st = p ? slot_state(p->slot, now) : nullptr;
  if (st == nullptr) {
    ++stats.messages_dropped;
    return;
  }
  for (const PartialEntry& e : p->entries) {
    Item* item = item_for(*st, pool, ItemKey{p->kind, eth::u64(e.validator), e.sub});
    if (item == nullptr || item->done || item->has(pos)) continue;
    item->unchecked.emplace(pos, e.signature);
    ++stats.partials_received;
  }
  process_items(*st, now, out);
}

namespace {

// Ready: an item that may reach the threshold with what it holds.
bool ready(const Item& it, uint32_t t) {
  return it.root && !it.done && it.valid.size() + it.unchecked.size() >= t;
}

}  // namespace

void OperatorNode::State::process_items(SlotState& st, TimePoint now, NodeOutputs& out) {
  // 1. Verify the unchecked partials of ready items, batched per signing root.
  std::map<eth::Root, std::vector<std::pair<ItemKey, uint32_t>>> by_root;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (!ready(it, t) || it.valid.size() >= t) continue;
    for (const auto& [pos, raw] : it.unchecked) by_root[*it.root].push_back({key, pos});
  }
  for (const auto& [root, list] : by_root) {
    std::vector<bls::Signature> sigs;
    std::vector<std::pair<ItemKey, uint32_t>> parsed;
    sigs.reserve(list.size());
    for (const auto& [key, pos] : list) {
      Item& it = st.items.at(key);
      auto sig = bls::Signature::parse(it.unchecked.at(pos));
      if (sig) {
        sigs.push_back(*sig);
        parsed.push_back({key, pos});
      } else {
        it.unchecked.erase(pos);
        it.invalid.insert(pos);
        ++stats.partials_invalid;
      }
    }
    std::vector<detail::SameMessagePair> pairs;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
      pairs.push_back({&validators.at(parsed[i].first.validator).share_pks.at(parsed[i].second), &sigs[i]});
    }
    const auto bad = detail::find_invalid_same_message(pairs, hash_of(st, root), *cfg.rng);
    for (std::size_t i = 0, b = 0; i < parsed.size(); ++i) {
      Item& it = st.items.at(parsed[i].first);
      it.unchecked.erase(parsed[i].second);
      if (b < bad.size() && bad[b] == i) {
        ++b;
        it.invalid.insert(parsed[i].second);
        ++stats.partials_invalid;
      } else {
        it.valid.emplace(parsed[i].second, sigs[i]);
      }
    }
  }
  // 2. Combine t valid partials; check the results against the group keys, batched per root.
  std::map<eth::Root, std::vector<ItemKey>> combined;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (it.done || !it.root || it.valid.size() < t) continue;
    std::vector<threshold::Partial> parts;
    for (const auto& [pos, sig] : it.valid) {
      if (parts.size() == t) break;
      parts.push_back(threshold::Partial{*threshold::ShareIndex::make(pos + 1), sig});
      it.used.push_back(pos);
    }
    bls::Signature sig = parts.front().sig;
    if (threshold::combine(parts, t, sig) != threshold::ThresholdError::kOk) continue;
    it.combined = sig;
    combined[*it.root].push_back(key);
  }
  std::vector<ItemKey> finished;
  for (const auto& [root, keys] : combined) {
    std::vector<detail::SameMessagePair> pairs;
    for (const ItemKey& k : keys) {
      pairs.push_back({&validators.at(k.validator).group_pk, &*st.items.at(k).combined});
    }
    const auto bad = detail::find_invalid_same_message(pairs, hash_of(st, root), *cfg.rng);
    for (std::size_t i = 0, b = 0; i < keys.size(); ++i) {
      Item& it = st.items.at(keys[i]);
      it.done = true;
      if (b < bad.size() && bad[b] == i) {
        ++b;
        it.failed = true;
      } else {
        ++stats.combined;
        finished.push_back(keys[i]);
      }
    }
  }
  if (!finished.empty()) complete(st, std::move(finished), now, out);
}

void OperatorNode::State::finish_duty(SlotState& st, DutyType t, uint64_t v, uint64_t sub,
                                      const Item& item, const Status& submitted, TimePoint now) {
  PendingDuty* p = pending(st, t, v, sub);
  if (p == nullptr || p->finished) return;
  p->finished = true;
  p->rec.success = submitted.has_value();
  if (!submitted) p->rec.failure = "beacon node refused the submission: " + submitted.error().message;
  const PoolState& ps = pools.at(item.pool);
  for (uint32_t pos : item.used) p->rec.contributors.push_back(ps.cfg.members[pos]);
  p->rec.submitted_ms = now.ms - st.start_ms;
  records.push_back(p->rec);
}

}  // namespace stakepool::duty
