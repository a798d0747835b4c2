#pragma once
// The pool-level wire envelope of the duty pipeline (doc/formats/duty.md). Every message an
// OperatorNode sends is addressed to one pool (the router delivers it to that pool's members, or to
// one member) and is one of:
//   QBFT              a consensus message (consensus/codec.hpp encoding) of one of the pool's
//                     per-slot, per-duty-class instances;
//   PARTIALS          partial BLS signatures of the sender's key shares, for one signing kind and
//                     slot, covering any number of the pool's validators;
//   COMBINED          full signatures of pre-consensus kinds (RANDAO, selection proofs) that the
//                     sender combined as a designated combiner, for the rest of its pool; same body
//                     as PARTIALS, each signature checked against the validator's group key.
// Partial signatures carry no operator signature: each one is checked against the share public key
// of the sender's committee position, and the transport authenticates the sender. Decoding is
// strict (exact lengths, known kinds, no trailing bytes), so encode(decode(b)) == b.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "stakepool/crypto/points.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::duty {

// PoolId names a pool (a committee of operators sharing validator keys); OperatorId an operator.
using PoolId = uint32_t;
using OperatorId = uint32_t;

// kWireVersion is the first byte of every envelope. Version 2: partial signatures are uncompressed.
inline constexpr uint8_t kWireVersion = 2;
// kMaxPartialsPerMessage bounds the entries of one PARTIALS message.
inline constexpr std::size_t kMaxPartialsPerMessage = 65535;

// EnvelopeType: what the body holds. Numeric values are part of the wire format.
enum class EnvelopeType : uint8_t { kQbft = 1, kPartials = 2, kCombined = 3 };

// SigKind: what a partial signature signs. Numeric values are part of the wire format. The first
// three are produced before consensus (their message follows from the duty alone); the others sign
// the decided duty data.
enum class SigKind : uint8_t {
  kRandao = 1,                // the epoch (DOMAIN_RANDAO), for a block proposal
  kSelectionProof = 2,        // the slot (DOMAIN_SELECTION_PROOF), for aggregation
  kSyncSelectionProof = 3,    // SyncAggregatorSelectionData{slot, subcommittee}
  kAttestation = 4,           // the decided AttestationData
  kBlock = 5,                 // the decided BeaconBlockHeader
  kSyncMessage = 6,           // the decided head block root
  kAggregateAndProof = 7,     // the decided AggregateAndProof (electra)
  kContributionAndProof = 8,  // the decided ContributionAndProof
};
inline constexpr uint8_t kSigKindMax = 8;
// sig_kind_name: "randao", "selection_proof", ... ("unknown" otherwise).
const char* sig_kind_name(SigKind k);
// is_pre_consensus: kRandao, kSelectionProof and kSyncSelectionProof.
inline bool is_pre_consensus(SigKind k) { return static_cast<uint8_t>(k) <= 3; }

// PartialSignature: a partial signature on the wire, the 192-byte uncompressed encoding of a G2
// point (x.c1 || x.c0 || y.c1 || y.c0, big-endian, ZCash flag bits in byte 0 with c = 0), so the
// receiver does not pay a square root to decompress it.
inline constexpr std::size_t kPartialSignatureSize = 192;
using PartialSignature = std::array<uint8_t, kPartialSignatureSize>;

// encode_partial_signature: the uncompressed encoding of `p`.
PartialSignature encode_partial_signature(const crypto::G2Affine& p);
// decode_partial_signature checks the length (192 bytes), the flags (not compressed, no sign bit, a
// well-formed infinity), canonical coordinates and the curve equation. It does NOT check the G2
// subgroup (the receiver does that when it needs to, see operator_node.hpp). Errors
// (kInvalidArgument) name the problem.
Result<crypto::G2Affine> decode_partial_signature(std::span<const uint8_t> in);

// PartialEntry: one partial signature by the sender's share of `validator`. `sub` is the sync
// subcommittee index for the sync selection proof and the contribution, 0 otherwise.
struct PartialEntry {
  eth::ValidatorIndex validator{};
  uint64_t sub = 0;
  PartialSignature signature{};
  friend bool operator==(const PartialEntry&, const PartialEntry&) = default;
};

// PartialsBody: the partial signatures of one sender for one (kind, slot).
struct PartialsBody {
  SigKind kind = SigKind::kAttestation;
  eth::Slot slot{};
  std::vector<PartialEntry> entries;
  friend bool operator==(const PartialsBody&, const PartialsBody&) = default;
};

// Envelope: version | type | pool | body.
struct Envelope {
  EnvelopeType type = EnvelopeType::kQbft;
  PoolId pool = 0;
  util::Bytes body;
  friend bool operator==(const Envelope&, const Envelope&) = default;
};

// encode_envelope / decode_envelope: 1-byte version, 1-byte type, 4-byte pool, body (the rest);
// integers big-endian (util/codec.hpp). decode fails (kInvalidArgument) on truncation, another version or an unknown type.
util::Bytes encode_envelope(const Envelope& e);
Result<Envelope> decode_envelope(std::span<const uint8_t> in);

// encode_partials / decode_partials: kind (u8), slot (u64), count (u32, 1..kMaxPartialsPerMessage),
// then per entry validator (u64), sub (u64), signature (192 bytes, PartialSignature); big-endian.
// decode fails (kInvalidArgument) on an unknown kind, a bad count, truncation or trailing bytes;
// the signatures' points are checked per entry by decode_partial_signature.
util::Bytes encode_partials(const PartialsBody& p);
Result<PartialsBody> decode_partials(std::span<const uint8_t> in);

}  // namespace stakepool::duty
