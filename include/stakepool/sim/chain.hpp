#pragma once
// SimChain: the simulated beacon chain of `stakepool simulate` (DESIGN.md §8, issue 6). It is the
// duty::BeaconNode every simulated operator talks to: it assigns attester, aggregator, proposer and
// sync-committee duties the consensus-spec way, checks every submitted signature with the real
// signing root and the validator's public key, includes what it accepts in blocks, pays
// Altair-style rewards and inactivity-free penalties, and runs a slashing detector over every
// validly signed message it ever saw.
//
// Time. The chain runs on the EventQueue's virtual clock. Slots keep their real mainnet numbers so
// that signing domains use the real fork versions: virtual time 0 is the start of
// `start_slot() = start_epoch * SLOTS_PER_EPOCH` (default: the Electra fork epoch), slot s starts
// at virtual time (s - start_slot()) * slot_ms, and timing().genesis_ms (the virtual time of slot
// 0) is therefore negative. Epochs before start_epoch are "history": they hold the anchor block
// only.
//
// What is simplified (and what is not). Headers, signing roots, domains, committees, proposers,
// sync committees, aggregator selection and reward arithmetic follow the specs. The block body is
// not an SSZ BeaconBlockBody: body_root is SHA-256 over the content the chain will include
// (attestations by data root and attester, the sync aggregate bits, RANDAO reveal, graffiti);
// state_root is a deterministic hash. Justification is "always justified": the source of an
// attestation with target epoch e is (e - 1, boundary root of e - 1), its target (e, boundary root
// of e). Gossip is perfect: every valid attestation the chain received is available to the next
// proposer. There is no inactivity leak, no fork choice (one block per slot: the first valid one
// from the slot's proposer received within its slot), no deposits, no withdrawals.
//
// Background validators. Besides the pool's validators (registered with add_validator, whose every
// signature the chain checks), the chain can hold "background" validators (add_background_validators)
// standing for the rest of a realistic validator set. Committees, proposers, sync committees and
// rewards are computed over the whole set with the spec shuffling, so the pool's validators get a
// realistic share of duties. Background validators are always honest and never sign anything:
// there is no key and no BLS work for them. At a third of every slot the chain records the vote a
// background attester would cast (the head at that moment, the slot's source and target); every
// block includes the background votes not yet included as if they were aggregated; background sync
// committee members are counted as participating in every sync aggregate; a slot whose proposer is
// a background validator gets its block at the slot start (RANDAO reveal: a seeded hash, since
// nothing is signed). They take no part in aggregation duties, and totals() and the report count
// the pool's validators only.
//
// Inclusion model. produce_block snapshots the attestation pool (attestations for earlier slots of
// the current or previous epoch not yet included for their validator) and the sync messages for
// the previous slot's head; submit_block applies that body if the signed header's body_root names
// a body the chain produced (an unknown body is an empty block).
//
// Rewards. An epoch's attestation rewards are paid at the end of the following epoch (the spec's
// "previous epoch" processing, since attestations may be included until then); finish() pays the
// remaining epochs at the end of a run. Run the clock at least one slot past the last epoch (so its
// last slot's attestations can be included) before finish().
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/duty/beacon_node.hpp"
#include "stakepool/eth/chains.hpp"
#include "stakepool/sim/event_queue.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::sim {

using eth::CommitteeIndex;
using eth::Epoch;
using eth::Gwei;
using eth::Root;
using eth::Slot;
using eth::ValidatorIndex;

// SigCheck: one signature to verify: the signer's key (absent: not checked, fails), the signing
// root and the signature bytes; verification parses them into `sig` (absent if they do not parse).
struct SigCheck {
  std::optional<crypto::bls::PublicKey> pk;
  Root msg{};
  eth::BlsSignature raw{};
  std::optional<crypto::bls::Signature> sig{};
};

// Mainnet reward constants (phase0/altair/electra beacon-chain.md).
inline constexpr Gwei kEffectiveBalanceIncrement = 1'000'000'000;
inline constexpr Gwei kMaxEffectiveBalance = 32 * kEffectiveBalanceIncrement;
inline constexpr uint64_t kBaseRewardFactor = 64;
inline constexpr uint64_t kTimelySourceWeight = 14;
inline constexpr uint64_t kTimelyTargetWeight = 26;
inline constexpr uint64_t kTimelyHeadWeight = 14;
inline constexpr uint64_t kSyncRewardWeight = 2;
inline constexpr uint64_t kProposerWeight = 8;
inline constexpr uint64_t kWeightDenominator = 64;
inline constexpr uint64_t kMinSlashingPenaltyQuotient = 4096;  // electra
inline constexpr uint64_t kSyncCommitteeSize = 512;
inline constexpr uint64_t kSyncSubcommitteeSize = 128;
inline constexpr uint64_t kEpochsPerSyncPeriod = 256;

// Participation flags (altair TIMELY_SOURCE/TARGET/HEAD) as bits.
inline constexpr uint8_t kFlagSource = 1;
inline constexpr uint8_t kFlagTarget = 2;
inline constexpr uint8_t kFlagHead = 4;

// DutyType: the duty kinds the chain scores (voluntary exits are not scheduled duties: their
// totals only count what was submitted).
enum class DutyType : uint8_t {
  kAttestation,
  kAggregation,
  kProposal,
  kSyncCommittee,
  kSyncContribution,
  kVoluntaryExit,
};
inline constexpr std::size_t kDutyTypeCount = 6;
// duty_type_name: "attestation", "aggregation", "proposal", "sync_committee", "sync_contribution",
// "voluntary_exit".
std::string_view duty_type_name(DutyType t);

// SimChainConfig: how to build a chain. Use SimChainConfig::mainnet_electra(seed) for defaults.
struct SimChainConfig {
  eth::ChainConfig chain;  // fork schedule, genesis_validators_root, slot length
  Epoch start_epoch{};     // first simulated epoch (virtual time 0 is its first slot)
  uint64_t seed = 0;       // derives the anchor root and the initial RANDAO mix
  eth::Bytes32 graffiti{};
  bool batch_verify = true;     // verify each submission call's signatures with one batch
  unsigned verify_threads = 2;  // threads parsing and verifying a large call (results identical)

  // mainnet_electra: mainnet fork versions, a genesis_validators_root derived from the seed, the
  // simulation starting at the Electra fork epoch.
  static SimChainConfig mainnet_electra(uint64_t seed);
};

// AttestationOutcome: one validator's attester duty in one epoch.
struct AttestationOutcome {
  bool assigned = false;
  Slot slot{};
  CommitteeIndex committee{};
  uint32_t position = 0;  // in the committee
  uint32_t committee_length = 0;
  bool received = false;   // a valid attestation (single or in an aggregate) was received
  int64_t receive_ms = 0;  // first valid receipt, from the start of the duty slot
  bool included = false;
  uint64_t inclusion_delay = 0;  // block slot - attestation slot, at first inclusion
  uint8_t flags = 0;             // kFlag* earned
  friend bool operator==(const AttestationOutcome&, const AttestationOutcome&) = default;
};

// ValidatorEpochRecord: one validator's duties and rewards in one epoch. Reward fields are signed
// gwei deltas credited to this epoch (attestation rewards when the epoch is processed; sync and
// proposer rewards when the block that earns them is applied).
struct ValidatorEpochRecord {
  ValidatorIndex validator{};
  Epoch epoch{};
  AttestationOutcome attestation;
  uint32_t aggregations_selected = 0;   // valid selection proofs that select it as aggregator
  uint32_t aggregations_submitted = 0;  // valid aggregates accepted
  uint32_t proposals_assigned = 0;
  uint32_t proposals_made = 0;          // blocks accepted
  uint32_t sync_slots_assigned = 0;     // slots in which it is a sync committee member
  uint32_t sync_messages = 0;           // slots with a valid sync message received
  uint32_t sync_included = 0;           // slots whose message made it into a block
  uint32_t contributions_selected = 0;  // (slot, subcommittee) selections seen
  uint32_t contributions_submitted = 0;
  uint32_t invalid_signatures = 0;  // submissions naming it whose signature failed
  int64_t reward_attestation = 0;
  int64_t reward_sync = 0;
  int64_t reward_proposer = 0;
  int64_t penalty_slashing = 0;  // negative
  Gwei balance_end = 0;          // balance after the epoch was processed
  bool slashed = false;
  int64_t balance_delta() const {
    return reward_attestation + reward_sync + reward_proposer + penalty_slashing;
  }
  friend bool operator==(const ValidatorEpochRecord&, const ValidatorEpochRecord&) = default;
};

// DutyTotals: assigned / succeeded / missed for one duty type.
struct DutyTotals {
  uint64_t assigned = 0;
  uint64_t succeeded = 0;
  uint64_t missed = 0;
};

// InvalidSignatureRecord: a submission whose signature did not verify.
struct InvalidSignatureRecord {
  DutyType type{};
  ValidatorIndex validator{};
  Slot slot{};
  int64_t at_ms = 0;  // virtual time
  std::string what;
};

enum class SlashingKind : uint8_t { kDoubleVote, kSurroundVote, kDoubleProposal };
// slashing_kind_name: "double_vote", "surround_vote", "double_proposal".
std::string_view slashing_kind_name(SlashingKind k);

// SlashingEvidence: two validly signed messages of one validator that together are slashable.
struct SlashingEvidence {
  SlashingKind kind{};
  ValidatorIndex validator{};
  eth::AttestationData first_vote, second_vote;      // votes
  eth::BeaconBlockHeader first_block, second_block;  // proposals
  int64_t detected_ms = 0;
};

// ChainStats: counters over the whole run.
struct ChainStats {
  uint64_t invalid_signatures = 0;
  std::vector<InvalidSignatureRecord> invalid;
  std::vector<SlashingEvidence> slashable;
  uint64_t rejected_other = 0;  // validly signed (or unverifiable) submissions refused otherwise
  std::array<uint64_t, kDutyTypeCount> accepted{};
  uint64_t blocks = 0;
  uint64_t signatures_verified = 0;  // signature checks done (batched or single)
  uint64_t signatures_cached = 0;    // copies of an already verified signature (not re-checked)
  uint64_t batches = 0;
  uint64_t voluntary_exits = 0;
  // Background validators (not signed, not verified; see above).
  uint64_t background_blocks = 0;        // blocks made for background proposers
  uint64_t background_attestations = 0;  // background attesters included in blocks
  uint64_t background_sync_bits = 0;     // sync aggregate bits set for background members
};

// BlockSummary: one canonical block.
struct BlockSummary {
  Slot slot{};
  ValidatorIndex proposer{};
  Root root{};
  int64_t receive_ms = 0;          // from slot start
  uint64_t attestations = 0;       // attesters newly included
  uint64_t sync_participants = 0;  // sync committee bits set
};

class SimChain final : public duty::BeaconNode {
 public:
  SimChain(SimChainConfig cfg, EventQueue& clock, util::Rng& rng);
  ~SimChain() override;
  SimChain(const SimChain&) = delete;
  SimChain& operator=(const SimChain&) = delete;

  // ---- registry ----
  // add_validator registers a validator active from the start epoch; the key must pass
  // KeyValidate and be new. Add all validators before the first duty query.
  Result<ValidatorIndex> add_validator(const eth::BlsPubkey& pubkey,
                                       Gwei balance = kMaxEffectiveBalance);
  // add_background_validators appends `count` background validators (see above) after those
  // added so far; same rule: before the first duty query.
  Status add_background_validators(uint64_t count, Gwei balance = kMaxEffectiveBalance);
  std::size_t validator_count() const;
  uint64_t background_count() const;
  bool background(ValidatorIndex v) const;
  const eth::BlsPubkey& pubkey(ValidatorIndex v) const;
  Gwei balance(ValidatorIndex v) const;
  bool slashed(ValidatorIndex v) const;

  // ---- time ----
  Slot start_slot() const;
  Epoch start_epoch() const { return cfg_.start_epoch; }
  Slot current_slot() const;
  Epoch current_epoch() const;
  int64_t slot_start_ms(Slot s) const;  // virtual time

  // ---- driving the chain ----
  // schedule puts a tick at every slot start from start_slot() to the first slot after
  // `last_epoch` on the queue (schedule before the duty pipeline so the tick runs first).
  void schedule(Epoch last_epoch);
  // on_slot_start: the tick. Computes duties one epoch ahead; at an epoch boundary calls
  // on_epoch_end for the epoch that ended.
  void on_slot_start(Slot s);
  // on_epoch_end: the end of epoch `e`: pays epoch e-1's attestation rewards, updates effective
  // balances. Idempotent.
  void on_epoch_end(Epoch e);
  // finish pays attestation rewards for every epoch up to `last_epoch` not yet processed.
  void finish(Epoch last_epoch);

  // ---- duty::BeaconNode ----
  const eth::ChainConfig& chain() const override { return cfg_.chain; }
  duty::Timing timing() const override;
  Result<std::vector<duty::AttesterDuty>> attester_duties(
      Epoch epoch, std::span<const ValidatorIndex> ids) override;
  Result<std::vector<duty::ProposerDuty>> proposer_duties(Epoch epoch) override;
  Result<std::vector<duty::SyncDuty>> sync_duties(Epoch epoch,
                                                  std::span<const ValidatorIndex> ids) override;
  Result<eth::AttestationData> attestation_data(Slot slot, CommitteeIndex committee) override;
  Result<eth::AttestationElectra> aggregate_attestation(Slot slot, const Root& data_root,
                                                        CommitteeIndex committee) override;
  Result<duty::BlockProposal> produce_block(Slot slot, const eth::BlsSignature& randao) override;
  Result<Root> block_root(Slot slot) override;
  Result<eth::SyncCommitteeContribution> sync_committee_contribution(
      Slot slot, uint64_t subcommittee, const Root& block_root) override;
  // report_*_selection (the DVT selection endpoints): the combined selection proof is verified
  // and, when it selects, counted as an assigned aggregation / contribution duty.
  Result<bool> report_beacon_committee_selection(Slot slot, ValidatorIndex v,
                                                 const eth::BlsSignature& proof) override;
  Result<bool> report_sync_committee_selection(Slot slot, ValidatorIndex v, uint64_t subcommittee,
                                               const eth::BlsSignature& proof) override;
  Status submit_attestations(std::span<const eth::SingleAttestation> atts) override;
  Status submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) override;
  Status submit_block(const eth::SignedBeaconBlockHeader& block) override;
  Status submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) override;
  Status submit_contributions(std::span<const eth::SignedContributionAndProof> cs) override;
  Status submit_voluntary_exit(const eth::SignedVoluntaryExit& exit) override;

  // ---- verification ahead (the windowed simulation, sim_window.cpp) ----
  // checks_of_* / check_of_*: the signature checks a submission will make (reads only the registry
  // and the config). preverify verifies such checks with `par` (its calls run on any threads) and
  // keeps the valid ones; a submission that carries one then counts it as verified without
  // verifying it again. Only valid signatures are kept (an invalid one is verified and reported by
  // its submission as before), so no outcome or count changes. forget_preverified drops the rest.
  using ParallelFor = std::function<void(std::size_t, const std::function<void(std::size_t)>&)>;
  std::vector<SigCheck> checks_of_attestations(std::span<const eth::SingleAttestation> atts) const;
  std::vector<SigCheck> checks_of_sync_messages(
      std::span<const eth::SyncCommitteeMessage> msgs) const;
  SigCheck check_of_beacon_selection(Slot slot, ValidatorIndex v,
                                     const eth::BlsSignature& proof) const;
  SigCheck check_of_sync_selection(Slot slot, ValidatorIndex v, uint64_t subcommittee,
                                   const eth::BlsSignature& proof) const;
  void preverify(std::vector<SigCheck> checks, const ParallelFor& par);
  void forget_preverified();

  // ---- committees (spec view) ----
  // committee: the beacon committee (slot, index), in committee-position order.
  Result<std::vector<ValidatorIndex>> committee(Slot slot, CommitteeIndex index);
  Result<uint64_t> committee_count(Epoch epoch);
  Result<ValidatorIndex> proposer(Slot slot);
  // sync_committee: the 512 members serving the sync period of `epoch` (with repetition).
  Result<std::vector<ValidatorIndex>> sync_committee(Epoch epoch);

  // ---- queries for the report ----
  const ChainStats& stats() const;
  // record: one validator's epoch record (nullptr when none exists).
  const ValidatorEpochRecord* record(ValidatorIndex v, Epoch e) const;
  // epoch_records: every validator's record for a processed epoch (empty otherwise).
  std::vector<ValidatorEpochRecord> epoch_records(Epoch e) const;
  // processed_epochs: epochs whose attestation rewards have been paid, ascending.
  std::vector<Epoch> processed_epochs() const;
  // totals over processed epochs, indexed by DutyType; `only` restricts to those validators
  // (empty: every validator that is not a background validator).
  std::array<DutyTotals, kDutyTypeCount> totals(std::span<const ValidatorIndex> only = {}) const;
  // latencies: receive times (ms from slot start) of accepted submissions of one duty type, in
  // arrival order.
  const std::vector<int64_t>& latencies(DutyType t) const;
  std::vector<BlockSummary> blocks() const;

  // State: the implementation (src/sim/chain_state.hpp); public only so the implementation files'
  // free helpers can name it.
  struct State;

 private:
  SimChainConfig cfg_;
  EventQueue& clock_;
  util::Rng& rng_;
  std::unique_ptr<State> st_;
};

}  // namespace stakepool::sim
