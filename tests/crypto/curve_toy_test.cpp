// Exhaustive tests of the point-operation templates (curve_ops.hpp) on toy curves y^2 = x^3 + b
// (STYLE.md L9): every point and every ordered pair of points, against a schoolbook affine group law
// in plain integers. Two curves:
//   p = 103,  b = 5: an ordinary curve of prime order 97;
//   p = 1019, b = 1: supersingular (p ≡ 2 mod 3), order 1020 = 4·3·5·17 — points of order 2 (y = 0)
//                    exercise doubling into the identity and small subgroups.
// Inputs are given in Jacobian form with Z ≠ 1 as well, so the projective formulas are exercised.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "crypto/toy_field.hpp"

namespace stakepool::crypto {
namespace {

using F103 = testing::ToyField<103, 5>;
using F1019 = testing::ToyField<1019, 2>;

}  // namespace

template <>
struct CurveParams<F103> {
  static const F103& b() {
    static const F103 kB = F103::from_u64(5);
    return kB;
  }
};

template <>
struct CurveParams<F1019> {
  static const F1019& b() {
    static const F1019 kB = F1019::from_u64(1);
    return kB;
  }
};

namespace {

// A point in plain integers; nullopt is the identity.
using Pt = std::optional<std::pair<uint64_t, uint64_t>>;

uint64_t pow_mod(uint64_t a, uint64_t e, uint64_t m) {
  uint64_t r = 1;
  for (a %= m; e != 0; e >>= 1, a = a * a % m) {
    if ((e & 1) != 0) r = r * a % m;
  }
  return r;
}

// Schoolbook affine addition on y^2 = x^3 + b over Z/m (m prime).
Pt ref_add(const Pt& p, const Pt& q, uint64_t m) {
  if (!p) return q;
  if (!q) return p;
  const auto [x1, y1] = *p;
  const auto [x2, y2] = *q;
  uint64_t lambda;
  if (x1 == x2) {
    if ((y1 + y2) % m == 0) return std::nullopt;  // P + (-P), including 2-torsion doubling
    lambda = 3 * x1 % m * x1 % m * pow_mod(2 * y1 % m, m - 2, m) % m;
  } else {
    lambda = (y2 + m - y1) % m * pow_mod((x2 + m - x1) % m, m - 2, m) % m;
  }
  const uint64_t x3 = (lambda * lambda % m + 2 * m - x1 - x2) % m;
  const uint64_t y3 = (lambda * ((x1 + m - x3) % m) % m + m - y1) % m;
  return std::make_pair(x3, y3);
}

template <typename F>
class ToyCurve {
 public:
  ToyCurve(uint64_t m, uint64_t b) : m_(m) {
    points_.push_back(std::nullopt);
    for (uint64_t x = 0; x < m; ++x) {
      for (uint64_t y = 0; y < m; ++y) {
        if (y * y % m == (x * x % m * x + b) % m) points_.emplace_back(std::make_pair(x, y));
      }
    }
  }
  const std::vector<Pt>& points() const { return points_; }
  uint64_t modulus() const { return m_; }

  AffinePoint<F> affine(const Pt& p) const {
    if (!p) return AffinePoint<F>{};
    return {F::from_u64(p->first), F::from_u64(p->second), false};
  }
  // jacobian: the same point with Z = z (z ≠ 0), i.e. (x·z^2, y·z^3, z); the identity has Z = 0.
  JacobianPoint<F> jacobian(const Pt& p, uint64_t z) const {
    if (!p) return identity<F>();
    const F zf = F::from_u64(z);
    return {F::from_u64(p->first) * zf.sqr(), F::from_u64(p->second) * zf.sqr() * zf, zf};
  }
  Pt plain(const AffinePoint<F>& a) const {
    if (a.infinity) return std::nullopt;
    return std::make_pair(a.x.to_canonical()[0], a.y.to_canonical()[0]);
  }
  Pt plain(const JacobianPoint<F>& p) const { return plain(to_affine(p)); }

 private:
  uint64_t m_;
  std::vector<Pt> points_;
};

template <typename F>
void check_every_pair(const ToyCurve<F>& c, std::size_t expected_order) {
  const auto& pts = c.points();
  ASSERT_EQ(pts.size(), expected_order);
  const uint64_t m = c.modulus();
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const Pt& p = pts[i];
    const auto pj = c.jacobian(p, 1 + i % (m - 1));
    ASSERT_TRUE(is_on_curve(c.affine(p)));
    ASSERT_TRUE(is_on_curve(pj));
    ASSERT_EQ(c.plain(pj), p);
    ASSERT_EQ(c.plain(dbl(pj)), ref_add(p, p, m)) << i;
    const Pt minus_p = p ? Pt(std::make_pair(p->first, (m - p->second) % m)) : Pt();
    ASSERT_EQ(c.plain(neg(pj)), minus_p);
    ASSERT_EQ(c.plain(neg(c.affine(p))), minus_p);
    ASSERT_TRUE(is_identity(add(pj, neg(pj))));
    for (std::size_t j = 0; j < pts.size(); ++j) {
      const Pt& q = pts[j];
      const Pt want = ref_add(p, q, m);
      const auto qj = c.jacobian(q, 1 + (7 * j + 3) % (m - 1));
      ASSERT_EQ(c.plain(add(pj, qj)), want) << i << " + " << j;
      ASSERT_EQ(c.plain(add_mixed(pj, c.affine(q))), want) << i << " +m " << j;
      ASSERT_EQ(c.plain(add_vartime(pj, qj)), want) << i << " +v " << j;
      ASSERT_EQ(c.plain(add_mixed_vartime(pj, c.affine(q))), want) << i << " +mv " << j;
      ASSERT_EQ(eq(pj, qj), i == j);
      ASSERT_EQ(eq(c.affine(p), c.affine(q)), i == j);
    }
  }
}

// Off-curve coordinates are rejected (every x with a y that does not satisfy the equation).
template <typename F>
void check_off_curve(const ToyCurve<F>& c, uint64_t b) {
  const uint64_t m = c.modulus();
  for (uint64_t x = 0; x < m; ++x) {
    const uint64_t y = (x * 7 + 1) % m;
    const bool on = y * y % m == (x * x % m * x + b) % m;
    const AffinePoint<F> a{F::from_u64(x), F::from_u64(y), false};
    ASSERT_EQ(is_on_curve(a), on) << x;
    ASSERT_EQ(is_on_curve(c.jacobian(std::make_pair(x, y), 5)), on) << x;
  }
}

// Scalar multiples by double-and-add over add/dbl agree with repeated schoolbook addition for every
// scalar up to the group order, and the order annihilates every point.
template <typename F>
void check_every_scalar(const ToyCurve<F>& c) {
  const auto& pts = c.points();
  const uint64_t m = c.modulus();
  const uint64_t n = pts.size();
  for (std::size_t i = 1; i < pts.size(); i += 1 + pts.size() / 16) {
    Pt expect = std::nullopt;
    for (uint64_t k = 0; k <= n; ++k) {
      JacobianPoint<F> acc = identity<F>();
      const auto base = c.jacobian(pts[i], 3);
      for (int bit = 11; bit >= 0; --bit) {
        acc = dbl(acc);
        if (((k >> bit) & 1) != 0) acc = add(acc, base);
      }
      ASSERT_EQ(c.plain(acc), expect) << "point " << i << " scalar " << k;
      expect = ref_add(expect, pts[i], m);
    }
  }
}

// batch_to_affine (one shared inversion) equals per-point to_affine, identities included.
template <typename F>
void check_batch_to_affine(const ToyCurve<F>& c) {
  const auto& pts = c.points();
  std::vector<JacobianPoint<F>> in;
  for (std::size_t i = 0; i < pts.size(); ++i) in.push_back(c.jacobian(pts[i], 2 + i % 50));
  in.push_back(identity<F>());
  std::vector<AffinePoint<F>> out(in.size());
  batch_to_affine<F>(in, out);
  for (std::size_t i = 0; i < in.size(); ++i) ASSERT_EQ(c.plain(out[i]), c.plain(in[i])) << i;
}

TEST(ToyCurve, PrimeOrder97EveryPair) {
  const ToyCurve<F103> c(103, 5);
  check_every_pair(c, 97);
  check_off_curve(c, 5);
  check_batch_to_affine(c);
}

TEST(ToyCurve, PrimeOrder97EveryScalar) { check_every_scalar(ToyCurve<F103>(103, 5)); }

TEST(ToyCurve, Supersingular1020EveryPair) {
  const ToyCurve<F1019> c(1019, 1);
  check_every_pair(c, 1020);
  check_off_curve(c, 1);
  check_batch_to_affine(c);
}

TEST(ToyCurve, Supersingular1020EveryScalar) { check_every_scalar(ToyCurve<F1019>(1019, 1)); }

}  // namespace
}  // namespace stakepool::crypto
