// Properties of the extension tower Fp2 / Fp6 / Fp12 (tower.hpp).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/field_test_util.hpp"

namespace stakepool::crypto {
namespace {

using testing::big_mul;
using testing::big_shr1;
using testing::big_sub_small;
using testing::gen_field;
using testing::gen_fp12;
using testing::gen_fp2;
using testing::gen_fp6;
using testing::p_power;
using testing::pow_big;

// ---- Fp2 ----

RC_GTEST_PROP(Fp2, Axioms, ()) {
  const Fp2 a = *gen_fp2(), b = *gen_fp2(), c = *gen_fp2();
  RC_ASSERT(a * b == b * a);
  RC_ASSERT((a * b) * c == a * (b * c));
  RC_ASSERT(a * (b + c) == a * b + a * c);
  RC_ASSERT((a - b) + b == a);
  RC_ASSERT(a.sqr() == a * a);
  RC_ASSERT(a.dbl() == a + a);
  RC_ASSERT((-a + a).is_zero());
  // Schoolbook reference: (a0 + a1 u)(b0 + b1 u) = (a0b0 - a1b1) + (a0b1 + a1b0) u.
  const Fp2 ref{a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0};
  RC_ASSERT(a * b == ref);
  RC_ASSERT(a.mul_by_xi() == a * (Fp2{Fp::one(), Fp::one()}));
  RC_ASSERT(a * b.c0 == a * (Fp2{b.c0, Fp::zero()}));
  RC_ASSERT(a.conj() == a.frobenius(1));
  RC_ASSERT(a.frobenius(2) == a);
}

// Values that exercise the lazy-reduction edges: p - 1 and small values.
TEST(Fp2, MulEdgeValues) {
  const Fp m1 = -Fp::one();
  const Fp2 vals[] = {Fp2{m1, m1}, Fp2{m1, Fp::zero()}, Fp2{Fp::zero(), m1}, Fp2::one(),
                      Fp2{Fp::one(), m1}, Fp2{m1, Fp::one()}, Fp2::zero()};
  for (const Fp2& a : vals) {
    for (const Fp2& b : vals) {
      const Fp2 ref{a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0};
      EXPECT_EQ(a * b, ref);
    }
  }
}

RC_GTEST_PROP(Fp2, Inverse, ()) {
  const Fp2 a = *gen_fp2();
  if (a.is_zero()) {
    RC_ASSERT(a.inv().is_zero());
  } else {
    RC_ASSERT(a * a.inv() == Fp2::one());
  }
}

// Euler's criterion in Fp2 as an independent oracle: a^((p^2-1)/2) == 1.
bool is_square_oracle(const Fp2& a) {
  const auto e = big_shr1(big_sub_small(p_power(2), 1));
  const Fp2 t = pow_big(a, e);
  return t == Fp2::one() || t.is_zero();
}

RC_GTEST_PROP(Fp2, Sqrt, ()) {
  const Fp2 a = *gen_fp2();
  const Fp2 sq = a.sqr();
  Fp2 root = Fp2::one();
  RC_ASSERT(sq.sqrt(root));
  RC_ASSERT(root == a || root == -a);
  RC_ASSERT(sq.is_square());
  if (!a.is_zero()) {
    const Fp2 xi{Fp::one(), Fp::one()};  // u + 1 is a non-square (the tower needs it)
    const Fp2 ns = sq * xi;
    Fp2 untouched = Fp2::one();
    RC_ASSERT(!ns.sqrt(untouched));
    RC_ASSERT(untouched == Fp2::one());
    RC_ASSERT(!ns.is_square());
  }
}

RC_GTEST_PROP(Fp2, SqrtAgreesWithEuler, ()) {
  const Fp2 a = *gen_fp2();
  Fp2 root;
  const bool ok = a.sqrt(root);
  RC_ASSERT(ok == is_square_oracle(a));
  RC_ASSERT(ok == a.is_square());
  if (ok) RC_ASSERT(root.sqr() == a);
}

TEST(Fp2, SqrtSpecialValues) {
  // Elements with alpha = -1 (pure non-residues of Fp lifted) take the u·x0 branch: e.g. a = -1.
  const Fp2 vals[] = {Fp2::zero(), Fp2::one(), -Fp2::one(), Fp2{Fp::zero(), Fp::one()},
                      Fp2{Fp::from_u64(4), Fp::zero()}, Fp2{-Fp::from_u64(4), Fp::zero()},
                      Fp2{Fp::zero(), Fp::from_u64(2)}};
  for (const Fp2& a : vals) {
    Fp2 r;
    ASSERT_TRUE(a.sqrt(r));
    EXPECT_EQ(r.sqr(), a);
  }
  EXPECT_FALSE(Fp2({Fp::one(), Fp::one()}).is_square());
}

TEST(Fp2, Sgn0AndLexOrder) {
  const Fp m1 = -Fp::one();
  EXPECT_FALSE(Fp2::zero().sgn0());
  EXPECT_TRUE(Fp2::one().sgn0());
  EXPECT_TRUE((Fp2{Fp::zero(), Fp::one()}).sgn0());   // zero_0 && sign_1
  EXPECT_FALSE((Fp2{Fp::zero(), m1}).sgn0());         // p - 1 is even
  EXPECT_FALSE((Fp2{Fp::from_u64(2), Fp::one()}).sgn0());
  EXPECT_TRUE((Fp2{m1, Fp::zero()}).lexicographically_largest());
  EXPECT_FALSE((Fp2{m1, Fp::one()}).lexicographically_largest());  // c1 decides
  EXPECT_TRUE((Fp2{Fp::one(), m1}).lexicographically_largest());
  EXPECT_FALSE(Fp2::zero().lexicographically_largest());
}

RC_GTEST_PROP(Fp2, SignsOfNegation, ()) {
  const Fp2 a = *gen_fp2();
  RC_PRE(!a.is_zero());
  RC_ASSERT(a.sgn0() != (-a).sgn0());
  RC_ASSERT(a.lexicographically_largest() != (-a).lexicographically_largest());
}

// ---- Fp6 ----

RC_GTEST_PROP(Fp6, Axioms, ()) {
  const Fp6 a = *gen_fp6(), b = *gen_fp6(), c = *gen_fp6();
  RC_ASSERT(a * b == b * a);
  RC_ASSERT((a * b) * c == a * (b * c));
  RC_ASSERT(a * (b + c) == a * b + a * c);
  RC_ASSERT(a.sqr() == a * a);
  RC_ASSERT((a - b) + b == a);
  RC_ASSERT((-a + a).is_zero());
  const Fp2 x = *gen_fp2(), y = *gen_fp2();
  RC_ASSERT(a.mul_by_v() == a * (Fp6{Fp2::zero(), Fp2::one(), Fp2::zero()}));
  RC_ASSERT(a.mul_by_01(x, y) == a * (Fp6{x, y, Fp2::zero()}));
  RC_ASSERT(a.mul_by_1(y) == a * (Fp6{Fp2::zero(), y, Fp2::zero()}));
  RC_ASSERT(a * x == a * (Fp6{x, Fp2::zero(), Fp2::zero()}));
  if (a.is_zero()) {
    RC_ASSERT(a.inv().is_zero());
  } else {
    RC_ASSERT(a * a.inv() == Fp6::one());
  }
}

TEST(Fp6, VCubedIsXi) {
  const Fp6 v{Fp2::zero(), Fp2::one(), Fp2::zero()};
  EXPECT_EQ(v * v * v, (Fp6{Fp2{Fp::one(), Fp::one()}, Fp2::zero(), Fp2::zero()}));
}

// ---- Fp12 ----

RC_GTEST_PROP(Fp12, Axioms, ()) {
  const Fp12 a = *gen_fp12(), b = *gen_fp12(), c = *gen_fp12();
  RC_ASSERT(a * b == b * a);
  RC_ASSERT((a * b) * c == a * (b * c));
  RC_ASSERT(a.sqr() == a * a);
  RC_ASSERT(a * Fp12::one() == a);
  RC_ASSERT((a * Fp12::one()).is_one() == a.is_one());
  // Distributivity through the Fp6 components: a·(b + c) = a·b + a·c.
  const Fp12 bc{b.c0 + c.c0, b.c1 + c.c1};
  const Fp12 ab = a * b, ac = a * c;
  RC_ASSERT(a * bc == (Fp12{ab.c0 + ac.c0, ab.c1 + ac.c1}));
  if (a.c0.is_zero() && a.c1.is_zero()) {
    RC_ASSERT(a.inv().c0.is_zero() && a.inv().c1.is_zero());
  } else {
    RC_ASSERT(a * a.inv() == Fp12::one());
  }
  RC_ASSERT(a.conj() == a.frobenius(6));
}

TEST(Fp12, WSquaredIsV) {
  const Fp12 w{Fp6::zero(), Fp6::one()};
  EXPECT_EQ(w.sqr(), (Fp12{Fp6{Fp2::zero(), Fp2::one(), Fp2::zero()}, Fp6::zero()}));
  EXPECT_TRUE(Fp12::one().is_one());
  EXPECT_FALSE(w.is_one());
}

RC_GTEST_PROP(Fp12, MulBy014MatchesFullMul, ()) {
  const Fp12 f = *gen_fp12();
  const Fp2 a0 = *gen_fp2(), a1 = *gen_fp2(), a4 = *gen_fp2();
  const Fp12 sparse{Fp6{a0, a1, Fp2::zero()}, Fp6{Fp2::zero(), a4, Fp2::zero()}};
  RC_ASSERT(f.mul_by_014(a0, a1, a4) == f * sparse);
}

// f^((p^6 - 1)(p^2 + 1)) lies in the cyclotomic subgroup: conj(f)/f, then ·(its p^2-Frobenius).
Fp12 to_cyclotomic(const Fp12& f) {
  const Fp12 t = f.conj() * f.inv();
  return t.frobenius(2) * t;
}

RC_GTEST_PROP(Fp12, CyclotomicSquare, ()) {
  const Fp12 f = *gen_fp12();
  RC_PRE(!(f.c0.is_zero() && f.c1.is_zero()));
  const Fp12 g = to_cyclotomic(f);
  RC_ASSERT(g.cyclotomic_sqr() == g.sqr());
  RC_ASSERT(g.cyclotomic_sqr().cyclotomic_sqr() == g.sqr().sqr());
  RC_ASSERT(g * g.conj() == Fp12::one());  // conj is the inverse in the subgroup
}

// ---- Frobenius = x^(p^k) ----

RC_GTEST_PROP(Frobenius, Fp2MatchesPower, ()) {
  const Fp2 a = *gen_fp2();
  RC_ASSERT(a.frobenius(1) == pow_big(a, p_power(1)));
}

// Exponentiation by p^k is slow for Fp12 (a ~4600-bit exponent), so a few fixed elements.
TEST(Frobenius, Fp6AndFp12MatchPower) {
  for (int seed = 0; seed < 3; ++seed) {
    const Fp12 a = testing::det_fp12(seed);
    for (int k : {1, 2, 3}) EXPECT_EQ(a.c1.frobenius(k), pow_big(a.c1, p_power(k))) << k;
    for (int k : {1, 2, 3, 6}) EXPECT_EQ(a.frobenius(k), pow_big(a, p_power(k))) << k;
  }
}

// All powers 1..11 agree with iterating the first Frobenius.
RC_GTEST_PROP(Frobenius, Fp12AllPowersCompose, ()) {
  const Fp12 a = *gen_fp12();
  Fp12 it = a;
  Fp6 it6 = a.c0;
  for (int k = 1; k < 12; ++k) {
    it = it.frobenius(1);
    it6 = it6.frobenius(1);
    RC_ASSERT(a.frobenius(k) == it);
    RC_ASSERT(a.c0.frobenius(k) == it6);
  }
  RC_ASSERT(it.frobenius(1) == a);  // order 12
}

}  // namespace
}  // namespace stakepool::crypto
