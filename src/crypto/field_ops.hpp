#pragma once
// Template definitions of the less frequent MontField operations (conversions, inversion, powers,
// square roots). field.cpp instantiates them for FpParams and FrParams; the exhaustive tests include
// this header to instantiate MontField on a toy prime (STYLE.md L9).
#include <bit>
#include <cstring>

#include "stakepool/crypto/field.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace detail {

// shr_bits returns x >> s for s < 64·N (compile-time exponent helper).
template <std::size_t N>
constexpr std::array<uint64_t, N> shr_bits(const std::array<uint64_t, N>& x, int s) {
  return add_small_shr<N>(x, 0, s);
}

// two_adicity returns S with m - 1 = 2^S · odd.
template <std::size_t N>
constexpr int two_adicity(const std::array<uint64_t, N>& m) {
  std::array<uint64_t, N> x = add_small_shr<N>(m, -1, 0);
  int s = 0;
  while ((x[0] & 1) == 0) {
    x = shr_bits<N>(x, 1);
    ++s;
  }
  return s;
}

// bit_length of an N-limb value.
template <std::size_t N>
constexpr int bit_length(const std::array<uint64_t, N>& x) {
  for (std::size_t i = N; i-- > 0;) {
    if (x[i] != 0) return static_cast<int>(64 * i) + 64 - std::countl_zero(x[i]);
  }
  return 0;
}

// pow_fixed returns a^e for a public, compile-time-known exponent e, constant time in a: fixed
// 4-bit windows, table indexed by exponent digits only (public), every window does 4 squarings and
// one multiplication (by table[0] = 1 when the digit is 0).
template <typename F, std::size_t N>
F pow_fixed(const F& a, const std::array<uint64_t, N>& e) {
  F table[16];
  table[0] = F::one();
  table[1] = a;
  for (int i = 2; i < 16; ++i) table[i] = table[i - 1] * a;
  const int bits = bit_length<N>(e);
  const int windows = (bits + 3) / 4;
  F r = F::one();
  for (int w = windows - 1; w >= 0; --w) {
    if (w != windows - 1) r = r.sqr().sqr().sqr().sqr();
    const int bit = 4 * w;
    const unsigned digit = static_cast<unsigned>((e[bit / 64] >> (bit % 64)) & 15);
    r = r * table[digit];
  }
  return r;
}

}  // namespace detail
}  // namespace stakepool::crypto

#include "crypto/field_inv.hpp"

namespace stakepool::crypto {

template <typename P>
MontField<P> MontField<P>::from_u64(uint64_t v) {
  Limbs x{};
  x[0] = v;
  MontField r;  // mont_mul(R^2, v) = v·R mod m, valid for any v < 2^64 ≤ R.
  detail::mont_mul<kLimbs>(r.l.data(), P::C::kR2.data(), x.data(), P::kModulus.data(), P::C::kInv);
  return r;
}

template <typename P>
bool MontField<P>::from_canonical(MontField& out, const Limbs& v) {
  uint64_t borrow = 0;  // v < m iff v - m borrows
  for (std::size_t j = 0; j < kLimbs; ++j) {
    const detail::u128 s = static_cast<detail::u128>(v[j]) - P::kModulus[j] - borrow;
    borrow = static_cast<uint64_t>(s >> 64) & 1;
  }
  // No branch on the (possibly secret) value: convert unconditionally, then select. Only the
  // returned validity bit depends on v.
  // operator* (the ADX multiplication for Fp where available). For v >= m the product is
  // meaningless but discarded by the select.
  MontField raw, r2;
  raw.l = v;
  r2.l = P::C::kR2;
  const MontField conv = r2 * raw;
  out = select(0 - borrow, conv, out);
  return borrow != 0;
}

namespace detail {
// be_to_limbs reads n ≤ 8·N big-endian bytes as an integer into N little-endian limbs.
template <std::size_t N>
std::array<uint64_t, N> be_to_limbs(const uint8_t* in, std::size_t n) {
  std::array<uint64_t, N> x{};
  // Whole limbs (field elements, scalars) on a little-endian host: one byte-swapped load each.
  if (std::endian::native == std::endian::little && n == 8 * N) {
    for (std::size_t i = 0; i < N; ++i) {
      uint64_t w;
      std::memcpy(&w, in + n - 8 * (i + 1), 8);
      x[i] = __builtin_bswap64(w);
    }
    return x;
  }
  for (std::size_t i = 0; i < n; ++i) {
    x[i / 8] |= static_cast<uint64_t>(in[n - 1 - i]) << (8 * (i % 8));
  }
  return x;
}
}  // namespace detail

template <typename P>
bool MontField<P>::from_bytes_be(MontField& out, std::span<const uint8_t, kBytes> in) {
  static_assert(kBytes <= 8 * kLimbs);
  return from_canonical(out, detail::be_to_limbs<kLimbs>(in.data(), kBytes));
}

template <typename P>
MontField<P> MontField<P>::from_bytes_wide_be(std::span<const uint8_t> in) {
  SP_CHECK(in.size() <= 2 * kBytes);
  // x = hi·2^(8·kBytes) + lo. Montgomery form x·R = mont(hi, 2^(8·kBytes)·R^2) + mont(lo, R^2).
  static constexpr Limbs kHiFactor = detail::pow2_mod<kLimbs>(8 * kBytes + 128 * kLimbs,
                                                              P::kModulus);
  const std::size_t lo_len = in.size() < kBytes ? in.size() : kBytes;
  const std::size_t hi_len = in.size() - lo_len;
  const Limbs lo = detail::be_to_limbs<kLimbs>(in.data() + hi_len, lo_len);
  const Limbs hi = detail::be_to_limbs<kLimbs>(in.data(), hi_len);
  MontField a, b;
  detail::mont_mul<kLimbs>(a.l.data(), P::C::kR2.data(), lo.data(), P::kModulus.data(),
                           P::C::kInv);
  detail::mont_mul<kLimbs>(b.l.data(), kHiFactor.data(), hi.data(), P::kModulus.data(),
                           P::C::kInv);
  return a + b;
}

template <typename P>
typename MontField<P>::Limbs MontField<P>::to_canonical() const {
  Limbs one_raw{};
  one_raw[0] = 1;
  Limbs r;  // mont_mul(1, aR) = a
  detail::mont_mul<kLimbs>(r.data(), one_raw.data(), l.data(), P::kModulus.data(), P::C::kInv);
  return r;
}

template <typename P>
void MontField<P>::to_bytes_be(std::span<uint8_t, kBytes> out) const {
  const Limbs c = to_canonical();
  for (std::size_t i = 0; i < kBytes; ++i) {
    out[kBytes - 1 - i] = static_cast<uint8_t>(c[i / 8] >> (8 * (i % 8)));
  }
}

template <typename P>
MontField<P> MontField<P>::half() const {
  // a odd: (a + m)/2, a even: a/2 — add m under the parity mask, shift the (N+1)-limb sum right.
  const uint64_t mask = ct::value_barrier(0 - (l[0] & 1));
  Limbs t;
  uint64_t carry = 0;
  for (std::size_t j = 0; j < kLimbs; ++j) {
    const detail::u128 s = static_cast<detail::u128>(l[j]) + (P::kModulus[j] & mask) + carry;
    t[j] = static_cast<uint64_t>(s);
    carry = static_cast<uint64_t>(s >> 64);
  }
  MontField r;
  for (std::size_t j = 0; j < kLimbs; ++j) {
    const uint64_t hi = j + 1 < kLimbs ? t[j + 1] : carry;
    r.l[j] = (t[j] >> 1) | (hi << 63);
  }
  return r;
}

template <typename P>
MontField<P> MontField<P>::inv() const {
  return detail::inv_ct(*this);  // constant-time binary GCD (field_inv.hpp); 0 ↦ 0
}

template <typename P>
MontField<P> MontField<P>::inv_vartime() const {
  return detail::inv_ct<P, true>(*this);  // the same binary GCD, stopped when it is done
}

template <typename P>
MontField<P> MontField<P>::pow_vartime(std::span<const uint64_t> e) const {
  MontField r = one();
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      r = r.sqr();
      if ((e[i] >> b) & 1) r = r * *this;
    }
  }
  return r;
}

namespace detail {

// sqrt_tonelli_shanks: constant-time Tonelli–Shanks (RFC 9380 Appendix I.4, sqrt_ts) for m ≡ 1
// mod 4. Returns a candidate z; z^2 == x iff x is a square.
template <typename P>
MontField<P> sqrt_tonelli_shanks(const MontField<P>& x) {
  using F = MontField<P>;
  constexpr std::size_t N = P::kLimbs;
  constexpr int kS = two_adicity<N>(P::kModulus);                  // c1
  constexpr auto kQ = add_small_shr<N>(P::kModulus, -1, kS);       // c2 = (m-1)/2^S
  constexpr auto kQm1Half = add_small_shr<N>(kQ, -1, 1);           // c3 = (c2-1)/2
  static const F kRootOfUnity =                                     // c5 = nonresidue^c2
      F::from_u64(P::kNonResidue).pow_vartime(std::span<const uint64_t>(kQ.data(), N));
  F z = pow_fixed(x, kQm1Half);
  F t = z.sqr() * x;
  z = z * x;
  F b = t;
  F c = kRootOfUnity;
  for (int i = kS; i >= 2; --i) {
    for (int j = 1; j <= i - 2; ++j) b = b.sqr();
    const uint64_t e = 0 - static_cast<uint64_t>(b.is_one());
    z = F::select(e, z, z * c);
    c = c.sqr();
    t = F::select(e, t, t * c);
    b = t;
  }
  return z;
}

}  // namespace detail

template <typename P>
bool MontField<P>::sqrt(MontField& out) const {
  MontField z;
  if constexpr ((P::kModulus[0] & 3) == 3) {
    z = detail::pow_fixed(*this, P::C::kPlus1Div4);  // a^((m+1)/4)
  } else {
    z = detail::sqrt_tonelli_shanks<P>(*this);
  }
  const bool ok = z.sqr() == *this;
  out = select(0 - static_cast<uint64_t>(ok), z, out);
  return ok;
}

template <typename P>
bool MontField<P>::is_square() const {
  // Euler's criterion: a^((m-1)/2) is 1 for non-zero squares, 0 for 0, -1 otherwise.
  const MontField e = detail::pow_fixed(*this, P::C::kHalfMinus);
  return (static_cast<unsigned>(e.is_one()) | static_cast<unsigned>(e.is_zero())) != 0;
}

template <typename P>
bool MontField<P>::sgn0() const {
  return (to_canonical()[0] & 1) != 0;
}

template <typename P>
bool MontField<P>::lexicographically_largest() const {
  // a > (m-1)/2 iff (m-1)/2 - a borrows.
  const Limbs c = to_canonical();
  uint64_t borrow = 0;
  for (std::size_t j = 0; j < kLimbs; ++j) {
    const detail::u128 s = static_cast<detail::u128>(P::C::kHalfMinus[j]) - c[j] - borrow;
    borrow = static_cast<uint64_t>(s >> 64) & 1;
  }
  return borrow != 0;
}

}  // namespace stakepool::crypto
