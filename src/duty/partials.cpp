// Partial signatures: this node's own (one message per pool and signing kind), those received
// from the pool's members, their batched verification once a threshold may be reached, the
// combination of t valid ones, the batched check of the results against the group keys, and what
// a finished signature is used for (a RANDAO reveal, a selection proof, a submission).
#include <algorithm>

#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/crypto/curve.hpp"
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
  const PoolState& ps = pools.at(pool);
  item.combiners = combiners_of(ps, st.slot, k);
  item.combine = std::binary_search(item.combiners.begin(), item.combiners.end(), ps.self_pos);
  return &item;
}

namespace {

// mix64: a public 64-bit mixing function (the SplitMix64 finaliser).
uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

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

// combiners_of: `cfg.combiners` (default f + 1) consecutive positions from a start that a hash of
// (slot, kind, validator, sub) picks, so the work spreads over the pool. Every position for a
// pre-consensus kind (each member needs the RANDAO reveal and the selection proofs itself).
std::vector<uint32_t> OperatorNode::State::combiners_of(const PoolState& ps, eth::Slot slot,
                                                        const ItemKey& k) const {
  const auto n = static_cast<uint32_t>(ps.cfg.members.size());
  uint32_t c = cfg.combiners == 0 ? (n - 1) / 3 + 1 : cfg.combiners;
  if (is_pre_consensus(k.kind) || c > n) c = n;
  const uint64_t h = mix64(mix64(mix64(eth::u64(slot)) ^ k.validator) ^
                           (k.sub << 8 | static_cast<uint64_t>(k.kind)));
  const auto start = static_cast<uint32_t>(h % n);
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < c; ++i) out.push_back((start + i) % n);
  std::sort(out.begin(), out.end());
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
    if (item == nullptr || !item->combine || item->done || item->has(pos)) continue;
    item->unchecked.emplace(pos, e.signature);
    ++stats.partials_received;
  }
  process_items(*st, now, out);
}

void OperatorNode::State::process_items(SlotState& st, TimePoint now, NodeOutputs& out) {
  std::vector<ItemKey> finished;
  // Each pass that finds a bad partial marks it invalid; the next pass tries other partials.
  for (int pass = 0; pass < 64; ++pass) {
    parse_ready(st);
    if (!combine_ready(st, finished)) break;
  }
  if (!finished.empty()) complete(st, std::move(finished), now, out);
}

// parse_ready decodes the received partials of items that may reach the threshold (uncompressed:
// canonical, on the curve) and checks them for G2; the rest are invalid.
void OperatorNode::State::parse_ready(SlotState& st) {
  struct Job {
    Item* item;
    uint32_t pos;
    const PartialSignature* raw;
    std::optional<bls::Signature> sig;
  };
  std::vector<Job> jobs;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (!it.combine || !it.root || it.done || it.unchecked.empty() || it.usable() < t) continue;
    for (const auto& [pos, raw] : it.unchecked) jobs.push_back(Job{&it, pos, &raw, std::nullopt});
  }
  for_each_index(jobs.size(), [&](std::size_t i) {
    auto p = decode_partial_signature(*jobs[i].raw);
    if (p && !p->infinity && crypto::g2_in_subgroup_vartime(*p)) {
      jobs[i].sig = bls::Signature::from_point_unchecked_subgroup(*p);
    }
  });
  for (const Job& j : jobs) {
    if (j.sig) {
      j.item->unverified.emplace(j.pos, *j.sig);
    } else {
      j.item->invalid.insert(j.pos);
      ++stats.partials_invalid;
    }
  }
  for (const Job& j : jobs) j.item->unchecked.clear();
}

namespace {

// Choice: the partials one item combines; `fresh` are those not verified yet.
struct Choice {
  ItemKey key;
  std::vector<uint32_t> fresh;
};

}  // namespace

// combine_ready combines t partials of every item that has them (verified ones first) and checks,
// in one batch, the unverified partials used and every combined signature under its group key:
// Π_m e(Σ_{i over m} ρ_i·pk_i, H(m)) == e(G1, Σ ρ_i·σ_i), one Miller-loop pair per signing root.
// Bisection names the bad ones. Returns true when a partial was found invalid (another pass may combine other partials).
bool OperatorNode::State::combine_ready(SlotState& st, std::vector<ItemKey>& finished) {
  struct Candidate {
    Choice choice;
    std::vector<threshold::Partial> parts;
    uint32_t t = 0;
    std::optional<bls::Signature> combined;
  };
  std::vector<Candidate> cands;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (!it.combine || it.done || !it.root || it.valid.size() + it.unverified.size() < t) continue;
    Candidate c{Choice{key, {}}, {}, t, std::nullopt};
    it.used.clear();
    for (const auto* m : {&it.valid, &it.unverified}) {
      for (const auto& [pos, sig] : *m) {
        if (c.parts.size() == t) break;
        c.parts.push_back(threshold::Partial{*threshold::ShareIndex::make(pos + 1), sig});
        it.used.push_back(pos);
        if (m == &it.unverified) c.choice.fresh.push_back(pos);
      }
    }
    cands.push_back(std::move(c));
  }
  for_each_index(cands.size(), [&](std::size_t i) {
    bls::Signature sig = cands[i].parts.front().sig;
    if (threshold::combine(cands[i].parts, cands[i].t, sig) == threshold::ThresholdError::kOk) {
      cands[i].combined = sig;
    }
  });
  std::vector<Choice> choices;
  for (Candidate& c : cands) {
    if (!c.combined) continue;
    st.items.at(c.choice.key).combined = *c.combined;
    choices.push_back(std::move(c.choice));
  }
  bool retry = false;
  {
    std::vector<detail::SameMessagePair> pairs;
    std::vector<std::pair<std::size_t, std::optional<uint32_t>>> owner;  // choice, position
    for (std::size_t i = 0; i < choices.size(); ++i) {
      Item& it = st.items.at(choices[i].key);
      const ValidatorState& v = validators.at(choices[i].key.validator);
      const crypto::G2Affine* h = &hash_of(st, *it.root);
      for (uint32_t pos : choices[i].fresh) {
        pairs.push_back({&v.share_pks.at(pos), &it.unverified.at(pos), h});
        owner.push_back({i, pos});
      }
      pairs.push_back({&v.group_pk, &*it.combined, h});
      owner.push_back({i, std::nullopt});
    }
    std::vector<bool> bad_partial(choices.size()), bad_combined(choices.size());
    const detail::ParallelFn par = [this](std::size_t n, const std::function<void(std::size_t)>& f) {
      for_each_index(n, f);
    };
    for (std::size_t b : detail::find_invalid_multi(pairs, *cfg.rng, &par)) {
      const auto& [i, pos] = owner[b];
      Item& it = st.items.at(choices[i].key);
      if (pos) {
        bad_partial[i] = true;
        it.unverified.erase(*pos);
        it.invalid.insert(*pos);
        ++stats.partials_invalid;
      } else {
        bad_combined[i] = true;
      }
    }
    for (std::size_t i = 0; i < choices.size(); ++i) {
      Item& it = st.items.at(choices[i].key);
      for (uint32_t pos : choices[i].fresh) {
        auto u = it.unverified.find(pos);
        if (u != it.unverified.end()) {
          it.valid.emplace(pos, u->second);
          it.unverified.erase(u);
        }
      }
      if (bad_partial[i]) {
        it.combined.reset();
        it.used.clear();
        retry = true;
      } else if (bad_combined[i]) {  // valid partials, wrong result: share keys do not match
        it.done = it.failed = true;
      } else {
        it.done = true;
        ++stats.combined;
        finished.push_back(choices[i].key);
      }
    }
  }
  return retry;
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
