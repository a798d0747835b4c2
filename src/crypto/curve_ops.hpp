#pragma once
// Private: definitions of the point-operation templates declared in curve.hpp, so that the hot loops
// in scalar_mul.cpp and msm.cpp inline them. Other modules link against the explicit instantiations
// in curve.cpp.
//
// Formulas (a = 0 short Weierstrass curves, Jacobian coordinates x = X/Z^2, y = Y/Z^3) follow the
// Explicit-Formulas Database: dbl-2009-l, add-2007-bl, madd-2007-bl, and for the constant-time
// complete additions the "slope" form below, which also covers doubling:
//   with U1 = X1·Z2^2, U2 = X2·Z1^2, S1 = Y1·Z2^3, S2 = Y2·Z1^3 (so x_i = U_i/(Z1Z2)^2, y_i = ...),
//   an addition has slope lambda = R/(Z1·Z2·H) with H = U2 - U1, R = S2 - S1;
//   a doubling (H = R = 0) has lambda = 3x^2/2y = R'/(Z1·Z2·H') with H' = 2·S1, R' = 3·U1^2.
//   In both cases, with Z3 = Z1·Z2·H:
//     X3 = R^2 - H^2·(U1 + U2),  Y3 = R·(U1·H^2 - X3) - S1·H^3,
//   where H^2·(U1 + U2) = 2·U1·H^2 + H^3 for an addition and 2·U1·H^2 for a doubling.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/ct.hpp"

namespace stakepool::crypto {

// CurveParams<F>: the constants of the curve over F.
template <typename F>
struct CurveParams;

template <>
struct CurveParams<Fp> {
  static const Fp& b() {
    static const Fp kB = Fp::from_u64(4);
    return kB;
  }
};

template <>
struct CurveParams<Fp2> {
  static const Fp2& b() {
    static const Fp2 kB{Fp::from_u64(4), Fp::from_u64(4)};
    return kB;
  }
};

namespace curve_detail {

inline uint64_t mask(bool b) { return ct::mask_if(static_cast<uint64_t>(b)); }

// inv_vartime: variable-time inversion for public values (Fp2 through the norm c0^2 + c1^2).
inline Fp inv_vartime(const Fp& a) { return a.inv_vartime(); }
inline Fp2 inv_vartime(const Fp2& a) {
  const Fp n = (a.c0.sqr() + a.c1.sqr()).inv_vartime();
  return Fp2{a.c0 * n, -(a.c1 * n)};
}

template <typename F>
F one() {
  return F::one();
}

template <typename F>
JacobianPoint<F> select(uint64_t m, const JacobianPoint<F>& a, const JacobianPoint<F>& b) {
  return {F::select(m, a.x, b.x), F::select(m, a.y, b.y), F::select(m, a.z, b.z)};
}

template <typename F>
AffinePoint<F> select(uint64_t m, const AffinePoint<F>& a, const AffinePoint<F>& b) {
  AffinePoint<F> r;
  r.x = F::select(m, a.x, b.x);
  r.y = F::select(m, a.y, b.y);
  const uint64_t inf = (m & mask(a.infinity)) | (~m & mask(b.infinity));
  r.infinity = (inf & 1) != 0;
  return r;
}

// cneg: -p if m is all ones, else p (constant time).
template <typename F>
AffinePoint<F> cneg(uint64_t m, const AffinePoint<F>& p) {
  AffinePoint<F> r = p;
  r.y = F::select(m, -p.y, p.y);
  return r;
}

}  // namespace curve_detail

template <typename F>
JacobianPoint<F> identity() {
  return {F::one(), F::one(), F::zero()};
}

template <typename F>
bool is_identity(const JacobianPoint<F>& p) {
  return p.z.is_zero();
}

template <typename F>
JacobianPoint<F> dbl(const JacobianPoint<F>& p) {
  // dbl-2009-l (a = 0) with D = 2((X + B)^2 - A - C) computed as 4·X·B: 3M + 4S, fewer additions.
  const F a = p.x.sqr();
  const F b = p.y.sqr();
  const F c = b.sqr();
  const F d = (p.x * b).dbl().dbl();
  const F e = a + a.dbl();
  const F f = e.sqr();
  JacobianPoint<F> r;
  r.x = f - d.dbl();
  r.y = e * (d - r.x) - c.dbl().dbl().dbl();
  r.z = (p.y * p.z).dbl();
  return r;
}

template <typename F>
JacobianPoint<F> add(const JacobianPoint<F>& p, const JacobianPoint<F>& q) {
  using curve_detail::mask;
  const F z1z1 = p.z.sqr();
  const F z2z2 = q.z.sqr();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * q.z * z2z2;
  const F s2 = q.y * p.z * z1z1;
  F h = u2 - u1;
  F r = s2 - s1;
  const uint64_t is_dbl = mask(h.is_zero()) & mask(r.is_zero());
  const F u1sq = u1.sqr();
  h = F::select(is_dbl, s1.dbl(), h);
  r = F::select(is_dbl, u1sq + u1sq.dbl(), r);
  const F hh = h.sqr();
  const F hhh = hh * h;
  const F v = u1 * hh;
  JacobianPoint<F> out;
  out.x = r.sqr() - v.dbl() - F::select(is_dbl, F::zero(), hhh);
  out.y = r * (v - out.x) - s1 * hhh;
  out.z = p.z * q.z * h;
  out = curve_detail::select(mask(p.z.is_zero()), q, out);
  return curve_detail::select(mask(q.z.is_zero()), p, out);
}

template <typename F>
JacobianPoint<F> add_mixed(const JacobianPoint<F>& p, const AffinePoint<F>& q) {
  using curve_detail::mask;
  // The slope form above with Z2 = 1: U1 = X1, S1 = Y1.
  const F z1z1 = p.z.sqr();
  const F u2 = q.x * z1z1;
  const F s2 = q.y * p.z * z1z1;
  F h = u2 - p.x;
  F r = s2 - p.y;
  const uint64_t is_dbl = mask(h.is_zero()) & mask(r.is_zero());
  const F xsq = p.x.sqr();
  h = F::select(is_dbl, p.y.dbl(), h);
  r = F::select(is_dbl, xsq + xsq.dbl(), r);
  const F hh = h.sqr();
  const F hhh = hh * h;
  const F v = p.x * hh;
  JacobianPoint<F> out;
  out.x = r.sqr() - v.dbl() - F::select(is_dbl, F::zero(), hhh);
  out.y = r * (v - out.x) - p.y * hhh;
  out.z = p.z * h;
  const JacobianPoint<F> qj{q.x, q.y, F::one()};
  out = curve_detail::select(mask(p.z.is_zero()), qj, out);
  return curve_detail::select(mask(q.infinity), p, out);
}

template <typename F>
JacobianPoint<F> add_vartime(const JacobianPoint<F>& p, const JacobianPoint<F>& q) {
  // add-2007-bl: 11M + 5S.
  if (p.z.is_zero()) return q;
  if (q.z.is_zero()) return p;
  const F z1z1 = p.z.sqr();
  const F z2z2 = q.z.sqr();
  const F u1 = p.x * z2z2;
  const F u2 = q.x * z1z1;
  const F s1 = p.y * q.z * z2z2;
  const F s2 = q.y * p.z * z1z1;
  const F h = u2 - u1;
  const F r = (s2 - s1).dbl();
  if (h.is_zero()) return r.is_zero() ? dbl(p) : identity<F>();
  const F i = h.dbl().sqr();
  const F j = h * i;
  const F v = u1 * i;
  JacobianPoint<F> out;
  out.x = r.sqr() - j - v.dbl();
  out.y = r * (v - out.x) - (s1 * j).dbl();
  out.z = ((p.z + q.z).sqr() - z1z1 - z2z2) * h;
  return out;
}

template <typename F>
JacobianPoint<F> add_mixed_vartime(const JacobianPoint<F>& p, const AffinePoint<F>& q) {
  // madd-2007-bl: 7M + 4S.
  if (q.infinity) return p;
  if (p.z.is_zero()) return {q.x, q.y, F::one()};
  const F z1z1 = p.z.sqr();
  const F u2 = q.x * z1z1;
  const F s2 = q.y * p.z * z1z1;
  const F h = u2 - p.x;
  const F r = (s2 - p.y).dbl();
  if (h.is_zero()) return r.is_zero() ? dbl(p) : identity<F>();
  const F hh = h.sqr();
  const F i = hh.dbl().dbl();
  const F j = h * i;
  const F v = p.x * i;
  JacobianPoint<F> out;
  out.x = r.sqr() - j - v.dbl();
  out.y = r * (v - out.x) - (p.y * j).dbl();
  out.z = (p.z + h).sqr() - z1z1 - hh;
  return out;
}

template <typename F>
JacobianPoint<F> neg(const JacobianPoint<F>& p) {
  return {p.x, -p.y, p.z};
}

template <typename F>
AffinePoint<F> neg(const AffinePoint<F>& p) {
  AffinePoint<F> r = p;
  r.y = -p.y;
  return r;
}

template <typename F>
bool eq(const JacobianPoint<F>& p, const JacobianPoint<F>& q) {
  using curve_detail::mask;
  const F z1z1 = p.z.sqr();
  const F z2z2 = q.z.sqr();
  const uint64_t same_x = mask(p.x * z2z2 == q.x * z1z1);
  const uint64_t same_y = mask(p.y * z2z2 * q.z == q.y * z1z1 * p.z);
  const uint64_t inf1 = mask(p.z.is_zero());
  const uint64_t inf2 = mask(q.z.is_zero());
  const uint64_t r = (inf1 & inf2) | (~inf1 & ~inf2 & same_x & same_y);
  return (r & 1) != 0;
}

template <typename F>
bool eq(const AffinePoint<F>& p, const AffinePoint<F>& q) {
  using curve_detail::mask;
  const uint64_t inf1 = mask(p.infinity);
  const uint64_t inf2 = mask(q.infinity);
  const uint64_t same = mask(p.x == q.x) & mask(p.y == q.y);
  const uint64_t r = (inf1 & inf2) | (~inf1 & ~inf2 & same);
  return (r & 1) != 0;
}

template <typename F>
bool is_on_curve(const JacobianPoint<F>& p) {
  using curve_detail::mask;
  const F z2 = p.z.sqr();
  const F z6 = (z2 * p.z).sqr();
  const uint64_t ok = mask(p.y.sqr() == p.x.sqr() * p.x + CurveParams<F>::b() * z6);
  return ((ok | mask(p.z.is_zero())) & 1) != 0;
}

template <typename F>
bool is_on_curve(const AffinePoint<F>& p) {
  using curve_detail::mask;
  const uint64_t ok = mask(p.y.sqr() == p.x.sqr() * p.x + CurveParams<F>::b());
  return ((ok | mask(p.infinity)) & 1) != 0;
}

template <typename F>
AffinePoint<F> to_affine(const JacobianPoint<F>& p) {
  const F zi = p.z.inv();  // inv(0) = 0, so the identity maps to (0, 0)
  const F zi2 = zi.sqr();
  AffinePoint<F> r;
  r.x = p.x * zi2;
  r.y = p.y * zi2 * zi;
  r.infinity = p.z.is_zero();
  return r;
}

template <typename F>
JacobianPoint<F> to_jacobian(const AffinePoint<F>& p) {
  return {p.x, p.y, F::select(curve_detail::mask(p.infinity), F::zero(), F::one())};
}

template <typename F>
void batch_to_affine(std::span<const JacobianPoint<F>> in, std::span<AffinePoint<F>> out) {
  using curve_detail::mask;
  const std::size_t n = in.size();
  if (n == 0) return;
  // prefix[i] = product of the non-zero Z of in[0..i] (zero Z replaced by 1).
  std::vector<F> prefix(n);
  F acc = F::one();
  for (std::size_t i = 0; i < n; ++i) {
    acc = acc * F::select(mask(in[i].z.is_zero()), F::one(), in[i].z);
    prefix[i] = acc;
  }
  F inv = acc.inv();
  for (std::size_t i = n; i-- > 0;) {
    const uint64_t inf = mask(in[i].z.is_zero());
    const F zi = i == 0 ? inv : inv * prefix[i - 1];
    inv = F::select(inf, inv, inv * in[i].z);
    const F zi2 = zi.sqr();
    out[i].x = F::select(inf, F::zero(), in[i].x * zi2);
    out[i].y = F::select(inf, F::zero(), in[i].y * zi2 * zi);
    out[i].infinity = (inf & 1) != 0;
  }
}

template <typename F>
void batch_to_affine_vartime(std::span<const JacobianPoint<F>> in, std::span<AffinePoint<F>> out) {
  const std::size_t n = in.size();
  std::vector<F> prefix(n);
  F acc = F::one();
  for (std::size_t i = 0; i < n; ++i) {
    if (!in[i].z.is_zero()) acc = acc * in[i].z;
    prefix[i] = acc;
  }
  F inv = curve_detail::inv_vartime(acc);
  for (std::size_t i = n; i-- > 0;) {
    if (in[i].z.is_zero()) {
      out[i] = AffinePoint<F>{};
      continue;
    }
    const F zi = i == 0 ? inv : inv * prefix[i - 1];
    inv = inv * in[i].z;
    const F zi2 = zi.sqr();
    out[i].x = in[i].x * zi2;
    out[i].y = in[i].y * zi2 * zi;
    out[i].infinity = false;
  }
}

template <typename F>
JacobianPoint<F> mul_by_z(const JacobianPoint<F>& p) {
  // |z| = 0xd201000000010000: set bits 63, 62, 60, 57, 48, 16.
  JacobianPoint<F> r = p;
  for (int bit = 62; bit >= 0; --bit) {
    r = dbl(r);
    if (((kZAbs >> bit) & 1) != 0) r = add(r, p);
  }
  return neg(r);
}

}  // namespace stakepool::crypto
