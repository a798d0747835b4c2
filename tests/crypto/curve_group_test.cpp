// Group laws, conversions, endomorphisms and subgroup checks on E1 and E2 (one typed suite for both).
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_curve_point;
using testing::random_scalar;
using testing::random_scalar_mod_r;
using testing::random_subgroup_point;

// Per-group dispatch for the typed tests.
G1 gen(const Fp*) { return g1_generator(); }
G2 gen(const Fp2*) { return g2_generator(); }
G1 endo(const G1& p) { return sigma(p); }
G2 endo(const G2& p) { return psi(p); }
G1Affine endo(const G1Affine& p) { return sigma(p); }
G2Affine endo(const G2Affine& p) { return psi(p); }
bool fast_check(const G1& p) { return g1_in_subgroup_vartime(p); }
bool fast_check(const G2& p) { return g2_in_subgroup_vartime(p); }
G1 glv_mul(const G1& p, const Scalar& k) { return g1_mul(p, k); }
G2 glv_mul(const G2& p, const Scalar& k) { return g2_mul(p, k); }
G1 glv_mul_vartime(const G1& p, const Scalar& k) { return g1_mul_vartime(p, k); }
G2 glv_mul_vartime(const G2& p, const Scalar& k) { return g2_mul_vartime(p, k); }

Scalar sub256(const Scalar& a, const Scalar& b) {
  Scalar out{};
  unsigned __int128 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 d = static_cast<unsigned __int128>(a[i]) - b[i] - borrow;
    out[i] = static_cast<uint64_t>(d);
    borrow = (d >> 64) & 1;
  }
  return out;
}

Scalar add256(const Scalar& a, const Scalar& b) {
  Scalar out{};
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned __int128 s = static_cast<unsigned __int128>(a[i]) + b[i] + carry;
    out[i] = static_cast<uint64_t>(s);
    carry = s >> 64;
  }
  return out;
}

// Eigenvalues on the subgroup: sigma = [-z^2] = [r - z^2] on G1, psi = [z] = [r - |z|] on G2.
Scalar eigenvalue(const Fp*) {
  const unsigned __int128 z2 = static_cast<unsigned __int128>(kZAbs) * kZAbs;
  return sub256(kGroupOrder, {static_cast<uint64_t>(z2), static_cast<uint64_t>(z2 >> 64), 0, 0});
}
Scalar eigenvalue(const Fp2*) { return sub256(kGroupOrder, {kZAbs, 0, 0, 0}); }

template <typename F>
class CurveGroup : public ::testing::Test {};
using Fields = ::testing::Types<Fp, Fp2>;
TYPED_TEST_SUITE(CurveGroup, Fields);

TYPED_TEST(CurveGroup, GeneratorIsOnCurveAndInSubgroup) {
  using F = TypeParam;
  const auto g = gen(static_cast<const F*>(nullptr));
  EXPECT_TRUE(is_on_curve(g));
  EXPECT_TRUE(is_on_curve(to_affine(g)));
  EXPECT_FALSE(is_identity(g));
  EXPECT_TRUE(in_subgroup_naive_vartime(g));
  EXPECT_TRUE(fast_check(g));
  EXPECT_TRUE(is_identity(mul_double_and_add_vartime(g, kGroupOrder)));
  EXPECT_TRUE(is_identity(mul_ct(g, kGroupOrder)));
  // A tampered y is off the curve.
  auto bad = g;
  bad.y = bad.y + F::one();
  EXPECT_FALSE(is_on_curve(bad));
}

TYPED_TEST(CurveGroup, IdentityRules) {
  using F = TypeParam;
  util::DeterministicRng rng(1, "identity");
  const auto o = identity<F>();
  const auto p = random_curve_point<F>(rng);
  const auto pa = to_affine(p);
  const AffinePoint<F> oa;
  EXPECT_TRUE(is_identity(o) && is_on_curve(o));
  EXPECT_EQ(add(p, o), p);
  EXPECT_EQ(add(o, p), p);
  EXPECT_TRUE(is_identity(add(o, o)));
  EXPECT_TRUE(is_identity(add(p, neg(p))));
  EXPECT_TRUE(is_identity(dbl(o)));
  EXPECT_EQ(add_mixed(o, pa), p);
  EXPECT_EQ(add_mixed(p, oa), p);
  EXPECT_TRUE(is_identity(add_mixed(p, neg(pa))));
  EXPECT_TRUE(is_identity(add_mixed(o, oa)));
  EXPECT_EQ(add_vartime(p, o), p);
  EXPECT_EQ(add_vartime(o, p), p);
  EXPECT_TRUE(is_identity(add_vartime(p, neg(p))));
  EXPECT_EQ(add_mixed_vartime(o, pa), p);
  EXPECT_TRUE(is_identity(add_mixed_vartime(p, neg(pa))));
  EXPECT_TRUE(to_affine(o).infinity);
  EXPECT_TRUE(is_identity(to_jacobian(oa)));
  EXPECT_FALSE(o == p);
  EXPECT_FALSE(p == o);
  EXPECT_TRUE(oa == to_affine(o));
}

TYPED_TEST(CurveGroup, GroupLaws) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("group laws", [](uint64_t seed) {
    util::DeterministicRng rng(seed, "laws");
    const auto a = random_curve_point<F>(rng);
    const auto b = random_curve_point<F>(rng);
    const auto c = random_subgroup_point<F>(rng);
    RC_ASSERT(is_on_curve(a) && is_on_curve(c));
    RC_ASSERT(add(add(a, b), c) == add(a, add(b, c)));
    RC_ASSERT(add(a, b) == add(b, a));
    RC_ASSERT(is_identity(add(a, neg(a))));
    RC_ASSERT(add(a, a) == dbl(a));
    RC_ASSERT(add_vartime(a, a) == dbl(a));
    RC_ASSERT(add_vartime(a, b) == add(a, b));
    const auto ba = to_affine(b);
    RC_ASSERT(add_mixed(a, ba) == add(a, b));
    RC_ASSERT(add_mixed_vartime(a, ba) == add(a, b));
    RC_ASSERT(add_mixed(b, ba) == dbl(b));
    RC_ASSERT(add_mixed_vartime(b, ba) == dbl(b));
    RC_ASSERT(is_on_curve(add(a, b)) && is_on_curve(dbl(a)));
    RC_ASSERT(to_jacobian(to_affine(a)) == a);
    RC_ASSERT(!(a == b));
  }));
}

TYPED_TEST(CurveGroup, BatchToAffine) {
  using F = TypeParam;
  util::DeterministicRng rng(2, "batch");
  std::vector<JacobianPoint<F>> in;
  for (int i = 0; i < 9; ++i) {
    in.push_back(i % 4 == 1 ? identity<F>() : random_curve_point<F>(rng));
  }
  std::vector<AffinePoint<F>> ct(in.size()), vt(in.size());
  batch_to_affine<F>(in, ct);
  batch_to_affine_vartime<F>(in, vt);
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_TRUE(ct[i] == to_affine(in[i])) << i;
    EXPECT_TRUE(vt[i] == to_affine(in[i])) << i;
    EXPECT_EQ(ct[i].infinity, i % 4 == 1);
  }
}

TYPED_TEST(CurveGroup, ScalarMulAgreesWithDoubleAndAdd) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("mul variants", [](uint64_t seed) {
    util::DeterministicRng rng(seed, "mul");
    const auto p = random_curve_point<F>(rng);  // outside the subgroup
    const auto q = random_subgroup_point<F>(rng);
    const Scalar k = random_scalar(rng);
    const auto ref_p = mul_double_and_add_vartime(p, k);
    RC_ASSERT(mul_ct(p, k) == ref_p);
    RC_ASSERT(mul_vartime_generic(p, k) == ref_p);
    const auto ref_q = mul_double_and_add_vartime(q, k);
    RC_ASSERT(glv_mul(q, k) == ref_q);
    RC_ASSERT(glv_mul_vartime(q, k) == ref_q);
  }));
}

TYPED_TEST(CurveGroup, ScalarMulEdgeScalars) {
  using F = TypeParam;
  util::DeterministicRng rng(3, "edge");
  const auto q = random_subgroup_point<F>(rng);
  const Scalar one{1, 0, 0, 0};
  const std::vector<Scalar> ks = {
      {0, 0, 0, 0}, one, {2, 0, 0, 0}, {16, 0, 0, 0}, {17, 0, 0, 0}, {kZAbs, 0, 0, 0},
      {kZAbs - 1, 0, 0, 0}, {0, 1, 0, 0}, kGroupOrder, sub256(kGroupOrder, one),
      add256(kGroupOrder, one), {~0ULL, ~0ULL, ~0ULL, ~0ULL}, {~0ULL, ~0ULL, 0, 0},
      {0x8421084210842108ULL, 0x1084210842108421ULL, 0x4210842108421084ULL, 0x2108421084210842ULL}};
  for (const Scalar& k : ks) {
    const auto ref = mul_double_and_add_vartime(q, k);
    EXPECT_EQ(glv_mul(q, k), ref) << k[0];
    EXPECT_EQ(glv_mul_vartime(q, k), ref) << k[0];
    EXPECT_EQ(mul_ct(q, k), ref) << k[0];
    EXPECT_EQ(mul_vartime_generic(q, k), ref) << k[0];
  }
  EXPECT_TRUE(is_identity(glv_mul(identity<F>(), ks[5])));
  EXPECT_TRUE(is_identity(glv_mul_vartime(identity<F>(), ks[5])));
}

TYPED_TEST(CurveGroup, MulDistributesOverScalarAddition) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("[a+b]P = [a]P + [b]P", [](uint64_t seed) {
    util::DeterministicRng rng(seed, "dist");
    const auto p = random_subgroup_point<F>(rng);
    const Scalar a = random_scalar_mod_r(rng);
    const Scalar b = random_scalar_mod_r(rng);
    RC_ASSERT(glv_mul(p, add256(a, b)) == add(glv_mul(p, a), glv_mul(p, b)));
  }));
}

TYPED_TEST(CurveGroup, EndomorphismEigenvalues) {
  using F = TypeParam;
  const Scalar lambda = eigenvalue(static_cast<const F*>(nullptr));
  EXPECT_TRUE(rc::check("endomorphism eigenvalue", [&lambda](uint64_t seed) {
    util::DeterministicRng rng(seed, "eigen");
    const auto p = random_subgroup_point<F>(rng);
    RC_ASSERT(in_subgroup_naive_vartime(p));
    RC_ASSERT(endo(p) == mul_double_and_add_vartime(p, lambda));
    RC_ASSERT(mul_by_z(p) == neg(mul_double_and_add_vartime(p, {kZAbs, 0, 0, 0})));
    const auto c = random_curve_point<F>(rng);
    RC_ASSERT(is_on_curve(endo(c)));
    RC_ASSERT(endo(to_affine(c)) == to_affine(endo(c)));
    RC_ASSERT(mul_by_z(c) == neg(mul_double_and_add_vartime(c, {kZAbs, 0, 0, 0})));
  }));
}

TEST(CurveEndomorphism, SigmaHasOrderThreeAndPsi2IsPsiSquared) {
  util::DeterministicRng rng(4, "endo");
  const G1 p = random_curve_point<Fp>(rng);
  EXPECT_EQ(sigma(sigma(sigma(p))), p);
  EXPECT_FALSE(sigma(p) == p);
  // psi2 is psi applied twice, on any point of E2 (not only on G2).
  const G2 q = random_curve_point<Fp2>(rng);
  EXPECT_EQ(psi2(q), psi(psi(q)));
  EXPECT_TRUE(is_on_curve(psi(q)));
}

TYPED_TEST(CurveGroup, FastSubgroupCheckMatchesNaive) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("subgroup check", [](uint64_t seed) {
    util::DeterministicRng rng(seed, "subgroup");
    const auto c = random_curve_point<F>(rng);
    RC_ASSERT(fast_check(c) == in_subgroup_naive_vartime(c));
    const auto s = random_subgroup_point<F>(rng);
    RC_ASSERT(in_subgroup_naive_vartime(s));
    RC_ASSERT(fast_check(s));
    // Subgroup point plus a non-subgroup point: outside.
    const auto m = add(s, c);
    RC_ASSERT(fast_check(m) == in_subgroup_naive_vartime(m));
  }));
  EXPECT_TRUE(fast_check(identity<F>()));
}

TEST(CurveSubgroup, SmallTorsionPointsAreRejected) {
  // (0, 2) lies on E1 (x = 0 gives y^2 = 4) and has order 3, so it is outside G1.
  G1 t{Fp::zero(), Fp::from_u64(2), Fp::one()};
  ASSERT_TRUE(is_on_curve(t));
  EXPECT_TRUE(is_identity(add(dbl(t), t)));
  EXPECT_FALSE(g1_in_subgroup_vartime(t));
  EXPECT_FALSE(in_subgroup_naive_vartime(t));
  const G1 g = g1_generator();
  EXPECT_FALSE(g1_in_subgroup_vartime(add(g, t)));
}

}  // namespace
}  // namespace stakepool::crypto
