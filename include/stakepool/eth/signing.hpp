#pragma once
// Domains and signing roots (consensus-specs phase0/beacon-chain.md "compute_domain",
// "compute_signing_root"; altair/capella/deneb validator and beacon-chain docs; EIP-7044;
// builder-specs for DOMAIN_APPLICATION_BUILDER). One helper per duty type returns the 32-byte root
// that the validator (or its threshold shares) signs. All functions are pure and variable time.
#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/eth/types.hpp"

namespace stakepool::eth {

// DOMAIN_* constants (phase0, altair, capella; builder-specs).
inline constexpr DomainType kDomainBeaconProposer{0x00, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainBeaconAttester{0x01, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainRandao{0x02, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainDeposit{0x03, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainVoluntaryExit{0x04, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainSelectionProof{0x05, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainAggregateAndProof{0x06, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainSyncCommittee{0x07, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainSyncCommitteeSelectionProof{0x08, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainContributionAndProof{0x09, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainBlsToExecutionChange{0x0A, 0x00, 0x00, 0x00};
inline constexpr DomainType kDomainApplicationMask{0x00, 0x00, 0x00, 0x01};
inline constexpr DomainType kDomainApplicationBuilder{0x00, 0x00, 0x00, 0x01};

// compute_fork_data_root returns hash_tree_root(ForkData{version, genesis_validators_root}).
Root compute_fork_data_root(const Version& version, const Root& genesis_validators_root);
// compute_domain returns domain_type || fork_data_root[:28].
Domain compute_domain(const DomainType& type, const Version& fork_version,
                      const Root& genesis_validators_root);
// compute_signing_root returns hash_tree_root(SigningData{object_root, domain}).
Root compute_signing_root(const Root& object_root, const Domain& domain);
// compute_signing_root of any SSZ value.
template <typename T>
Root compute_signing_root_of(const T& object, const Domain& domain) {
  return compute_signing_root(ssz::hash_tree_root(object), domain);
}
// get_domain returns compute_domain(type, fork_version_at_epoch(epoch), genesis_validators_root):
// the spec's get_domain for a state whose fork window contains `epoch`.
Domain get_domain(const ChainConfig& c, const DomainType& type, Epoch epoch);

// ---- per-duty signing roots ----

// attestation_signing_root: DOMAIN_BEACON_ATTESTER at data.target.epoch.
Root attestation_signing_root(const ChainConfig& c, const AttestationData& data);
// selection_proof_signing_root: the slot, DOMAIN_SELECTION_PROOF at its epoch.
Root selection_proof_signing_root(const ChainConfig& c, Slot slot);
// randao_signing_root: the epoch, DOMAIN_RANDAO.
Root randao_signing_root(const ChainConfig& c, Epoch epoch);
// block_signing_root: a block root (= its header's root), DOMAIN_BEACON_PROPOSER at slot's epoch.
Root block_signing_root(const ChainConfig& c, Slot slot, const Root& block_root);
// block_header_signing_root: the same from a header.
Root block_header_signing_root(const ChainConfig& c, const BeaconBlockHeader& header);
// sync_committee_message_signing_root: the head block root, DOMAIN_SYNC_COMMITTEE.
Root sync_committee_message_signing_root(const ChainConfig& c, Slot slot, const Root& block_root);
// sync_selection_proof_signing_root: SyncAggregatorSelectionData,
// DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF.
Root sync_selection_proof_signing_root(const ChainConfig& c,
                                       const SyncAggregatorSelectionData& data);
// voluntary_exit_signing_root: DOMAIN_VOLUNTARY_EXIT. EIP-7044: when the chain is at Deneb or
// later at `current_epoch`, always the Capella fork version; before, the version at exit.epoch.
Root voluntary_exit_signing_root(const ChainConfig& c, const VoluntaryExit& exit,
                                 Epoch current_epoch);
// bls_to_execution_change_signing_root: DOMAIN_BLS_TO_EXECUTION_CHANGE with the GENESIS fork
// version and the chain's genesis_validators_root (capella/beacon-chain.md).
Root bls_to_execution_change_signing_root(const ChainConfig& c, const BlsToExecutionChange& msg);
// deposit_signing_root: DOMAIN_DEPOSIT with `fork_version` (the chain's genesis version for a
// normal deposit) and a zero genesis_validators_root.
Root deposit_signing_root(const DepositMessage& msg, const Version& fork_version);
// validator_registration_signing_root: DOMAIN_APPLICATION_BUILDER with the genesis fork version
// and a zero genesis_validators_root (builder-specs).
Root validator_registration_signing_root(const ChainConfig& c, const ValidatorRegistration& reg);

// aggregate_and_proof_signing_root: DOMAIN_AGGREGATE_AND_PROOF at the aggregate's slot epoch;
// for phase0 and electra AggregateAndProof of any preset.
template <typename Att>
Root aggregate_and_proof_signing_root(const ChainConfig& c, const AggregateAndProofBase<Att>& a) {
  return compute_signing_root_of(
      a, get_domain(c, kDomainAggregateAndProof, epoch_at_slot(c, a.aggregate.data.slot)));
}
// contribution_and_proof_signing_root: DOMAIN_CONTRIBUTION_AND_PROOF at the contribution's epoch.
template <typename P>
Root contribution_and_proof_signing_root(const ChainConfig& c, const ContributionAndProofT<P>& m) {
  return compute_signing_root_of(
      m, get_domain(c, kDomainContributionAndProof, epoch_at_slot(c, m.contribution.slot)));
}

}  // namespace stakepool::eth
