#pragma once
// SimChain's private state and the helpers shared by the chain_*.cpp files (see chain.hpp).
#include <array>
#include <bitset>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/sim/chain.hpp"

namespace stakepool::sim {

namespace bls = crypto::bls;

struct ValidatorState {
  eth::BlsPubkey pubkey{};
  std::optional<bls::PublicKey> pk;  // none for background validators
  Gwei balance = 0;
  Gwei effective = 0;
  bool slashed = false;
  bool background = false;  // no key, never signs (see chain.hpp)
  Epoch exit_epoch = eth::kFarFutureEpoch;
  bool active_at(Epoch e) const { return eth::u64(e) < eth::u64(exit_epoch); }
};

// Assignment: a validator's attester duty in one epoch (length 0: none).
struct Assignment {
  uint64_t slot = 0;
  uint32_t committee = 0;
  uint32_t position = 0;
  uint32_t length = 0;
};

// EpochContext: everything the spec derives from an epoch's seed and active set.
struct EpochContext {
  Epoch epoch{};
  uint64_t committees_per_slot = 1;
  std::vector<ValidatorIndex> active;
  std::vector<ValidatorIndex> shuffled;   // shuffled[i] = active[compute_shuffled_index(i)]
  std::vector<ValidatorIndex> proposers;  // per slot of the epoch
  std::vector<Assignment> assignment;     // by validator index
  Gwei total_active_balance = 0;
  Gwei base_reward_per_increment = 0;
  // committee: members of committee `ci` at slot offset `slot_in_epoch`, in position order.
  std::span<const ValidatorIndex> committee(uint64_t slot_in_epoch, uint64_t ci) const;
  Gwei base_reward(Gwei effective) const {
    return effective / kEffectiveBalanceIncrement * base_reward_per_increment;
  }
};

struct SyncCommitteeInfo {
  std::vector<ValidatorIndex> members;                        // 512, with repetition
  std::map<ValidatorIndex, std::vector<uint64_t>> positions;  // member -> its positions
};

struct BlockInfo {
  eth::BeaconBlockHeader header;
  Root root{};
  int64_t receive_ms = 0;
  uint64_t attestations = 0;
  uint64_t sync_participants = 0;
};

struct BodyAttestation {
  eth::AttestationData data;
  Root data_root{};
  uint64_t committee = 0;
  std::vector<ValidatorIndex> attesters;
};

// Body: the simplified block body (see chain.hpp); its SHA-256 encoding is the body_root.
struct Body {
  Slot slot{};
  eth::BlsSignature randao{};
  eth::Bytes32 graffiti{};
  std::vector<BodyAttestation> atts;
  Root sync_root{};  // block root the sync aggregate signs (slot - 1's head)
  std::bitset<kSyncCommitteeSize> sync_bits;
};

// AttGroup: the pool's attestations for one (data, committee).
struct AttGroup {
  eth::AttestationData data;
  uint64_t committee = 0;
  std::map<uint32_t, ValidatorIndex> attesters;  // position -> validator (singles and aggregates)
  std::map<uint32_t, bls::Signature> sigs;       // position -> single signature
};

struct SimChain::State {
  State(const SimChainConfig& c, EventQueue& q, util::Rng& r);

  const SimChainConfig& cfg;
  EventQueue& clock;
  util::Rng& rng;
  // verify_salt: drawn from rng once; batch weights are derived from it and the signatures being
  // checked, so verification consumes no randomness and does not depend on the order of calls
  // (nodes read the chain side by side; see sim_window.cpp).
  std::array<uint8_t, 32> verify_salt{};

  std::vector<ValidatorState> validators;
  std::map<eth::BlsPubkey, ValidatorIndex> by_pubkey;
  std::map<Epoch, EpochContext> epochs;
  std::map<uint64_t, SyncCommitteeInfo> sync_periods;
  Root anchor_root{};
  eth::Bytes32 initial_mix{};
  std::map<Epoch, eth::Bytes32> mixes;  // end-of-epoch mix for epochs with blocks
  std::map<Slot, BlockInfo> blocks;
  std::map<Root, Body> bodies;  // produced, not yet applied or expired
  std::map<std::pair<Slot, eth::BlsSignature>, bool> randao_checked;
  std::map<std::pair<Root, uint64_t>, AttGroup> att_pool;  // (data root, committee)
  // Background votes by slot: the data a background attester cast a third into the slot.
  std::map<Slot, std::pair<eth::AttestationData, Root>> background_votes;
  uint64_t background_count = 0;
  // (slot, root) -> messages: the signature of a single message, none when seen in a contribution.
  std::map<std::pair<Slot, Root>, std::map<ValidatorIndex, std::optional<bls::Signature>>>
      sync_pool;
  std::map<Epoch, std::vector<ValidatorEpochRecord>> records;
  std::set<Epoch> processed;
  std::set<Epoch> ended;
  std::set<std::tuple<uint64_t, uint64_t, uint64_t>> selections;  // (kind, slot, validator|sub)
  std::set<std::tuple<uint64_t, uint64_t, uint64_t>> performed;   // (kind, slot, validator|sub)
  // Slashing detector: every validly signed vote/proposal per validator.
  std::vector<std::map<Epoch, std::vector<eth::AttestationData>>> votes;  // by target epoch
  std::vector<std::map<Slot, std::vector<eth::BeaconBlockHeader>>> proposals;
  std::set<std::tuple<uint64_t, Root, Root>> evidence_seen;
  // Signatures that verified, by SHA-256(pk || signing root || signature): pool members submit
  // the same signed message; only the first copy is parsed and verified. Two generations,
  // rotated at each epoch start, bound the memory.
  std::array<std::map<eth::Bytes32, bls::Signature>, 2> sig_cache;
  // Signatures verified ahead (SimChain::preverify), same key, until forget_preverified.
  std::map<eth::Bytes32, bls::Signature> preverified;
  ChainStats stats;
  std::array<std::vector<int64_t>, kDutyTypeCount> latencies;

  // ---- time ----
  uint64_t slots_per_epoch() const { return cfg.chain.slots_per_epoch; }
  Slot start_slot() const { return eth::start_slot_of_epoch(cfg.chain, cfg.start_epoch); }
  int64_t slot_start_ms(Slot s) const;
  int64_t now_ms() const { return clock.now().ms; }
  Slot current_slot() const;
  Epoch epoch_of(Slot s) const { return eth::epoch_at_slot(cfg.chain, s); }
  int64_t since_slot_start(Slot s) const { return now_ms() - slot_start_ms(s); }

  // ---- duties (chain_duties.cpp) ----
  // ctx: the epoch's context, computed on first use. checked_ctx refuses epochs outside
  // [start, current + 1] (their seed is not final yet).
  EpochContext& ctx(Epoch e);
  Result<EpochContext*> checked_ctx(Epoch e);
  SyncCommitteeInfo& sync_info(uint64_t period);
  // sync_info_for_slot: the committee that signs slot s's head (spec: period of epoch(s + 1)).
  SyncCommitteeInfo& sync_info_for_slot(Slot s);
  eth::Bytes32 mix_end(Epoch e) const;  // RANDAO mix at the end of epoch e
  ValidatorEpochRecord& rec(ValidatorIndex v, Epoch e);
  bool known(ValidatorIndex v) const { return eth::u64(v) < validators.size(); }
  const ValidatorState& val(ValidatorIndex v) const { return validators[eth::u64(v)]; }
  ValidatorState& val(ValidatorIndex v) { return validators[eth::u64(v)]; }

  // ---- blocks and checkpoints (chain_blocks.cpp) ----
  Root head_at(Slot s) const;  // latest block root at or before s
  Root boundary_root(Epoch e) const { return head_at(eth::start_slot_of_epoch(cfg.chain, e)); }
  eth::Checkpoint source_for(Epoch target) const;
  eth::Checkpoint target_for(Epoch target) const;
  void apply_body(const Body& body, BlockInfo& info);
  void apply_attestations(const Body& body, BlockInfo& info);
  void apply_sync_aggregate(const Body& body, BlockInfo& info);
  // make_body: the body a proposer of `slot` gets (pool votes, background votes, sync aggregate).
  Body make_body(Slot slot, const eth::BlsSignature& randao);
  // background_vote records the slot's background vote; background_block makes the slot's block
  // when its proposer is a background validator.
  void background_vote(Slot s);
  void background_block(Slot s);

  // ---- verification (chain_verify.cpp) ----
  // verify parses and checks all (see chain_verify.cpp); ok[i] says whether checks[i] holds.
  std::vector<uint8_t> verify(std::vector<SigCheck>& checks);
  bool verify_one(SigCheck check);
  void preverify(std::vector<SigCheck>& checks, const SimChain::ParallelFor& par);
  void verify_uncached(std::vector<SigCheck>& checks, const std::vector<std::size_t>& todo,
                       std::vector<uint8_t>& ok);
  std::optional<bls::PublicKey> aggregate_pks(std::span<const ValidatorIndex> vs) const;
  void count_invalid(DutyType t, ValidatorIndex v, Slot s, std::string what);
  void accept(DutyType t, Slot s);

  // ---- slashing detector (chain_detector.cpp) ----
  void observe_vote(ValidatorIndex v, const eth::AttestationData& data);
  void observe_proposal(const eth::BeaconBlockHeader& h);
  void slash(ValidatorIndex v);

  // ---- epochs and rewards (chain_rewards.cpp) ----
  void process_attestation_rewards(Epoch e);
  void update_effective_balances();
  void credit(ValidatorIndex v, int64_t delta);
};

// Internal helpers shared by the files.
std::string fail_summary(std::size_t failed, std::size_t total, const std::string& first);
Status batch_status(const std::vector<std::string>& errors, std::size_t total, Errc code);

}  // namespace stakepool::sim
