#pragma once
// Wire messages of the DKG / resharing ceremony (DESIGN.md §2), canonical binary encoding
// (doc/formats/ceremony.md). Every message is type(1) || body || Ed25519 signature(64) by its
// sender over "stakepool-ceremony-v1" || session_id || type || body. A Deal's signature instead
// covers the deal statement (session, dealer, body hash), so that any member can echo it and anyone
// can check the echo: two validly signed, different deal hashes prove equivocation.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/codec.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::threshold {

using Digest = crypto::Digest32;
using SessionId = std::array<uint8_t, 32>;
using G1Bytes = std::array<uint8_t, 48>;  // compressed (public keys)
using G1Wire = std::array<uint8_t, 96>;   // uncompressed (commitments: no square root to parse)
using ScalarBytes = std::array<uint8_t, 32>;

enum class MsgType : uint8_t { kDeal = 1, kResponse = 2, kJustification = 3, kFinalize = 4, kErasure = 5 };
enum class Role : uint8_t { kDealer = 1, kRecipient = 2 };

// Deal: dealer's Feldman commitments and one sealed share per recipient (in recipient order). A
// multi-secret ceremony (K secrets) carries K·t commitments, secret-major (secret m's coefficients
// at [m·t, (m+1)·t)), and each box seals the recipient's K shares (K·32 bytes).
struct Deal {
  uint32_t dealer = 0;
  std::vector<G1Wire> commitments;
  std::vector<util::Bytes> boxes;
  Digest commitments_hash() const;
  Digest body_hash() const;  // H(H(commitments) || H(boxes))
  Digest boxes_hash() const;
};

// DealView: a Deal decoded without copying: its commitments (count · 96 bytes, the G1Wire
// encodings back to back) and boxes point into the body it was read from.
struct DealView {
  uint32_t dealer = 0;
  std::span<const uint8_t> commitments;
  std::vector<std::span<const uint8_t>> boxes;
  Digest body_hash() const;  // equals Deal::body_hash of the same deal
};

// Echo: a recipient's copy of a dealer's signed deal statement.
struct Echo {
  uint32_t dealer = 0;
  Digest body_hash{};
  util::Ed25519Signature dealer_sig{};
};

struct Response {
  uint32_t from = 0;                 // recipient index
  std::vector<Echo> echoes;          // one per deal received
  std::vector<uint32_t> complaints;  // dealers whose share to me was missing or invalid
};

struct Reveal {
  uint32_t recipient = 0;
  std::vector<ScalarBytes> shares;  // one per secret (K)
};

// Justification: the dealer publishes the disputed shares and, so that a recipient who never got
// the deal can check them, its commitments with the signed statement.
struct Justification {
  uint32_t dealer = 0;
  std::vector<G1Wire> commitments;
  Digest boxes_hash{};
  util::Ed25519Signature deal_sig{};
  std::vector<Reveal> reveals;
};

struct Finalize {
  Role role = Role::kRecipient;
  uint32_t from = 0;
  std::vector<uint32_t> qual;
  Digest result_hash{};
};

struct Erasure {
  uint32_t dealer = 0;     // old share index that was erased
  Digest result_hash{};    // the reshare result this erasure follows
};

// Envelope: a decoded, not yet authenticated message.
struct Envelope {
  MsgType type{};
  util::Bytes body;
  util::Ed25519Signature sig{};
};

// EnvelopeView: an Envelope whose body points into the message it was split from (no copy).
struct EnvelopeView {
  MsgType type{};
  std::span<const uint8_t> body;
  util::Ed25519Signature sig{};
};

// deal_statement: the bytes a dealer signs for its deal.
util::Bytes deal_statement(const SessionId& session, uint32_t dealer, const Digest& body_hash);
// signed_bytes: the bytes the sender of a non-deal message signs.
util::Bytes signed_bytes(const SessionId& session, MsgType type, std::span<const uint8_t> body);

util::Bytes encode_body(const Deal& m);
util::Bytes encode_body(const Response& m);
util::Bytes encode_body(const Justification& m);
util::Bytes encode_body(const Finalize& m);
util::Bytes encode_body(const Erasure& m);

Result<Deal> decode_deal(std::span<const uint8_t> body);
// view_deal: accepts exactly the bodies decode_deal accepts; the view borrows `body`.
Result<DealView> view_deal(std::span<const uint8_t> body);
Result<Response> decode_response(std::span<const uint8_t> body);
Result<Justification> decode_justification(std::span<const uint8_t> body);
Result<Finalize> decode_finalize(std::span<const uint8_t> body);
Result<Erasure> decode_erasure(std::span<const uint8_t> body);

// seal_envelope: type || body || sig. open_envelope splits (no signature check).
util::Bytes seal_envelope(MsgType type, std::span<const uint8_t> body, const util::Ed25519Signature& sig);
Result<Envelope> open_envelope(std::span<const uint8_t> msg);
// view_envelope: open_envelope without copying the body; the view borrows `msg`.
Result<EnvelopeView> view_envelope(std::span<const uint8_t> msg);

// Limits that bound decoding (a malicious peer cannot make us allocate without bound).
inline constexpr uint32_t kMaxMembers = 1024;
inline constexpr uint32_t kMaxSecrets = 2000;          // K of a multi-secret ceremony
inline constexpr uint32_t kMaxCommitments = 1u << 16;  // K·t
inline constexpr uint32_t kMaxBoxBytes = 1u << 16;

}  // namespace stakepool::threshold
