// Domains and per-duty signing roots (see signing.hpp for the spec references).
#include "stakepool/eth/signing.hpp"

#include <algorithm>

namespace stakepool::eth {

Root compute_fork_data_root(const Version& version, const Root& genesis_validators_root) {
  return ssz::hash_tree_root(ForkData{version, genesis_validators_root});
}

Domain compute_domain(const DomainType& type, const Version& fork_version,
                      const Root& genesis_validators_root) {
  const Root fork_data_root = compute_fork_data_root(fork_version, genesis_validators_root);
  Domain d{};
  std::copy(type.begin(), type.end(), d.begin());
  std::copy(fork_data_root.begin(), fork_data_root.begin() + 28, d.begin() + 4);
  return d;
}

Root compute_signing_root(const Root& object_root, const Domain& domain) {
  return ssz::hash_tree_root(SigningData{object_root, domain});
}

Domain get_domain(const ChainConfig& c, const DomainType& type, Epoch epoch) {
  return compute_domain(type, fork_version_at_epoch(c, epoch), c.genesis_validators_root);
}

Root attestation_signing_root(const ChainConfig& c, const AttestationData& data) {
  return compute_signing_root_of(data, get_domain(c, kDomainBeaconAttester, data.target.epoch));
}

Root selection_proof_signing_root(const ChainConfig& c, Slot slot) {
  return compute_signing_root_of(slot,
                                 get_domain(c, kDomainSelectionProof, epoch_at_slot(c, slot)));
}

Root randao_signing_root(const ChainConfig& c, Epoch epoch) {
  return compute_signing_root_of(epoch, get_domain(c, kDomainRandao, epoch));
}

Root block_signing_root(const ChainConfig& c, Slot slot, const Root& block_root) {
  return compute_signing_root(block_root,
                              get_domain(c, kDomainBeaconProposer, epoch_at_slot(c, slot)));
}

Root block_header_signing_root(const ChainConfig& c, const BeaconBlockHeader& header) {
  return block_signing_root(c, header.slot, ssz::hash_tree_root(header));
}

Root sync_committee_message_signing_root(const ChainConfig& c, Slot slot, const Root& block_root) {
  return compute_signing_root(block_root,
                              get_domain(c, kDomainSyncCommittee, epoch_at_slot(c, slot)));
}

Root sync_selection_proof_signing_root(const ChainConfig& c,
                                       const SyncAggregatorSelectionData& data) {
  return compute_signing_root_of(
      data, get_domain(c, kDomainSyncCommitteeSelectionProof, epoch_at_slot(c, data.slot)));
}

Root voluntary_exit_signing_root(const ChainConfig& c, const VoluntaryExit& exit,
                                 Epoch current_epoch) {
  const bool eip7044 = fork_at_epoch(c, current_epoch) >= ForkName::kDeneb;
  const Domain domain =
      eip7044 ? compute_domain(kDomainVoluntaryExit, fork_version(c, ForkName::kCapella),
                               c.genesis_validators_root)
              : get_domain(c, kDomainVoluntaryExit, exit.epoch);
  return compute_signing_root_of(exit, domain);
}

Root bls_to_execution_change_signing_root(const ChainConfig& c, const BlsToExecutionChange& msg) {
  return compute_signing_root_of(
      msg, compute_domain(kDomainBlsToExecutionChange, genesis_fork_version(c),
                          c.genesis_validators_root));
}

Root deposit_signing_root(const DepositMessage& msg, const Version& fork_version) {
  return compute_signing_root_of(msg, compute_domain(kDomainDeposit, fork_version, Root{}));
}

Root validator_registration_signing_root(const ChainConfig& c, const ValidatorRegistration& reg) {
  return compute_signing_root_of(
      reg, compute_domain(kDomainApplicationBuilder, genesis_fork_version(c), Root{}));
}

}  // namespace stakepool::eth
