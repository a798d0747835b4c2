// Partial signatures: the items' designated combiners, this node's own partials (one message per
// pool and signing kind, to the items' combiners), those received from the pool's members, and
// the passes that combine them (combine.cpp) once a threshold may be reached.
#include <algorithm>

#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/threshold/signing.hpp"

namespace stakepool::duty {

namespace {

// mix64: a public 64-bit mixing function (the SplitMix64 finaliser).
uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// item_hash: the public hash of a signature (slot, kind, validator, sub) that picks its combiners;
// mixed with kOrderSalt it picks where its order of partials to combine starts.
uint64_t item_hash(eth::Slot slot, const ItemKey& k) {
  return mix64(mix64(mix64(eth::u64(slot)) ^ k.validator) ^
               (k.sub << 8 | static_cast<uint64_t>(k.kind)));
}
constexpr uint64_t kOrderSalt = 0x6f72646572ULL;  // "order"

}  // namespace

const crypto::G2Affine& OperatorNode::State::hash_of(SlotState& st, const eth::Root& root) {
  auto it = st.hashes.find(root);
  if (it == st.hashes.end()) it = st.hashes.emplace(root, hash_cache().get(root)).first;
  return it->second;
}

const crypto::G2Prepared* OperatorNode::State::lines_of(SlotState& st, const eth::Root& root) {
  auto it = st.lines.find(root);
  if (it == st.lines.end()) {
    it = st.lines.emplace(root, hash_cache().prepared(root, hash_of(st, root))).first;
  }
  return it->second.get();
}

// prefetch_hashes: the hashes of the roots not seen yet, from the shared cache (HashCache) or
// computed side by side (hash-to-G2 is the costly part of signing a new root), kept for hash_of.
void OperatorNode::State::prefetch_hashes(SlotState& st, std::span<const eth::Root> roots) {
  std::vector<eth::Root> missing;
  for (const eth::Root& r : roots) {
    if (st.hashes.count(r) || std::find(missing.begin(), missing.end(), r) != missing.end()) {
      continue;
    }
    if (auto h = hash_cache().find(r)) {
      st.hashes.emplace(r, *h);
    } else {
      missing.push_back(r);
    }
  }
  std::vector<crypto::G2Affine> hs(missing.size());
  for_each_index(missing.size(),
                 [&](std::size_t i) { hs[i] = detail::hash_message_vartime(missing[i]); });
  for (std::size_t i = 0; i < missing.size(); ++i) {
    hash_cache().put(missing[i], hs[i]);
    st.hashes.emplace(missing[i], hs[i]);
  }
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
  const PoolState& ps = pools.at(pool);
  item.combiners = combiners_of(ps, st.slot, k);
  const auto me = std::find(item.combiners.begin(), item.combiners.end(), ps.self_pos);
  item.combine = me != item.combiners.end();
  item.rank = static_cast<uint32_t>(me - item.combiners.begin());
  item.members = static_cast<uint32_t>(ps.cfg.members.size());
  item.order = static_cast<uint32_t>(mix64(item_hash(st.slot, k) ^ kOrderSalt) % item.members);
  return &item;
}

namespace {

// duty_of: the duty a post-consensus signature finishes (nullopt for pre-consensus kinds).
std::optional<DutyType> duty_of(SigKind k) {
  switch (k) {
    case SigKind::kAttestation: return DutyType::kAttestation;
    case SigKind::kBlock: return DutyType::kProposal;
    case SigKind::kSyncMessage: return DutyType::kSyncCommittee;
    case SigKind::kAggregateAndProof: return DutyType::kAggregation;
    case SigKind::kContributionAndProof: return DutyType::kSyncContribution;
    default: return std::nullopt;
  }
}

}  // namespace

// combiners_of: `cfg.combiners` (default f + 1) consecutive positions (mod n, in rotation order:
// rank 0 first) from a start that the item's public hash picks, so the work spreads over the pool.
std::vector<uint32_t> OperatorNode::State::combiners_of(const PoolState& ps, eth::Slot slot,
                                                        const ItemKey& k) const {
  const auto n = static_cast<uint32_t>(ps.cfg.members.size());
  uint32_t c = cfg.combiners == 0 ? (n - 1) / 3 + 1 : cfg.combiners;
  if (c > n) c = n;
  const auto start = static_cast<uint32_t>(item_hash(slot, k) % n);
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < c; ++i) out.push_back((start + i) % n);
  return out;
}

// finish_sent: a member that does not combine the item is done with the duty once its partial is
// sent to the combiners.
void OperatorNode::State::finish_sent(SlotState& st, const ItemKey& k) {
  const auto type = duty_of(k.kind);
  if (!type) return;
  PendingDuty* p = pending(st, *type, k.validator, *type == DutyType::kSyncContribution ? k.sub : 0);
  if (p == nullptr || p->finished) return;
  p->finished = true;
  p->rec.success = true;
  p->rec.combiner = false;
  records.push_back(p->rec);
}

void OperatorNode::State::sign_items(SlotState& st, PoolId pool, SigKind kind,
                                     const std::vector<std::pair<ItemKey, eth::Root>>& todo,
                                     NodeOutputs& out) {
  const uint32_t self = pools.at(pool).self_pos;
  PartialsBody body{kind, st.slot, {}};
  struct Job {
    Item* item;
    const ItemKey* key;
    const crypto::G2Affine* h;
    std::optional<bls::Signature> sig;
  };
  std::vector<Job> jobs;
  std::vector<eth::Root> roots;
  for (const auto& entry : todo) roots.push_back(entry.second);
  prefetch_hashes(st, roots);
  for (const auto& [key, root] : todo) {
    Item* item = item_for(st, pool, key);
    if (item == nullptr || item->has(self)) continue;
    if (!item->root) item->root = root;
    jobs.push_back(Job{item, &key, &hash_of(st, root), std::nullopt});
  }
  for_each_index(jobs.size(), [&](std::size_t i) {
    jobs[i].sig = detail::sign_hashed(validators.at(jobs[i].key->validator).share, *jobs[i].h);
  });
  // One message to the whole pool when every entry goes to every member; else one per member,
  // holding the entries it combines.
  const std::size_t n = pools.at(pool).cfg.members.size();
  std::vector<PartialsBody> to(n, body);
  bool everyone = true;
  for (Job& j : jobs) {
    if (j.item->has(self)) continue;  // the same key twice in `todo`
    j.item->valid.emplace(self, *j.sig);
    ++stats.partials_signed;
    const PartialEntry e{eth::ValidatorIndex{j.key->validator}, j.key->sub,
                         encode_partial_signature(j.sig->point())};
    body.entries.push_back(e);
    everyone = everyone && j.item->combiners.size() == n;
    for (uint32_t p : j.item->combiners) {
      if (p != self) to[p].entries.push_back(e);
    }
    if (!j.item->combine) finish_sent(st, *j.key);
  }
  if (body.entries.empty()) return;
  if (everyone) {
    if (cfg.behaviour == Behaviour::kInvalidPartial) corrupt_partials(st, body);
    send(out, pool, EnvelopeType::kPartials, encode_partials(body));
    return;
  }
  for (uint32_t p = 0; p < n; ++p) {
    if (to[p].entries.empty()) continue;
    if (cfg.behaviour == Behaviour::kInvalidPartial) corrupt_partials(st, to[p]);
    send(out, pool, EnvelopeType::kPartials, encode_partials(to[p]), pools.at(pool).cfg.members[p]);
  }
}

// on_entries decodes a PARTIALS or COMBINED body, hands every entry of an item this node has to
// `take`, then processes the slot's items; a malformed body or a slot not open is dropped.
void OperatorNode::State::on_entries(PoolId pool, std::span<const uint8_t> body, TimePoint now,
                                     NodeOutputs& out, const EntryFn& take) {
  auto p = decode_partials(body);
  SlotState* st = p ? slot_state(p->slot, now) : nullptr;
  if (st == nullptr) {
    ++stats.messages_dropped;
    return;
  }
  for (const PartialEntry& e : p->entries) {
    Item* item = item_for(*st, pool, ItemKey{p->kind, eth::u64(e.validator), e.sub});
    if (item != nullptr) take(*item, p->kind, e);
  }
  process_items(*st, now, out);
}

void OperatorNode::State::on_partials(PoolId pool, uint32_t pos, std::span<const uint8_t> body,
                                      TimePoint now, NodeOutputs& out) {
  on_entries(pool, body, now, out, [&](Item& item, SigKind, const PartialEntry& e) {
    if (!item.combine || item.done || item.has(pos)) return;
    item.unchecked.emplace(pos, e.signature);
    ++stats.partials_received;
  });
}

// schedule_combiners: a combiner of an item may combine at the first tick (tick_at) `grace` after
// it first has t usable partials, a backup of rank r r × backup delay later still; a COMBINED
// signature received is checked at the next tick. tick_items does the work then, so one node's
// items due together are combined and checked in one batch. Items of at_once kinds have no grace
// and no tick: rank 0 may combine as soon as it has t partials, a backup r × backup delay later,
// and their COMBINED signatures are checked on arrival (process_items).
void OperatorNode::State::schedule_combiners(SlotState& st, TimePoint now) {
  const int64_t delay = backup_delay(), grace = combine_grace();
  bool again = false;  // a COMBINED to check, or a retry after a failed combination
  for (auto& [key, it] : st.items) {
    const bool soon = at_once(key.kind);
    again = again || (!soon && !it.done && !it.offered.empty() && it.root);
    if (!it.combine || it.done || !it.root) continue;
    if (it.usable() < pools.at(it.pool).cfg.threshold) continue;
    if (it.ready_ms) {
      // Past its ready time with fresh partials: an attempt failed (bad partials left fewer
      // than t) and a partial that came since makes another worth it.
      again = again || (!soon && *it.ready_ms <= now.ms && !it.unchecked.empty());
      continue;
    }
    // A backup's tick is at least r × delay after the first combiner's (not merely after t).
    it.ready_ms = soon ? now.ms + it.rank * delay
                       : tick_at(tick_at(now.ms + grace) + it.rank * delay);
    if (*it.ready_ms > now.ms) st.ticks.insert(*it.ready_ms);
  }
  if (again && grace > 0) st.ticks.insert(tick_at(now.ms + 1));
}

// due_at_once: an item of an at_once kind has a COMBINED signature to check, or may be combined
// with partials not parsed yet.
bool OperatorNode::State::due_at_once(const SlotState& st, TimePoint now) const {
  for (const auto& [key, it] : st.items) {
    if (!at_once(key.kind) || it.done || !it.root) continue;
    if (!it.offered.empty()) return true;
    if (may_combine(it, now) && !it.unchecked.empty() &&
        it.usable() >= pools.at(it.pool).cfg.threshold) {
      return true;
    }
  }
  return false;
}

// process_items schedules the slot's items and works on those due now: all of them without a
// grace (NodeConfig::combine_grace_ms), else those of at_once kinds.
void OperatorNode::State::process_items(SlotState& st, TimePoint now, NodeOutputs& out) {
  schedule_combiners(st, now);
  if (combine_grace() == 0) {
    work_items(st, now, out, false);
  } else if (due_at_once(st, now)) {
    work_items(st, now, out, true);
  }
}

// work_items checks the COMBINED signatures received, combines the items that may be, and uses
// the results (with `at_once_only`, of at_once kinds only).
void OperatorNode::State::work_items(SlotState& st, TimePoint now, NodeOutputs& out,
                                     bool at_once_only) {
  std::vector<ItemKey> finished;
  check_offered(st, finished, at_once_only);
  // Each pass that finds a bad partial marks it invalid; the next pass tries other partials.
  for (int pass = 0; pass < 64; ++pass) {
    parse_ready(st, now, at_once_only);
    if (!combine_ready(st, finished, now, at_once_only)) break;
  }
  if (finished.empty()) return;
  send_combined(st, finished, out);
  complete(st, std::move(finished), now, out);
}

// on_combined keeps the combined signatures one of the item's designated combiners sends for an
// item not done yet (checked by check_offered): pre-consensus ones at every member, the others at
// their other combiners when backups wait (NodeConfig::backup_delay_ms). From anyone else they are
// dropped, so a member cannot pass another's result off as its own.
void OperatorNode::State::on_combined(PoolId pool, uint32_t pos, std::span<const uint8_t> body,
                                      TimePoint now, NodeOutputs& out) {
  on_entries(pool, body, now, out, [&](Item& item, SigKind kind, const PartialEntry& e) {
    if (item.done || !item.is_combiner(pos) || item.passed.count(e.signature)) return;
    // Every member needs a pre-consensus signature; a post-consensus one only its combiners.
    if (is_pre_consensus(kind) || (item.combine && backup_delay() > 0)) {
      item.offered.emplace(pos, e.signature);
    }
  });
}

// send_combined: the signatures this node combined itself (COMBINED, one message per pool, kind
// and recipient): pre-consensus ones to the whole pool unless every member combines them anyway;
// the others, when backups wait, to the item's other combiners (which then only check it).
void OperatorNode::State::send_combined(SlotState& st, const std::vector<ItemKey>& done,
                                        NodeOutputs& out) {
  constexpr uint32_t kEveryone = UINT32_MAX;
  std::map<std::tuple<PoolId, SigKind, uint32_t>, PartialsBody> bodies;
  for (const ItemKey& k : done) {
    const Item& it = st.items.at(k);
    if (it.from_peer || !it.combined) continue;
    std::vector<uint32_t> to;
    if (is_pre_consensus(k.kind)) {
      if (it.combiners.size() < it.members) to.push_back(kEveryone);
    } else if (backup_delay() > 0) {
      for (uint32_t p : it.combiners) {
        if (p != pools.at(it.pool).self_pos) to.push_back(p);
      }
    }
    for (uint32_t p : to) {
      PartialsBody& b = bodies.try_emplace({it.pool, k.kind, p}, PartialsBody{k.kind, st.slot, {}})
                            .first->second;
      b.entries.push_back(PartialEntry{eth::ValidatorIndex{k.validator}, k.sub,
                                       encode_partial_signature(it.combined->point())});
    }
  }
  for (auto& [key, body] : bodies) {
    const auto& [pool, kind, p] = key;
    if (cfg.behaviour == Behaviour::kInvalidPartial) corrupt_partials(st, body);
    std::optional<OperatorId> to;
    if (p != kEveryone) to = pools.at(pool).cfg.members[p];
    send(out, pool, EnvelopeType::kCombined, encode_partials(body), to);
  }
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
