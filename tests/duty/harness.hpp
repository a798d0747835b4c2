#pragma once
// Harness: one pool of operators running OperatorNodes against a FakeBeacon, with validators
// created by the threshold module's local DKG, a router with a fixed per-message latency, virtual
// time, crashed operators and Byzantine behaviours.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>

#include "duty/fake_beacon.hpp"
#include "stakepool/consensus/keys.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/duty/operator_node.hpp"
#include "stakepool/threshold/local_ceremony.hpp"

namespace stakepool::duty::testing {

struct HarnessConfig {
  uint32_t n = 4, t = 3;
  uint32_t validators = 2;
  uint64_t seed = 1;
  int64_t latency_ms = 40;
  std::set<OperatorId> crashed;
  std::map<OperatorId, int64_t> extra_latency_ms;  // added to every message this member sends
  std::map<OperatorId, Behaviour> behaviour;
  bool aggregation = true, sync_contributions = true, sync = true;
  uint32_t combiners = 0;  // NodeConfig::combiners (0: f + 1)
  int64_t backup_delay_ms = -1;  // NodeConfig::backup_delay_ms
  int64_t combine_grace_ms = -1;  // NodeConfig::combine_grace_ms
  // forwarder: when set, this member also sends a copy of every COMBINED message another member
  // sends to the rest of the pool, arriving first (a member passing others' results off as its own).
  std::optional<OperatorId> forwarder;
  uint64_t committee_length = 4;  // FakeBeacon::committee_length
  // tamper: when set, called on every message a member (by index, 0 = operator 100) sends, before
  // it is delivered; it may rewrite the message (a Byzantine sender).
  std::function<void(uint32_t from, Outbound& m)> tamper;
};

class Harness {
 public:
  explicit Harness(HarnessConfig cfg) : cfg_(std::move(cfg)), rng_(cfg_.seed, "harness") {
    beacon.sync = cfg_.sync;
    beacon.committee_length = cfg_.committee_length;
    PoolConfig pool;
    pool.id = 7;
    pool.threshold = cfg_.t;
    signers_.reserve(cfg_.n);
    for (uint32_t i = 0; i < cfg_.n; ++i) {
      signers_.push_back(*consensus::Ed25519Signer::generate(rng_));
      pool.members.push_back(100 + i);
      pool.keys.push_back(signers_.back().public_key());
    }
    dbs_.reserve(cfg_.n);
    for (uint32_t i = 0; i < cfg_.n; ++i) {
      dbs_.push_back(*eth::SlashingDb::open(eth::SlashingDb::kMemoryPath, eth::SlashingMode::kComplete,
                                            beacon.chain().genesis_validators_root));
      rngs_.push_back(std::make_unique<util::DeterministicRng>(cfg_.seed, "node" + std::to_string(i)));
      NodeConfig nc;
      nc.self = 100 + i;
      nc.beacon = &beacon;
      nc.slashing = &dbs_.back();
      nc.signer = &signers_[i];
      nc.verifier = &verifier_;
      nc.rng = rngs_.back().get();
      auto b = cfg_.behaviour.find(nc.self);
      if (b != cfg_.behaviour.end()) nc.behaviour = b->second;
      nc.aggregation = cfg_.aggregation;
      nc.sync_contributions = cfg_.sync_contributions;
      nc.combiners = cfg_.combiners;
      nc.backup_delay_ms = cfg_.backup_delay_ms;
      nc.combine_grace_ms = cfg_.combine_grace_ms;
      nodes_.push_back(*OperatorNode::make(nc));
      EXPECT_TRUE(nodes_.back()->add_pool(pool).has_value());
    }
    auto ops = threshold::make_operators(cfg_.n, rng_);
    for (uint32_t v = 0; v < cfg_.validators; ++v) add_validator(ops, pool, v);
  }

  FakeBeacon beacon;

  OperatorNode& node(OperatorId id) { return *nodes_.at(id - 100); }
  std::vector<DutyRecord> records;           // of every node, in order
  std::vector<ConsensusRecord> consensus;    // of every node

  // run drives virtual time from now up to `until_ms`.
  void run(int64_t until_ms) {
    for (uint32_t i = 0; i < cfg_.n; ++i) wake_[i] = now_;
    for (;;) {
      int64_t t = queue_.empty() ? INT64_MAX : queue_.top().at;
      std::optional<uint32_t> ticker;
      for (const auto& [i, w] : wake_) {
        if (w <= t && (!ticker || w < wake_.at(*ticker))) ticker = i;
      }
      if (ticker) t = wake_.at(*ticker);
      if (t > until_ms) break;
      now_ = t;
      if (ticker) {
        wake_.erase(*ticker);
        if (!down(*ticker)) handle(*ticker, nodes_[*ticker]->on_tick({t}));
        continue;
      }
      Delivery d = queue_.top();
      queue_.pop();
      if (!down(d.to)) handle(d.to, nodes_[d.to]->on_message(100 + d.from, d.bytes, {t}));
    }
    now_ = until_ms;
    for (auto& n : nodes_) {
      for (auto& r : n->take_records()) records.push_back(std::move(r));
      for (auto& c : n->take_consensus_records()) consensus.push_back(c);
    }
  }

  int64_t slot_ms(uint64_t k) const { return static_cast<int64_t>(k) * 12000; }
  uint64_t messages = 0;

 private:
  struct Delivery {
    int64_t at;
    uint64_t seq;
    uint32_t from, to;
    util::Bytes bytes;
    bool operator<(const Delivery& o) const { return std::tie(at, seq) > std::tie(o.at, o.seq); }
  };

  bool down(uint32_t i) const { return cfg_.crashed.count(100 + i) > 0; }

  // forward: the forwarder's copies of a COMBINED message `i` sent (HarnessConfig::forwarder).
  void forward(uint32_t i, const Outbound& m) {
    if (!cfg_.forwarder || *cfg_.forwarder == 100 + i) return;
    auto env = decode_envelope(m.bytes);
    if (!env || env->type != EnvelopeType::kCombined) return;
    const uint32_t f = *cfg_.forwarder - 100;
    for (uint32_t j = 0; j < cfg_.n; ++j) {
      if (j == i || j == f) continue;
      queue_.push(Delivery{now_ + cfg_.latency_ms / 2, seq_++, f, j, m.bytes});
    }
  }

  void handle(uint32_t i, NodeOutputs out) {
    for (auto& m : out.messages) {
      if (cfg_.tamper) cfg_.tamper(i, m);
      for (uint32_t j = 0; j < cfg_.n; ++j) {
        if (j == i || (m.to && *m.to != 100 + j)) continue;
        ++messages;
        const auto extra = cfg_.extra_latency_ms.find(100 + i);
        const int64_t delay = cfg_.latency_ms + (extra == cfg_.extra_latency_ms.end() ? 0 : extra->second);
        queue_.push(Delivery{now_ + delay, seq_++, i, j, m.bytes});
      }
      forward(i, m);
    }
    if (out.wake_at) {
      wake_[i] = std::max(out.wake_at->ms, now_);
    } else {
      wake_.erase(i);
    }
  }

  void add_validator(const std::vector<threshold::LocalOperator>& ops, const PoolConfig& pool, uint32_t v) {
    auto dkg = threshold::run_local_dkg({cfg_.n, cfg_.t, cfg_.seed * 1000 + v, {}}, ops);
    ASSERT_TRUE(dkg.ok) << dkg.failure;
    const eth::BlsPubkey group = crypto::g1_compress(crypto::to_affine(dkg.result->pub.coeffs[0]));
    std::vector<eth::BlsPubkey> shares;
    for (const auto& g : dkg.result->share_pubkeys) shares.push_back(crypto::g1_compress(crypto::to_affine(g)));
    const uint64_t index = beacon.add_validator(group);
    for (uint32_t i = 0; i < cfg_.n; ++i) {
      ValidatorShare vs{pool.id, eth::ValidatorIndex{index}, group, shares,
                        threshold::SecretShare{dkg.shares.at(i + 1).index, dkg.shares.at(i + 1).value.clone()}};
      auto st = nodes_[i]->add_validator(std::move(vs));
      ASSERT_TRUE(st.has_value()) << st.error().message;
    }
  }

  HarnessConfig cfg_;
  util::DeterministicRng rng_;
  consensus::Ed25519Verifier verifier_;
  std::vector<consensus::Ed25519Signer> signers_;
  std::vector<eth::SlashingDb> dbs_;
  std::vector<std::unique_ptr<util::DeterministicRng>> rngs_;
  std::vector<std::unique_ptr<OperatorNode>> nodes_;
  std::priority_queue<Delivery> queue_;
  std::map<uint32_t, int64_t> wake_;
  uint64_t seq_ = 0;
  int64_t now_ = 0;
};

}  // namespace stakepool::duty::testing
