#pragma once
// Encodings of the values the duty pipeline's merged QBFT instances decide (doc/formats/duty.md):
//   attester (1/3 slot)    u8 parts (1 attestation data, 2 sync root, 3 both), then the SSZ
//                          AttestationData (parts 1, 3) or the 32-byte head block root (part 2);
//                          with both, the sync root is the data's beacon_block_root
//   aggregator (2/3 slot)  u32 count, count x (u32 length, SSZ AggregateAndProof (electra)), then
//                          u32 count, count x (u32 length, SSZ ContributionAndProof); at least one
//                          entry in all
// Decoding is strict (known parts, exact lengths, no trailing bytes), so that
// encode(decode(b)) == b for every accepted b. Order and duty checks are the value hook's.
#include <optional>
#include <span>
#include <vector>

#include "stakepool/eth/types.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::duty {

// AttesterValue: what the 1/3-slot instance decides: the attestation data of the pool's
// committees and the root its sync committee members sign (either may be absent, not both).
struct AttesterValue {
  std::optional<eth::AttestationData> data;
  std::optional<eth::Root> sync_root;
};

// encode_attester_value: nullopt when both parts are absent, or when both are present and the
// sync root is not data->beacon_block_root (it is not encoded then).
std::optional<util::Bytes> encode_attester_value(const AttesterValue& v);
std::optional<AttesterValue> decode_attester_value(std::span<const uint8_t> in);

// AggregatorValue: what the 2/3-slot instance decides: the pool's aggregates and sync
// contributions (either list may be empty, not both).
struct AggregatorValue {
  std::vector<eth::AggregateAndProofElectra> aggregates;
  std::vector<eth::ContributionAndProof> contributions;
};

// encode_aggregator_value: nullopt when both lists are empty.
std::optional<util::Bytes> encode_aggregator_value(const AggregatorValue& v);
std::optional<AggregatorValue> decode_aggregator_value(std::span<const uint8_t> in);

}  // namespace stakepool::duty
