// Fp2 (out-of-line part) and Fp6 arithmetic of the BLS12-381 tower (tower.hpp).
#include "stakepool/crypto/tower.hpp"

#include "crypto/field_ops.hpp"
#include "crypto/tower_constants.hpp"

namespace stakepool::crypto {

// ---------------------------------------------------------------------------------------------
// Fp2
// ---------------------------------------------------------------------------------------------

// 1/(a0 + a1·u) = (a0 - a1·u) / (a0^2 + a1^2); inv(0) = 0 because Fp::inv(0) = 0.
Fp2 Fp2::inv() const {
  const Fp t = (c0.sqr() + c1.sqr()).inv();
  return Fp2{c0 * t, -(c1 * t)};
}

Fp2 Fp2::frobenius(int power) const { return (power & 1) != 0 ? conj() : *this; }

// sqrt via the norm (p ≡ 3 mod 4, so -1 is a non-square in Fp and p ≡ 3 mod 8), constant time:
//   n = a0^2 + a1^2, s = n^((p+1)/4) (a square root of n when a is a square),
//   t = (a0 + s)/2, or (a0 - s)/2 when that is 0 (only possible for a1 = 0),
//   z = t^((p-3)/4), so z^2·t = χ(t) (Legendre symbol) and w = a1·z/2.
//   χ(t) = 1:  x = z·t + w·u       (x0 = sqrt(t), x1 = a1/(2·x0) and 1/x0 = z)
//   otherwise: x = w - z·t·u       (x1 = sqrt(-t) = -z·t since (-t)^((p-3)/4) = z, x0 = a1/(2·x1))
// The candidate is checked (x^2 == a), which rejects non-squares. Two Fp exponentiations.
bool Fp2::sqrt(Fp2& out) const {
  const Fp n = c0.sqr() + c1.sqr();
  const Fp s = detail::pow_fixed(n, FpParams::C::kPlus1Div4);
  const Fp t_plus = (c0 + s).half(), t_minus = (c0 - s).half();
  const Fp t = Fp::select(0 - static_cast<uint64_t>(t_plus.is_zero()), t_minus, t_plus);
  const Fp z = detail::pow_fixed(t, FpParams::C::kMinus3Div4);
  const Fp zt = z * t;
  const Fp w = (c1 * z).half();
  const uint64_t t_is_square = 0 - static_cast<uint64_t>((zt * z).is_one());
  const Fp2 x = select(t_is_square, Fp2{zt, w}, Fp2{w, -zt});
  const bool ok = x.sqr() == *this;
  out = select(0 - static_cast<uint64_t>(ok), x, out);
  return ok;
}

// a is a square in Fp2 iff its norm a0^2 + a1^2 is a square in Fp (0 counts as a square).
bool Fp2::is_square() const { return (c0.sqr() + c1.sqr()).is_square(); }

// RFC 9380 §4.1 sgn0 for m = 2: sign_0 OR (zero_0 AND sign_1).
bool Fp2::sgn0() const {
  const unsigned s0 = c0.sgn0(), z0 = c0.is_zero(), s1 = c1.sgn0();
  return (s0 | (z0 & s1)) != 0;
}

// ZCash serialization: c1 decides unless it is zero, then c0.
bool Fp2::lexicographically_largest() const {
  const unsigned l1 = c1.lexicographically_largest(), z1 = c1.is_zero();
  const unsigned l0 = c0.lexicographically_largest();
  return (l1 | (z1 & l0)) != 0;
}

// ---------------------------------------------------------------------------------------------
// Fp6 = Fp2[v]/(v^3 - xi)
// ---------------------------------------------------------------------------------------------

namespace {

// sop2 / sop3: a0·b0 + a1·b1 (+ a2·b2) with lazy reduction (ADX path only): the Fp2 products are
// summed before a single Montgomery reduction per coefficient (fp_adx_sum.cpp).
inline Fp2 sop2(const Fp2& a0, const Fp2& b0, const Fp2& a1, const Fp2& b1) {
  const Fp2 a[2] = {a0, a1}, b[2] = {b0, b1};
  Fp2 r;
  detail::fp2_sum_of_products2_adx(r.c0.l.data(), a[0].c0.l.data(), b[0].c0.l.data());
  return r;
}

inline Fp2 sop3(const Fp2& a0, const Fp2& b0, const Fp2& a1, const Fp2& b1, const Fp2& a2,
                const Fp2& b2) {
  const Fp2 a[3] = {a0, a1, a2}, b[3] = {b0, b1, b2};
  Fp2 r;
  detail::fp2_sum_of_products3_adx(r.c0.l.data(), a[0].c0.l.data(), b[0].c0.l.data());
  return r;
}

}  // namespace

Fp6 Fp6::one() { return Fp6{Fp2::one(), Fp2::zero(), Fp2::zero()}; }
Fp6 Fp6::operator+(const Fp6& b) const { return Fp6{c0 + b.c0, c1 + b.c1, c2 + b.c2}; }
Fp6 Fp6::operator-(const Fp6& b) const { return Fp6{c0 - b.c0, c1 - b.c1, c2 - b.c2}; }
Fp6 Fp6::operator-() const { return Fp6{-c0, -c1, -c2}; }
Fp6 Fp6::operator*(const Fp2& b) const { return Fp6{c0 * b, c1 * b, c2 * b}; }
Fp6 Fp6::mul_by_v() const { return Fp6{c2.mul_by_xi(), c0, c1}; }

// Karatsuba over the cubic extension (6 Fp2 multiplications):
//   t_i = a_i·b_i
//   r0 = t0 + xi·((a1+a2)(b1+b2) - t1 - t2)
//   r1 = (a0+a1)(b0+b1) - t0 - t1 + xi·t2
//   r2 = (a0+a2)(b0+b2) - t0 - t2 + t1
Fp6 Fp6::operator*(const Fp6& b) const {
  if (detail::g_fp_use_adx) {  // schoolbook with lazy reduction: r_k = sum of three products
    const Fp2 xa1 = c1.mul_by_xi(), xa2 = c2.mul_by_xi();
    return Fp6{sop3(c0, b.c0, xa1, b.c2, xa2, b.c1),   // a0b0 + xi(a1b2 + a2b1)
               sop3(c0, b.c1, c1, b.c0, xa2, b.c2),    // a0b1 + a1b0 + xi·a2b2
               sop3(c0, b.c2, c1, b.c1, c2, b.c0)};    // a0b2 + a1b1 + a2b0
  }
  const Fp2 t0 = c0 * b.c0, t1 = c1 * b.c1, t2 = c2 * b.c2;
  Fp6 r;
  r.c0 = t0 + ((c1 + c2) * (b.c1 + b.c2) - t1 - t2).mul_by_xi();
  r.c1 = (c0 + c1) * (b.c0 + b.c1) - t0 - t1 + t2.mul_by_xi();
  r.c2 = (c0 + c2) * (b.c0 + b.c2) - t0 - t2 + t1;
  return r;
}

// Chung–Hasan SQR2: s0 = a0^2, s1 = 2a0a1, s2 = (a0 - a1 + a2)^2, s3 = 2a1a2, s4 = a2^2
//   r0 = s0 + xi·s3, r1 = s1 + xi·s4, r2 = s1 + s2 + s3 - s0 - s4
Fp6 Fp6::sqr() const {
  if (detail::g_fp_use_adx) {  // r0 = a0^2 + 2xi·a1a2, r1 = 2a0a1 + xi·a2^2, r2 = a1^2 + 2a0a2
    const Fp2 a0x2 = c0.dbl();
    return Fp6{sop2(c0, c0, c1.mul_by_xi().dbl(), c2), sop2(a0x2, c1, c2.mul_by_xi(), c2),
               sop2(c1, c1, a0x2, c2)};
  }
  const Fp2 s0 = c0.sqr(), s1 = (c0 * c1).dbl(), s2 = (c0 - c1 + c2).sqr();
  const Fp2 s3 = (c1 * c2).dbl(), s4 = c2.sqr();
  return Fp6{s0 + s3.mul_by_xi(), s1 + s4.mul_by_xi(), s1 + s2 + s3 - s0 - s4};
}

// (a0 + a1·v + a2·v^2)(b0 + b1·v) = (a0b0 + xi·a2b1) + (a0b1 + a1b0)·v + (a1b1 + a2b0)·v^2,
// with Karatsuba: 5 Fp2 multiplications.
Fp6 Fp6::mul_by_01(const Fp2& b0, const Fp2& b1) const {
  if (detail::g_fp_use_adx) {
    return Fp6{sop2(c0, b0, c2.mul_by_xi(), b1), sop2(c0, b1, c1, b0), sop2(c1, b1, c2, b0)};
  }
  const Fp2 t0 = c0 * b0, t1 = c1 * b1;
  Fp6 r;
  r.c0 = ((c1 + c2) * b1 - t1).mul_by_xi() + t0;
  r.c1 = (c0 + c1) * (b0 + b1) - t0 - t1;
  r.c2 = (c0 + c2) * b0 - t0 + t1;
  return r;
}

// (a0 + a1·v + a2·v^2)·b1·v = xi·a2·b1 + a0·b1·v + a1·b1·v^2
Fp6 Fp6::mul_by_1(const Fp2& b1) const {
  return Fp6{(c2 * b1).mul_by_xi(), c0 * b1, c1 * b1};
}

// Inverse via the adjugate: A = a0^2 - xi·a1·a2, B = xi·a2^2 - a0·a1, C = a1^2 - a0·a2,
// det = a0·A + xi·(a2·B + a1·C); inverse = (A, B, C)/det.
Fp6 Fp6::inv() const {
  const Fp2 a = c0.sqr() - (c1 * c2).mul_by_xi();
  const Fp2 b = c2.sqr().mul_by_xi() - c0 * c1;
  const Fp2 c = c1.sqr() - c0 * c2;
  const Fp2 det_inv = (c0 * a + (c2 * b + c1 * c).mul_by_xi()).inv();
  return Fp6{a * det_inv, b * det_inv, c * det_inv};
}

// (a0 + a1·v + a2·v^2)^(p^k) = a0^(p^k) + a1^(p^k)·xi^((p^k-1)/3)·v + a2^(p^k)·xi^(2(p^k-1)/3)·v^2
Fp6 Fp6::frobenius(int power) const {
  const int k = ((power % 12) + 12) % 12;
  return Fp6{c0.frobenius(k), c1.frobenius(k) * detail::kFrobV[k],
             c2.frobenius(k) * detail::kFrobV2[k]};
}

bool Fp6::is_zero() const {
  return (static_cast<unsigned>(c0.is_zero()) & static_cast<unsigned>(c1.is_zero()) &
          static_cast<unsigned>(c2.is_zero())) != 0;
}

bool Fp6::operator==(const Fp6& b) const {
  return (static_cast<unsigned>(c0 == b.c0) & static_cast<unsigned>(c1 == b.c1) &
          static_cast<unsigned>(c2 == b.c2)) != 0;
}

}  // namespace stakepool::crypto
