#pragma once
// Simplified SWU onto the isogenous curves and the isogeny maps (RFC 9380 §6.6.2, §6.6.3, F.2,
// Appendix E), one template for both E1' (over Fp) and E2' (over Fp2). Private to the crypto
// module.
//
// Nothing is inverted: SWU returns x as a fraction xn/xd, the isogeny is evaluated on that fraction
// with homogeneous polynomials, and the result is assembled directly in Jacobian coordinates
// (Appendix G.1). Only y must be an actual field value, because its sign (sgn0) is fixed inside
// SWU; sqrt_ratio provides it without division.
#include <cstddef>
#include <cstdint>
#include <span>

#include "stakepool/crypto/points.hpp"

namespace stakepool::crypto::h2c {

// SwuPoint: the SWU output on E': affine x = xn / xd (xd != 0), affine y.
template <typename F>
struct SwuPoint {
  F xn, xd, y;
};

// mask_of turns a bool into an all-ones / zero select mask.
inline uint64_t mask_of(bool b) { return 0 - static_cast<uint64_t>(b); }

// sqrt_ratio(u, v, y) (RFC 9380 F.2.1) for v != 0: returns true and y = sqrt(u/v) if u/v is a
// square, else false and y = sqrt(Z·u/v). Which root is returned is unspecified (SWU fixes the
// sign). Constant time. Defined in map_to_curve.cpp for Fp (q = 3 mod 4, F.2.1.2) and Fp2 (by the
// norm map to Fp).
bool sqrt_ratio(const Fp& u, const Fp& v, Fp& y);
bool sqrt_ratio(const Fp2& u, const Fp2& v, Fp2& y);

// map_to_curve_simple_swu(u) following the straight-line steps of RFC 9380 F.2 (step numbers in
// the comments), for E': y^2 = x^3 + A·x + B with the suite's Z. Step 25 (x = x / tv4) is left to
// the caller as the fraction (xn, xd). Constant time.
template <typename F>
SwuPoint<F> simple_swu(const F& u, const F& a, const F& b, const F& z) {
  F tv1 = z * u.sqr();                                           // 1-2.  tv1 = Z·u^2
  F tv2 = tv1.sqr() + tv1;                                       // 3-4.  tv2 = Z^2·u^4 + Z·u^2
  const F tv3 = b * (tv2 + F::one());                            // 5-6.  tv3 = B·(tv2 + 1)
  const F tv4 = a * F::select(mask_of(tv2.is_zero()), z, -tv2);  // 7-8.  A·CMOV(Z, -tv2, tv2 != 0)
  F tv6 = tv4.sqr();                                             // 10.
  tv2 = (tv3.sqr() + a * tv6) * tv3;                             // 9, 11-13.  tv3^3 + A·tv3·tv4^2
  tv6 = tv6 * tv4;                                               // 14.   tv6 = tv4^3
  tv2 = tv2 + b * tv6;                                           // 15-16. g(x1)·tv4^3
  F x = tv1 * tv3;                                               // 17.   x2 numerator
  F y1;
  const bool is_gx1_square = sqrt_ratio(tv2, tv6, y1);  // 18.
  F y = tv1 * u * y1;                                   // 19-20.
  const uint64_t m = mask_of(is_gx1_square);
  x = F::select(m, tv3, x);              // 21.
  y = F::select(m, y1, y);               // 22.
  const bool e1 = u.sgn0() == y.sgn0();  // 23.
  y = F::select(mask_of(e1), y, -y);     // 24.
  return {x, tv4, y};                    // 25. x = x / tv4, as a fraction
}

// eval_homogeneous returns d^deg · f(n/d) for f(x) = lead·x^deg + sum_{i<deg} c[i]·x^i, deg =
// c.size(), given dpow[j] = d^j for j = 0..deg (Horner on n with powers of d).
template <typename F>
F eval_homogeneous(const F& lead, std::span<const F> c, const F& n, std::span<const F> dpow) {
  F acc = lead;
  for (std::size_t i = c.size(); i-- > 0;) acc = acc * n + c[i] * dpow[c.size() - i];
  return acc;
}

// IsogenyCoeffs: the rational maps of RFC 9380 Appendix E by ascending degree.
// x = x_num(x') / x_den(x'), y = y' · y_num(x') / y_den(x'); x_den (degree deg(x_num) - 1) and
// y_den (degree deg(y_num)) are monic, their leading 1 not stored.
template <typename F>
struct IsogenyCoeffs {
  std::span<const F> x_num, x_den, y_num, y_den;
};

// iso_map_jacobian applies the isogeny to an SWU point and returns Jacobian coordinates:
// with x' = N/D, x = XN / (D·XD) and y = y'·YN / YD where XN = D^dx·x_num(x') etc., and then
// (X, Y, Z) = (xn·xd·yd^2, yn·yd^2·xd^3, xd·yd) (Appendix G.1). A point in the isogeny kernel has
// a zero denominator and comes out as the identity (Z = 0). Constant time.
template <typename F, std::size_t kMaxDeg>
JacobianPoint<F> iso_map_jacobian(const SwuPoint<F>& p, const IsogenyCoeffs<F>& k) {
  F dpow[kMaxDeg + 1];
  dpow[0] = F::one();
  for (std::size_t j = 1; j <= kMaxDeg; ++j) dpow[j] = dpow[j - 1] * p.xd;
  const std::span<const F> dp(dpow, kMaxDeg + 1);
  const F one = F::one();
  const F xn = eval_homogeneous(k.x_num.back(), k.x_num.first(k.x_num.size() - 1), p.xn, dp);
  const F xd = p.xd * eval_homogeneous(one, k.x_den, p.xn, dp);
  const F yn = p.y * eval_homogeneous(k.y_num.back(), k.y_num.first(k.y_num.size() - 1), p.xn, dp);
  const F yd = eval_homogeneous(one, k.y_den, p.xn, dp);
  JacobianPoint<F> out;
  out.z = xd * yd;                // Z = xd·yd
  out.x = xn * yd * out.z;        // X = xn·xd·yd^2
  out.y = yn * out.z.sqr() * xd;  // Y = yn·yd^2·xd^3
  return out;
}

}  // namespace stakepool::crypto::h2c
