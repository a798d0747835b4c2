#pragma once
// GF(2^255 - 19) for Ed25519 verification: radix 2^51, five 64-bit limbs, products in
// unsigned __int128. Inline so the point formulas compile to straight-line code. Not constant
// time where noted (_vartime); the arithmetic itself has no branches.
//
// Limb bounds: fe_mul / fe_sq / fe_sub / fe_carry return limbs < 2^51 + 2^15 ("reduced");
// fe_add of two reduced values gives limbs < 2^52 + 2^16. fe_mul / fe_sq accept limbs < 2^54
// (every call site passes reduced values or sums of at most two reduced values, < 2^53 + 2^17);
// fe_sub accepts a subtrahend with limbs < 2^53 - 76.
#include <cstdint>

#include "stakepool/crypto/ed25519.hpp"

namespace stakepool::crypto::ed25519::detail {

using u128 = unsigned __int128;
inline constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

// Constants (radix-2^51 limbs): d = -121665/121666, 2d, sqrt(-1) = 2^((p-1)/4).
inline constexpr Fe kFeD = {{0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb,
                             0x52036cee2b6ff}};
inline constexpr Fe kFeD2 = {{0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977,
                              0x2406d9dc56dff}};
inline constexpr Fe kFeSqrtM1 = {{0x61b274a0ea0b0, 0xd5a5fc8f189d, 0x7ef5e9cbd0c60,
                                  0x78595a6804c9e, 0x2b8324804fc1d}};
inline constexpr Fe kFeZero = {{0, 0, 0, 0, 0}};
inline constexpr Fe kFeOne = {{1, 0, 0, 0, 0}};

inline Fe fe_add(const Fe& a, const Fe& b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3], a.v[4] + b.v[4]}};
}

// fe_carry: one carry pass; output limbs < 2^51 + 19 * 2^13 for inputs < 2^64.
inline Fe fe_carry(const Fe& a) {
  Fe r = a;
  uint64_t c;
  c = r.v[0] >> 51; r.v[0] &= kMask51; r.v[1] += c;
  c = r.v[1] >> 51; r.v[1] &= kMask51; r.v[2] += c;
  c = r.v[2] >> 51; r.v[2] &= kMask51; r.v[3] += c;
  c = r.v[3] >> 51; r.v[3] &= kMask51; r.v[4] += c;
  c = r.v[4] >> 51; r.v[4] &= kMask51; r.v[0] += 19 * c;
  return r;
}

// fe_sub: a - b + 4p, carried.
inline Fe fe_sub(const Fe& a, const Fe& b) {
  constexpr uint64_t k4p0 = (uint64_t{1} << 53) - 76;
  constexpr uint64_t k4pi = (uint64_t{1} << 53) - 4;
  return fe_carry({{a.v[0] + k4p0 - b.v[0], a.v[1] + k4pi - b.v[1], a.v[2] + k4pi - b.v[2],
                    a.v[3] + k4pi - b.v[3], a.v[4] + k4pi - b.v[4]}});
}

inline Fe fe_neg(const Fe& a) { return fe_sub(kFeZero, a); }

// fe_reduce_wide: carries five 128-bit column sums into reduced limbs. With inputs < 2^54 the
// column r4 < 5 * 2^108, so c4 < 2^59.4 and 19 * c4 + 2^51 < 2^64: the fold fits in 64 bits.
inline Fe fe_reduce_wide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  r1 += static_cast<uint64_t>(r0 >> 51);
  r2 += static_cast<uint64_t>(r1 >> 51);
  r3 += static_cast<uint64_t>(r2 >> 51);
  r4 += static_cast<uint64_t>(r3 >> 51);
  const uint64_t c4 = static_cast<uint64_t>(r4 >> 51);
  const uint64_t t0 = (static_cast<uint64_t>(r0) & kMask51) + c4 * 19;
  Fe r;
  r.v[0] = t0 & kMask51;
  r.v[1] = (static_cast<uint64_t>(r1) & kMask51) + (t0 >> 51);
  r.v[2] = static_cast<uint64_t>(r2) & kMask51;
  r.v[3] = static_cast<uint64_t>(r3) & kMask51;
  r.v[4] = static_cast<uint64_t>(r4) & kMask51;
  return r;
}

inline Fe fe_mul(const Fe& a, const Fe& b) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t b0 = b.v[0], b1 = b.v[1], b2 = b.v[2], b3 = b.v[3], b4 = b.v[4];
  const uint64_t b1_19 = b1 * 19, b2_19 = b2 * 19, b3_19 = b3 * 19, b4_19 = b4 * 19;
  const u128 r0 = static_cast<u128>(a0) * b0 + static_cast<u128>(a1) * b4_19 +
                  static_cast<u128>(a2) * b3_19 + static_cast<u128>(a3) * b2_19 +
                  static_cast<u128>(a4) * b1_19;
  const u128 r1 = static_cast<u128>(a0) * b1 + static_cast<u128>(a1) * b0 +
                  static_cast<u128>(a2) * b4_19 + static_cast<u128>(a3) * b3_19 +
                  static_cast<u128>(a4) * b2_19;
  const u128 r2 = static_cast<u128>(a0) * b2 + static_cast<u128>(a1) * b1 +
                  static_cast<u128>(a2) * b0 + static_cast<u128>(a3) * b4_19 +
                  static_cast<u128>(a4) * b3_19;
  const u128 r3 = static_cast<u128>(a0) * b3 + static_cast<u128>(a1) * b2 +
                  static_cast<u128>(a2) * b1 + static_cast<u128>(a3) * b0 +
                  static_cast<u128>(a4) * b4_19;
  const u128 r4 = static_cast<u128>(a0) * b4 + static_cast<u128>(a1) * b3 +
                  static_cast<u128>(a2) * b2 + static_cast<u128>(a3) * b1 +
                  static_cast<u128>(a4) * b0;
  return fe_reduce_wide(r0, r1, r2, r3, r4);
}

inline Fe fe_sq(const Fe& a) {
  const uint64_t a0 = a.v[0], a1 = a.v[1], a2 = a.v[2], a3 = a.v[3], a4 = a.v[4];
  const uint64_t d0 = a0 * 2, d1 = a1 * 2, d2 = a2 * 2;
  const uint64_t a3_19 = a3 * 19, a4_19 = a4 * 19;
  const u128 r0 = static_cast<u128>(a0) * a0 + static_cast<u128>(d1) * a4_19 +
                  static_cast<u128>(d2) * a3_19;
  const u128 r1 = static_cast<u128>(d0) * a1 + static_cast<u128>(d2) * a4_19 +
                  static_cast<u128>(a3) * a3_19;
  const u128 r2 = static_cast<u128>(d0) * a2 + static_cast<u128>(a1) * a1 +
                  static_cast<u128>(a3 * 2) * a4_19;
  const u128 r3 = static_cast<u128>(d0) * a3 + static_cast<u128>(d1) * a2 +
                  static_cast<u128>(a4) * a4_19;
  const u128 r4 = static_cast<u128>(d0) * a4 + static_cast<u128>(d1) * a3 +
                  static_cast<u128>(a2) * a2;
  return fe_reduce_wide(r0, r1, r2, r3, r4);
}

// fe_sq_n: a^(2^n), n >= 1.
inline Fe fe_sq_n(Fe a, int n) {
  for (int i = 0; i < n; ++i) a = fe_sq(a);
  return a;
}

// fe_from_bytes_vartime: the low 255 bits of `in` (little endian). Returns false when the value is
// >= p (non-canonical); the top bit (bit 255) is ignored.
bool fe_from_bytes_vartime(Fe& out, const uint8_t in[32]);
// fe_to_bytes: the canonical (fully reduced) little-endian encoding.
void fe_to_bytes(uint8_t out[32], const Fe& a);
// fe_invert: a^(p-2) (0 for 0).
Fe fe_invert(const Fe& a);
// fe_pow22523: a^((p-5)/8) = a^(2^252 - 3), the exponent of RFC 8032 §5.1.3 square roots.
Fe fe_pow22523(const Fe& a);
// fe_is_zero_vartime / fe_equal_vartime / fe_is_negative: on the canonical value.
bool fe_is_zero_vartime(const Fe& a);
bool fe_equal_vartime(const Fe& a, const Fe& b);
bool fe_is_negative(const Fe& a);

}  // namespace stakepool::crypto::ed25519::detail
