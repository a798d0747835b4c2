#pragma once
// Eight BLS12-381 Fp elements side by side for AVX-512 IFMA (private to the crypto module).
//
// Fp8 holds 8 independent lanes, each a value in radix 2^52 with 8 limbs (416 bits): limb k of all
// lanes is one __m512i (structure of arrays). Values are in Montgomery form for R' = 2^416
// ("IFMA form": a·R' mod p), which differs from the 6×64-bit code's R = 2^384; to_ifma/from_ifma
// convert. Invariants, checked by the tests against the scalar field:
//   - every limb of an Fp8 is < 2^52 ("normalised"): VPMADD52 reads only the low 52 bits;
//   - mul accepts values < 2^395 and returns values < 2p: (a·b + m·p)/2^416 < 2^374 + p.
//   - add returns a + b; sub(a, b) returns a − b + 16p and needs b < 8p. Callers keep every value
//     a small multiple of p (far below 2^395) so that no reduction is needed between operations.
// Nothing here branches on the values, but the IFMA code is only used for public data (Feldman
// commitments, subgroup tests), so constant time is not claimed. Every function carries the
// target attribute: the rest of the library is built for baseline x86-64 and calls into this
// code only when ifma_usable() (isa.hpp).
#include <immintrin.h>

#include <cstdint>

#define SP_IFMA_TARGET __attribute__((target("avx512f,avx512ifma")))
#define SP_IFMA_INLINE SP_IFMA_TARGET __attribute__((always_inline)) inline
// SP_IFMA_MUL: mul is inlined into its callers, except in sanitizer builds, where the fully
// unrolled, instrumented copies in every point formula take clang many minutes to compile.
#if defined(__SANITIZE_ADDRESS__)
#define SP_IFMA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SP_IFMA_SANITIZED 1
#endif
#endif
#if defined(SP_IFMA_SANITIZED)
#define SP_IFMA_MUL SP_IFMA_TARGET __attribute__((noinline)) inline
#else
#define SP_IFMA_MUL SP_IFMA_INLINE
#endif

namespace stakepool::crypto::ifma {

inline constexpr uint64_t kMask52 = (uint64_t{1} << 52) - 1;
// p in radix 2^52; -p^-1 mod 2^52.
inline constexpr uint64_t kP52[8] = {0xeffffffffaaab, 0xfeb153ffffb9f, 0x6b0f6241eabff,
                                     0x12bf6730d2a0f, 0x764774b84f385, 0x1ba7b6434bacd,
                                     0x1ea397fe69a4b, 0x1a011};
inline constexpr uint64_t kPInv52 = 0x3fffcfffcfffd;
// 16p with every limb but the top one >= 2^52 (a borrow moved down), so a + 16p − b needs no
// borrows for normalised b < 8p (b's top limb <= 0xd0088 < this top limb).
inline constexpr uint64_t k16pRedundant[8] = {0x1ffffffffaaab0, 0x1eb153ffffb9fd, 0x1b0f6241eabffe,
                                              0x12bf6730d2a0f5, 0x164774b84f3850, 0x1ba7b6434bacd6,
                                              0x1ea397fe69a4b0, 0x1a0110};
// 2^448 mod p: mul(a·R, this) = a·R' (the 6×64 code's Montgomery form into IFMA form).
inline constexpr uint64_t kToIfma[8] = {0x7fde37dba9366, 0x4e27525bc342b, 0x1f5b1e9778489,
                                        0xb872b2b91b9dc, 0xb206f497dfcaf, 0x4137cc89a9b0b,
                                        0xd9d20d7e39959, 0x411c};
// 2^384 mod p: mul(a·R', this) = a·R (IFMA form back to the 6×64 code's Montgomery form).
inline constexpr uint64_t kFromIfma[8] = {0x900000002fffd, 0xbc40c0002760,  0x3c758baebf400,
                                          0x57455f4898575, 0xd77ce58537052, 0x71a97a256ec6,
                                          0xec3fa80e4935c, 0x15f65};
// R' mod p (one) and 12·R' mod p (3b for E1: y^2 = x^3 + 4) in IFMA form.
inline constexpr uint64_t kOneIfma[8] = {0x6480ea8e9b9af, 0x65766c8fe444f, 0x8b540fea96f7d,
                                         0x3b2ee82efd422, 0xa6723e5f0ade5, 0xff6eb6fdd4230,
                                         0xe06ef23c24a25, 0x14c8e};
inline constexpr uint64_t kB3Ifma[8] = {0x460afeaf7b431, 0xcd5122beb5b19, 0xc4664aadd2de0,
                                        0x1d78417c77713, 0xa4d7d1f9b9711, 0x4b2b884890e,
                                        0x717302e000d24, 0xf618};

struct Fp8 {
  __m512i l[8];
};

SP_IFMA_INLINE Fp8 broadcast(const uint64_t (&c)[8]) {
  Fp8 r;
#pragma GCC unroll 16
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_set1_epi64(static_cast<long long>(c[k]));
  return r;
}

// normalise: carries every limb's bits above 52 into the next limb (the top limb keeps them).
SP_IFMA_INLINE void normalise(__m512i (&t)[8]) {
  const __m512i mask = _mm512_set1_epi64(kMask52);
#pragma GCC unroll 16
  for (int k = 0; k < 7; ++k) {
    t[k + 1] = _mm512_add_epi64(t[k + 1], _mm512_maskz_srli_epi64(0xff, t[k], 52));
    t[k] = _mm512_and_si512(t[k], mask);
  }
}

SP_IFMA_INLINE Fp8 add(const Fp8& a, const Fp8& b) {
  Fp8 r;
#pragma GCC unroll 16
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_add_epi64(a.l[k], b.l[k]);
  normalise(r.l);
  return r;
}

// sub: a − b + 16p (b < 8p).
SP_IFMA_INLINE Fp8 sub(const Fp8& a, const Fp8& b) {
  Fp8 r;
#pragma GCC unroll 16
  for (int k = 0; k < 8; ++k) {
    const __m512i kp = _mm512_set1_epi64(static_cast<long long>(k16pRedundant[k]));
    r.l[k] = _mm512_sub_epi64(_mm512_add_epi64(a.l[k], kp), b.l[k]);
  }
  normalise(r.l);
  return r;
}

// mul: a·b·2^-416 mod p (operand scanning, then word-by-word Montgomery reduction; 64-bit column
// accumulators absorb up to 33 terms of 52 bits without carrying).
SP_IFMA_MUL Fp8 mul(const Fp8& a, const Fp8& b) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i t[16];
#pragma GCC unroll 16
  for (int k = 0; k < 16; ++k) t[k] = zero;
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) {
#pragma GCC unroll 16
    for (int j = 0; j < 8; ++j) {
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], a.l[j], b.l[i]);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a.l[j], b.l[i]);
    }
  }
  const __m512i pinv = _mm512_set1_epi64(static_cast<long long>(kPInv52));
#pragma GCC unroll 16
  for (int i = 0; i < 8; ++i) {
    const __m512i m = _mm512_madd52lo_epu64(zero, t[i], pinv);
#pragma GCC unroll 16
    for (int j = 0; j < 8; ++j) {
      const __m512i pj = _mm512_set1_epi64(static_cast<long long>(kP52[j]));
      t[i + j] = _mm512_madd52lo_epu64(t[i + j], m, pj);
      t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], m, pj);
    }
    t[i + 1] =
        _mm512_add_epi64(t[i + 1], _mm512_maskz_srli_epi64(0xff, t[i], 52));  // low 52 bits are 0
  }
  Fp8 r;
#pragma GCC unroll 16
  for (int k = 0; k < 8; ++k) r.l[k] = t[8 + k];
  normalise(r.l);
  return r;
}

SP_IFMA_INLINE Fp8 sqr(const Fp8& a) { return mul(a, a); }

// select: lanes of b where the mask bit is set, of a elsewhere.
SP_IFMA_INLINE Fp8 select(__mmask8 m, const Fp8& a, const Fp8& b) {
  Fp8 r;
#pragma GCC unroll 16
  for (int k = 0; k < 8; ++k) r.l[k] = _mm512_mask_blend_epi64(m, a.l[k], b.l[k]);
  return r;
}

}  // namespace stakepool::crypto::ifma
