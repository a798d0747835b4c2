// X25519 for 8 u-coordinates and one scalar at once: the Montgomery ladder of RFC 7748 §5 with
// GF(2^255 - 19) in radix 2^52 (5 limbs), one 64-bit lane of a __m512i per point (structure of
// arrays: limb i of all 8 points in one register), products by AVX-512 IFMA (vpmadd52luq /
// vpmadd52huq: the low / high 52 bits of a 52x52-bit product added to a 64-bit accumulator).
//
// Limb bounds. IFMA multiplies only the low 52 bits of each input, so every multiplication input
// must be "normalised": limbs 0-3 < 2^52 and limb 4 < 2^48. carry() produces exactly that from
// any limbs < 2^62 (it folds bits 255 and up of limb 4 back as ·19, then carries 0 -> 4 once,
// leaving limb 4 < 2^47 + 2^10). Sums and differences are normalised before they are multiplied.
//
// Constant time (an argument: valgrind cannot run AVX-512 and hides it in CPUID, so under
// tests/ctime ifma_usable() is false and the check never reaches this file): the scalar enters only through
// `swap`, which becomes an all-zeros or all-ones vector applied with and/xor; every lane executes
// the same instructions for every scalar; there are no branches or memory indices on the scalar
// or on field values (loop counts, lane counts and the inversion chain are public). IFMA, add,
// and, xor and shift instructions have data-independent latency. The final reduction mod p uses
// masks. Secret lane state is wiped before returning.
#include "x25519_ifma.hpp"

#include <immintrin.h>

#include <cstring>

#include "stakepool/util/ct.hpp"
#include "stakepool/util/secret.hpp"

// Everything below (and only this) is compiled for AVX-512F + IFMA; it runs only after
// crypto::ifma_usable() (CPU, OS and STAKEPOOL_ISA) allowed it. All headers are included above,
// so no inline function of a header gets an AVX-512 body here.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512ifma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512ifma")
#endif
// GCC 12 warns inside its own _mm512_srli_epi64 (the deliberately undefined pass-through operand
// of _mm512_undefined_epi32); nothing in this file reads an uninitialised value.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace stakepool::crypto::detail {
namespace {

using V = __m512i;
constexpr int kLanes = kX25519IfmaLanes;
constexpr uint64_t kMask52 = (uint64_t{1} << 52) - 1;
constexpr uint64_t kMask47 = (uint64_t{1} << 47) - 1;

// Fe8: 8 field elements, limb i of lane j in v[i] lane j, value sum v[i]·2^(52i).
struct Fe8 {
  V v[5];
};

inline V splat(uint64_t x) { return _mm512_set1_epi64(static_cast<long long>(x)); }
inline V madd_lo(V acc, V a, V b) { return _mm512_madd52lo_epu64(acc, a, b); }
inline V madd_hi(V acc, V a, V b) { return _mm512_madd52hi_epu64(acc, a, b); }

// carry: normalises c (limbs < 2^62): bits 255.. of the value fold back as ·19 (2^255 = 19 mod
// p), then one carry pass from limb 0 to 4. Limbs 0-3 end < 2^52, limb 4 < 2^47 + 2^10.
inline Fe8 carry(V c0, V c1, V c2, V c3, V c4) {
  const V m52 = splat(kMask52);
  const V top = _mm512_srli_epi64(c4, 47);
  c4 = _mm512_and_si512(c4, splat(kMask47));
  c0 = madd_lo(c0, top, splat(19));  // top < 2^15: the low half is the whole product
  c1 = _mm512_add_epi64(c1, _mm512_srli_epi64(c0, 52));
  c2 = _mm512_add_epi64(c2, _mm512_srli_epi64(c1, 52));
  c3 = _mm512_add_epi64(c3, _mm512_srli_epi64(c2, 52));
  c4 = _mm512_add_epi64(c4, _mm512_srli_epi64(c3, 52));
  return Fe8{{_mm512_and_si512(c0, m52), _mm512_and_si512(c1, m52), _mm512_and_si512(c2, m52),
              _mm512_and_si512(c3, m52), c4}};
}

// reduce_wide: the 10 product columns c (c[k] < 2^56, c[9] < 2^52) to a normalised element.
// Column k >= 5 has weight 2^(52k) = 2^(52(k-5))·2^260 and 2^260 = 32·19 = 608 mod p: its low
// 52 bits times 608 go to columns k-5 (low half) and k-4 (high half), its bits 52.. times 608
// (< 2^14) to column k-4. Column 9 (< 2^52) is folded first, into columns 4 and 5.
inline Fe8 reduce_wide(V c[10]) {
  const V k608 = splat(608);
  c[4] = madd_lo(c[4], c[9], k608);
  c[5] = madd_hi(c[5], c[9], k608);
  for (int k = 5; k < 9; ++k) {
    c[k - 5] = madd_lo(c[k - 5], c[k], k608);
    c[k - 4] = madd_hi(c[k - 4], c[k], k608);
    c[k - 4] = madd_lo(c[k - 4], _mm512_srli_epi64(c[k], 52), k608);
  }
  return carry(c[0], c[1], c[2], c[3], c[4]);
}

// mul: a·b; a and b normalised. Column k collects the low halves of a_i·b_j with i + j = k and
// the high halves of those with i + j = k - 1 (at most 9 terms < 2^52 each).
inline Fe8 mul(const Fe8& a, const Fe8& b) {
  V c[10];
  for (V& x : c) x = _mm512_setzero_si512();
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      c[i + j] = madd_lo(c[i + j], a.v[i], b.v[j]);
      c[i + j + 1] = madd_hi(c[i + j + 1], a.v[i], b.v[j]);
    }
  }
  return reduce_wide(c);
}

// sq: a² with the 10 cross products computed once and doubled (a normalised).
inline Fe8 sq(const Fe8& a) {
  V x[10], d[10];
  for (int k = 0; k < 10; ++k) x[k] = d[k] = _mm512_setzero_si512();
  for (int i = 0; i < 5; ++i) {
    d[2 * i] = madd_lo(d[2 * i], a.v[i], a.v[i]);
    d[2 * i + 1] = madd_hi(d[2 * i + 1], a.v[i], a.v[i]);
    for (int j = i + 1; j < 5; ++j) {
      x[i + j] = madd_lo(x[i + j], a.v[i], a.v[j]);
      x[i + j + 1] = madd_hi(x[i + j + 1], a.v[i], a.v[j]);
    }
  }
  for (int k = 0; k < 10; ++k) d[k] = _mm512_add_epi64(d[k], _mm512_add_epi64(x[k], x[k]));
  return reduce_wide(d);
}

// add / sub: normalised a ± b, normalised. sub adds 2p (limbs 2^53 - 38, 2^53 - 2 ×3,
// 2^48 - 2), which is at least b limb by limb, so no limb goes negative.
inline Fe8 add(const Fe8& a, const Fe8& b) {
  V s[5];
  for (int i = 0; i < 5; ++i) s[i] = _mm512_add_epi64(a.v[i], b.v[i]);
  return carry(s[0], s[1], s[2], s[3], s[4]);
}

inline Fe8 sub(const Fe8& a, const Fe8& b) {
  static constexpr uint64_t kTwoP[5] = {(uint64_t{1} << 53) - 38, (uint64_t{1} << 53) - 2,
                                        (uint64_t{1} << 53) - 2, (uint64_t{1} << 53) - 2,
                                        (uint64_t{1} << 48) - 2};
  V s[5];
  for (int i = 0; i < 5; ++i) {
    s[i] = _mm512_sub_epi64(_mm512_add_epi64(a.v[i], splat(kTwoP[i])), b.v[i]);
  }
  return carry(s[0], s[1], s[2], s[3], s[4]);
}

// add_mul_a24: a + 121665·e ((A - 2)/4 for A = 486662), normalised. The high half of e_4·121665
// (< 2^13, weight 2^260) folds into limb 0 as ·608.
inline Fe8 add_mul_a24(const Fe8& a, const Fe8& e) {
  const V k = splat(121665);
  V s[5] = {a.v[0], a.v[1], a.v[2], a.v[3], a.v[4]};
  for (int i = 0; i < 5; ++i) s[i] = madd_lo(s[i], e.v[i], k);
  for (int i = 0; i < 4; ++i) s[i + 1] = madd_hi(s[i + 1], e.v[i], k);
  const V over = madd_hi(_mm512_setzero_si512(), e.v[4], k);
  s[0] = madd_lo(s[0], over, splat(608));
  return carry(s[0], s[1], s[2], s[3], s[4]);
}

// cswap: swaps a and b where mask is all ones, keeps them where it is zero.
inline void cswap(Fe8& a, Fe8& b, V mask) {
  for (int i = 0; i < 5; ++i) {
    const V t = _mm512_and_si512(mask, _mm512_xor_si512(a.v[i], b.v[i]));
    a.v[i] = _mm512_xor_si512(a.v[i], t);
    b.v[i] = _mm512_xor_si512(b.v[i], t);
  }
}

// LadderState: (x2 : z2) and (x3 : z3) of RFC 7748 §5.
struct LadderState {
  Fe8 x2, z2, x3, z3;
};

// ladder_step: one differential addition and doubling (RFC 7748 §5, after the swap).
inline void ladder_step(const Fe8& x1, LadderState& s) {
  const Fe8 a = add(s.x2, s.z2), b = sub(s.x2, s.z2);
  const Fe8 aa = sq(a), bb = sq(b);
  const Fe8 e = sub(aa, bb);
  const Fe8 c = add(s.x3, s.z3), d = sub(s.x3, s.z3);
  const Fe8 da = mul(d, a), cb = mul(c, b);
  s.x3 = sq(add(da, cb));
  s.z3 = mul(x1, sq(sub(da, cb)));
  s.x2 = mul(aa, bb);
  s.z2 = mul(e, add_mul_a24(aa, e));
}

Fe8 sq_n(Fe8 a, int n) {
  for (int i = 0; i < n; ++i) a = sq(a);
  return a;
}

// invert: z^(p-2) = z^(2^255 - 21) (0 for z = 0) by a fixed chain of 254 squarings, 11 products.
Fe8 invert(const Fe8& z) {
  const Fe8 z2 = sq(z);                         // 2
  const Fe8 z9 = mul(z, sq_n(z2, 2));           // 9
  const Fe8 z11 = mul(z2, z9);                  // 11
  const Fe8 e5 = mul(z9, sq(z11));              // 2^5 - 1
  const Fe8 e10 = mul(e5, sq_n(e5, 5));         // 2^10 - 1
  const Fe8 e20 = mul(e10, sq_n(e10, 10));      // 2^20 - 1
  const Fe8 e40 = mul(e20, sq_n(e20, 20));      // 2^40 - 1
  const Fe8 e50 = mul(e10, sq_n(e40, 10));      // 2^50 - 1
  const Fe8 e100 = mul(e50, sq_n(e50, 50));     // 2^100 - 1
  const Fe8 e200 = mul(e100, sq_n(e100, 100));  // 2^200 - 1
  const Fe8 e250 = mul(e50, sq_n(e200, 50));    // 2^250 - 1
  return mul(z11, sq_n(e250, 5));               // 2^255 - 32 + 11
}

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// decode_u: RFC 7748 decodeUCoordinate for every lane: the low 255 bits as radix-2^52 limbs
// (a value >= p needs no reduction: any normalised limbs are accepted).
Fe8 decode_u(const uint8_t u[kLanes][32]) {
  alignas(64) uint64_t l[5][kLanes];
  for (int j = 0; j < kLanes; ++j) {
    const uint64_t w0 = load64_le(u[j]), w1 = load64_le(u[j] + 8), w2 = load64_le(u[j] + 16);
    const uint64_t w3 = load64_le(u[j] + 24);
    l[0][j] = w0 & kMask52;
    l[1][j] = ((w0 >> 52) | (w1 << 12)) & kMask52;
    l[2][j] = ((w1 >> 40) | (w2 << 24)) & kMask52;
    l[3][j] = ((w2 >> 28) | (w3 << 36)) & kMask52;
    l[4][j] = (w3 >> 16) & kMask47;
  }
  Fe8 r;
  for (int i = 0; i < 5; ++i) r.v[i] = _mm512_load_si512(l[i]);
  return r;
}

// carry_lane: one fold-and-carry pass on one lane's limbs (as carry() above).
void carry_lane(uint64_t c[5]) {
  const uint64_t top = c[4] >> 47;
  c[4] &= kMask47;
  c[0] += 19 * top;
  for (int i = 0; i < 4; ++i) {
    c[i + 1] += c[i] >> 52;
    c[i] &= kMask52;
  }
}

// encode_lane: the canonical 32 little-endian bytes of a normalised lane. Two passes leave a
// value < 2^255; then v >= p exactly when v + 19 >= 2^255, and v - p = v + 19 - 2^255 is chosen
// by mask.
void encode_lane(uint64_t c[5], uint8_t out[32]) {
  carry_lane(c);
  carry_lane(c);
  uint64_t t[5] = {c[0] + 19, c[1], c[2], c[3], c[4]};
  for (int i = 0; i < 4; ++i) {
    t[i + 1] += t[i] >> 52;
    t[i] &= kMask52;
  }
  const uint64_t ge = ct::value_barrier(0 - (t[4] >> 47));  // all ones when v >= p
  t[4] &= kMask47;
  for (int i = 0; i < 5; ++i) c[i] = (t[i] & ge) | (c[i] & ~ge);
  const uint64_t w[4] = {c[0] | (c[1] << 52), (c[1] >> 12) | (c[2] << 40),
                         (c[2] >> 24) | (c[3] << 28), (c[3] >> 36) | (c[4] << 16)};
  for (int i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(w[i / 8] >> (8 * (i % 8)));
  util::secure_zero(t, sizeof(t));
}

// run_ladder: the 255 steps for bits 254..0 of the clamped k, then the last swap.
void run_ladder(const uint8_t k[32], const Fe8& x1, LadderState& s) {
  const Fe8 one{{splat(1), splat(0), splat(0), splat(0), splat(0)}};
  const Fe8 zero{{splat(0), splat(0), splat(0), splat(0), splat(0)}};
  s = LadderState{one, zero, x1, one};
  uint64_t swap = 0;
  for (int t = 254; t >= 0; --t) {
    const uint64_t bit = (k[t >> 3] >> (t & 7)) & 1;
    swap ^= bit;
    const V mask = splat(ct::value_barrier(0 - swap));
    cswap(s.x2, s.x3, mask);
    cswap(s.z2, s.z3, mask);
    swap = bit;
    ladder_step(x1, s);
  }
  const V mask = splat(ct::value_barrier(0 - swap));
  cswap(s.x2, s.x3, mask);
  cswap(s.z2, s.z3, mask);
}

}  // namespace

void x25519_ladder_ifma8(const uint8_t k[32], const uint8_t u[kLanes][32],
                         uint8_t out[kLanes][32]) {
  const Fe8 x1 = decode_u(u);
  LadderState s;
  run_ladder(k, x1, s);
  Fe8 r = mul(s.x2, invert(s.z2));  // z2 = 0 gives 0 (0^(p-2) = 0)
  alignas(64) uint64_t l[5][kLanes];
  for (int i = 0; i < 5; ++i) _mm512_store_si512(l[i], r.v[i]);
  for (int j = 0; j < kLanes; ++j) {
    uint64_t c[5] = {l[0][j], l[1][j], l[2][j], l[3][j], l[4][j]};
    encode_lane(c, out[j]);
    util::secure_zero(c, sizeof(c));
  }
  util::secure_zero(&s, sizeof(s));
  util::secure_zero(&r, sizeof(r));
  util::secure_zero(l, sizeof(l));
}

}  // namespace stakepool::crypto::detail

#pragma GCC diagnostic pop
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
