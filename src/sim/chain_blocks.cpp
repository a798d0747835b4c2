// SimChain blocks: head and checkpoints, attestation_data, produce_block / submit_block, and the
// application of a block body (attestation inclusion, sync aggregate, RANDAO, proposer rewards).
#include "chain_state.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/sim/shuffling.hpp"

namespace stakepool::sim {
namespace {

void put_u64(crypto::Sha256& h, uint64_t v) {
  std::array<uint8_t, 8> le{};
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(v >> (8 * i));
  h.update(le);
}

// body_root_of: SHA-256 over the body content (the simulation's stand-in for the SSZ body root).
Root body_root_of(const Body& b) {
  crypto::Sha256 h;
  constexpr std::string_view kTag = "stakepool-sim body v1";
  h.update({reinterpret_cast<const uint8_t*>(kTag.data()), kTag.size()});
  put_u64(h, eth::u64(b.slot));
  h.update(b.randao);
  h.update(b.graffiti);
  put_u64(h, b.atts.size());
  for (const auto& a : b.atts) {
    h.update(a.data_root);
    put_u64(h, a.committee);
    put_u64(h, a.attesters.size());
    for (ValidatorIndex v : a.attesters) put_u64(h, eth::u64(v));
  }
  h.update(b.sync_root);
  std::array<uint8_t, kSyncCommitteeSize / 8> bits{};
  for (std::size_t i = 0; i < kSyncCommitteeSize; ++i) {
    if (b.sync_bits[i]) bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  h.update(bits);
  return h.finish();
}

Root state_root_of(const Root& parent, const Root& body_root, Slot slot) {
  crypto::Sha256 h;
  constexpr std::string_view kTag = "stakepool-sim state v1";
  h.update({reinterpret_cast<const uint8_t*>(kTag.data()), kTag.size()});
  h.update(parent);
  h.update(body_root);
  put_u64(h, eth::u64(slot));
  return h.finish();
}

}  // namespace

Root SimChain::State::head_at(Slot s) const {
  auto it = blocks.upper_bound(s);
  if (it == blocks.begin()) return anchor_root;
  return std::prev(it)->second.root;
}

eth::Checkpoint SimChain::State::source_for(Epoch target) const {
  if (eth::u64(target) == 0) return eth::Checkpoint{Epoch{0}, anchor_root};
  const Epoch prev{eth::u64(target) - 1};
  return eth::Checkpoint{prev, boundary_root(prev)};
}

eth::Checkpoint SimChain::State::target_for(Epoch target) const {
  return eth::Checkpoint{target, boundary_root(target)};
}

Result<eth::AttestationData> SimChain::attestation_data(Slot slot, CommitteeIndex committee) {
  State& st = *st_;
  const uint64_t cur = eth::u64(st.current_slot());
  if (eth::u64(slot) > cur) {
    return make_error(Errc::kInvalidArgument,
                      "attestation_data for future slot " + std::to_string(eth::u64(slot)));
  }
  if (eth::u64(slot) + st.slots_per_epoch() < cur) {
    return make_error(
        Errc::kInvalidArgument,
        "attestation_data for slot " + std::to_string(eth::u64(slot)) + " older than one epoch");
  }
  auto c = st.checked_ctx(st.epoch_of(slot));
  if (!c) return c.error();
  if (eth::u64(committee) >= (*c)->committees_per_slot) {
    return make_error(Errc::kInvalidArgument, "committee index out of range");
  }
  const Epoch e = st.epoch_of(slot);
  return eth::AttestationData{slot, CommitteeIndex{0}, st.head_at(slot), st.source_for(e),
                              st.target_for(e)};
}

Result<Root> SimChain::block_root(Slot slot) {
  if (eth::u64(slot) > eth::u64(st_->current_slot())) {
    return make_error(Errc::kInvalidArgument, "block_root of a future slot");
  }
  return st_->head_at(slot);
}

namespace {

// collect_attestations: pool entries for earlier slots of this or the previous epoch whose
// attesters have not been included yet.
void collect_attestations(SimChain::State& st, Body& body) {
  const uint64_t epoch = eth::u64(st.epoch_of(body.slot));
  for (const auto& [key, g] : st.att_pool) {
    const uint64_t t = eth::u64(g.data.target.epoch);
    if (eth::u64(g.data.slot) >= eth::u64(body.slot) || t + 1 < epoch || t > epoch) continue;
    BodyAttestation ba{g.data, key.first, g.committee, {}};
    for (const auto& [pos, v] : g.attesters) {
      if (!st.rec(v, g.data.target.epoch).attestation.included) ba.attesters.push_back(v);
    }
    if (!ba.attesters.empty()) body.atts.push_back(std::move(ba));
  }
}

// collect_background: background votes of earlier slots (current or previous epoch) whose
// attesters have not been included yet, one entry per committee.
void collect_background(SimChain::State& st, Body& body) {
  const uint64_t epoch = eth::u64(st.epoch_of(body.slot));
  for (const auto& [slot, vote] : st.background_votes) {
    if (eth::u64(slot) >= eth::u64(body.slot)) break;
    const Epoch t = vote.first.target.epoch;
    if (eth::u64(t) + 1 < epoch || eth::u64(t) > epoch) continue;
    const EpochContext& c = st.ctx(t);
    for (uint64_t ci = 0; ci < c.committees_per_slot; ++ci) {
      BodyAttestation ba{vote.first, vote.second, ci, {}};
      for (ValidatorIndex v : c.committee(eth::u64(slot) % st.slots_per_epoch(), ci)) {
        if (st.val(v).background && !st.rec(v, t).attestation.included) ba.attesters.push_back(v);
      }
      if (!ba.attesters.empty()) body.atts.push_back(std::move(ba));
    }
  }
}

void collect_sync(SimChain::State& st, Body& body) {
  if (eth::u64(body.slot) <= eth::u64(st.start_slot())) return;
  const Slot prev{eth::u64(body.slot) - 1};
  body.sync_root = st.head_at(prev);
  const SyncCommitteeInfo& info = st.sync_info_for_slot(prev);
  if (st.background_count > 0) {
    for (std::size_t i = 0; i < info.members.size(); ++i) {
      if (st.val(info.members[i]).background) body.sync_bits.set(i);
    }
  }
  auto it = st.sync_pool.find({prev, body.sync_root});
  if (it == st.sync_pool.end()) return;
  for (const auto& [v, sig] : it->second) {
    auto p = info.positions.find(v);
    if (p == info.positions.end()) continue;
    for (uint64_t pos : p->second) body.sync_bits.set(pos);
  }
}

// background_randao: the stand-in RANDAO reveal of a background proposer (nothing is signed):
// SHA-256 blocks over (label, seed, slot, block number).
eth::BlsSignature background_randao(uint64_t seed, Slot slot) {
  eth::BlsSignature out{};
  for (std::size_t block = 0; block * 32 < out.size(); ++block) {
    crypto::Sha256 h;
    constexpr std::string_view kTag = "stakepool-sim background randao";
    h.update({reinterpret_cast<const uint8_t*>(kTag.data()), kTag.size()});
    put_u64(h, seed);
    put_u64(h, eth::u64(slot));
    put_u64(h, block);
    const auto d = h.finish();
    std::copy(d.begin(), d.end(), out.begin() + static_cast<std::ptrdiff_t>(block * 32));
  }
  return out;
}

}  // namespace

Result<duty::BlockProposal> SimChain::produce_block(Slot slot, const eth::BlsSignature& randao) {
  State& st = *st_;
  if (slot != st.current_slot()) {
    return make_error(
        Errc::kInvalidArgument,
        "produce_block: slot " + std::to_string(eth::u64(slot)) + " is not the current slot");
  }
  if (st.blocks.count(slot)) return make_error(Errc::kAlreadyExists, "slot already has a block");
  auto p = proposer(slot);
  if (!p) return p.error();
  auto [it, fresh] = st.randao_checked.try_emplace({slot, randao}, false);
  if (fresh) {
    SigCheck chk{st.val(*p).pk, eth::randao_signing_root(cfg_.chain, st.epoch_of(slot)), randao};
    it->second = st.verify_one(chk);
    if (!it->second) st.count_invalid(DutyType::kProposal, *p, slot, "randao reveal");
  }
  if (!it->second) return make_error(Errc::kCrypto, "randao reveal signature invalid");
  Body body = st.make_body(slot, randao);
  eth::BeaconBlockHeader h;
  h.slot = slot;
  h.proposer_index = *p;
  h.parent_root = eth::u64(slot) == 0 ? st.anchor_root : st.head_at(Slot{eth::u64(slot) - 1});
  h.body_root = body_root_of(body);
  h.state_root = state_root_of(h.parent_root, h.body_root, slot);
  st.bodies.emplace(h.body_root, std::move(body));
  return duty::BlockProposal{h};
}

Status SimChain::submit_block(const eth::SignedBeaconBlockHeader& block) {
  State& st = *st_;
  const eth::BeaconBlockHeader& h = block.message;
  const ValidatorIndex p = h.proposer_index;
  if (!st.known(p)) {
    ++st.stats.rejected_other;
    return make_error(Errc::kNotFound, "block proposer index unknown");
  }
  SigCheck chk{st.val(p).pk, eth::block_header_signing_root(cfg_.chain, h), block.signature};
  if (!st.verify_one(chk)) {
    st.count_invalid(DutyType::kProposal, p, h.slot, "block signature");
    return make_error(Errc::kCrypto, "block signature invalid");
  }
  st.observe_proposal(h);
  if (auto b = st.blocks.find(h.slot); b != st.blocks.end() && b->second.header == h) {
    return ok_status();  // the same block again (every pool member submits it)
  }
  std::string why;
  auto expected = proposer(h.slot);
  const Slot parent_slot{eth::u64(h.slot) == 0 ? 0 : eth::u64(h.slot) - 1};
  if (h.slot != st.current_slot()) {
    why = "block for slot " + std::to_string(eth::u64(h.slot)) + " received outside its slot";
  } else if (!expected || *expected != p) {
    why = "block proposer is not the slot's proposer";
  } else if (st.blocks.count(h.slot)) {
    why = "slot already has a block";
  } else if (h.parent_root != st.head_at(parent_slot) && eth::u64(h.slot) != 0) {
    why = "block parent is not the head";
  }
  if (!why.empty()) {
    ++st.stats.rejected_other;
    return make_error(Errc::kInvalidArgument, why);
  }
  BlockInfo info{h, eth::ssz::hash_tree_root(h), st.since_slot_start(h.slot), 0, 0};
  if (auto b = st.bodies.find(h.body_root); b != st.bodies.end()) st.apply_body(b->second, info);
  st.blocks.emplace(h.slot, info);
  ++st.stats.blocks;
  ++st.rec(p, st.epoch_of(h.slot)).proposals_made;
  st.accept(DutyType::kProposal, h.slot);
  return ok_status();
}

Body SimChain::State::make_body(Slot slot, const eth::BlsSignature& randao) {
  Body body;
  body.slot = slot;
  body.randao = randao;
  body.graffiti = cfg.graffiti;
  collect_attestations(*this, body);
  if (background_count > 0) collect_background(*this, body);
  collect_sync(*this, body);
  return body;
}

void SimChain::State::background_vote(Slot s) {
  const Epoch e = epoch_of(s);
  const eth::AttestationData data{s, CommitteeIndex{0}, head_at(s), source_for(e), target_for(e)};
  background_votes[s] = {data, eth::ssz::hash_tree_root(data)};
}

void SimChain::State::background_block(Slot s) {
  const EpochContext& c = ctx(epoch_of(s));
  if (c.active.empty() || blocks.count(s)) return;
  const ValidatorIndex p = c.proposers[eth::u64(s) % slots_per_epoch()];
  if (!val(p).background) return;
  const Body body = make_body(s, background_randao(cfg.seed, s));
  eth::BeaconBlockHeader h;
  h.slot = s;
  h.proposer_index = p;
  h.parent_root = eth::u64(s) == 0 ? anchor_root : head_at(Slot{eth::u64(s) - 1});
  h.body_root = body_root_of(body);
  h.state_root = state_root_of(h.parent_root, h.body_root, s);
  BlockInfo info{h, eth::ssz::hash_tree_root(h), since_slot_start(s), 0, 0};
  apply_body(body, info);
  blocks.emplace(s, info);
  ++stats.blocks;
  ++stats.background_blocks;
  ++rec(p, epoch_of(s)).proposals_made;
}

void SimChain::State::apply_body(const Body& body, BlockInfo& info) {
  const Epoch e = epoch_of(body.slot);
  eth::Bytes32 mix = mix_end(e);
  const auto reveal_hash = crypto::sha256(body.randao);
  for (std::size_t i = 0; i < mix.size(); ++i) mix[i] ^= reveal_hash[i];
  mixes[e] = mix;
  apply_attestations(body, info);
  apply_sync_aggregate(body, info);
}

namespace {

uint8_t participation_flags(const SimChain::State& st, const eth::AttestationData& d,
                            uint64_t delay) {
  const Epoch t = d.target.epoch;
  if (!(d.source == st.source_for(t))) return 0;  // the spec refuses such an attestation
  const bool target = d.target.root == st.boundary_root(t);
  const bool head = target && d.beacon_block_root == st.head_at(d.slot);
  uint8_t f = 0;
  if (delay <= integer_squareroot(st.slots_per_epoch())) f |= kFlagSource;
  if (target) f |= kFlagTarget;  // deneb EIP-7045: no delay limit on the target flag
  if (head && delay == 1) f |= kFlagHead;
  return f;
}

uint64_t flag_weight_sum(uint8_t f) {
  return ((f & kFlagSource) ? kTimelySourceWeight : 0) +
         ((f & kFlagTarget) ? kTimelyTargetWeight : 0) + ((f & kFlagHead) ? kTimelyHeadWeight : 0);
}

}  // namespace

void SimChain::State::apply_attestations(const Body& body, BlockInfo& info) {
  const EpochContext& now_ctx = ctx(epoch_of(body.slot));
  uint64_t numerator = 0;
  for (const BodyAttestation& a : body.atts) {
    const uint64_t delay = eth::u64(body.slot) - eth::u64(a.data.slot);
    const uint8_t flags = participation_flags(*this, a.data, delay);
    if (flags == 0 && !(a.data.source == source_for(a.data.target.epoch))) continue;
    for (ValidatorIndex v : a.attesters) {
      auto& r = rec(v, a.data.target.epoch).attestation;
      if (!r.included) {
        r.included = true;
        r.inclusion_delay = delay;
        ++info.attestations;
        if (val(v).background) ++stats.background_attestations;
      }
      const uint8_t fresh = flags & static_cast<uint8_t>(~r.flags);
      r.flags |= fresh;
      numerator += now_ctx.base_reward(val(v).effective) * flag_weight_sum(fresh);
    }
  }
  const uint64_t denominator =
      (kWeightDenominator - kProposerWeight) * kWeightDenominator / kProposerWeight;
  const int64_t reward = static_cast<int64_t>(numerator / denominator);
  credit(info.header.proposer_index, reward);
  rec(info.header.proposer_index, epoch_of(body.slot)).reward_proposer += reward;
}

void SimChain::State::apply_sync_aggregate(const Body& body, BlockInfo& info) {
  if (eth::u64(body.slot) <= eth::u64(start_slot())) return;
  const Slot prev{eth::u64(body.slot) - 1};
  const SyncCommitteeInfo& info_c = sync_info_for_slot(prev);
  const EpochContext& c = ctx(epoch_of(body.slot));
  const uint64_t increments = c.total_active_balance / kEffectiveBalanceIncrement;
  const uint64_t total_base_rewards = c.base_reward_per_increment * increments;
  const uint64_t max_participant_rewards =
      total_base_rewards * kSyncRewardWeight / kWeightDenominator / slots_per_epoch();
  const int64_t participant = static_cast<int64_t>(max_participant_rewards / kSyncCommitteeSize);
  const int64_t proposer_reward =
      static_cast<int64_t>(static_cast<uint64_t>(participant) * kProposerWeight /
                           (kWeightDenominator - kProposerWeight));
  const Epoch e = epoch_of(prev);
  const ValidatorIndex proposer = info.header.proposer_index;
  std::set<ValidatorIndex> included;
  for (std::size_t i = 0; i < info_c.members.size(); ++i) {
    const ValidatorIndex v = info_c.members[i];
    const int64_t delta = body.sync_bits[i] ? participant : -participant;
    credit(v, delta);
    rec(v, e).reward_sync += delta;
    if (body.sync_bits[i]) {
      included.insert(v);
      if (val(v).background) ++stats.background_sync_bits;
      credit(proposer, proposer_reward);
      rec(proposer, epoch_of(body.slot)).reward_proposer += proposer_reward;
    }
  }
  for (ValidatorIndex v : included) ++rec(v, e).sync_included;
  info.sync_participants = body.sync_bits.count();
}

}  // namespace stakepool::sim
