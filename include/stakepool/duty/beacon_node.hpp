#pragma once
// BeaconNode: what the duty pipeline needs from a beacon node, shaped like the standard Beacon API
// (ethereum/beacon-APIs: /eth/v1/validator/duties/*, attestation_data, aggregate_attestation,
// /eth/v3/validator/blocks, pool submissions). Implemented by the simulated chain (sim/) and,
// in real mode, by an HTTP client (beacon/). Calls are synchronous; in simulation they happen at
// the current virtual time. Errors name what was refused and why.
#include <optional>
#include <span>
#include <vector>

#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::duty {

using eth::BlsPubkey;
using eth::BlsSignature;
using eth::CommitteeIndex;
using eth::Epoch;
using eth::Root;
using eth::Slot;
using eth::ValidatorIndex;

// AttesterDuty: /eth/v1/validator/duties/attester/{epoch} entry.
struct AttesterDuty {
  BlsPubkey pubkey{};
  ValidatorIndex validator_index{};
  CommitteeIndex committee_index{};
  uint64_t committee_length = 0;
  uint64_t committees_at_slot = 0;
  uint64_t validator_committee_index = 0;  // position in the committee
  Slot slot{};
};

// ProposerDuty: /eth/v1/validator/duties/proposer/{epoch} entry.
struct ProposerDuty {
  BlsPubkey pubkey{};
  ValidatorIndex validator_index{};
  Slot slot{};
};

// SyncDuty: /eth/v1/validator/duties/sync/{epoch} entry.
struct SyncDuty {
  BlsPubkey pubkey{};
  ValidatorIndex validator_index{};
  std::vector<uint64_t> validator_sync_committee_indices;  // positions in the 512-member committee
};

// BlockProposal: the block to sign. Its signing root is the hash_tree_root of the header (equal
// to that of the full block, whose body the node keeps and publishes with the signature).
struct BlockProposal {
  eth::BeaconBlockHeader header;
};

// Chain timing, from the node's genesis and config.
struct Timing {
  int64_t genesis_ms = 0;        // wall/virtual time of slot 0
  int64_t slot_ms = 12000;
  uint64_t slots_per_epoch = 32;
  int64_t slot_start_ms(Slot s) const { return genesis_ms + static_cast<int64_t>(eth::u64(s)) * slot_ms; }
};

class BeaconNode {
 public:
  virtual ~BeaconNode() = default;

  virtual const eth::ChainConfig& chain() const = 0;
  virtual Timing timing() const = 0;

  virtual Result<std::vector<AttesterDuty>> attester_duties(Epoch epoch, std::span<const ValidatorIndex> ids) = 0;
  virtual Result<std::vector<ProposerDuty>> proposer_duties(Epoch epoch) = 0;
  virtual Result<std::vector<SyncDuty>> sync_duties(Epoch epoch, std::span<const ValidatorIndex> ids) = 0;

  virtual Result<eth::AttestationData> attestation_data(Slot slot, CommitteeIndex committee) = 0;
  // aggregate_attestation: the best aggregate the node has for this data (electra form).
  virtual Result<eth::AttestationElectra> aggregate_attestation(Slot slot, const Root& data_root,
                                                                CommitteeIndex committee) = 0;
  virtual Result<BlockProposal> produce_block(Slot slot, const BlsSignature& randao_reveal) = 0;
  // block_root: the head block root at `slot` (what sync committee members sign).
  virtual Result<Root> block_root(Slot slot) = 0;
  virtual Result<eth::SyncCommitteeContribution> sync_committee_contribution(Slot slot, uint64_t subcommittee,
                                                                             const Root& block_root) = 0;

  // report_beacon_committee_selection / report_sync_committee_selection: the distributed-validator
  // selection endpoints (POST /eth/v1/validator/{beacon,sync}_committee_selections): the combined
  // selection proof of a validator whose key is shared. Returns whether it selects the validator as
  // an aggregator; fails when the proof does not verify or the validator has no such duty.
  virtual Result<bool> report_beacon_committee_selection(Slot slot, ValidatorIndex v,
                                                         const BlsSignature& proof) = 0;
  virtual Result<bool> report_sync_committee_selection(Slot slot, ValidatorIndex v,
                                                       uint64_t subcommittee,
                                                       const BlsSignature& proof) = 0;

  virtual Status submit_attestations(std::span<const eth::SingleAttestation> atts) = 0;
  virtual Status submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) = 0;
  virtual Status submit_block(const eth::SignedBeaconBlockHeader& block) = 0;
  virtual Status submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) = 0;
  virtual Status submit_contributions(std::span<const eth::SignedContributionAndProof> cs) = 0;
  virtual Status submit_voluntary_exit(const eth::SignedVoluntaryExit& exit) = 0;
};

}  // namespace stakepool::duty
