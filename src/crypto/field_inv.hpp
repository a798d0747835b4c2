#pragma once
// Constant-time modular inversion by Pornin's optimized binary GCD ("Optimized Binary GCD for
// Modular Inversion", eprint 2020/972, Algorithm 2), for any odd modulus of N 64-bit limbs.
//
// State: a, b (non-negative, a = y initially, b = m) and u, v mod m with a ≡ u·y, b ≡ v·y (mod m).
// Each outer step works on 64-bit approximations ā, b̄ — the low k = kSteps = 30 bits of a, b and
// their top 64 - k bits aligned on the longer of the two — and runs k binary-GCD iterations on them:
//   if ā odd: if ā < b̄: swap(ā, b̄) and the matrix rows; ā -= b̄, row0 -= row1
//   ā /= 2, row1 *= 2
// collecting a matrix [[f0, g0], [f1, g1]] (|f| + |g| ≤ 2^k). Then exactly
//   a' = (f0·a + g0·b)/2^k,  b' = (f1·a + g1·b)/2^k   (made non-negative, negating the row)
//   u' = (f0·u + g0·v)/2^k mod m,  v' = (f1·u + g1·v)/2^k mod m
// where the division of u', v' is Montgomery-style (add q·m to clear the low k bits), which keeps
// a ≡ u·y exactly. 2·len(m) - 1 iterations suffice (the paper's bound), after which b = gcd = 1 and
// v = y^-1. For y = 0, b stays m and v stays 0, so inv(0) = 0. Every step runs the same
// instructions for every input: masks replace branches; the iteration count depends on m only.
// (u, v) are updated once per two outer steps, with the product of their matrices and a division
// by 2^(2k): half as many modular linear combinations (Fp inverse ~53.7k -> ~44.1k instructions).
#include <cstdint>

#include "stakepool/crypto/field.hpp"

namespace stakepool::crypto::detail {

using i128 = __int128;

// ct_clz64 counts leading zeros of x without branches (64 for x = 0).
inline uint64_t ct_clz64(uint64_t x) {
  uint64_t r = 0;
  for (int s = 32; s >= 1; s >>= 1) {
    const uint64_t top_zero = ct::is_zero_mask(x >> (64 - s));  // all ones if the top s bits are 0
    r += top_zero & static_cast<uint64_t>(s);
    x = (x & ~top_zero) | ((x << s) & top_zero);
  }
  return r + (ct::is_zero_mask(x) & 1);
}

// clz64: ct_clz64, or the LZCNT instruction (fixed latency, no branch) on the ADX path: every CPU
// with ADX has LZCNT. Both give 64 for x = 0.
inline uint64_t clz64(uint64_t x) {
#if defined(__x86_64__)
  if (g_fp_use_adx) {
    uint64_t r;
    __asm__("lzcntq %1, %0" : "=r"(r) : "r"(x) : "cc");
    return r;
  }
#endif
  return ct_clz64(x);
}

// kSteps binary-GCD iterations per outer step; the low kSteps bits of the approximations are exact.
// 30 (not 31) keeps |f|, |g| <= 2^30 so that a matrix row (f, g) packs into one 64-bit word
// x = f + 2^32·g: row operations are then single 64-bit additions.
constexpr int kSteps = 30;

// approximations computes ā, b̄: the top 64 - kSteps bits of a and b at the position of the top bit of
// (a | b) (or all of a, b when both fit in 64 bits), with the low kSteps bits replaced by the exact ones.
template <std::size_t N>
inline void approximations(const uint64_t* a, const uint64_t* b, uint64_t& abar, uint64_t& bbar) {
  uint64_t a_hi = 0, a_lo = a[0], b_hi = 0, b_lo = b[0];
#if defined(__x86_64__)
  // From the bottom up, CMOV takes the window of every limb pair with a[i] | b[i] != 0: the last
  // (top) one wins. CMOV has no branch and a data-independent timing.
#pragma GCC unroll 8
  for (std::size_t i = 1; i < N; ++i) {
    uint64_t t;
    __asm__(
        "movq %[ai], %[t]\n\t"
        "orq %[bi], %[t]\n\t"
        "cmovnzq %[ai], %[ahi]\n\t"
        "cmovnzq %[aj], %[alo]\n\t"
        "cmovnzq %[bi], %[bhi]\n\t"
        "cmovnzq %[bj], %[blo]"
        : [ahi] "+r"(a_hi), [alo] "+r"(a_lo), [bhi] "+r"(b_hi), [blo] "+r"(b_lo), [t] "=&r"(t)
        : [ai] "rm"(a[i]), [aj] "rm"(a[i - 1]), [bi] "rm"(b[i]), [bj] "rm"(b[i - 1])
        : "cc");
  }
#else
  uint64_t found = 0;
  for (std::size_t i = N; i-- > 1;) {
    const uint64_t c = ~ct::is_zero_mask(a[i] | b[i]) & ~found;
    a_hi = (a[i] & c) | (a_hi & ~c);
    a_lo = (a[i - 1] & c) | (a_lo & ~c);
    b_hi = (b[i] & c) | (b_hi & ~c);
    b_lo = (b[i - 1] & c) | (b_lo & ~c);
    found |= c;
  }
#endif
  // Shift the 128-bit windows left so that the top bit of (a_hi | b_hi) lands at bit 127.
  const uint64_t s = clz64(a_hi | b_hi);  // 64 when not found: the window is then a_lo itself
  const uint64_t s_mask = ct::is_zero_mask(s >> 6);  // all ones if s < 64
  const uint64_t sh = s & 63;
  const uint64_t a_top = (((a_hi << sh) | ((a_lo >> 1) >> (63 - sh))) & s_mask) | (a_lo & ~s_mask);
  const uint64_t b_top = (((b_hi << sh) | ((b_lo >> 1) >> (63 - sh))) & s_mask) | (b_lo & ~s_mask);
  constexpr uint64_t kLow = (uint64_t{1} << kSteps) - 1;
  abar = (a_top & ~kLow) | (a[0] & kLow);
  bbar = (b_top & ~kLow) | (b[0] & kLow);
}

// Matrix is the transition: a' = (f0·a + g0·b)/2^kSteps, b' = (f1·a + g1·b)/2^kSteps.
struct Matrix {
  int64_t f0, g0, f1, g1;
};

// unpack_row splits x = f + 2^32·g (|f|, |g| < 2^31) into f and g.
inline void unpack_row(uint64_t x, int64_t& f, int64_t& g) {
  f = static_cast<int64_t>(x << 32) >> 32;
  g = static_cast<int64_t>(x - static_cast<uint64_t>(f)) >> 32;
}

// inner_steps runs kSteps constant-time binary-GCD iterations on the approximations. Per step, with
// odd = (ā odd): ā -= b̄·odd; a borrow means ā < b̄ (swap): then b̄ = old ā and ā = old b̄ - old ā,
// i.e. b̄ += ā and ā = -ā, and the same on the packed rows (x0, x1). Finally ā /= 2, x1 *= 2.
inline Matrix inner_steps(uint64_t abar, uint64_t bbar) {
  uint64_t x0 = 1, x1 = uint64_t{1} << 32;
#if defined(__x86_64__)
  // The same steps in x86-64 assembly: 19 instructions per step, no branches (CMOV only). With
  // bm = odd ? b̄ : 0 and xm = odd ? x1 : 0, the borrow of ā - bm is the swap condition; the new ā
  // and x0 go to a second register pair, so two steps alternate the roles and need no moves.
#define SP_BINGCD_STEP(A, A2, X, X2)                                     \
  "movq %[b], %[bm]\n\t"                                                 \
  "movq %[x1], %[xm]\n\t"                                                \
  "testq $1, %[" A "]\n\t"                                               \
  "cmovzq %[zero], %[bm]\n\t"                                            \
  "cmovzq %[zero], %[xm]\n\t"                                            \
  "movq %[bm], %[d]\n\t"                                                 \
  "subq %[" A "], %[d]\n\t"          /* d = bm - a */                    \
  "movq %[xm], %[e]\n\t"                                                 \
  "subq %[" X "], %[e]\n\t"          /* e = xm - x0 */                   \
  "movq %[" X "], %[" X2 "]\n\t"                                         \
  "subq %[xm], %[" X2 "]\n\t"        /* x0' = x0 - xm */                 \
  "movq %[" A "], %[" A2 "]\n\t"                                         \
  "subq %[bm], %[" A2 "]\n\t"        /* a' = a - bm; CF = swap */        \
  "cmovcq %[" A "], %[b]\n\t"                                            \
  "cmovcq %[" X "], %[x1]\n\t"                                           \
  "cmovcq %[d], %[" A2 "]\n\t"                                           \
  "cmovcq %[e], %[" X2 "]\n\t"                                           \
  "shrq $1, %[" A2 "]\n\t"                                               \
  "addq %[x1], %[x1]\n\t"
  uint64_t a2, y0, bm, xm, d, e;
  const uint64_t zero = 0;
  __asm__(
      ".rept 15\n\t"
      SP_BINGCD_STEP("a", "a2", "x0", "y0")
      SP_BINGCD_STEP("a2", "a", "y0", "x0")
      ".endr"
      : [a] "+r"(abar), [b] "+r"(bbar), [x0] "+r"(x0), [x1] "+r"(x1), [a2] "=&r"(a2),
        [y0] "=&r"(y0), [bm] "=&r"(bm), [xm] "=&r"(xm), [d] "=&r"(d), [e] "=&r"(e)
      : [zero] "r"(zero)
      : "cc");
#undef SP_BINGCD_STEP
  static_assert(kSteps == 30, "the .rept count above must be kSteps / 2");
#else
#pragma GCC unroll 32
  for (int j = 0; j < kSteps; ++j) {
    const uint64_t odd = 0 - (abar & 1);
    const u128 d = static_cast<u128>(abar) - (bbar & odd);
    abar = static_cast<uint64_t>(d);
    const uint64_t sw = 0 - static_cast<uint64_t>((d >> 64) & 1);
    bbar += abar & sw;
    abar = (abar ^ sw) - sw;
    x0 -= x1 & odd;
    x1 += x0 & sw;
    x0 = (x0 ^ sw) - sw;
    abar >>= 1;
    x1 <<= 1;
  }
#endif
  Matrix m;
  unpack_row(x0, m.f0, m.g0);
  unpack_row(x1, m.f1, m.g1);
  return m;
}

// add_wide: s = x + y as N + 1 limbs.
template <std::size_t N>
inline void add_wide(uint64_t* s, const uint64_t* x, const uint64_t* y) {
  unsigned char c = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    c = _addcarry_u64(c, x[j], y[j], reinterpret_cast<unsigned long long*>(&s[j]));
  }
  s[N] = c;
}

// comb_shift: out = (uf·x + ug·y + uq·z)/2^K − s as N limbs of two's complement; returns the sign
// mask. Callers pass offset multipliers uf = f + 2^K, ug = g + 2^K (non-negative for
// |f|, |g| <= 2^K) and s = x + y, so that out = (f·x + g·y + uq·z)/2^K with unsigned products
// only. The division must be exact (low K bits zero) and the result must lie in
// (−2^(64N), 2^(64N)). Every limb sum stays below 2^127 for uf, ug, uq <= 2^61.
template <std::size_t N, int K, bool kWithZ>
inline uint64_t comb_shift(uint64_t* out, const uint64_t* x, const uint64_t* y, const uint64_t* z,
                           uint64_t uf, uint64_t ug, uint64_t uq, const uint64_t* s) {
  uint64_t t[N + 1];
  u128 c = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    c += static_cast<u128>(uf) * x[j];
    c += static_cast<u128>(ug) * y[j];
    if constexpr (kWithZ) c += static_cast<u128>(uq) * z[j];
    t[j] = static_cast<uint64_t>(c);
    c >>= 64;
  }
  t[N] = static_cast<uint64_t>(c);
  unsigned char br = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    const uint64_t r = (t[j] >> K) | (t[j + 1] << (64 - K));
    br = _subborrow_u64(br, r, s[j], reinterpret_cast<unsigned long long*>(&out[j]));
  }
  unsigned long long top;
  _subborrow_u64(br, t[N] >> K, s[N], &top);
  return 0 - (static_cast<uint64_t>(top) >> 63);
}

// cond_neg: x = -x if mask (all ones) else x, for N limbs.
template <std::size_t N>
inline void cond_neg(uint64_t* x, uint64_t mask) {
  unsigned char c =
      _addcarry_u64(0, x[0] ^ mask, mask & 1, reinterpret_cast<unsigned long long*>(x));
#pragma GCC unroll 8
  for (std::size_t j = 1; j < N; ++j) {
    c = _addcarry_u64(c, x[j] ^ mask, 0, reinterpret_cast<unsigned long long*>(&x[j]));
  }
}

// update_ab: (a, b) = ((f0·a + g0·b)/2^k, (f1·a + g1·b)/2^k), negated to be non-negative with
// the matching matrix row negated too. With offset multipliers f + 2^k >= 0 the products are
// unsigned: (f·a + g·b)/2^k = ((f + 2^k)·a + (g + 2^k)·b)/2^k − (a + b).
template <std::size_t N>
inline void update_ab(uint64_t* a, uint64_t* b, Matrix& mx) {
  constexpr int64_t kOff = int64_t{1} << kSteps;
  uint64_t s[N + 1], na[N], nb[N];
  add_wide<N>(s, a, b);
  const uint64_t sa =
      comb_shift<N, kSteps, false>(na, a, b, nullptr, mx.f0 + kOff, mx.g0 + kOff, 0, s);
  const uint64_t sb =
      comb_shift<N, kSteps, false>(nb, a, b, nullptr, mx.f1 + kOff, mx.g1 + kOff, 0, s);
  cond_neg<N>(na, sa);
  cond_neg<N>(nb, sb);
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    a[j] = na[j];
    b[j] = nb[j];
  }
  mx.f0 = (mx.f0 ^ static_cast<int64_t>(sa)) - static_cast<int64_t>(sa);
  mx.g0 = (mx.g0 ^ static_cast<int64_t>(sa)) - static_cast<int64_t>(sa);
  mx.f1 = (mx.f1 ^ static_cast<int64_t>(sb)) - static_cast<int64_t>(sb);
  mx.g1 = (mx.g1 ^ static_cast<int64_t>(sb)) - static_cast<int64_t>(sb);
}

// lin_comb_mod: out = (f·u + g·v)/2^K mod m for u, v in [0, m), |f| + |g| <= 2^K, K <= 60, given
// s = u + v. q = -(f·u + g·v)·m^-1 mod 2^K clears the low bits; the quotient lies in (-m, 2m)
// and is normalised with one masked addition and one masked subtraction of m. The products are
// unsigned with the offset multipliers f + 2^K, g + 2^K (see comb_shift).
template <std::size_t N, int K>
inline void lin_comb_mod(uint64_t* out, const uint64_t* u, const uint64_t* v, const uint64_t* s,
                         int64_t f, int64_t g, const uint64_t* m, uint64_t minv) {
  const uint64_t s0 = static_cast<uint64_t>(f) * u[0] + static_cast<uint64_t>(g) * v[0];
  const uint64_t q = (s0 * minv) & ((uint64_t{1} << K) - 1);
  constexpr uint64_t kOff = uint64_t{1} << K;
  uint64_t r[N];
  const uint64_t neg = comb_shift<N, K, true>(r, u, v, m, static_cast<uint64_t>(f) + kOff,
                                              static_cast<uint64_t>(g) + kOff, q, s);
  unsigned char carry = 0;  // r += m if negative
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    carry = _addcarry_u64(carry, r[j], m[j] & neg, reinterpret_cast<unsigned long long*>(&r[j]));
  }
  cond_sub_mod<N>(out, r, 0, m);  // [0, 2m) -> [0, m)
}

// compose returns the matrix of two consecutive outer steps, first `m1` then `m2` (entries of
// each at most 2^kSteps in |f| + |g|, so the product's rows satisfy |F| + |G| <= 2^(2·kSteps)).
inline Matrix compose(const Matrix& m2, const Matrix& m1) {
  return Matrix{m2.f0 * m1.f0 + m2.g0 * m1.f1, m2.f0 * m1.g0 + m2.g0 * m1.g1,
                m2.f1 * m1.f0 + m2.g1 * m1.f1, m2.f1 * m1.g0 + m2.g1 * m1.g1};
}

// outer_step runs the inner steps on the approximations of (a, b) and updates (a, b) exactly;
// returns the (sign-fixed) transition matrix for (u, v).
template <std::size_t N>
inline Matrix outer_step(uint64_t* a, uint64_t* b) {
  uint64_t abar, bbar;
  approximations<N>(a, b, abar, bbar);
  Matrix mx = inner_steps(abar, bbar);
  update_ab<N>(a, b, mx);
  return mx;
}

// update_uv: (u, v) = ((f0·u + g0·v)/2^K, (f1·u + g1·v)/2^K) mod m.
template <std::size_t N, int K>
inline void update_uv(std::array<uint64_t, N>& u, std::array<uint64_t, N>& v, const Matrix& mx,
                      const uint64_t* m, uint64_t minv) {
  std::array<uint64_t, N> nu, nv;
  uint64_t s[N + 1];
  add_wide<N>(s, u.data(), v.data());
  lin_comb_mod<N, K>(nu.data(), u.data(), v.data(), s, mx.f0, mx.g0, m, minv);
  lin_comb_mod<N, K>(nv.data(), u.data(), v.data(), s, mx.f1, mx.g1, m, minv);
  u = nu;
  v = nv;
}

// inv_bingcd returns y^-1 mod m (0 for y = 0) for y < m, as a plain (non-Montgomery) value. (u, v)
// are only needed at the end, so they are updated once per two outer steps, with the product of
// the two matrices and a division by 2^(2·kSteps): half the modular linear combinations.
//
// kStopEarly (public inputs only): stop once a = 0. From then on every inner iteration only halves
// a (0) and doubles row 1, so each later (u, v) update maps v to (2^k·v)/2^k = v: stopping early
// returns the same v. Random inputs reach a = 0 well before the worst-case bound.
template <std::size_t N, bool kStopEarly = false>
inline std::array<uint64_t, N> inv_bingcd(const std::array<uint64_t, N>& y,
                                          const std::array<uint64_t, N>& m, uint64_t minv,
                                          int iterations) {
  std::array<uint64_t, N> a = y, b = m, u{}, v{};
  u[0] = 1;
  int it = 0;
  for (; it + 2 <= iterations; it += 2) {
    const Matrix m1 = outer_step<N>(a.data(), b.data());
    const Matrix m2 = outer_step<N>(a.data(), b.data());
    update_uv<N, 2 * kSteps>(u, v, compose(m2, m1), m.data(), minv);
    if constexpr (kStopEarly) {
      uint64_t any = 0;
      for (std::size_t i = 0; i < N; ++i) any |= a[i];
      if (any == 0) return v;
    }
  }
  if (it < iterations) {
    const Matrix m1 = outer_step<N>(a.data(), b.data());
    update_uv<N, kSteps>(u, v, m1, m.data(), minv);
  }
  return v;
}

// inv_ct: Montgomery-form inverse: x = X·R ↦ X^-1·R, computed as bingcd(X·R) · R^3 / R.
// With kStopEarly (inv_vartime, public inputs) the GCD stops as soon as it is done.
template <typename P, bool kStopEarly = false>
MontField<P> inv_ct(const MontField<P>& x) {
  constexpr std::size_t N = P::kLimbs;
  constexpr int kLen = bit_length<N>(P::kModulus);
  constexpr int kIterations = (2 * kLen - 1 + kSteps - 1) / kSteps;
  const std::array<uint64_t, N> y =
      inv_bingcd<N, kStopEarly>(x.l, P::kModulus, P::C::kInv, kIterations);
  MontField<P> r;
  mont_mul<N>(r.l.data(), P::C::kR3.data(), y.data(), P::kModulus.data(), P::C::kInv);
  return r;
}

}  // namespace stakepool::crypto::detail
