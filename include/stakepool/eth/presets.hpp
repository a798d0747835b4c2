#pragma once
// Consensus presets (consensus-specs presets/{mainnet,minimal}/*.yaml): the compile-time sizes that
// shape SSZ containers. Containers whose limits depend on a preset are templates over one of these
// structs. tests/eth cross-checks every value against the preset files.
#include <cstdint>
#include <string_view>

namespace stakepool::eth {

// MainnetPreset: presets/mainnet (phase0, altair, electra values used by validator duties).
struct MainnetPreset {
  static constexpr std::string_view kName = "mainnet";
  static constexpr uint64_t kSlotsPerEpoch = 32;                 // phase0
  static constexpr uint64_t kMaxValidatorsPerCommittee = 2048;   // phase0
  static constexpr uint64_t kMaxCommitteesPerSlot = 64;          // phase0
  static constexpr uint64_t kTargetCommitteeSize = 128;          // phase0
  static constexpr uint64_t kMaxAttestations = 128;              // phase0
  static constexpr uint64_t kSyncCommitteeSize = 512;            // altair
  static constexpr uint64_t kEpochsPerSyncCommitteePeriod = 256;  // altair
  static constexpr uint64_t kMaxAttestationsElectra = 8;         // electra
};

// MinimalPreset: presets/minimal.
struct MinimalPreset {
  static constexpr std::string_view kName = "minimal";
  static constexpr uint64_t kSlotsPerEpoch = 8;
  static constexpr uint64_t kMaxValidatorsPerCommittee = 2048;
  static constexpr uint64_t kMaxCommitteesPerSlot = 4;
  static constexpr uint64_t kTargetCommitteeSize = 4;
  static constexpr uint64_t kMaxAttestations = 128;
  static constexpr uint64_t kSyncCommitteeSize = 32;
  static constexpr uint64_t kEpochsPerSyncCommitteePeriod = 8;
  static constexpr uint64_t kMaxAttestationsElectra = 8;
};

// Constants that are not preset-dependent (phase0/altair validator.md).
inline constexpr uint64_t kSyncCommitteeSubnetCount = 4;
inline constexpr uint64_t kTargetAggregatorsPerCommittee = 16;
inline constexpr uint64_t kTargetAggregatorsPerSyncSubcommittee = 16;

}  // namespace stakepool::eth
