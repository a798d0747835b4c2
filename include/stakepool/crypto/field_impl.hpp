#pragma once
// Implementation details of MontField (field.hpp): parameter structs for Fp and Fr, the
// compile-time derivation of the Montgomery constants, the limb-level kernels, and the inline
// definitions of the hot operations (add, sub, neg, mul, sqr, select, comparisons) so that they
// inline across translation units. Included at the end of field.hpp; not a public API of its own.
//
// Kernels (all constant time, limbs little-endian, N = number of 64-bit limbs):
//   mont_mul<N>   CIOS Montgomery multiplication a·b·R^-1 mod m with a masked final subtraction.
//   mul_wide<N>   schoolbook N×N → 2N product (for lazy reduction in the tower).
//   redc<N>       Montgomery reduction of a 2N-limb value T < m·R to T·R^-1 mod m.
// The 6-limb Fp versions dispatch between the portable unsigned __int128 code and the
// MULX/ADCX/ADOX kernels (fp_adx_*.cpp) on detail::g_fp_use_adx (isa.hpp).
#include <x86intrin.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "stakepool/crypto/isa.hpp"
#include "stakepool/util/ct.hpp"

namespace stakepool::crypto {
namespace detail {

using u128 = unsigned __int128;

// ---- compile-time constant derivation (also used for toy moduli in the exhaustive tests) ----

// neg_inv64 returns -m0^-1 mod 2^64 (m0 odd) by Newton iteration: each step doubles the correct bits.
constexpr uint64_t neg_inv64(uint64_t m0) {
  uint64_t x = 1;
  for (int i = 0; i < 7; ++i) x *= 2 - m0 * x;
  return 0 - x;
}

// geq returns a >= b for N-limb values.
template <std::size_t N>
constexpr bool geq(const std::array<uint64_t, N>& a, const std::array<uint64_t, N>& b) {
  for (std::size_t i = N; i-- > 0;) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}

// sub_in_place: a -= b (caller guarantees no final borrow or wants it ignored).
template <std::size_t N>
constexpr void sub_in_place(std::array<uint64_t, N>& a, const std::array<uint64_t, N>& b) {
  uint64_t borrow = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const u128 s = static_cast<u128>(a[i]) - b[i] - borrow;
    a[i] = static_cast<uint64_t>(s);
    borrow = static_cast<uint64_t>(s >> 64) & 1;
  }
}

// pow2_mod returns 2^k mod m (m odd, > 1) by k modular doublings of 1.
template <std::size_t N>
constexpr std::array<uint64_t, N> pow2_mod(std::size_t k, const std::array<uint64_t, N>& m) {
  std::array<uint64_t, N> x{};
  x[0] = 1;
  for (std::size_t i = 0; i < k; ++i) {
    uint64_t carry = 0;
    for (std::size_t j = 0; j < N; ++j) {
      const uint64_t nx = (x[j] << 1) | carry;
      carry = x[j] >> 63;
      x[j] = nx;
    }
    if (carry != 0 || geq(x, m)) sub_in_place(x, m);
  }
  return x;
}

// add_small_shr returns (m + add) >> shift for add in [-3, 3] (exponent helper).
template <std::size_t N>
constexpr std::array<uint64_t, N> add_small_shr(const std::array<uint64_t, N>& m, int add,
                                                int shift) {
  std::array<uint64_t, N> x = m;
  std::array<uint64_t, N> d{};
  d[0] = static_cast<uint64_t>(add < 0 ? -add : add);
  uint64_t carry = 0;
  if (add < 0) {
    sub_in_place(x, d);
  } else {
    for (std::size_t i = 0; i < N; ++i) {
      const u128 s = static_cast<u128>(x[i]) + d[i] + carry;
      x[i] = static_cast<uint64_t>(s);
      carry = static_cast<uint64_t>(s >> 64);
    }
  }
  for (int s = 0; s < shift; ++s) {
    for (std::size_t i = 0; i < N; ++i) {
      const uint64_t hi = i + 1 < N ? x[i + 1] : carry;
      x[i] = (x[i] >> 1) | (hi << 63);
    }
    carry = 0;
  }
  return x;
}

// MontConstants derives everything the arithmetic needs from the modulus alone.
template <std::size_t N, const std::array<uint64_t, N>& M>
struct MontConstants {
  static constexpr uint64_t kInv = neg_inv64(M[0]);                     // -m^-1 mod 2^64
  static constexpr std::array<uint64_t, N> kR = pow2_mod<N>(64 * N, M);   // R mod m (= one)
  static constexpr std::array<uint64_t, N> kR2 = pow2_mod<N>(128 * N, M); // R^2 mod m
  static constexpr std::array<uint64_t, N> kR3 = pow2_mod<N>(192 * N, M); // R^3 mod m
  static constexpr std::array<uint64_t, N> kMinus2 = add_small_shr<N>(M, -2, 0);     // m - 2
  static constexpr std::array<uint64_t, N> kHalfMinus = add_small_shr<N>(M, -1, 1);  // (m-1)/2
  static constexpr std::array<uint64_t, N> kHalfPlus = add_small_shr<N>(M, 1, 1);    // (m+1)/2
  static constexpr std::array<uint64_t, N> kPlus1Div4 = add_small_shr<N>(M, 1, 2);   // (m+1)/4
  static constexpr std::array<uint64_t, N> kMinus3Div4 = add_small_shr<N>(M, -3, 2); // (m-3)/4
};

// ---- limb kernels ----

// cond_sub_mod: r = (t_hi:t) - m if (t_hi:t) >= m else t; constant time. Requires (t_hi:t) < 2m.
template <std::size_t N>
inline void cond_sub_mod(uint64_t* r, const uint64_t* t, uint64_t t_hi, const uint64_t* m) {
  unsigned long long d[N];
  unsigned char borrow = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) borrow = _subborrow_u64(borrow, t[j], m[j], &d[j]);
  // keep t iff t_hi - borrow underflows (i.e. the whole value was < m).
  unsigned long long hi;
  borrow = _subborrow_u64(borrow, t_hi, 0, &hi);
  const uint64_t keep = ct::value_barrier(0 - static_cast<uint64_t>(borrow));
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) r[j] = (t[j] & keep) | (d[j] & ~keep);
}

// add_mod: r = a + b mod m (a, b < m).
template <std::size_t N>
inline void add_mod(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* m) {
  unsigned long long t[N];
  unsigned char carry = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) carry = _addcarry_u64(carry, a[j], b[j], &t[j]);
  cond_sub_mod<N>(r, reinterpret_cast<const uint64_t*>(t), carry, m);
}

// sub_mod: r = a - b mod m (a, b < m): subtract, then add m back under the borrow mask.
template <std::size_t N>
inline void sub_mod(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* m) {
  unsigned long long t[N];
  unsigned char borrow = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) borrow = _subborrow_u64(borrow, a[j], b[j], &t[j]);
  const uint64_t mask = ct::value_barrier(0 - static_cast<uint64_t>(borrow));
  unsigned char carry = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    carry = _addcarry_u64(carry, t[j], m[j] & mask, reinterpret_cast<unsigned long long*>(&r[j]));
  }
}

// neg_mod: r = -a mod m (0 stays 0).
template <std::size_t N>
inline void neg_mod(uint64_t* r, const uint64_t* a, const uint64_t* m) {
  uint64_t any = 0;
  for (std::size_t j = 0; j < N; ++j) any |= a[j];
  const uint64_t nz = ~ct::is_zero_mask(any);
  uint64_t borrow = 0;
#pragma GCC unroll 8
  for (std::size_t j = 0; j < N; ++j) {
    const u128 s = static_cast<u128>(m[j]) - a[j] - borrow;
    r[j] = static_cast<uint64_t>(s) & nz;
    borrow = static_cast<uint64_t>(s >> 64) & 1;
  }
}

// mont_mul: r = a·b·R^-1 mod m by CIOS. Requires a < m and b < R (the intermediate stays below
// a + m < 2m); result < m. r may alias a or b.
template <std::size_t N>
inline void mont_mul(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* m,
                     uint64_t inv) {
  uint64_t t[N + 1] = {};
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) {
    uint64_t c = 0;
#pragma GCC unroll 8
    for (std::size_t j = 0; j < N; ++j) {  // t += a·b[i]
      const u128 s = static_cast<u128>(a[j]) * b[i] + t[j] + c;
      t[j] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    u128 s = static_cast<u128>(t[N]) + c;
    t[N] = static_cast<uint64_t>(s);
    const uint64_t t_top = static_cast<uint64_t>(s >> 64);
    const uint64_t q = t[0] * inv;  // t + q·m ≡ 0 mod 2^64
    s = static_cast<u128>(q) * m[0] + t[0];
    c = static_cast<uint64_t>(s >> 64);
#pragma GCC unroll 8
    for (std::size_t j = 1; j < N; ++j) {  // t = (t + q·m) / 2^64
      s = static_cast<u128>(q) * m[j] + t[j] + c;
      t[j - 1] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    s = static_cast<u128>(t[N]) + c;
    t[N - 1] = static_cast<uint64_t>(s);
    t[N] = t_top + static_cast<uint64_t>(s >> 64);
  }
  cond_sub_mod<N>(r, t, t[N], m);
}

// mul_wide: w[0..2N) = a·b.
template <std::size_t N>
inline void mul_wide(uint64_t* w, const uint64_t* a, const uint64_t* b) {
  for (std::size_t j = 0; j < N; ++j) w[j] = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) {
    uint64_t c = 0;
#pragma GCC unroll 8
    for (std::size_t j = 0; j < N; ++j) {
      const u128 s = static_cast<u128>(a[i]) * b[j] + w[i + j] + c;
      w[i + j] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    w[i + N] = c;
  }
}

// redc: r = w·R^-1 mod m for w < m·R (2N limbs; w is clobbered). Result < m.
template <std::size_t N>
inline void redc(uint64_t* r, uint64_t* w, const uint64_t* m, uint64_t inv) {
  uint64_t hc = 0;
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i) {
    const uint64_t q = w[i] * inv;
    uint64_t c = 0;
#pragma GCC unroll 8
    for (std::size_t j = 0; j < N; ++j) {
      const u128 s = static_cast<u128>(q) * m[j] + w[i + j] + c;
      w[i + j] = static_cast<uint64_t>(s);
      c = static_cast<uint64_t>(s >> 64);
    }
    const u128 s = static_cast<u128>(w[i + N]) + c + hc;
    w[i + N] = static_cast<uint64_t>(s);
    hc = static_cast<uint64_t>(s >> 64);
  }
  cond_sub_mod<N>(r, w + N, hc, m);
}

// ---- Fp-specific kernels: 6 limbs, modulus p fixed (assembly in fp_adx_*.cpp) ----
// fp_mul_adx / fp_sqr_adx: r = a·b·R^-1 mod p (a, b < p); MULX/ADCX/ADOX. r may alias.
void fp_mul_adx(uint64_t* r, const uint64_t* a, const uint64_t* b) __asm__("stakepool_fp_mul_adx");
void fp_sqr_adx(uint64_t* r, const uint64_t* a) __asm__("stakepool_fp_sqr_adx");
// fp_mul_sum_adx: r = (a·b + c·d)·R^-1 mod p for a, b, c, d < p (a or c may be p). r may alias.
void fp_mul_sum_adx(uint64_t* r, const uint64_t* a, const uint64_t* b, const uint64_t* c,
                    const uint64_t* d) __asm__("stakepool_fp_mul_sum_adx");
// fp2_mul_adx: Fp2 product of a = (a0, a1), b = (b0, b1) as 12 consecutive limbs. r may alias.
void fp2_mul_adx(uint64_t* r, const uint64_t* a, const uint64_t* b) __asm__("stakepool_fp2_mul_adx");
// fp2_sqr_adx: Fp2 square of a = (a0, a1) as 12 consecutive limbs. r may alias a.
void fp2_sqr_adx(uint64_t* r, const uint64_t* a) __asm__("stakepool_fp2_sqr_adx");
// fp2_sum_of_products{2,3}_adx: r = sum_k A[k]·B[k] over arrays of 2 or 3 Fp2 elements (each 12
// consecutive limbs), with one Montgomery reduction per output coefficient. r may alias.
void fp2_sum_of_products2_adx(uint64_t* r, const uint64_t* a, const uint64_t* b)
    __asm__("stakepool_fp2_sum_of_products2_adx");
void fp2_sum_of_products3_adx(uint64_t* r, const uint64_t* a, const uint64_t* b)
    __asm__("stakepool_fp2_sum_of_products3_adx");
// fp_mul_wide_adx: w[0..12) = a·b for a, b < 2^384. w must not alias a or b.
void fp_mul_wide_adx(uint64_t* w, const uint64_t* a, const uint64_t* b)
    __asm__("stakepool_fp_mul_wide_adx");
// fp_redc_adx: r = w·R^-1 mod p for w < p·2^384 (w is not modified).
void fp_redc_adx(uint64_t* r, const uint64_t* w) __asm__("stakepool_fp_redc_adx");

}  // namespace detail

// ---- parameter structs ----

// FpParams: the BLS12-381 base field, p (381 bits), 6 limbs, 48-byte encodings.
struct FpParams {
  static constexpr std::size_t kLimbs = 6;
  static constexpr std::size_t kBytes = 48;
  static constexpr std::array<uint64_t, 6> kModulus = {
      0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
      0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};
  using C = detail::MontConstants<6, kModulus>;
  static constexpr bool kIsFp = true;         // enables the ADX dispatch
  static constexpr uint64_t kNonResidue = 0;  // unused: p ≡ 3 mod 4
};

// FrParams: the BLS12-381 scalar field, r (255 bits), 4 limbs, 32-byte encodings.
struct FrParams {
  static constexpr std::size_t kLimbs = 4;
  static constexpr std::size_t kBytes = 32;
  static constexpr std::array<uint64_t, 4> kModulus = {
      0xffffffff00000001ULL, 0x53bda402fffe5bfeULL, 0x3339d80809a1d805ULL,
      0x73eda753299d7d48ULL};
  using C = detail::MontConstants<4, kModulus>;
  static constexpr bool kIsFp = false;
  static constexpr uint64_t kNonResidue = 7;  // generator of Fr^*, a quadratic non-residue
};

namespace detail {

// fp_mul_wide: w = a·b (12 limbs) for a, b < 2^384, dispatched on the ISA.
inline void fp_mul_wide(uint64_t* w, const uint64_t* a, const uint64_t* b) {
  if (g_fp_use_adx) {
    fp_mul_wide_adx(w, a, b);
  } else {
    mul_wide<6>(w, a, b);
  }
}

// fp_mul_loose: r = a·b·R^-1 mod p for unreduced a, b < 2p with a·b < 4p^2 (result fully reduced:
// it is (a·b + q·p)/R < 4p^2/R + p < 2p before the final subtraction). Dispatched on the ISA.
inline void fp_mul_loose(uint64_t* r, const uint64_t* a, const uint64_t* b) {
  if (g_fp_use_adx) {
    fp_mul_adx(r, a, b);
  } else {
    mont_mul<6>(r, a, b, FpParams::kModulus.data(), FpParams::C::kInv);
  }
}

// fp_redc: r = w·R^-1 mod p for w < p·2^384 (12 limbs; w is left unmodified).
inline void fp_redc(uint64_t* r, const uint64_t* w) {
  if (g_fp_use_adx) {
    fp_redc_adx(r, w);
  } else {
    uint64_t t[12];
    for (int i = 0; i < 12; ++i) t[i] = w[i];
    redc<6>(r, t, FpParams::kModulus.data(), FpParams::C::kInv);
  }
}

}  // namespace detail

// ---- inline MontField members ----

template <typename P>
inline MontField<P> MontField<P>::one() {
  return MontField{P::C::kR};
}

template <typename P>
inline MontField<P> MontField<P>::operator+(const MontField& b) const {
  MontField r;
  detail::add_mod<kLimbs>(r.l.data(), l.data(), b.l.data(), P::kModulus.data());
  return r;
}

template <typename P>
inline MontField<P> MontField<P>::operator-(const MontField& b) const {
  MontField r;
  detail::sub_mod<kLimbs>(r.l.data(), l.data(), b.l.data(), P::kModulus.data());
  return r;
}

template <typename P>
inline MontField<P> MontField<P>::operator-() const {
  MontField r;
  detail::neg_mod<kLimbs>(r.l.data(), l.data(), P::kModulus.data());
  return r;
}

template <typename P>
inline MontField<P> MontField<P>::dbl() const {
  return *this + *this;
}

template <typename P>
inline MontField<P> MontField<P>::operator*(const MontField& b) const {
  MontField r;
  if constexpr (P::kIsFp) {
    if (detail::g_fp_use_adx) {
      detail::fp_mul_adx(r.l.data(), l.data(), b.l.data());
      return r;
    }
  }
  detail::mont_mul<kLimbs>(r.l.data(), l.data(), b.l.data(), P::kModulus.data(), P::C::kInv);
  return r;
}

template <typename P>
inline MontField<P> MontField<P>::sqr() const {
  MontField r;
  if constexpr (P::kIsFp) {
    if (detail::g_fp_use_adx) {
      detail::fp_sqr_adx(r.l.data(), l.data());
      return r;
    }
  }
  detail::mont_mul<kLimbs>(r.l.data(), l.data(), l.data(), P::kModulus.data(), P::C::kInv);
  return r;
}

template <typename P>
inline MontField<P> MontField<P>::select(uint64_t mask, const MontField& a, const MontField& b) {
  MontField r;
  const uint64_t m = ct::value_barrier(mask);
  for (std::size_t i = 0; i < kLimbs; ++i) r.l[i] = (a.l[i] & m) | (b.l[i] & ~m);
  return r;
}

template <typename P>
inline void MontField<P>::cswap(MontField& o, uint64_t mask) {
  const uint64_t m = ct::value_barrier(mask);
  for (std::size_t i = 0; i < kLimbs; ++i) {
    const uint64_t x = (l[i] ^ o.l[i]) & m;
    l[i] ^= x;
    o.l[i] ^= x;
  }
}

template <typename P>
inline bool MontField<P>::is_zero() const {
  uint64_t acc = 0;
  for (std::size_t i = 0; i < kLimbs; ++i) acc |= l[i];
  return ct::is_zero_mask(acc) != 0;
}

template <typename P>
inline bool MontField<P>::is_one() const {
  uint64_t acc = 0;
  for (std::size_t i = 0; i < kLimbs; ++i) acc |= l[i] ^ P::C::kR[i];
  return ct::is_zero_mask(acc) != 0;
}

template <typename P>
inline bool MontField<P>::operator==(const MontField& b) const {
  uint64_t acc = 0;
  for (std::size_t i = 0; i < kLimbs; ++i) acc |= l[i] ^ b.l[i];
  return ct::is_zero_mask(acc) != 0;
}

}  // namespace stakepool::crypto
