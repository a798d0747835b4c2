#pragma once
// Beacon-chain containers used by validator duties, phase0 to electra (consensus-specs
// specs/<fork>/beacon-chain.md, validator.md; builder-specs for ValidatorRegistration). Each is
// described once by ssz_fields() and so gets encode/decode/hash_tree_root from ssz.hpp. Containers
// whose limits depend on the preset are templates `XxxT<Preset>` with mainnet aliases `Xxx`.
// BLS keys and signatures are plain byte vectors here; crypto/ validates them.
#include <array>
#include <cstdint>

#include "stakepool/eth/presets.hpp"
#include "stakepool/eth/ssz.hpp"

namespace stakepool::eth {

// Distinct integer types (STYLE.md L3); SSZ-encoded as uint64.
enum class Slot : uint64_t {};
enum class Epoch : uint64_t {};
enum class ValidatorIndex : uint64_t {};
enum class CommitteeIndex : uint64_t {};
using Gwei = uint64_t;

// u64 returns the integer inside a Slot/Epoch/ValidatorIndex/CommitteeIndex.
template <typename E>
  requires std::is_enum_v<E>
constexpr uint64_t u64(E e) {
  return static_cast<uint64_t>(e);
}

inline constexpr Epoch kFarFutureEpoch = Epoch{~uint64_t{0}};

using Bytes4 = std::array<uint8_t, 4>;
using Bytes20 = std::array<uint8_t, 20>;
using Bytes32 = std::array<uint8_t, 32>;
using Bytes48 = std::array<uint8_t, 48>;
using Bytes96 = std::array<uint8_t, 96>;
using Root = Bytes32;
using Version = Bytes4;
using DomainType = Bytes4;
using Domain = Bytes32;
using BlsPubkey = Bytes48;
using BlsSignature = Bytes96;
using ExecutionAddress = Bytes20;

// ---- phase0 ----

// SignedMessage: {message, signature}, the shape of every Signed* container.
template <typename Msg>
struct SignedMessage {
  Msg message;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("message", &SignedMessage::message),
                      ssz::field("signature", &SignedMessage::signature)};
  }
  friend bool operator==(const SignedMessage&, const SignedMessage&) = default;
};

struct Fork {
  Version previous_version{};
  Version current_version{};
  Epoch epoch{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("previous_version", &Fork::previous_version),
                      ssz::field("current_version", &Fork::current_version),
                      ssz::field("epoch", &Fork::epoch)};
  }
  friend bool operator==(const Fork&, const Fork&) = default;
};

struct ForkData {
  Version current_version{};
  Root genesis_validators_root{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("current_version", &ForkData::current_version),
                      ssz::field("genesis_validators_root", &ForkData::genesis_validators_root)};
  }
  friend bool operator==(const ForkData&, const ForkData&) = default;
};

struct Checkpoint {
  Epoch epoch{};
  Root root{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("epoch", &Checkpoint::epoch),
                      ssz::field("root", &Checkpoint::root)};
  }
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

struct AttestationData {
  Slot slot{};
  CommitteeIndex index{};  // always 0 from electra on
  Root beacon_block_root{};
  Checkpoint source;
  Checkpoint target;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("slot", &AttestationData::slot),
                      ssz::field("index", &AttestationData::index),
                      ssz::field("beacon_block_root", &AttestationData::beacon_block_root),
                      ssz::field("source", &AttestationData::source),
                      ssz::field("target", &AttestationData::target)};
  }
  friend bool operator==(const AttestationData&, const AttestationData&) = default;
};

struct SigningData {
  Root object_root{};
  Domain domain{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("object_root", &SigningData::object_root),
                      ssz::field("domain", &SigningData::domain)};
  }
  friend bool operator==(const SigningData&, const SigningData&) = default;
};

struct BeaconBlockHeader {
  Slot slot{};
  ValidatorIndex proposer_index{};
  Root parent_root{};
  Root state_root{};
  Root body_root{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("slot", &BeaconBlockHeader::slot),
                      ssz::field("proposer_index", &BeaconBlockHeader::proposer_index),
                      ssz::field("parent_root", &BeaconBlockHeader::parent_root),
                      ssz::field("state_root", &BeaconBlockHeader::state_root),
                      ssz::field("body_root", &BeaconBlockHeader::body_root)};
  }
  friend bool operator==(const BeaconBlockHeader&, const BeaconBlockHeader&) = default;
};

struct Eth1Data {
  Root deposit_root{};
  uint64_t deposit_count = 0;
  Bytes32 block_hash{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("deposit_root", &Eth1Data::deposit_root),
                      ssz::field("deposit_count", &Eth1Data::deposit_count),
                      ssz::field("block_hash", &Eth1Data::block_hash)};
  }
  friend bool operator==(const Eth1Data&, const Eth1Data&) = default;
};

struct DepositMessage {
  BlsPubkey pubkey{};
  Bytes32 withdrawal_credentials{};
  Gwei amount = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("pubkey", &DepositMessage::pubkey),
                      ssz::field("withdrawal_credentials", &DepositMessage::withdrawal_credentials),
                      ssz::field("amount", &DepositMessage::amount)};
  }
  friend bool operator==(const DepositMessage&, const DepositMessage&) = default;
};

struct DepositData {
  BlsPubkey pubkey{};
  Bytes32 withdrawal_credentials{};
  Gwei amount = 0;
  BlsSignature signature{};  // signs the DepositMessage with the deposit domain
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("pubkey", &DepositData::pubkey),
                      ssz::field("withdrawal_credentials", &DepositData::withdrawal_credentials),
                      ssz::field("amount", &DepositData::amount),
                      ssz::field("signature", &DepositData::signature)};
  }
  friend bool operator==(const DepositData&, const DepositData&) = default;
};

using SignedBeaconBlockHeader = SignedMessage<BeaconBlockHeader>;

struct VoluntaryExit {
  Epoch epoch{};  // earliest epoch the exit may be processed
  ValidatorIndex validator_index{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("epoch", &VoluntaryExit::epoch),
                      ssz::field("validator_index", &VoluntaryExit::validator_index)};
  }
  friend bool operator==(const VoluntaryExit&, const VoluntaryExit&) = default;
};

using SignedVoluntaryExit = SignedMessage<VoluntaryExit>;

// AttestationT: phase0..deneb attestation (one committee).
template <typename P>
struct AttestationT {
  ssz::Bitlist<P::kMaxValidatorsPerCommittee> aggregation_bits;
  AttestationData data;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("aggregation_bits", &AttestationT::aggregation_bits),
                      ssz::field("data", &AttestationT::data),
                      ssz::field("signature", &AttestationT::signature)};
  }
  friend bool operator==(const AttestationT&, const AttestationT&) = default;
};

// IndexedAttestationT: phase0..deneb.
template <typename P>
struct IndexedAttestationT {
  ssz::List<ValidatorIndex, P::kMaxValidatorsPerCommittee> attesting_indices;
  AttestationData data;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("attesting_indices", &IndexedAttestationT::attesting_indices),
                      ssz::field("data", &IndexedAttestationT::data),
                      ssz::field("signature", &IndexedAttestationT::signature)};
  }
  friend bool operator==(const IndexedAttestationT&, const IndexedAttestationT&) = default;
};

// AggregateAndProofBase: shared by phase0 and electra (they differ in the attestation type).
template <typename Att>
struct AggregateAndProofBase {
  ValidatorIndex aggregator_index{};
  Att aggregate;
  BlsSignature selection_proof{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("aggregator_index", &AggregateAndProofBase::aggregator_index),
                      ssz::field("aggregate", &AggregateAndProofBase::aggregate),
                      ssz::field("selection_proof", &AggregateAndProofBase::selection_proof)};
  }
  friend bool operator==(const AggregateAndProofBase&, const AggregateAndProofBase&) = default;
};

template <typename P>
using AggregateAndProofT = AggregateAndProofBase<AttestationT<P>>;
template <typename P>
using SignedAggregateAndProofT = SignedMessage<AggregateAndProofT<P>>;

// ---- altair ----

struct SyncCommitteeMessage {
  Slot slot{};
  Root beacon_block_root{};
  ValidatorIndex validator_index{};
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("slot", &SyncCommitteeMessage::slot),
                      ssz::field("beacon_block_root", &SyncCommitteeMessage::beacon_block_root),
                      ssz::field("validator_index", &SyncCommitteeMessage::validator_index),
                      ssz::field("signature", &SyncCommitteeMessage::signature)};
  }
  friend bool operator==(const SyncCommitteeMessage&, const SyncCommitteeMessage&) = default;
};

struct SyncAggregatorSelectionData {
  Slot slot{};
  uint64_t subcommittee_index = 0;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("slot", &SyncAggregatorSelectionData::slot),
                      ssz::field("subcommittee_index",
                                 &SyncAggregatorSelectionData::subcommittee_index)};
  }
  friend bool operator==(const SyncAggregatorSelectionData&,
                         const SyncAggregatorSelectionData&) = default;
};

template <typename P>
struct SyncCommitteeContributionT {
  static constexpr uint64_t kSubcommitteeSize = P::kSyncCommitteeSize / kSyncCommitteeSubnetCount;
  Slot slot{};
  Root beacon_block_root{};
  uint64_t subcommittee_index = 0;
  ssz::Bitvector<kSubcommitteeSize> aggregation_bits;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    using S = SyncCommitteeContributionT;
    return std::tuple{ssz::field("slot", &S::slot),
                      ssz::field("beacon_block_root", &S::beacon_block_root),
                      ssz::field("subcommittee_index", &S::subcommittee_index),
                      ssz::field("aggregation_bits", &S::aggregation_bits),
                      ssz::field("signature", &S::signature)};
  }
  friend bool operator==(const SyncCommitteeContributionT&,
                         const SyncCommitteeContributionT&) = default;
};

template <typename P>
struct ContributionAndProofT {
  ValidatorIndex aggregator_index{};
  SyncCommitteeContributionT<P> contribution;
  BlsSignature selection_proof{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("aggregator_index", &ContributionAndProofT::aggregator_index),
                      ssz::field("contribution", &ContributionAndProofT::contribution),
                      ssz::field("selection_proof", &ContributionAndProofT::selection_proof)};
  }
  friend bool operator==(const ContributionAndProofT&, const ContributionAndProofT&) = default;
};

template <typename P>
using SignedContributionAndProofT = SignedMessage<ContributionAndProofT<P>>;

// ---- capella ----

struct BlsToExecutionChange {
  ValidatorIndex validator_index{};
  BlsPubkey from_bls_pubkey{};
  ExecutionAddress to_execution_address{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("validator_index", &BlsToExecutionChange::validator_index),
                      ssz::field("from_bls_pubkey", &BlsToExecutionChange::from_bls_pubkey),
                      ssz::field("to_execution_address",
                                 &BlsToExecutionChange::to_execution_address)};
  }
  friend bool operator==(const BlsToExecutionChange&, const BlsToExecutionChange&) = default;
};
using SignedBlsToExecutionChange = SignedMessage<BlsToExecutionChange>;

// ---- electra ----

// AttestationElectraT: EIP-7549 attestation spanning committees (committee_bits).
template <typename P>
struct AttestationElectraT {
  ssz::Bitlist<P::kMaxValidatorsPerCommittee * P::kMaxCommitteesPerSlot> aggregation_bits;
  AttestationData data;
  BlsSignature signature{};
  ssz::Bitvector<P::kMaxCommitteesPerSlot> committee_bits;
  static constexpr auto ssz_fields() {
    using S = AttestationElectraT;
    return std::tuple{ssz::field("aggregation_bits", &S::aggregation_bits),
                      ssz::field("data", &S::data), ssz::field("signature", &S::signature),
                      ssz::field("committee_bits", &S::committee_bits)};
  }
  friend bool operator==(const AttestationElectraT&, const AttestationElectraT&) = default;
};

template <typename P>
struct IndexedAttestationElectraT {
  ssz::List<ValidatorIndex, P::kMaxValidatorsPerCommittee * P::kMaxCommitteesPerSlot>
      attesting_indices;
  AttestationData data;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    using S = IndexedAttestationElectraT;
    return std::tuple{ssz::field("attesting_indices", &S::attesting_indices),
                      ssz::field("data", &S::data), ssz::field("signature", &S::signature)};
  }
  friend bool operator==(const IndexedAttestationElectraT&,
                         const IndexedAttestationElectraT&) = default;
};

// SingleAttestation: the electra gossip format for one attester.
struct SingleAttestation {
  CommitteeIndex committee_index{};
  ValidatorIndex attester_index{};
  AttestationData data;
  BlsSignature signature{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("committee_index", &SingleAttestation::committee_index),
                      ssz::field("attester_index", &SingleAttestation::attester_index),
                      ssz::field("data", &SingleAttestation::data),
                      ssz::field("signature", &SingleAttestation::signature)};
  }
  friend bool operator==(const SingleAttestation&, const SingleAttestation&) = default;
};

template <typename P>
using AggregateAndProofElectraT = AggregateAndProofBase<AttestationElectraT<P>>;
template <typename P>
using SignedAggregateAndProofElectraT = SignedMessage<AggregateAndProofElectraT<P>>;

// ---- builder API ----

// ValidatorRegistration: builder-specs registration (signed with DOMAIN_APPLICATION_BUILDER).
struct ValidatorRegistration {
  ExecutionAddress fee_recipient{};
  uint64_t gas_limit = 0;
  uint64_t timestamp = 0;
  BlsPubkey pubkey{};
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("fee_recipient", &ValidatorRegistration::fee_recipient),
                      ssz::field("gas_limit", &ValidatorRegistration::gas_limit),
                      ssz::field("timestamp", &ValidatorRegistration::timestamp),
                      ssz::field("pubkey", &ValidatorRegistration::pubkey)};
  }
  friend bool operator==(const ValidatorRegistration&, const ValidatorRegistration&) = default;
};
using SignedValidatorRegistration = SignedMessage<ValidatorRegistration>;

// ---- mainnet aliases ----

using Attestation = AttestationT<MainnetPreset>;
using IndexedAttestation = IndexedAttestationT<MainnetPreset>;
using AggregateAndProof = AggregateAndProofT<MainnetPreset>;
using SignedAggregateAndProof = SignedAggregateAndProofT<MainnetPreset>;
using SyncCommitteeContribution = SyncCommitteeContributionT<MainnetPreset>;
using ContributionAndProof = ContributionAndProofT<MainnetPreset>;
using SignedContributionAndProof = SignedContributionAndProofT<MainnetPreset>;
using AttestationElectra = AttestationElectraT<MainnetPreset>;
using IndexedAttestationElectra = IndexedAttestationElectraT<MainnetPreset>;
using AggregateAndProofElectra = AggregateAndProofElectraT<MainnetPreset>;
using SignedAggregateAndProofElectra = SignedAggregateAndProofElectraT<MainnetPreset>;

}  // namespace stakepool::eth
