// Consensus benchmark ops: one whole QBFT instance among 4 honest members in one process, with
// real Ed25519 signing and verification of every message (the per-duty consensus cost of a node
// cluster, minus the network).
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/consensus/keys.hpp"
#include "stakepool/consensus/qbft.hpp"
#include "stakepool/util/check.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

using consensus::Instance;
using consensus::Outputs;
using consensus::SignedMessage;

struct Cluster4 {
  explicit Cluster4(util::DeterministicRng& rng) {
    std::vector<consensus::OperatorKey> keys;
    for (int i = 0; i < 4; ++i) {
      signers.push_back(std::make_unique<consensus::Ed25519Signer>(
          consensus::Ed25519Signer::generate(rng).value()));
      keys.push_back(signers.back()->public_key());
    }
    committee.emplace(consensus::Committee::make(keys).value());
    timing.start = {0};
    timing.increment_ms = 1000;
    timing.cutoff = {12000};
    timing.max_round = 12;
  }

  // run_instance runs instance `height` to a decision on all four members; returns the round.
  uint64_t run_instance(uint64_t height) {
    consensus::InstanceId id;
    id.tag[0] = 0x51;
    id.height = height;
    std::vector<Instance> nodes;
    for (uint32_t i = 0; i < 4; ++i) {
      consensus::Config c{id, *committee};
      c.self = i;
      c.leader_offset = consensus::default_leader_offset(id);
      c.deadline = timing.deadline_fn();
      c.cutoff = timing.cutoff;
      c.max_round = timing.max_round;
      c.validate = [](std::span<const uint8_t> v) { return !v.empty(); };
      c.signer = signers[i].get();
      c.verifier = &verifier;
      nodes.push_back(Instance::make(std::move(c)).value());
    }
    std::deque<std::pair<uint32_t, SignedMessage>> wire;  // (from, message), FIFO
    auto out = [&](uint32_t from, Outputs o) {
      for (auto& m : o.broadcast) wire.emplace_back(from, std::move(m));
    };
    const util::TimePoint now{10};
    for (uint32_t i = 0; i < 4; ++i) {
      util::Bytes v(64, static_cast<uint8_t>(i + 1));
      out(i, nodes[i].start(now, consensus::Value(std::move(v))));
    }
    while (!wire.empty()) {
      auto [from, m] = std::move(wire.front());
      wire.pop_front();
      for (uint32_t to = 0; to < 4; ++to) {
        if (to != from) out(to, nodes[to].on_message(m, now));
      }
    }
    for (const Instance& n : nodes) SP_CHECK(n.decided().has_value());
    return nodes[0].decided()->certificate.round;
  }

  std::vector<std::unique_ptr<consensus::Signer>> signers;
  std::optional<consensus::Committee> committee;
  consensus::Ed25519Verifier verifier;
  consensus::RoundTiming timing;
};

}  // namespace

void add_consensus_ops(Ops& ops) {
  ops.push_back(Op{"qbft_instance_4",
                   "one QBFT instance, 4 honest members in-process, Ed25519 signatures included",
                   [] {
                     auto rng = std::make_shared<util::DeterministicRng>(7, "bench-qbft");
                     auto cluster = std::make_shared<Cluster4>(*rng);
                     auto height = std::make_shared<uint64_t>(0);
                     return std::function<void()>([cluster, height] {
                       const uint64_t r = cluster->run_instance((*height)++ % 128);
                       do_not_optimize(r);
                     });
                   }});
}

}  // namespace stakepool::bench
