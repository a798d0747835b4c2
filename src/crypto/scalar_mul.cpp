// Scalar multiplication on E1/E2: constant-time fixed windows (generic, and with the GLV/GLS
// endomorphism split on G1/G2) and variable-time w-NAF for public scalars.
#include <algorithm>
#include <array>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "crypto/scalar_recode.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

using curve_detail::mask;
using recode::SignedDigit;
using recode::u128;

constexpr int kCtTable = 16;  // signed radix-32 digits have magnitude <= 16
constexpr int kWnafWidth = 5;
constexpr int kWnafTable = 1 << (kWnafWidth - 2);  // odd multiples 1, 3, ..., 15

template <typename F>
using CtTable = std::array<AffinePoint<F>, kCtTable>;

// build_ct_table returns [1]p .. [16]p in affine form. Constant time.
template <typename F>
CtTable<F> build_ct_table(const JacobianPoint<F>& p) {
  std::array<JacobianPoint<F>, kCtTable> jac;
  jac[0] = p;
  jac[1] = dbl(p);
  for (int i = 2; i < kCtTable; ++i) jac[i] = add(jac[i - 1], p);
  CtTable<F> out;
  batch_to_affine<F>(jac, out);
  return out;
}

// lookup returns [d.mag]T (the identity for 0), negated when d.neg: scans every entry.
template <typename F>
AffinePoint<F> lookup(const CtTable<F>& t, const SignedDigit& d) {
  AffinePoint<F> r;  // infinity
  for (int j = 0; j < kCtTable; ++j) {
    const uint64_t hit = ct::is_zero_mask(d.mag ^ static_cast<uint64_t>(j + 1));
    r = curve_detail::select(hit, t[j], r);
  }
  return curve_detail::cneg(d.neg, r);
}

// multi_mul_ct returns sum_j [v_j]B_j for N bases given by their tables, where v_j has digits
// digits[j][0..len) (least significant first). Constant time.
template <typename F, std::size_t N>
JacobianPoint<F> multi_mul_ct(const std::array<CtTable<F>, N>& tables,
                              const std::array<std::array<SignedDigit, 32>, N>& digits, int len) {
  JacobianPoint<F> acc = identity<F>();
  for (int i = len - 1; i >= 0; --i) {
    if (i != len - 1) {
      for (int s = 0; s < 5; ++s) acc = dbl(acc);
    }
    for (std::size_t j = 0; j < N; ++j) acc = add_mixed(acc, lookup(tables[j], digits[j][i]));
  }
  return acc;
}

// flip: negates every digit whose sign is folded into the base (-sigma, -psi, -psi^3).
void flip(std::array<SignedDigit, 32>& d) {
  for (SignedDigit& x : d) x.neg = ~x.neg;
}

// ---- variable time ----

template <typename F>
using WnafTable = std::array<AffinePoint<F>, kWnafTable>;

template <typename F>
WnafTable<F> build_wnaf_table(const JacobianPoint<F>& p) {
  std::array<JacobianPoint<F>, kWnafTable> jac;
  const JacobianPoint<F> p2 = dbl(p);
  jac[0] = p;
  for (int i = 1; i < kWnafTable; ++i) jac[i] = add_vartime(jac[i - 1], p2);
  WnafTable<F> out;
  batch_to_affine_vartime<F>(jac, out);
  return out;
}

struct WnafInput {
  std::vector<int8_t> digits;
  bool negate;  // the base carries a minus sign
};

template <typename F, std::size_t N>
JacobianPoint<F> multi_mul_wnaf_vartime(const std::array<WnafTable<F>, N>& tables,
                                        const std::array<WnafInput, N>& in) {
  std::size_t len = 0;
  for (const WnafInput& x : in) len = std::max(len, x.digits.size());
  JacobianPoint<F> acc = identity<F>();
  for (std::size_t i = len; i-- > 0;) {
    if (!is_identity(acc)) acc = dbl(acc);
    for (std::size_t j = 0; j < N; ++j) {
      if (i >= in[j].digits.size() || in[j].digits[i] == 0) continue;
      const int d = in[j].digits[i];
      const AffinePoint<F>& t = tables[j][(d < 0 ? -d : d) / 2];
      acc = add_mixed_vartime(acc, ((d < 0) != in[j].negate) ? neg(t) : t);
    }
  }
  return acc;
}

WnafInput wnaf_of(u128 v, bool negate) {
  const uint64_t limbs[2] = {static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)};
  return {recode::wnaf_vartime(limbs, 2, kWnafWidth), negate};
}

// glv_halves: k = a0 + a1·|z|^2 with a0 = d0 + d1|z|, a1 = d2 + d3|z| (each < 2^128).
std::array<u128, 2> glv_halves(const std::array<uint64_t, 4>& d) {
  return {static_cast<u128>(d[0]) + static_cast<u128>(d[1]) * kZAbs,
          static_cast<u128>(d[2]) + static_cast<u128>(d[3]) * kZAbs};
}

}  // namespace

// ---- generic constant time -----------------------------------------------------------------------

template <typename F>
JacobianPoint<F> mul_ct(const JacobianPoint<F>& p, const Scalar& k) {
  std::array<JacobianPoint<F>, 16> t;  // t[i] = [i]p
  t[0] = identity<F>();
  t[1] = p;
  for (int i = 2; i < 16; ++i) t[i] = add(t[i - 1], p);
  uint8_t nib[64];
  recode::recode_unsigned4(k, nib);
  JacobianPoint<F> acc = identity<F>();
  for (int i = 0; i < 64; ++i) {
    for (int s = 0; s < 4; ++s) acc = dbl(acc);
    JacobianPoint<F> e = t[0];
    for (int j = 1; j < 16; ++j) {
      e = curve_detail::select(ct::is_zero_mask(static_cast<uint64_t>(nib[i] ^ j)), t[j], e);
    }
    acc = add(acc, e);
  }
  return acc;
}

template <typename F>
JacobianPoint<F> mul_vartime_generic(const JacobianPoint<F>& p, const Scalar& k) {
  const std::array<WnafTable<F>, 1> tables = {build_wnaf_table(p)};
  const std::array<WnafInput, 1> in = {
      WnafInput{recode::wnaf_vartime(k.data(), k.size(), kWnafWidth), false}};
  return multi_mul_wnaf_vartime<F, 1>(tables, in);
}

template JacobianPoint<Fp> mul_ct<Fp>(const JacobianPoint<Fp>&, const Scalar&);
template JacobianPoint<Fp2> mul_ct<Fp2>(const JacobianPoint<Fp2>&, const Scalar&);
template JacobianPoint<Fp> mul_vartime_generic<Fp>(const JacobianPoint<Fp>&, const Scalar&);
template JacobianPoint<Fp2> mul_vartime_generic<Fp2>(const JacobianPoint<Fp2>&, const Scalar&);

// ---- G1: GLV -------------------------------------------------------------------------------------

G1 g1_mul(const G1& p, const Scalar& k) {
  const std::array<u128, 2> a = glv_halves(recode::split_base_z(recode::reduce_mod_r(k)));
  std::array<std::array<SignedDigit, 32>, 2> digits{};
  recode::recode_signed5(a[0], 128, digits[0].data());
  recode::recode_signed5(a[1], 128, digits[1].data());
  flip(digits[1]);  // [k]P = a0·P - a1·sigma(P)
  std::array<CtTable<Fp>, 2> tables;
  tables[0] = build_ct_table(p);
  for (int i = 0; i < kCtTable; ++i) tables[1][i] = sigma(tables[0][i]);
  return multi_mul_ct<Fp, 2>(tables, digits, recode::signed5_len(128));
}

G1 g1_mul_vartime(const G1& p, const Scalar& k) {
  const std::array<u128, 2> a =
      glv_halves(recode::split_base_z_vartime(recode::reduce_mod_r_vartime(k)));
  std::array<WnafTable<Fp>, 2> tables;
  tables[0] = build_wnaf_table(p);
  for (int i = 0; i < kWnafTable; ++i) tables[1][i] = sigma(tables[0][i]);
  const std::array<WnafInput, 2> in = {wnaf_of(a[0], false), wnaf_of(a[1], true)};
  return multi_mul_wnaf_vartime<Fp, 2>(tables, in);
}

// ---- G2: GLS -------------------------------------------------------------------------------------

G2 g2_mul(const G2& p, const Scalar& k) {
  const std::array<uint64_t, 4> d = recode::split_base_z(recode::reduce_mod_r(k));
  std::array<std::array<SignedDigit, 32>, 4> digits{};
  for (std::size_t j = 0; j < 4; ++j) recode::recode_signed5(d[j], 64, digits[j].data());
  flip(digits[1]);  // [k]P = d0·P - d1·psi(P) + d2·psi^2(P) - d3·psi^3(P)
  flip(digits[3]);
  std::array<CtTable<Fp2>, 4> tables;
  tables[0] = build_ct_table(p);
  for (std::size_t j = 1; j < 4; ++j) {
    for (int i = 0; i < kCtTable; ++i) tables[j][i] = psi(tables[j - 1][i]);
  }
  return multi_mul_ct<Fp2, 4>(tables, digits, recode::signed5_len(64));
}

G2 g2_mul_vartime(const G2& p, const Scalar& k) {
  const std::array<uint64_t, 4> d = recode::split_base_z_vartime(recode::reduce_mod_r_vartime(k));
  std::array<WnafTable<Fp2>, 4> tables;
  tables[0] = build_wnaf_table(p);
  for (std::size_t j = 1; j < 4; ++j) {
    for (int i = 0; i < kWnafTable; ++i) tables[j][i] = psi(tables[j - 1][i]);
  }
  const std::array<WnafInput, 4> in = {wnaf_of(d[0], false), wnaf_of(d[1], true),
                                       wnaf_of(d[2], false), wnaf_of(d[3], true)};
  return multi_mul_wnaf_vartime<Fp2, 4>(tables, in);
}

}  // namespace stakepool::crypto
