// Combination at a designated combiner (operator_node.hpp), optimistic: t received partials that
// are merely on the curve are combined, and only the combined signature is checked — in G2, and
// under the validator's group key in one multi-pairing batch over all items, one Miller-loop pair
// per signing root. A valid combination of t partials is a valid signature whatever they were, so
// the duty is done and the t partials are credited. Only when it fails are the partials used
// checked one by one (G2 subgroup, then one batched pairing check with random weights, bisected),
// the bad ones marked invalid and other partials combined in the next pass.
#include <algorithm>

#include "duty/batch.hpp"
#include "duty/node_state.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/threshold/signing.hpp"

namespace stakepool::duty {

namespace {

// kMaxPassed bounds Item::passed (distinct non-selecting proofs remembered per item).
constexpr std::size_t kMaxPassed = 64;

// Candidate: the t partials one item combines (`fresh`: those not verified yet) and the result.
struct Candidate {
  ItemKey key;
  std::vector<uint32_t> fresh;
  std::vector<threshold::Partial> parts;
  uint32_t t = 0;
  std::optional<bls::Signature> combined;  // set when the combination is in G2
};

// choose: the t partials `it` combines: this node's own (`self`) first, then verified ones, then
// merely decoded ones; within each group cyclically from the item's public order start
// (it.order), so which peers are used (and credited) follows the duty, not their positions or
// arrival. Sets it.used.
Candidate choose(const ItemKey& key, Item& it, uint32_t t, uint32_t self) {
  Candidate c{key, {}, {}, t, std::nullopt};
  it.used.clear();
  const uint32_t n = it.members, start = it.order;
  for (const auto* m : {&it.valid, &it.unverified}) {
    std::vector<uint32_t> order;
    for (const auto& [pos, sig] : *m) order.push_back(pos);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if ((a == self) != (b == self)) return a == self;
      return (a + n - start) % n < (b + n - start) % n;
    });
    for (uint32_t pos : order) {
      if (c.parts.size() == t) break;
      c.parts.push_back(threshold::Partial{*threshold::ShareIndex::make(pos + 1), m->at(pos)});
      it.used.push_back(pos);
      if (m == &it.unverified) c.fresh.push_back(pos);
    }
  }
  return c;
}

// offers_of: the offers to check (identical copies once: honest combiners send the same bytes);
// the sender's partial is looked at only for post-consensus items this node combines. A selection
// proof this node does not combine is marked to be checked only if it selects.
std::vector<Offer> offers_of(SlotState& st, bool at_once_only) {
  std::vector<Offer> offers;
  for (auto& [key, it] : st.items) {
    if (it.done || it.offered.empty() || !it.root) continue;
    if (!OperatorNode::State::in_scope(key, at_once_only)) continue;
    const bool selection =
        key.kind == SigKind::kSelectionProof || key.kind == SigKind::kSyncSelectionProof;
    uint64_t length = 0;
    if (key.kind == SigKind::kSelectionProof) {
      const AttesterDuty* a = st.duties.at(it.pool).attester(eth::ValidatorIndex{key.validator});
      if (a != nullptr) length = a->committee_length;  // item_for made it for an attester only
    }
    std::set<PartialSignature> seen;
    for (const auto& [pos, raw] : it.offered) {
      if (!seen.insert(raw).second) continue;
      Offer o{&key, &it, pos, &raw, std::nullopt, std::nullopt, false, false};
      if (it.combine && !is_pre_consensus(key.kind) && !it.invalid.count(pos)) {
        o.partial_ok = it.valid.count(pos) > 0;
        o.check_partial = !o.partial_ok && it.has(pos);
      }
      o.if_selects = selection && !it.combine;
      o.length = length;
      offers.push_back(o);
    }
  }
  return offers;
}

// selects: whether the selection proof `p` (on the curve, not checked in G2) of an offer selects
// its validator: is_aggregator / is_sync_committee_aggregator over its compressed encoding.
bool selects(const Offer& o, const crypto::G2Affine& p) {
  const eth::BlsSignature bytes = crypto::g2_compress(p);
  return o.key->kind == SigKind::kSelectionProof ? is_aggregator(o.length, bytes)
                                                 : is_sync_committee_aggregator(bytes);
}

}  // namespace

// check_offered checks the combined signatures designated combiners sent for items not done yet:
// on the curve, in G2, and under the group key, and with them (same batch, bisected) the senders'
// own partials where this node holds them unverified. The first valid signature finishes the item;
// its sender is credited only when its partial is valid (the COMBINED itself proves nothing about
// who signed). The others are dropped.
//
// A member that does not combine a selection proof needs it only when it selects (then it
// aggregates), so it checks an offered proof only if the offered bytes select (a hash, no
// pairing); one that does not is dropped unchecked, as if never received: the item stays open and
// a later selecting offer from another combiner is still checked and used. Sound because an
// honest combination is the unique valid signature: a valid selecting proof is authoritative, and
// a Byzantine combiner's garbage "not selecting" cannot stop the duty. RANDAO reveals, and every
// offer at a combiner, are checked in full.
void OperatorNode::State::check_offered(SlotState& st, std::vector<ItemKey>& finished,
                                        bool at_once_only) {
  std::vector<Offer> offers = offers_of(st, at_once_only);
  if (offers.empty()) return;
  for_each_index(offers.size(), [&](std::size_t i) {
    Offer& o = offers[i];
    auto p = decode_partial_signature(*o.raw);
    o.passed = p && !p->infinity && o.if_selects && !selects(o, *p);
    if (p && !p->infinity && !o.passed && crypto::g2_in_subgroup_vartime(*p)) {
      o.sig = bls::Signature::from_point_unchecked_subgroup(*p);
    }
    if (!o.check_partial) return;
    std::optional<crypto::G2Affine> q;
    if (auto u = o.item->unverified.find(o.from); u != o.item->unverified.end()) {
      q = u->second.point();
    } else if (auto c = o.item->unchecked.find(o.from); c != o.item->unchecked.end()) {
      if (auto d = decode_partial_signature(c->second)) q = *d;
    }
    if (q && !q->infinity && crypto::g2_in_subgroup_vartime(*q)) {
      o.partial = bls::Signature::from_point_unchecked_subgroup(*q);
    }
  });
  std::vector<detail::SameMessagePair> pairs;
  std::vector<std::pair<std::size_t, bool>> owner;  // (offer, is its sender's partial)
  for (std::size_t i = 0; i < offers.size(); ++i) {
    const Offer& o = offers[i];
    const ValidatorState& v = validators.at(o.key->validator);
    const crypto::G2Affine* h = &hash_of(st, *o.item->root);
    const crypto::G2Prepared* lines = lines_of(st, *o.item->root);
    if (o.sig) {
      pairs.push_back({&v.group_pk, &*o.sig, h, lines});
      owner.emplace_back(i, false);
    }
    if (o.partial) {
      pairs.push_back({&v.share_pks.at(o.from), &*o.partial, h, lines});
      owner.emplace_back(i, true);
    }
  }
  std::vector<bool> bad(pairs.size());
  const detail::ParallelFn par = parallel_fn();
  for (std::size_t b : detail::find_invalid_multi(pairs, *cfg.rng, &par)) bad[b] = true;
  for (std::size_t b = 0; b < pairs.size(); ++b) {
    Offer& o = offers[owner[b].first];
    if (!owner[b].second) {
      if (bad[b]) o.sig.reset();
    } else if (!bad[b]) {
      o.partial_ok = true;
    }
  }
  take_offers(offers, finished);
}

// take_offers: the first valid offer of each item finishes it (crediting its sender if its partial
// is valid); the senders' partials checked become valid or invalid.
void OperatorNode::State::take_offers(std::vector<Offer>& offers, std::vector<ItemKey>& finished) {
  for (Offer& o : offers) {
    Item& it = *o.item;
    // The same bytes again are dropped on arrival (a bounded memory: more garbage is only hashed).
    if (o.passed && it.passed.size() < kMaxPassed) it.passed.insert(*o.raw);
    if (o.check_partial) {  // the sender's partial is now verified one way or the other
      if (o.partial_ok) {
        it.valid.emplace(o.from, *o.partial);
      } else {
        it.invalid.insert(o.from);
        ++stats.partials_invalid;
      }
      it.unverified.erase(o.from);
      it.unchecked.erase(o.from);
    }
    if (!o.sig || it.done) continue;
    it.combined = *o.sig;
    it.done = it.from_peer = true;
    it.used.clear();
    if (o.partial_ok) it.used.push_back(o.from);
    finished.push_back(*o.key);
  }
  for (Offer& o : offers) o.item->offered.clear();
}

// may_combine: a combiner from its ready time on (schedule_combiners).
bool OperatorNode::State::may_combine(const Item& it, TimePoint now) const {
  return it.combine && it.ready_ms && now.ms >= *it.ready_ms;
}

// tick_at: the first tick (a multiple of the combine grace from genesis) at or after `ms`; `ms`
// itself without a grace.
int64_t OperatorNode::State::tick_at(int64_t ms) const {
  const int64_t q = combine_grace();
  if (q <= 0) return ms;
  const int64_t rel = std::max<int64_t>(ms - timing.genesis_ms, 0);
  return timing.genesis_ms + (rel + q - 1) / q * q;
}

// tick_items works on the items of slots with a tick due.
void OperatorNode::State::tick_items(TimePoint now, NodeOutputs& out) {
  for (auto& [slot, st] : slots) {
    if (st.ticks.empty() || *st.ticks.begin() > now.ms) continue;
    st.ticks.erase(st.ticks.begin(), st.ticks.upper_bound(now.ms));
    work_items(st, now, out, false);
  }
}

// parse_ready decodes the received partials of items that may reach the threshold (uncompressed:
// canonical and on the curve; the rest are invalid). Subgroup membership is not checked here.
void OperatorNode::State::parse_ready(SlotState& st, TimePoint now, bool at_once_only) {
  struct Job {
    Item* item;
    uint32_t pos;
    const PartialSignature* raw;
    std::optional<bls::Signature> sig;
  };
  std::vector<Job> jobs;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (!may_combine(it, now) || !it.root || it.done || it.unchecked.empty() || it.usable() < t ||
        !in_scope(key, at_once_only)) {
      continue;
    }
    for (const auto& [pos, raw] : it.unchecked) jobs.push_back(Job{&it, pos, &raw, std::nullopt});
  }
  for_each_index(jobs.size(), [&](std::size_t i) {
    auto p = decode_partial_signature(*jobs[i].raw);
    if (p && !p->infinity) jobs[i].sig = bls::Signature::from_point_unchecked_subgroup(*p);
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

// combine_ready combines t partials (verified ones first) of every item that has them and checks
// the results; items whose result fails have their fresh partials checked (check_partials).
// Returns true when another pass may combine other partials.
bool OperatorNode::State::combine_ready(SlotState& st, std::vector<ItemKey>& finished,
                                        TimePoint now, bool at_once_only) {
  std::vector<Candidate> cands;
  for (auto& [key, it] : st.items) {
    const uint32_t t = pools.at(it.pool).cfg.threshold;
    if (!may_combine(it, now) || it.done || !it.root || it.valid.size() + it.unverified.size() < t ||
        !in_scope(key, at_once_only)) {
      continue;
    }
    cands.push_back(choose(key, it, t, pools.at(it.pool).self_pos));
  }
  if (cands.empty()) return false;
  for_each_index(cands.size(), [&](std::size_t i) {
    bls::Signature sig = cands[i].parts.front().sig;
    if (threshold::combine(cands[i].parts, cands[i].t, sig) == threshold::ThresholdError::kOk &&
        crypto::g2_in_subgroup_vartime(sig.point())) {
      cands[i].combined = sig;
    }
  });
  // One batch over the combinations in G2: e(Σ ρ_i·gpk_i per root, H) == e(G1, Σ ρ_i·σ_i).
  std::vector<detail::SameMessagePair> pairs;
  std::vector<std::size_t> owner;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    if (!cands[i].combined) continue;
    const Item& it = st.items.at(cands[i].key);
    pairs.push_back({&validators.at(cands[i].key.validator).group_pk, &*cands[i].combined,
                     &hash_of(st, *it.root), lines_of(st, *it.root)});
    owner.push_back(i);
  }
  const detail::ParallelFn par = parallel_fn();
  for (std::size_t b : detail::find_invalid_multi(pairs, *cfg.rng, &par)) {
    cands[owner[b]].combined.reset();
  }
  std::vector<std::pair<ItemKey, std::vector<uint32_t>>> suspects;
  for (const Candidate& c : cands) {
    Item& it = st.items.at(c.key);
    if (c.combined) {
      for (uint32_t pos : c.fresh) {  // a valid combination: its partials are credited
        it.valid.emplace(pos, it.unverified.at(pos));
        it.unverified.erase(pos);
      }
      it.combined = *c.combined;
      it.done = true;
      ++stats.combined;
      finished.push_back(c.key);
    } else if (c.fresh.empty()) {  // verified partials, wrong result: share keys do not match
      it.used.clear();
      it.done = it.failed = true;
    } else {
      it.used.clear();
      suspects.emplace_back(c.key, c.fresh);
    }
  }
  if (suspects.empty()) return false;
  check_partials(st, suspects);
  return true;
}

// check_partials verifies the fresh partials of combinations that failed: each in G2, then all in
// one batched pairing check against their share keys (bisected on failure). Bad ones become
// invalid, good ones valid, so the next pass combines only good partials.
void OperatorNode::State::check_partials(
    SlotState& st, const std::vector<std::pair<ItemKey, std::vector<uint32_t>>>& suspects) {
  struct Fresh {
    Item* item;
    uint32_t pos;
    const ValidatorState* v;
    bool in_g2;
  };
  std::vector<Fresh> fresh;
  for (const auto& [key, positions] : suspects) {
    for (uint32_t pos : positions) {
      fresh.push_back(Fresh{&st.items.at(key), pos, &validators.at(key.validator), false});
    }
  }
  for_each_index(fresh.size(), [&](std::size_t i) {
    fresh[i].in_g2 = crypto::g2_in_subgroup_vartime(fresh[i].item->unverified.at(fresh[i].pos).point());
  });
  std::vector<detail::SameMessagePair> pairs;
  std::vector<std::size_t> owner;
  std::vector<bool> bad(fresh.size());
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    bad[i] = !fresh[i].in_g2;
    if (bad[i]) continue;
    Item& it = *fresh[i].item;
    pairs.push_back({&fresh[i].v->share_pks.at(fresh[i].pos), &it.unverified.at(fresh[i].pos),
                     &hash_of(st, *it.root), lines_of(st, *it.root)});
    owner.push_back(i);
  }
  const detail::ParallelFn par = parallel_fn();
  for (std::size_t b : detail::find_invalid_multi(pairs, *cfg.rng, &par)) bad[owner[b]] = true;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    Item& it = *fresh[i].item;
    auto u = it.unverified.find(fresh[i].pos);
    if (bad[i]) {
      it.invalid.insert(fresh[i].pos);
      ++stats.partials_invalid;
    } else {
      it.valid.emplace(fresh[i].pos, u->second);
    }
    it.unverified.erase(u);
  }
}

}  // namespace stakepool::duty
