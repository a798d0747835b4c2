#pragma once
// HonestDriver: ordinary (non-threshold) BLS validators doing every duty against a SimChain on
// the EventQueue — proposals at slot start, attestations and sync messages at 1/3, aggregates and
// contributions at 2/3 of the slot. Tests switch validators off or make them misbehave.
#include <chrono>
#include <set>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/sim/chain.hpp"

namespace stakepool::sim::testing {

namespace bls = crypto::bls;

inline bls::SecretKey test_key(uint64_t seed, uint64_t i) {
  std::array<uint8_t, 32> ikm{};
  for (int k = 0; k < 8; ++k) {
    ikm[k] = static_cast<uint8_t>(seed >> (8 * k));
    ikm[8 + k] = static_cast<uint8_t>(i >> (8 * k));
  }
  ikm[31] = 0x5a;
  return *bls::SecretKey::key_gen(ikm);
}

inline eth::BlsSignature sign_root(const bls::SecretKey& sk, const Root& root) {
  return bls::sign(sk, root).to_bytes();
}

class HonestDriver {
 public:
  HonestDriver(SimChain& chain, EventQueue& q, std::size_t n, uint64_t seed)
      : chain_(chain), q_(q) {
    for (std::size_t i = 0; i < n; ++i) {
      sks_.push_back(test_key(seed, i));
      auto v = chain.add_validator(bls::sk_to_pk(sks_.back()).to_bytes());
      SP_CHECK(v.has_value());
    }
  }

  // offline validators perform no duty; sync contributions are optional (they are expensive:
  // a selection proof per member per subcommittee per slot).
  std::set<uint64_t> offline;
  bool contributions = false;
  uint64_t contribution_slots = ~uint64_t{0};  // contribute only in the first N slots
  std::vector<Status> failures;                // statuses of refused submissions

  const bls::SecretKey& sk(ValidatorIndex v) const { return sks_[eth::u64(v)]; }

  // schedule: duty events for every slot of [start, last_epoch]. Call after chain.schedule().
  void schedule(Epoch last_epoch) {
    const uint64_t first = eth::u64(chain_.start_slot());
    const uint64_t end = eth::u64(eth::start_slot_of_epoch(chain_.chain(), last_epoch)) +
                         chain_.chain().slots_per_epoch;
    for (uint64_t s = first; s < end; ++s) {
      const int64_t t = chain_.slot_start_ms(Slot{s});
      q_.at({t + 500}, [this, s] { propose(Slot{s}); });
      q_.at({t + 4000}, [this, s] {
        attest(Slot{s});
        sync_messages(Slot{s});
      });
      q_.at({t + 8000}, [this, s] {
        aggregate(Slot{s});
        contribute(Slot{s});
      });
    }
  }

  void note(Status s) {
    if (!s) failures.push_back(s);
  }

  // chain_us: wall time spent inside the chain's submit/produce/aggregate calls (not signing).
  int64_t chain_us = 0;
  template <typename F>
  auto timed(F&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = f();
    chain_us +=
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    return r;
  }

  void propose(Slot s) {
    auto p = chain_.proposer(s);
    if (!p || offline.count(eth::u64(*p))) return;
    const auto& c = chain_.chain();
    const auto reveal = sign_root(sk(*p), eth::randao_signing_root(c, eth::epoch_at_slot(c, s)));
    auto blk = timed([&] { return chain_.produce_block(s, reveal); });
    if (!blk) return note(blk.error());
    eth::SignedBeaconBlockHeader signed_h{
        blk->header, sign_root(sk(*p), eth::block_header_signing_root(c, blk->header))};
    note(timed([&] { return chain_.submit_block(signed_h); }));
  }

  void attest(Slot s) {
    const auto& c = chain_.chain();
    auto count = chain_.committee_count(eth::epoch_at_slot(c, s));
    std::vector<eth::SingleAttestation> atts;
    for (uint64_t ci = 0; ci < *count; ++ci) {
      auto members = chain_.committee(s, CommitteeIndex{ci});
      auto data = chain_.attestation_data(s, CommitteeIndex{ci});
      for (ValidatorIndex v : *members) {
        if (offline.count(eth::u64(v))) continue;
        atts.push_back(
            eth::SingleAttestation{CommitteeIndex{ci}, v, *data,
                                   sign_root(sk(v), eth::attestation_signing_root(c, *data))});
      }
    }
    if (!atts.empty()) note(timed([&] { return chain_.submit_attestations(atts); }));
  }

  void sync_messages(Slot s) {
    const auto& c = chain_.chain();
    auto members = chain_.sync_committee(eth::epoch_at_slot(c, Slot{eth::u64(s) + 1}));
    const Root root = *chain_.block_root(s);
    std::vector<eth::SyncCommitteeMessage> msgs;
    for (ValidatorIndex v : std::set<ValidatorIndex>(members->begin(), members->end())) {
      if (offline.count(eth::u64(v))) continue;
      msgs.push_back(eth::SyncCommitteeMessage{
          s, root, v, sign_root(sk(v), eth::sync_committee_message_signing_root(c, s, root))});
    }
    if (!msgs.empty()) note(timed([&] { return chain_.submit_sync_messages(msgs); }));
  }

  void aggregate(Slot s) {
    const auto& c = chain_.chain();
    auto count = chain_.committee_count(eth::epoch_at_slot(c, s));
    std::vector<eth::SignedAggregateAndProofElectra> aggs;
    for (uint64_t ci = 0; ci < *count; ++ci) {
      auto members = chain_.committee(s, CommitteeIndex{ci});
      auto data = chain_.attestation_data(s, CommitteeIndex{ci});
      for (ValidatorIndex v : *members) {
        if (offline.count(eth::u64(v))) continue;
        const auto proof = sign_root(sk(v), eth::selection_proof_signing_root(c, s));
        auto sel = chain_.report_beacon_committee_selection(s, v, proof);
        if (!sel || !*sel) continue;
        auto att =
            chain_.aggregate_attestation(s, eth::ssz::hash_tree_root(*data), CommitteeIndex{ci});
        if (!att) continue;
        eth::AggregateAndProofElectra m{v, *att, proof};
        aggs.push_back({m, sign_root(sk(v), eth::aggregate_and_proof_signing_root(c, m))});
      }
    }
    if (!aggs.empty()) note(timed([&] { return chain_.submit_aggregates(aggs); }));
  }

  void contribute(Slot s) {
    if (!contributions || eth::u64(s) >= eth::u64(chain_.start_slot()) + contribution_slots) return;
    const auto& c = chain_.chain();
    auto members = chain_.sync_committee(eth::epoch_at_slot(c, Slot{eth::u64(s) + 1}));
    const Root root = *chain_.block_root(s);
    std::set<std::pair<uint64_t, uint64_t>> done;  // (validator, subcommittee)
    std::vector<eth::SignedContributionAndProof> out;
    for (uint64_t pos = 0; pos < members->size(); ++pos) {
      const ValidatorIndex v = (*members)[pos];
      const uint64_t sub = pos / kSyncSubcommitteeSize;
      if (offline.count(eth::u64(v)) || !done.insert({eth::u64(v), sub}).second) continue;
      const auto proof = sign_root(sk(v), eth::sync_selection_proof_signing_root(c, {s, sub}));
      auto sel = chain_.report_sync_committee_selection(s, v, sub, proof);
      if (!sel || !*sel) continue;
      auto contrib = chain_.sync_committee_contribution(s, sub, root);
      if (!contrib) continue;
      eth::ContributionAndProof m{v, *contrib, proof};
      out.push_back({m, sign_root(sk(v), eth::contribution_and_proof_signing_root(c, m))});
    }
    if (!out.empty()) note(timed([&] { return chain_.submit_contributions(out); }));
  }

 private:
  SimChain& chain_;
  EventQueue& q_;
  std::vector<bls::SecretKey> sks_;
};

}  // namespace stakepool::sim::testing
