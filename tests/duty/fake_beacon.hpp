#pragma once
// FakeBeacon: a small, deterministic duty::BeaconNode for the duty pipeline's tests. Every
// validator attests once per epoch (slot = start + index mod slots_per_epoch, committee 0 of 4
// members by default, so every attester is an aggregator), one configured validator proposes in every slot,
// every validator is in the sync committee (one position, subcommittee 0, and every selection
// proof passes the 1-in-8 test only by chance). Submissions are checked like a real chain would:
// each signature against the validator key and the real signing root; the signed votes and blocks
// are kept and a slashing detector (double vote, surround vote, double proposal) runs over them.
#include <map>
#include <set>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/duty/aggregation.hpp"
#include "stakepool/duty/beacon_node.hpp"
#include "stakepool/eth/signing.hpp"

namespace stakepool::duty::testing {

namespace bls = crypto::bls;

class FakeBeacon final : public BeaconNode {
 public:
  static constexpr uint64_t kSlotsPerEpoch = 4;
  static constexpr uint64_t kStartEpoch = 1000;

  FakeBeacon() {
    chain_ = eth::chain_config(eth::Network::kMainnet);
    chain_.slots_per_epoch = kSlotsPerEpoch;
    timing_.slots_per_epoch = kSlotsPerEpoch;
    timing_.slot_ms = 12000;
    timing_.genesis_ms = -static_cast<int64_t>(kStartEpoch * kSlotsPerEpoch) * timing_.slot_ms;
  }

  uint64_t add_validator(const eth::BlsPubkey& pk) {
    pks_.push_back(*bls::PublicKey::parse(pk));
    return pks_.size() - 1;
  }
  eth::Slot start_slot() const { return eth::Slot{kStartEpoch * kSlotsPerEpoch}; }

  // ---- results ----
  std::map<std::string, uint64_t> accepted;  // by duty kind
  uint64_t invalid = 0;                      // submissions whose signature failed
  uint64_t slashable = 0;                    // slashing offences detected
  std::set<std::tuple<std::string, uint64_t, uint64_t>> done;  // (kind, validator, slot)
  std::vector<std::string> errors;
  // count: accepted duties of `kind` in slots before `end`.
  uint64_t count(const std::string& kind, eth::Slot end) const {
    uint64_t n = 0;
    for (const auto& [k, v, slot] : done) n += k == kind && slot < eth::u64(end);
    return n;
  }

  // ---- BeaconNode ----
  const eth::ChainConfig& chain() const override { return chain_; }
  Timing timing() const override { return timing_; }

  Result<std::vector<AttesterDuty>> attester_duties(eth::Epoch e, std::span<const eth::ValidatorIndex> ids) override {
    std::vector<AttesterDuty> out;
    for (eth::ValidatorIndex v : ids) {
      AttesterDuty d;
      d.pubkey = pks_.at(eth::u64(v)).to_bytes();
      d.validator_index = v;
      d.committee_index = eth::CommitteeIndex{0};
      d.committee_length = committee_length;
      d.committees_at_slot = 1;
      d.validator_committee_index = eth::u64(v) % 4;
      d.slot = eth::Slot{eth::u64(e) * kSlotsPerEpoch + eth::u64(v) % kSlotsPerEpoch};
      out.push_back(d);
    }
    return out;
  }
  Result<std::vector<ProposerDuty>> proposer_duties(eth::Epoch e) override {
    std::vector<ProposerDuty> out;
    for (uint64_t i = 0; i < kSlotsPerEpoch; ++i) {
      const eth::ValidatorIndex v{proposer};
      out.push_back(ProposerDuty{pks_.at(proposer).to_bytes(), v, eth::Slot{eth::u64(e) * kSlotsPerEpoch + i}});
    }
    return out;
  }
  Result<std::vector<SyncDuty>> sync_duties(eth::Epoch, std::span<const eth::ValidatorIndex> ids) override {
    std::vector<SyncDuty> out;
    if (!sync) return out;
    for (eth::ValidatorIndex v : ids) {
      out.push_back(SyncDuty{pks_.at(eth::u64(v)).to_bytes(), v, {eth::u64(v)}});
    }
    return out;
  }
  Result<eth::AttestationData> attestation_data(eth::Slot slot, eth::CommitteeIndex) override {
    const uint64_t e = eth::u64(slot) / kSlotsPerEpoch;
    eth::AttestationData d;
    d.slot = slot;
    d.beacon_block_root = root_of("head", eth::u64(slot));
    d.source = eth::Checkpoint{eth::Epoch{e - 1}, root_of("boundary", e - 1)};
    d.target = eth::Checkpoint{eth::Epoch{e}, root_of("boundary", e)};
    return d;
  }
  Result<eth::AttestationElectra> aggregate_attestation(eth::Slot slot, const eth::Root& data_root,
                                                        eth::CommitteeIndex ci) override {
    eth::AttestationElectra a;
    a.data = *attestation_data(slot, ci);
    if (eth::ssz::hash_tree_root(a.data) != data_root) {
      return make_error(Errc::kNotFound, "no attestations for this data root");
    }
    a.aggregation_bits = decltype(a.aggregation_bits)(4);
    a.aggregation_bits.set(0, true);
    a.committee_bits.set(eth::u64(ci), true);
    a.signature[0] = 0xc0;  // the identity
    return a;
  }
  Result<BlockProposal> produce_block(eth::Slot slot, const eth::BlsSignature& reveal) override {
    const eth::Root root = eth::randao_signing_root(chain_, eth::epoch_at_slot(chain_, slot));
    if (!check(proposer, root, reveal)) return make_error(Errc::kCrypto, "bad randao reveal");
    BlockProposal p;
    p.header.slot = slot;
    p.header.proposer_index = eth::ValidatorIndex{proposer};
    p.header.parent_root = root_of("head", eth::u64(slot) - 1);
    p.header.body_root = crypto::sha256(reveal);
    return p;
  }
  Result<eth::Root> block_root(eth::Slot slot) override { return root_of("head", eth::u64(slot)); }
  Result<eth::SyncCommitteeContribution> sync_committee_contribution(eth::Slot slot, uint64_t sub,
                                                                     const eth::Root& root) override {
    eth::SyncCommitteeContribution c;
    c.slot = slot;
    c.beacon_block_root = root;
    c.subcommittee_index = sub;
    c.aggregation_bits.set(0, true);
    c.signature[0] = 0xc0;
    return c;
  }
  Result<bool> report_beacon_committee_selection(eth::Slot slot, eth::ValidatorIndex v,
                                                 const eth::BlsSignature& proof) override {
    if (!check(eth::u64(v), eth::selection_proof_signing_root(chain_, slot), proof)) {
      return make_error(Errc::kCrypto, "bad selection proof");
    }
    return is_aggregator(committee_length, proof);
  }
  Result<bool> report_sync_committee_selection(eth::Slot slot, eth::ValidatorIndex v, uint64_t sub,
                                               const eth::BlsSignature& proof) override {
    const auto root = eth::sync_selection_proof_signing_root(chain_, {slot, sub});
    if (!check(eth::u64(v), root, proof)) return make_error(Errc::kCrypto, "bad sync selection proof");
    return is_sync_committee_aggregator(proof);
  }
  Status submit_attestations(std::span<const eth::SingleAttestation> atts) override {
    for (const auto& a : atts) {
      const uint64_t v = eth::u64(a.attester_index);
      if (!accept("attestation", v, eth::u64(a.data.slot),
                  check(v, eth::attestation_signing_root(chain_, a.data), a.signature))) {
        continue;
      }
      for (const auto& prev : votes_[v]) {
        const bool dbl = prev.target.epoch == a.data.target.epoch && !(prev == a.data);
        const bool sur = (prev.source.epoch < a.data.source.epoch && a.data.target.epoch < prev.target.epoch) ||
                         (a.data.source.epoch < prev.source.epoch && prev.target.epoch < a.data.target.epoch);
        if (dbl || sur) ++slashable;
      }
      votes_[v].push_back(a.data);
    }
    return {};
  }
  Status submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) override {
    for (const auto& a : aggs) {
      const uint64_t v = eth::u64(a.message.aggregator_index);
      const bool ok = check(v, eth::aggregate_and_proof_signing_root(chain_, a.message), a.signature) &&
                      check(v, eth::selection_proof_signing_root(chain_, a.message.aggregate.data.slot),
                            a.message.selection_proof);
      accept("aggregation", v, eth::u64(a.message.aggregate.data.slot), ok);
    }
    return {};
  }
  Status submit_block(const eth::SignedBeaconBlockHeader& b) override {
    const uint64_t v = eth::u64(b.message.proposer_index);
    if (!accept("proposal", v, eth::u64(b.message.slot),
                check(v, eth::block_header_signing_root(chain_, b.message), b.signature))) {
      return {};
    }
    auto [it, fresh] = blocks_.emplace(std::make_pair(v, eth::u64(b.message.slot)), b.message);
    if (!fresh && !(it->second == b.message)) ++slashable;
    return {};
  }
  Status submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) override {
    for (const auto& m : msgs) {
      const uint64_t v = eth::u64(m.validator_index);
      accept("sync_committee", v, eth::u64(m.slot),
             check(v, eth::sync_committee_message_signing_root(chain_, m.slot, m.beacon_block_root), m.signature));
    }
    return {};
  }
  Status submit_contributions(std::span<const eth::SignedContributionAndProof> cs) override {
    for (const auto& c : cs) {
      const uint64_t v = eth::u64(c.message.aggregator_index);
      const auto sel = eth::sync_selection_proof_signing_root(
          chain_, {c.message.contribution.slot, c.message.contribution.subcommittee_index});
      const bool ok = check(v, eth::contribution_and_proof_signing_root(chain_, c.message), c.signature) &&
                      check(v, sel, c.message.selection_proof);
      accept("sync_contribution", v, eth::u64(c.message.contribution.slot), ok);
    }
    return {};
  }
  Status submit_voluntary_exit(const eth::SignedVoluntaryExit&) override {
    return make_error(Errc::kUnavailable, "not supported by the fake");
  }

  uint64_t proposer = 0;  // the validator that proposes in every slot
  bool sync = true;       // whether validators are sync committee members
  // committee_length: of every attester's committee (4: every selection proof selects; from 32 on
  // only some do, is_aggregator).
  uint64_t committee_length = 4;

 private:
  static eth::Root root_of(const char* what, uint64_t n) {
    crypto::Sha256 h;
    h.update({reinterpret_cast<const uint8_t*>(what), std::strlen(what)});
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(n >> (8 * i));
    h.update(b);
    return h.finish();
  }
  bool check(uint64_t v, const eth::Root& root, const eth::BlsSignature& sig) const {
    auto s = bls::Signature::parse(sig);
    return v < pks_.size() && s && bls::verify(pks_[v], root, *s);
  }
  bool accept(const std::string& kind, uint64_t v, uint64_t slot, bool ok) {
    if (!ok) {
      ++invalid;
      errors.push_back("invalid " + kind + " signature, validator " + std::to_string(v));
      return false;
    }
    if (done.insert({kind, v, slot}).second) ++accepted[kind];
    return true;
  }

  eth::ChainConfig chain_;
  Timing timing_;
  std::vector<bls::PublicKey> pks_;
  std::map<uint64_t, std::vector<eth::AttestationData>> votes_;
  std::map<std::pair<uint64_t, uint64_t>, eth::BeaconBlockHeader> blocks_;
};

}  // namespace stakepool::duty::testing
