// map_to_curve for the BLS12-381 suites of RFC 9380 (§8.8): simplified SWU on E1' / E2' plus the
// 11- / 3-isogeny (sswu.hpp), and the two sqrt_ratio variants it needs.
#include "crypto/field_ops.hpp"
#include "crypto/h2c_constants.hpp"
#include "crypto/sswu.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"

namespace stakepool::crypto {
namespace h2c {

// sqrt_ratio for Fp, q = 3 mod 4 (RFC 9380 F.2.1.2): y1 = (u·v^3)^((q-3)/4) · u·v is sqrt(u/v) when
// u/v is a square; otherwise y1·sqrt(-Z) is sqrt(Z·u/v).
bool sqrt_ratio(const Fp& u, const Fp& v, Fp& y) {
  const Fp uv = u * v;                                                       // 2.
  const Fp y1 = detail::pow_fixed(v.sqr() * uv, FpParams::C::kMinus3Div4) * uv;  // 1, 3-5.
  const Fp y2 = y1 * kG1SqrtMinusZ;                                          // 6.
  const bool is_qr = y1.sqr() * v == u;                                      // 7-9.
  y = Fp::select(mask_of(is_qr), y1, y2);                                    // 10.
  return is_qr;
}

// sqrt_ratio for Fp2 through the norm N(a) = a0^2 + a1^2 (a square in Fp2 iff N(a) is one in Fp),
// with two Fp exponentiations and no inversion:
//   1. n = N(v), a = u·conj(v)·n, so u/v = a / n^2 and sqrt(u/v) = sqrt(a) / n.
//   2. s = N(a)^((p+1)/4): s^2 = N(a) iff a is a square; else s^2 = -N(a). If not, replace a by
//      Z·a (a square, since Z is not) and s by sqrt(-5)·s, a root of N(Z·a) = 5·N(a).
//   3. sqrt(a) = x0 + x1·I with x0^2 = c = (a0 + s)/2 (or (a0 - s)/2 when that one is 0, which
//      happens only if a1 = 0) and 2·x0·x1 = a1. With t = (c·n^2)^((p-3)/4) = c^((p-3)/4)·χ(n)/n:
//        c square:     x0 = c·t,       x1 = (a1/2)·t     (c^((p-3)/4)^2 = 1/c)
//        c non-square: x0 = -(a1/2)·t, x1 = c·t          (c^((p-3)/4)^2 = -1/c)
//      both give ±sqrt(a)/n, and the sign is fixed later by SWU.
bool sqrt_ratio(const Fp2& u, const Fp2& v, Fp2& y) {
  const Fp n = v.c0.sqr() + v.c1.sqr();
  Fp2 a = u * v.conj() * n;
  const Fp na = a.c0.sqr() + a.c1.sqr();
  Fp s = detail::pow_fixed(na, FpParams::C::kPlus1Div4);
  const bool is_qr = s.sqr() == na;
  const uint64_t qr = mask_of(is_qr);
  a = Fp2::select(qr, a, a * kG2Z);
  s = Fp::select(qr, s, s * kSqrtMinus5);
  Fp c = (a.c0 + s).half();
  c = Fp::select(mask_of(c.is_zero()), (a.c0 - s).half(), c);
  const Fp n2 = n.sqr();
  const Fp t = detail::pow_fixed(c * n2, FpParams::C::kMinus3Div4);
  const Fp ct = c * t;
  const Fp half_a1_t = a.c1.half() * t;
  const uint64_t c_square = mask_of(ct.sqr() * n2 == c);
  y.c0 = Fp::select(c_square, ct, -half_a1_t);
  y.c1 = Fp::select(c_square, half_a1_t, ct);
  return is_qr;
}

}  // namespace h2c

G1 map_to_curve_g1(const Fp& u) {
  using namespace h2c;
  const SwuPoint<Fp> p = simple_swu(u, kG1A, kG1B, kG1Z);
  return iso_map_jacobian<Fp, 15>(p, {kG1XNum, kG1XDen, kG1YNum, kG1YDen});
}

G2 map_to_curve_g2(const Fp2& u) {
  using namespace h2c;
  const SwuPoint<Fp2> p = simple_swu(u, kG2A, kG2B, kG2Z);
  return iso_map_jacobian<Fp2, 3>(p, {kG2XNum, kG2XDen, kG2YNum, kG2YDen});
}

}  // namespace stakepool::crypto
