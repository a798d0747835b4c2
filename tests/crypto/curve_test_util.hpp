#pragma once
// Helpers for the curve tests: deterministic random scalars, curve points (generally outside the
// subgroup, made by solving the curve equation for a random x) and subgroup points (made by clearing
// the cofactor of a random curve point, independently of the generator).
#include <array>
#include <cstdint>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto::testing {

inline Fp random_fp(util::Rng& rng) {
  std::array<uint8_t, 64> b{};
  rng.fill(b);
  return Fp::from_bytes_wide_be(b);
}

template <typename F>
F random_field(util::Rng& rng);
template <>
inline Fp random_field<Fp>(util::Rng& rng) {
  return random_fp(rng);
}
template <>
inline Fp2 random_field<Fp2>(util::Rng& rng) {
  return Fp2{random_fp(rng), random_fp(rng)};
}

inline const Fp& curve_b(const Fp*) {
  static const Fp b = Fp::from_u64(4);
  return b;
}
inline const Fp2& curve_b(const Fp2*) {
  static const Fp2 b{Fp::from_u64(4), Fp::from_u64(4)};
  return b;
}

inline Scalar random_scalar(util::Rng& rng) {
  return {rng.next_u64(), rng.next_u64(), rng.next_u64(), rng.next_u64()};
}

// random_scalar_mod_r: uniform-ish scalar below r (top limb masked, then reduced by subtraction).
inline Scalar random_scalar_mod_r(util::Rng& rng) {
  Scalar k = random_scalar(rng);
  k[3] &= 0x7fffffffffffffffULL;
  while (true) {  // subtract r while k >= r
    bool ge = true;
    for (int i = 3; i >= 0; --i) {
      if (k[i] != kGroupOrder[i]) {
        ge = k[i] > kGroupOrder[i];
        break;
      }
    }
    if (!ge) return k;
    unsigned __int128 borrow = 0;
    for (int i = 0; i < 4; ++i) {
      const unsigned __int128 d = static_cast<unsigned __int128>(k[i]) - kGroupOrder[i] - borrow;
      k[i] = static_cast<uint64_t>(d);
      borrow = (d >> 64) & 1;
    }
  }
}

// random_curve_point: (x, y) on the curve for a random x (almost never in the subgroup).
template <typename F>
JacobianPoint<F> random_curve_point(util::Rng& rng) {
  while (true) {
    const F x = random_field<F>(rng);
    const F y2 = x.sqr() * x + curve_b(static_cast<const F*>(nullptr));
    F y;
    if (y2.sqrt(y)) {
      // Scale to a random Z so that the Jacobian code paths see Z != 1.
      const F z = random_field<F>(rng);
      const F z2 = z.sqr();
      return {x * z2, y * z2 * z, z};
    }
  }
}

// clear_cofactor maps a curve point into the subgroup. G1: [1 - z]P (RFC 9380 h_eff for G1).
// G2: the Budroni–Pintore form of RFC 9380 Appendix G.3,
//   [h_eff]P = [z^2 - z - 1]P + psi([z - 1]P) + psi^2(2P),
// built only from the group law, mul_by_z and psi.
inline G1 clear_cofactor(const G1& p) { return add(p, neg(mul_by_z(p))); }
inline G2 clear_cofactor(const G2& p) {
  const G2 zp = mul_by_z(p);
  const G2 zzp = mul_by_z(zp);
  const G2 t1 = add(add(zzp, neg(zp)), neg(p));       // (z^2 - z - 1) p
  const G2 t2 = psi(add(zp, neg(p)));                 // psi((z - 1) p)
  const G2 t3 = psi2(dbl(p));                         // psi^2(2p)
  return add(add(t1, t2), t3);
}

template <typename F>
JacobianPoint<F> random_subgroup_point(util::Rng& rng) {
  return clear_cofactor(random_curve_point<F>(rng));
}

}  // namespace stakepool::crypto::testing
