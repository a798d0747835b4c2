#pragma once
// Canonical binary encoding of QBFT messages (doc/formats/qbft.md). Every SignedMessage has
// exactly one encoding; decode accepts only that encoding (strict lengths, flags, no trailing
// bytes) so that encode(decode(b)) == b for every accepted b.
#include <array>
#include <cstdint>
#include <span>

#include "stakepool/consensus/types.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::consensus {

// kBodyBytes is the size of an encoded Message (the signed body).
inline constexpr std::size_t kBodyBytes = 93;
// kSigningDomain prefixes the body in the bytes that are signed, separating QBFT signatures from
// every other use of an operator key.
inline constexpr char kSigningDomain[] = "stakepool/qbft/v1";

// encode_body writes the 93-byte canonical body of `m`.
std::array<uint8_t, kBodyBytes> encode_body(const Message& m);
// decode_body parses a body; fails (kInvalidArgument) on an unknown type.
Result<Message> decode_body(std::span<const uint8_t, kBodyBytes> in);
// signing_bytes returns kSigningDomain (without NUL) || encode_body(m): what the sender signs.
util::Bytes signing_bytes(const Message& m);

// encode returns the wire encoding of `m`, justification included.
util::Bytes encode(const SignedMessage& m);
// decode parses one wire message. Fails with kInvalidArgument naming the bad part: truncation,
// trailing bytes, unknown type, bad flags, value over kMaxValueBytes, more than 2*kMaxMembers
// justification entries, or an embedded message that itself has a value or a justification.
// Decoding checks structure only: signatures and protocol rules are checked by the instance.
Result<SignedMessage> decode(std::span<const uint8_t> in);

// sign_message fills in the signature of `m` with `sign(signing_bytes(m.msg))`.
template <typename SignerT>
SignedMessage sign_message(const SignerT& signer, SignedMessage m) {
  m.signature = signer.sign(signing_bytes(m.msg));
  return m;
}

}  // namespace stakepool::consensus
