#pragma once
// Points of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) for verification, in the coordinates of
// Hisil-Wong-Carter-Dawson 2008 ("Twisted Edwards curves revisited", a = -1):
//   P2: projective (X : Y : Z), x = X/Z, y = Y/Z;
//   P3: extended (X : Y : Z : T) with T = XY/Z;
//   P1P1: "completed" ((X : Z), (Y : T)), x = X/Z, y = Y/T: the output of dbl/add before the
//         final multiplications, converted to P2 (3M) or P3 (4M) as the next step needs;
//   Cached (public header): (Y+X, Y-X, 2Z, 2dT), the second operand of an addition;
//   Niels: affine (y+x, y-x, 2dxy) for precomputed base-point multiples.
// Everything here is variable time (public data only).
#include <cstdint>
#include <span>

#include "ed25519_field.hpp"

namespace stakepool::crypto::ed25519::detail {

struct P2 {
  Fe x, y, z;
};
struct P3 {
  Fe x, y, z, t;
};
struct P1P1 {
  Fe x, y, z, t;
};
struct Niels {
  Fe ypx, ymx, xy2d;
};

P3 p3_identity();
inline P2 to_p2(const P1P1& p) { return {fe_mul(p.x, p.t), fe_mul(p.y, p.z), fe_mul(p.z, p.t)}; }
inline P3 to_p3(const P1P1& p) {
  return {fe_mul(p.x, p.t), fe_mul(p.y, p.z), fe_mul(p.z, p.t), fe_mul(p.x, p.y)};
}
inline P2 p3_to_p2(const P3& p) { return {p.x, p.y, p.z}; }
Cached to_cached(const P3& p);

// dbl: 2P (4S + 2 additions), from projective input.
P1P1 dbl(const P2& p);
// add / sub: P + Q and P - Q with Q cached (8M).
P1P1 add(const P3& p, const Cached& q);
P1P1 sub(const P3& p, const Cached& q);
// madd / msub: P + Q and P - Q with Q an affine Niels point (7M).
P1P1 madd(const P3& p, const Niels& q);
P1P1 msub(const P3& p, const Niels& q);

// decode_vartime: RFC 8032 §5.1.3 decoding. Returns 0 on success, else the Ed25519Error value
// (kNotCanonical, kNotOnCurve, kNegativeZero).
int decode_vartime(P3& out, const uint8_t in[32]);
// encode: the RFC 8032 §5.1.2 encoding of P (y with the sign of x in bit 255).
void encode(uint8_t out[32], const P3& p);
// is_identity_vartime: P == O (X = 0 and Y = Z).
bool is_identity_vartime(const P3& p);
// mul_by_cofactor: [8]P.
P3 mul_by_cofactor(const P3& p);
// odd_multiples: table[i] = [2i + 1]P for i < count.
void odd_multiples(Cached* table, const P3& p, int count);
// dbl_n: [2^n]P.
P3 dbl_n(const P3& p, int n);
// base_point: B of RFC 8032 §5.1.
P3 base_point();

// kBaseWindow: width of the wNAF digits used with the base-point tables (odd multiples up to
// 2^(kBaseWindow-1) - 1).
inline constexpr int kBaseWindow = 8;
inline constexpr int kBaseTableSize = 1 << (kBaseWindow - 2);
// BaseTables: odd multiples of [2^(64 j)]B, j < kParts, in affine Niels form.
struct BaseTables {
  Niels part[kParts][kBaseTableSize];
};
// base_tables: built once on first use (thread-safe function-local static).
const BaseTables& base_tables();

// Naf: a width-w NAF of a value below 2^256 (digit i weighs 2^i; odd digits in
// (-2^(w-1), 2^(w-1)), at most one non-zero in any w consecutive).
inline constexpr int kNafLen = 257;
struct Naf {
  int8_t d[kNafLen];
  int top;  // index of the highest non-zero digit, -1 when all are zero
};
// wnaf: the width-w NAF (2 <= w <= 8) of the little-endian value limbs[0..n), n <= 4; negated
// digits when `negate`.
void wnaf(Naf& out, const uint64_t* limbs, int n, int w, bool negate);

// Straus terms: one scalar's NAF with its table of odd multiples.
struct Term {
  const Naf* naf;
  const Cached* table;
};
struct BaseTerm {
  const Naf* naf;
  const Niels* table;
};
// straus_vartime: sum over terms of [naf]P (interleaved, doublings shared).
P3 straus_vartime(std::span<const Term> terms, std::span<const BaseTerm> base);

}  // namespace stakepool::crypto::ed25519::detail
