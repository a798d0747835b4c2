#pragma once
// EIP-3076 slashing-protection interchange format, version 5: a strict parser and a serializer.
// Spec: EIPS/eip-3076.md (schema in slashing-protection-interchange-tests/schema.json).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"

namespace stakepool::eth {

// SigningRoot: the 32-byte compute_signing_root output recorded with a signed message.
using SigningRoot = std::array<uint8_t, 32>;
// PubkeyBytes: a BLS public key (validator key or key share), 48 compressed bytes, treated here as
// opaque bytes (no curve checks).
using PubkeyBytes = std::array<uint8_t, 48>;

// kInterchangeFormatVersion is the only version accepted and written ("5").
inline constexpr std::string_view kInterchangeFormatVersion = "5";

// SignedBlock: a proposal at `slot`; no signing_root means "unknown" (any new block at that slot
// is slashable with respect to it).
struct SignedBlock {
  uint64_t slot = 0;
  std::optional<SigningRoot> signing_root;
  bool operator==(const SignedBlock&) const = default;
};

// SignedAttestation: an attestation vote source_epoch -> target_epoch.
struct SignedAttestation {
  uint64_t source_epoch = 0;
  uint64_t target_epoch = 0;
  std::optional<SigningRoot> signing_root;
  bool operator==(const SignedAttestation&) const = default;
};

// InterchangeRecord: one `data` entry. A pubkey may appear in several entries.
struct InterchangeRecord {
  PubkeyBytes pubkey{};
  std::vector<SignedBlock> signed_blocks;
  std::vector<SignedAttestation> signed_attestations;
  bool operator==(const InterchangeRecord&) const = default;
};

// Interchange: a whole interchange document.
struct Interchange {
  SigningRoot genesis_validators_root{};
  std::vector<InterchangeRecord> data;
  bool operator==(const Interchange&) const = default;
};

// parse_interchange parses and validates an interchange JSON document. Fails with
// kInvalidArgument naming the JSON path of the first problem: not JSON, missing or extra-typed
// fields, a version other than "5", bad hex, wrong lengths (pubkey 48, roots 32 bytes), integers
// not given as decimal strings, or values above 2^63-1 (the database's integer range).
Result<Interchange> parse_interchange(std::string_view json);

// serialize_interchange writes `ic` as interchange JSON (version 5, 2-space indented, decimal
// strings, 0x-prefixed lower-case hex). parse_interchange(serialize_interchange(x)) == x.
std::string serialize_interchange(const Interchange& ic);

}  // namespace stakepool::eth
