// OperatorNode: construction, registration of pools and validators, the two entry points, and
// output helpers. The pipeline itself is in slots.cpp, runs.cpp, values.cpp and partials.cpp.
#include <algorithm>

#include "duty/node_state.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/threshold/signing.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::duty {

const char* behaviour_name(Behaviour b) {
  switch (b) {
    case Behaviour::kHonest: return "honest";
    case Behaviour::kEquivocate: return "equivocate";
    case Behaviour::kInvalidPartial: return "invalid-partial";
    case Behaviour::kSlashable: return "slashable";
    case Behaviour::kWithhold: return "withhold";
  }
  return "unknown";
}

std::optional<Behaviour> parse_behaviour(std::string_view s) {
  for (Behaviour b : {Behaviour::kHonest, Behaviour::kEquivocate, Behaviour::kInvalidPartial,
                      Behaviour::kSlashable, Behaviour::kWithhold}) {
    if (s == behaviour_name(b)) return b;
  }
  return std::nullopt;
}

const char* duty_type_name(DutyType t) {
  switch (t) {
    case DutyType::kAttestation: return "attestation";
    case DutyType::kAggregation: return "aggregation";
    case DutyType::kProposal: return "proposal";
    case DutyType::kSyncCommittee: return "sync_committee";
    case DutyType::kSyncContribution: return "sync_contribution";
  }
  return "unknown";
}

std::optional<uint32_t> PoolState::position_of(OperatorId op) const {
  for (uint32_t i = 0; i < cfg.members.size(); ++i) {
    if (cfg.members[i] == op) return i;
  }
  return std::nullopt;
}

namespace {

Error bad(const std::string& what) { return make_error(Errc::kInvalidArgument, what); }

// instance_tag: SHA-256("stakepool/duty/qbft/v2" || genesis_validators_root || pool || class).
consensus::Hash32 instance_tag(const eth::Root& gvr, PoolId pool, DutyClass cls) {
  static constexpr char kLabel[] = "stakepool/duty/qbft/v2";
  const uint8_t tail[5] = {static_cast<uint8_t>(pool >> 24), static_cast<uint8_t>(pool >> 16),
                           static_cast<uint8_t>(pool >> 8), static_cast<uint8_t>(pool),
                           static_cast<uint8_t>(cls)};
  crypto::Sha256 h;
  h.update({reinterpret_cast<const uint8_t*>(kLabel), sizeof(kLabel) - 1});
  h.update(gvr);
  h.update(tail);
  return h.finish();
}

// interpolates_to: the points of share indices 1..t (pts[i] for index i + 1), weighted by their
// Lagrange coefficients at 0, sum to `target`.
bool interpolates_to(std::span<const crypto::G1Affine> pts, const crypto::G1Affine& target) {
  std::vector<threshold::ShareIndex> idx;
  for (uint32_t i = 0; i < pts.size(); ++i) idx.push_back(*threshold::ShareIndex::make(i + 1));
  std::vector<crypto::Fr> lambda;
  if (threshold::lagrange_at_zero(idx, lambda) != threshold::ThresholdError::kOk) return false;
  std::vector<crypto::Scalar> k;
  for (const crypto::Fr& l : lambda) k.push_back(crypto::to_scalar(l));
  return crypto::to_affine(crypto::msm_vartime(pts, k)) == target;
}

// shares_match_group: the first t share keys interpolate (Lagrange at 0) to the group key.
bool shares_match_group(const ValidatorState& v, uint32_t t) {
  std::vector<crypto::G1Affine> pts;
  for (uint32_t i = 0; i < t; ++i) pts.push_back(v.share_pks[i].point());
  return interpolates_to(pts, v.group_pk.point());
}

}  // namespace

Result<std::unique_ptr<OperatorNode>> OperatorNode::make(NodeConfig cfg) {
  if (cfg.beacon == nullptr) return bad("operator node: a beacon node is required");
  if (cfg.slashing == nullptr) return bad("operator node: a slashing database is required");
  if (cfg.signer == nullptr || cfg.verifier == nullptr) {
    return bad("operator node: consensus signer and verifier are required");
  }
  if (cfg.rng == nullptr) return bad("operator node: an rng is required");
  if (cfg.duty_lifetime_slots < 2) return bad("operator node: duty lifetime must be >= 2 slots");
  auto st = std::make_unique<State>(std::move(cfg));
  st->timing = st->cfg.beacon->timing();
  if (st->timing.slot_ms <= 0 || st->timing.slot_ms % 12 != 0) {
    return bad("operator node: slot length must be a positive multiple of 12 ms");
  }
  return std::unique_ptr<OperatorNode>(new OperatorNode(std::move(st)));
}

OperatorNode::OperatorNode(std::unique_ptr<State> s) : s_(std::move(s)) {}
OperatorNode::~OperatorNode() = default;

Status OperatorNode::add_pool(const PoolConfig& pool) {
  State& s = *s_;
  if (s.pools.count(pool.id)) return bad("pool " + std::to_string(pool.id) + " already added");
  if (pool.members.size() != pool.keys.size()) {
    return bad("pool " + std::to_string(pool.id) + ": members and keys differ in length");
  }
  auto committee = consensus::Committee::make(pool.keys);
  if (!committee) return committee.error();
  if (pool.threshold == 0 || pool.threshold > pool.members.size()) {
    return bad("pool " + std::to_string(pool.id) + ": threshold outside [1, n]");
  }
  PoolState ps{pool, 0, *committee, {}, {}};
  auto pos = ps.position_of(s.cfg.self);
  if (!pos) return bad("pool " + std::to_string(pool.id) + ": this operator is not a member");
  if (!(pool.keys[*pos] == s.cfg.signer->public_key())) {
    return bad("pool " + std::to_string(pool.id) + ": member key is not this operator's key");
  }
  ps.self_pos = *pos;
  for (std::size_t c = 0; c < kDutyClassCount; ++c) {
    ps.tags[c] = instance_tag(s.chain().genesis_validators_root, pool.id, static_cast<DutyClass>(c));
  }
  s.pools.emplace(pool.id, std::move(ps));
  return {};
}

// prepare checks a validator's registration data (everything but the two curve equations, which
// keys_match checks) and builds its state.
Result<ValidatorState> OperatorNode::State::prepare(ValidatorShare v) const {
  const std::string name = "validator " + std::to_string(eth::u64(v.index));
  auto pit = pools.find(v.pool);
  if (pit == pools.end()) return bad(name + ": unknown pool " + std::to_string(v.pool));
  if (validators.count(eth::u64(v.index))) return bad(name + " already added");
  const PoolState& pool = pit->second;
  if (v.share_pubkeys.size() != pool.cfg.members.size()) {
    return bad(name + ": expected one share public key per pool member");
  }
  if (v.share.index.value() != pool.self_pos + 1) {
    return bad(name + ": share index is not this operator's position + 1");
  }
  auto gpk = bls::PublicKey::parse(v.group_pubkey);
  if (!gpk) return bad(name + ": group public key: " + bls::to_string(gpk.error()));
  ValidatorState vs{v.pool, v.index, *gpk, {}, v.share_pubkeys[pool.self_pos], std::move(v.share)};
  if (!v.share_keys.empty()) {
    if (v.share_keys.size() != v.share_pubkeys.size()) {
      return bad(name + ": parsed share keys and share public keys differ in number");
    }
    for (std::size_t i = 0; i < v.share_keys.size(); ++i) {
      if (v.share_keys[i].to_bytes() != v.share_pubkeys[i]) {
        return bad(name + ": parsed share key " + std::to_string(i + 1) +
                   " does not encode to its share public key");
      }
    }
    vs.share_pks = std::move(v.share_keys);
  }
  for (std::size_t i = vs.share_pks.size(); i < v.share_pubkeys.size(); ++i) {
    auto pk = bls::PublicKey::parse(v.share_pubkeys[i]);
    if (!pk) return bad(name + ": share public key " + std::to_string(i + 1) + ": " +
                        bls::to_string(pk.error()));
    vs.share_pks.push_back(*pk);
  }
  return vs;
}

// keys_match: this operator's share matches its share public key, and the first t share keys
// interpolate to the group key; the error names which fails.
Status OperatorNode::State::keys_match(const ValidatorState& vs) const {
  const std::string name = "validator " + std::to_string(eth::u64(vs.index));
  const PoolState& pool = pools.at(vs.pool);
  crypto::Scalar k = crypto::to_scalar(vs.share.value.expose());
  const crypto::G1Affine mine = crypto::to_affine(crypto::g1_mul_generator(k));
  util::secure_zero(k.data(), sizeof(k));
  if (!(mine == vs.share_pks[pool.self_pos].point())) {
    return bad(name + ": the share does not match its share public key");
  }
  if (!shares_match_group(vs, pool.cfg.threshold)) {
    return bad(name + ": share public keys do not interpolate to the group key");
  }
  return {};
}

// all_keys_match: keys_match for validators of one pool at once, with random 64-bit weights r_v
// (odd, so 63 random bits; G1 has prime order, so a wrong key passes with probability <= 2^-63):
//   [sum r_v s_v]G == sum r_v pk_v,self    (one constant-time fixed-base multiplication)
//   sum_i lambda_i (sum_v r_v pk_v,i) == sum r_v gpk_v    (i = 1..t: the same Lagrange weights)
bool OperatorNode::State::all_keys_match(std::span<const ValidatorState* const> vs) const {
  const PoolState& pool = pools.at(vs.front()->pool);
  const uint32_t t = pool.cfg.threshold;
  std::vector<crypto::Scalar> r(vs.size());
  crypto::Fr secret_sum = crypto::Fr::from_u64(0);
  for (std::size_t j = 0; j < vs.size(); ++j) {
    const uint64_t w = cfg.rng->next_u64() | 1;
    r[j] = crypto::Scalar{w, 0, 0, 0};
    crypto::Fr term = crypto::Fr::from_u64(w) * vs[j]->share.value.expose();
    secret_sum = secret_sum + term;
    util::secure_zero(&term, sizeof(term));
  }
  auto column = [&](auto point_of) {
    std::vector<crypto::G1Affine> pts;
    for (const ValidatorState* v : vs) pts.push_back(point_of(*v));
    return crypto::to_affine(crypto::msm_vartime(pts, r));
  };
  crypto::Scalar k = crypto::to_scalar(secret_sum);
  const crypto::G1Affine mine = crypto::to_affine(crypto::g1_mul_generator(k));
  util::secure_zero(k.data(), sizeof(k));
  util::secure_zero(&secret_sum, sizeof(secret_sum));
  if (!(mine == column([&](const ValidatorState& v) { return v.share_pks[pool.self_pos].point(); }))) {
    return false;
  }
  std::vector<crypto::G1Affine> cols;
  for (uint32_t i = 0; i < t; ++i) {
    cols.push_back(column([&](const ValidatorState& v) { return v.share_pks[i].point(); }));
  }
  return interpolates_to(cols, column([](const ValidatorState& v) { return v.group_pk.point(); }));
}

Status OperatorNode::add_validator(ValidatorShare v) {
  std::vector<ValidatorShare> one;
  one.push_back(std::move(v));
  return add_validators(std::move(one));
}

Status OperatorNode::add_validators(std::vector<ValidatorShare> vs) {
  State& s = *s_;
  std::vector<ValidatorState> ready;
  std::set<uint64_t> seen;
  for (ValidatorShare& v : vs) {
    if (!seen.insert(eth::u64(v.index)).second) {
      return bad("validator " + std::to_string(eth::u64(v.index)) + " given twice");
    }
    auto st = s.prepare(std::move(v));
    if (!st) return st.error();
    ready.push_back(std::move(*st));
  }
  // One batch per pool; when a batch fails, the validators alone name the culprit.
  std::map<PoolId, std::vector<std::size_t>> by_pool;
  for (std::size_t j = 0; j < ready.size(); ++j) by_pool[ready[j].pool].push_back(j);
  for (const auto& [pool, members] : by_pool) {
    std::vector<const ValidatorState*> group;
    for (std::size_t j : members) group.push_back(&ready[j]);
    if (group.size() > 1 && s.all_keys_match(group)) continue;
    for (std::size_t j : members) SP_TRY(s.keys_match(ready[j]));
  }
  for (ValidatorState& v : ready) {
    PoolState& pool = s.pools.at(v.pool);
    pool.validators.push_back(v.index);
    std::sort(pool.validators.begin(), pool.validators.end());
    s.validators.emplace(eth::u64(v.index), std::move(v));
  }
  return {};
}

NodeOutputs OperatorNode::on_tick(util::TimePoint now) {
  State& s = *s_;
  NodeOutputs out;
  s.run_phases(now, out);
  s.tick_items(now, out);
  s.tick_runs(now, out);
  s.expire(now);
  out.wake_at = s.next_wake();
  return out;
}

NodeOutputs OperatorNode::on_message(OperatorId from, std::span<const uint8_t> bytes,
                                     util::TimePoint now) {
  State& s = *s_;
  NodeOutputs out;
  ++s.stats.messages_in;
  auto env = decode_envelope(bytes);
  auto pit = env ? s.pools.find(env->pool) : s.pools.end();
  std::optional<uint32_t> pos;
  if (pit != s.pools.end()) pos = pit->second.position_of(from);
  if (!env || !pos || from == s.cfg.self) {
    ++s.stats.messages_dropped;
  } else if (env->type == EnvelopeType::kQbft) {
    s.on_qbft(env->pool, env->body, now, out);
  } else if (env->type == EnvelopeType::kCombined) {
    s.on_combined(env->pool, *pos, env->body, now, out);
  } else {
    s.on_partials(env->pool, *pos, env->body, now, out);
  }
  out.wake_at = s.next_wake();
  return out;
}

std::vector<DutyRecord> OperatorNode::take_records() { return std::exchange(s_->records, {}); }
std::vector<ConsensusRecord> OperatorNode::take_consensus_records() {
  return std::exchange(s_->consensus_records, {});
}
const NodeStats& OperatorNode::stats() const { return s_->stats; }
OperatorId OperatorNode::id() const { return s_->cfg.self; }

void OperatorNode::State::send(NodeOutputs& out, PoolId pool, EnvelopeType type, util::Bytes body,
                               std::optional<OperatorId> to) {
  if (cfg.behaviour == Behaviour::kWithhold) return;
  ++stats.messages_out;
  out.messages.push_back(Outbound{pool, to, encode_envelope(Envelope{type, pool, std::move(body)})});
}

std::optional<TimePoint> OperatorNode::State::next_wake() const {
  std::optional<TimePoint> w;
  auto take = [&w](TimePoint t) {
    if (!w || t < *w) w = t;
  };
  if (next_phase) {
    const uint64_t slot = *next_phase / 3;
    take(TimePoint{slot_start_ms(eth::Slot{slot}) +
                   static_cast<int64_t>(*next_phase % 3) * timing.slot_ms / 3});
  }
  for (const auto& [slot, st] : slots) {
    take(TimePoint{st.start_ms + cfg.duty_lifetime_slots * timing.slot_ms});
    if (!st.ticks.empty()) take(TimePoint{*st.ticks.begin()});
    for (const auto& [key, r] : st.runs) {
      if (r.wake) take(*r.wake);
    }
  }
  return w;
}

}  // namespace stakepool::duty
