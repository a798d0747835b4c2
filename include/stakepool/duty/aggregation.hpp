#pragma once
// Aggregator selection (consensus-specs phase0/validator.md "is_aggregator", altair/validator.md
// "is_sync_committee_aggregator"). Shared by the duty pipeline (which decides whether to
// aggregate) and the simulated chain (which checks the claim). Header-only; variable time on
// public data (a selection proof is published).
#include <algorithm>
#include <cstdint>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/presets.hpp"
#include "stakepool/eth/types.hpp"

namespace stakepool::duty {

// selection_value: bytes_to_uint64(hash(selection_proof)[0:8]) (little-endian).
inline uint64_t selection_value(const eth::BlsSignature& selection_proof) {
  const crypto::Digest32 h = crypto::sha256(selection_proof);
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | h[static_cast<std::size_t>(i)];
  return v;
}

// is_aggregator: modulo = max(1, committee_length / TARGET_AGGREGATORS_PER_COMMITTEE).
inline bool is_aggregator(uint64_t committee_length, const eth::BlsSignature& selection_proof) {
  const uint64_t modulo =
      std::max<uint64_t>(1, committee_length / eth::kTargetAggregatorsPerCommittee);
  return selection_value(selection_proof) % modulo == 0;
}

// is_sync_committee_aggregator: modulo = max(1, SYNC_COMMITTEE_SIZE / SYNC_COMMITTEE_SUBNET_COUNT
// / TARGET_AGGREGATORS_PER_SYNC_SUBCOMMITTEE) (8 on mainnet).
inline bool is_sync_committee_aggregator(
    const eth::BlsSignature& selection_proof,
    uint64_t sync_committee_size = eth::MainnetPreset::kSyncCommitteeSize) {
  const uint64_t modulo =
      std::max<uint64_t>(1, sync_committee_size / eth::kSyncCommitteeSubnetCount /
                                eth::kTargetAggregatorsPerSyncSubcommittee);
  return selection_value(selection_proof) % modulo == 0;
}

}  // namespace stakepool::duty
