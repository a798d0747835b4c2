#pragma once
// Inline definitions of the hot Fp2 operations (tower.hpp), so curve code over Fp2 inlines them.
// Included at the end of tower.hpp; not a public API of its own.
//
// Lazy reduction: Fp2 multiplication is Karatsuba with three 384×384-bit products kept at double
// width (12 limbs) and only two Montgomery reductions:
//   c0 = a0·b0 - a1·b1            (if negative, + p·2^384 so that 0 ≤ c0 < p·2^384)
//   c1 = (a0+a1)(b0+b1) - a0·b0 - a1·b1 = a0·b1 + a1·b0 < 2p^2 < p·2^384
// The sums a0+a1, b0+b1 are not reduced (< 2p < 2^382).
#include <cstdint>

namespace stakepool::crypto {
namespace detail {

// add_raw6: r = a + b over 6 limbs without reduction (caller guarantees no overflow).
inline void add_raw6(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  uint64_t c = 0;
  for (int j = 0; j < 6; ++j) {
    const u128 s = static_cast<u128>(a[j]) + b[j] + c;
    r[j] = static_cast<uint64_t>(s);
    c = static_cast<uint64_t>(s >> 64);
  }
}

// wide_sub: r = a - b over n limbs; returns the borrow (0 or 1).
inline uint64_t wide_sub(uint64_t* r, const uint64_t* a, const uint64_t* b, int n) {
  uint64_t borrow = 0;
  for (int j = 0; j < n; ++j) {
    const u128 s = static_cast<u128>(a[j]) - b[j] - borrow;
    r[j] = static_cast<uint64_t>(s);
    borrow = static_cast<uint64_t>(s >> 64) & 1;
  }
  return borrow;
}

// wide_add: r = a + b over n limbs; returns the carry (0 or 1).
inline uint64_t wide_add(uint64_t* r, const uint64_t* a, const uint64_t* b, int n) {
  uint64_t c = 0;
  for (int j = 0; j < n; ++j) {
    const u128 s = static_cast<u128>(a[j]) + b[j] + c;
    r[j] = static_cast<uint64_t>(s);
    c = static_cast<uint64_t>(s >> 64);
  }
  return c;
}

// wide_add_p_hi_masked: w += (p·2^384) & mask, for 12-limb w (fixes a negative difference).
inline void wide_add_p_hi_masked(uint64_t* w, uint64_t mask) {
  const uint64_t m = ct::value_barrier(mask);
  uint64_t c = 0;
  for (int j = 0; j < 6; ++j) {
    const u128 s = static_cast<u128>(w[6 + j]) + (FpParams::kModulus[j] & m) + c;
    w[6 + j] = static_cast<uint64_t>(s);
    c = static_cast<uint64_t>(s >> 64);
  }
}

}  // namespace detail

static_assert(sizeof(Fp2) == 96, "fp2_mul_adx reads Fp2 as 12 consecutive limbs");

inline Fp2 Fp2::one() { return Fp2{Fp::one(), Fp::zero()}; }
inline Fp2 Fp2::operator+(const Fp2& b) const { return Fp2{c0 + b.c0, c1 + b.c1}; }
inline Fp2 Fp2::operator-(const Fp2& b) const { return Fp2{c0 - b.c0, c1 - b.c1}; }
inline Fp2 Fp2::operator-() const { return Fp2{-c0, -c1}; }
inline Fp2 Fp2::dbl() const { return Fp2{c0.dbl(), c1.dbl()}; }
inline Fp2 Fp2::conj() const { return Fp2{c0, -c1}; }
inline Fp2 Fp2::operator*(const Fp& b) const { return Fp2{c0 * b, c1 * b}; }
// (c0 + c1·u)(1 + u) = (c0 - c1) + (c0 + c1)·u
inline Fp2 Fp2::mul_by_xi() const { return Fp2{c0 - c1, c0 + c1}; }

inline Fp2 Fp2::operator*(const Fp2& b) const {
  if (detail::g_fp_use_adx) {  // c0 = a0·b0 + (p - a1)·b1, c1 = a0·b1 + a1·b0, fused in asm
    Fp2 r;
    detail::fp2_mul_adx(r.c0.l.data(), c0.l.data(), b.c0.l.data());
    return r;
  }
  uint64_t t0[12], t1[12], t2[12], sa[6], sb[6];
  detail::fp_mul_wide(t0, c0.l.data(), b.c0.l.data());  // a0·b0
  detail::fp_mul_wide(t1, c1.l.data(), b.c1.l.data());  // a1·b1
  detail::add_raw6(sa, c0.l.data(), c1.l.data());
  detail::add_raw6(sb, b.c0.l.data(), b.c1.l.data());
  detail::fp_mul_wide(t2, sa, sb);  // (a0+a1)(b0+b1)
  detail::wide_sub(t2, t2, t0, 12);
  detail::wide_sub(t2, t2, t1, 12);  // a0·b1 + a1·b0 ≥ 0
  const uint64_t neg = detail::wide_sub(t0, t0, t1, 12);
  detail::wide_add_p_hi_masked(t0, 0 - neg);
  Fp2 r;
  detail::fp_redc(r.c0.l.data(), t0);
  detail::fp_redc(r.c1.l.data(), t2);
  return r;
}

// (a0 + a1·u)^2 = (a0 + a1)(a0 - a1) + 2·a0·a1·u, with unreduced factors
// a0 + a1 < 2p, a0 + (p - a1) < 2p and 2·a0 < 2p (fp_mul_loose accepts them).
inline Fp2 Fp2::sqr() const {
  if (detail::g_fp_use_adx) {
    Fp2 r;
    detail::fp2_sqr_adx(r.c0.l.data(), c0.l.data());
    return r;
  }
  uint64_t s[6], d[6], t[6], a2[6];
  detail::add_raw6(s, c0.l.data(), c1.l.data());
  detail::wide_sub(t, FpParams::kModulus.data(), c1.l.data(), 6);
  detail::add_raw6(d, c0.l.data(), t);
  detail::add_raw6(a2, c0.l.data(), c0.l.data());
  Fp2 r;
  detail::fp_mul_loose(r.c0.l.data(), s, d);
  detail::fp_mul_loose(r.c1.l.data(), a2, c1.l.data());
  return r;
}

inline bool Fp2::is_zero() const {
  return (static_cast<unsigned>(c0.is_zero()) & static_cast<unsigned>(c1.is_zero())) != 0;
}

inline bool Fp2::operator==(const Fp2& b) const {
  return (static_cast<unsigned>(c0 == b.c0) & static_cast<unsigned>(c1 == b.c1)) != 0;
}

inline Fp2 Fp2::select(uint64_t mask, const Fp2& a, const Fp2& b) {
  return Fp2{Fp::select(mask, a.c0, b.c0), Fp::select(mask, a.c1, b.c1)};
}

}  // namespace stakepool::crypto
