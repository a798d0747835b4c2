#pragma once
// Private: scalar decompositions and digit recodings for scalar multiplication and MSM.
//
// Endomorphism split. For k < r = z^4 - z^2 + 1 < |z|^4, write k in base |z|:
//   k = d0 + d1·|z| + d2·|z|^2 + d3·|z|^3,  0 <= d_i < |z| < 2^64.
// With z = -|z|: on G2, psi = [z], so [k]P = d0·P - d1·psi(P) + d2·psi^2(P) - d3·psi^3(P) (GLS);
// on G1, sigma = [-z^2], so [k]P = (d0 + d1|z|)·P - (d2 + d3|z|)·sigma(P) (GLV, 128-bit halves).
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto::recode {

using u128 = unsigned __int128;

// reduce_mod_r returns k mod r for any 256-bit k (two masked conditional subtractions; 2^256 < 3r).
// Constant time.
Scalar reduce_mod_r(const Scalar& k);
// reduce_mod_r_vartime: the same for public k.
Scalar reduce_mod_r_vartime(const Scalar& k);

// split_base_z returns the base-|z| digits d0..d3 of k (k < r). Constant time (bitwise long division
// with masked subtraction; no hardware division).
std::array<uint64_t, 4> split_base_z(const Scalar& k);

// split_base_z_vartime: the same for public k, with hardware division.
std::array<uint64_t, 4> split_base_z_vartime(const Scalar& k);

// SignedDigit: a digit in [-16, 16] as magnitude and sign mask (all ones if negative).
struct SignedDigit {
  uint64_t mag;
  uint64_t neg;
};

// recode_signed5 writes the signed radix-32 digits of a value v < 2^nbits:
//   v = sum_i d_i·32^i, d_i in [-16, 16], using ceil((nbits + 1)/5) digits. Constant time.
// out must have room for signed5_len(nbits) digits.
constexpr int signed5_len(int nbits) { return (nbits + 1 + 4) / 5; }
void recode_signed5(u128 v, int nbits, SignedDigit* out);

// recode_signed5_scalar: the same recoding of a 256-bit scalar k < 2^255 (reduce mod r first) into
// kSigned5ScalarLen digits. Constant time.
inline constexpr int kSigned5ScalarLen = signed5_len(255);
void recode_signed5_scalar(const Scalar& k, SignedDigit* out);

// recode_unsigned4 splits a 256-bit scalar into 64 nibbles, most significant first.
void recode_unsigned4(const Scalar& k, uint8_t out[64]);

// wnaf_vartime returns the width-w NAF of a public value given as little-endian limbs (any length):
// digits d_i odd in (-2^(w-1), 2^(w-1)) or 0, least significant first, no trailing zeros.
std::vector<int8_t> wnaf_vartime(const uint64_t* limbs, std::size_t n, int w);

}  // namespace stakepool::crypto::recode
