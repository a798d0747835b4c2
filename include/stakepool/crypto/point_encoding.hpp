#pragma once
// The ZCash / IETF serialization of BLS12-381 points (draft-irtf-cfrg-pairing-friendly-curves,
// Appendix C; zkcrypto "serialization" notes): big-endian field elements, with three flag bits in the
// most significant bits of byte 0:
//   bit 7  c  compressed (1 for the 48/96-byte forms, 0 for the 96/192-byte uncompressed forms)
//   bit 6  i  point at infinity (then every other bit must be zero)
//   bit 5  s  sign of y: 1 iff y is lexicographically largest (compressed form only; else 0)
// G1: x (48 bytes) [|| y]. G2: x.c1 || x.c0 [|| y.c1 || y.c0] (96 / 192 bytes).
//
// The decoders validate fully and name what is wrong; the *_unchecked decoders skip only the
// subgroup check (for inputs already known good, e.g. from a local cache). All decoders are variable
// time: encodings are public.
#include <array>
#include <cstdint>
#include <span>

#include "stakepool/crypto/points.hpp"

namespace stakepool::crypto {

// PointError says why an encoding was rejected.
enum class PointError : uint8_t {
  kOk = 0,
  kBadLength,            // not 48/96 (G1) or 96/192 (G2) bytes as the function expects
  kNotCompressed,        // c flag is 0 in a compressed encoding
  kBadCompressionFlag,   // c flag is 1 in an uncompressed encoding
  kBadInfinityEncoding,  // i = 1 but s = 1 or some other bit is set
  kBadSignFlag,          // s = 1 in an uncompressed encoding
  kNonCanonical,         // a coordinate is >= p
  kNotOnCurve,           // x^3 + b has no square root, or (x, y) does not satisfy the equation
  kNotInSubgroup,        // on the curve but not in G1 / G2
};

// to_string names the error in words (static string; never null).
const char* to_string(PointError e);

// Compressed encodings (48 / 96 bytes).
std::array<uint8_t, 48> g1_compress(const G1Affine& p);
std::array<uint8_t, 96> g2_compress(const G2Affine& p);
// Uncompressed encodings (96 / 192 bytes).
std::array<uint8_t, 96> g1_serialize_uncompressed(const G1Affine& p);
std::array<uint8_t, 192> g2_serialize_uncompressed(const G2Affine& p);

// g1_decompress / g2_decompress parse a compressed encoding of any length (wrong lengths give
// kBadLength) and check canonical x, the curve equation and subgroup membership. On kOk `out` holds
// the point (possibly infinity; callers that refuse the identity, e.g. BLS KeyValidate, check
// out.infinity); otherwise `out` is left unchanged.
[[nodiscard]] PointError g1_decompress(std::span<const uint8_t> in, G1Affine& out);
[[nodiscard]] PointError g2_decompress(std::span<const uint8_t> in, G2Affine& out);

// *_decompress_unchecked: the same without the subgroup check (the point is on the curve).
[[nodiscard]] PointError g1_decompress_unchecked(std::span<const uint8_t> in, G1Affine& out);
[[nodiscard]] PointError g2_decompress_unchecked(std::span<const uint8_t> in, G2Affine& out);

// g1_deserialize_uncompressed / g2_deserialize_uncompressed parse the 96 / 192-byte forms with the
// same validation (c = 0, s = 0, canonical coordinates, on curve, in subgroup).
[[nodiscard]] PointError g1_deserialize_uncompressed(std::span<const uint8_t> in, G1Affine& out);
[[nodiscard]] PointError g2_deserialize_uncompressed(std::span<const uint8_t> in, G2Affine& out);

}  // namespace stakepool::crypto
