// The AVX-512 IFMA batch G1 code (g1_ifma.cpp) against the scalar lockstep code and single
// evaluations: random polynomials, infinities, unequal lengths, lanes that are not a multiple of
// eight, doublings and cancellations inside the additions (p + p, p + (−p)), points outside G1,
// many multipliers. Skipped on CPUs without IFMA (the scalar path is tested elsewhere).
#include "crypto/g1_ifma.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "curve_test_util.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/isa.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto {
namespace {

// IsaScope: runs the body under one arithmetic path, restoring the previous one.
class IsaScope {
 public:
  explicit IsaScope(Isa isa) : before_(active_isa()) { ok_ = set_isa_for_testing(isa); }
  ~IsaScope() { set_isa_for_testing(before_); }
  bool ok() const { return ok_; }

 private:
  Isa before_;
  bool ok_ = false;
};

G1Affine random_point(util::Rng& rng) {
  return to_affine(g1_mul(g1_generator(), testing::random_scalar(rng)));
}

// A point of order 3 on E1 (outside G1): (0, 2) on y^2 = x^3 + 4.
G1Affine order_three_point() {
  G1Affine t;
  t.x = Fp::zero();
  t.y = Fp::from_u64(2);
  t.infinity = false;
  return t;
}

std::vector<G1Affine> horner(const std::vector<std::vector<G1Affine>>& polys, uint64_t x, Isa isa) {
  std::vector<std::span<const G1Affine>> spans(polys.begin(), polys.end());
  std::vector<G1Affine> out(polys.size());
  IsaScope scope(isa);
  EXPECT_TRUE(scope.ok());
  g1_horner_small_batch_vartime(spans, x, out);
  return out;
}

void expect_same(const std::vector<G1Affine>& a, const std::vector<G1Affine>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(eq(a[i], b[i])) << "polynomial " << i;
}

class G1Ifma : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cpu_supports_avx512ifma()) GTEST_SKIP() << "CPU has no AVX-512 IFMA";
  }
};

TEST_F(G1Ifma, HornerMatchesLockstepAndSingleEvaluations) {
  util::DeterministicRng rng(7, "g1-ifma");
  for (std::size_t m : {1u, 5u, 8u, 13u, 64u}) {
    std::vector<std::vector<G1Affine>> polys(m);
    for (std::size_t i = 0; i < m; ++i) {
      polys[i].resize(1 + rng.next_u64() % 12);
      for (auto& c : polys[i]) c = random_point(rng);
    }
    if (m > 4) {
      polys[1].clear();                       // empty polynomial: infinity
      polys[2][0] = G1Affine{};               // infinite coefficients
      polys[3].back() = order_three_point();  // a point outside G1
    }
    for (uint64_t x :
         {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{7}, uint64_t{43},
          uint64_t{64}, uint64_t{1000}, uint64_t{1} << 40, ~uint64_t{0}}) {
      const auto fast = horner(polys, x, Isa::kAvx512);
      expect_same(fast, horner(polys, x, Isa::kAdx));
      for (std::size_t i = 0; i < m; ++i) {
        EXPECT_TRUE(eq(fast[i], to_affine(g1_horner_small_vartime(polys[i], x)))) << m << " " << x;
      }
    }
  }
}

// Coefficients chosen so that the running sum meets them: with x = 1, c1 + c0 where c0 = c1 (a
// doubling inside the addition) or c0 = −c1 (the sum is the identity), and longer chains that pass
// through the identity.
TEST_F(G1Ifma, HornerHandlesDoublingsAndCancellations) {
  util::DeterministicRng rng(8, "g1-ifma-edge");
  const G1Affine p = random_point(rng), q = random_point(rng);
  const G1Affine t3 = order_three_point();
  std::vector<std::vector<G1Affine>> polys = {
      {p, p},
      {neg(p), p},
      {p, neg(p), p},
      {t3, t3},
      {t3, neg(t3)},
      {p, q, neg(q), neg(p)},
      {neg(to_affine(g1_mul_small_vartime(to_jacobian(p), 2))), p},
      {q},
      {p, p, p},
  };
  for (uint64_t x : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{5}}) {
    const auto fast = horner(polys, x, Isa::kAvx512);
    expect_same(fast, horner(polys, x, Isa::kAdx));
  }
  const auto at_one = horner(polys, 1, Isa::kAvx512);
  EXPECT_TRUE(at_one[1].infinity);
  EXPECT_TRUE(at_one[4].infinity);
  EXPECT_TRUE(at_one[5].infinity);
  const auto at_two = horner(polys, 2, Isa::kAvx512);
  EXPECT_TRUE(at_two[6].infinity);  // −2p + 2·p
}

bool in_subgroup(const std::vector<G1Affine>& points, Isa isa) {
  IsaScope scope(isa);
  EXPECT_TRUE(scope.ok());
  return g1_in_subgroup_batch_vartime(points);
}

// The subgroup test on eight lanes agrees with the scalar lockstep test: any point with a
// component outside G1 (a torsion point, or a G1 point plus one), in any lane position, among any
// number of points (with infinities), makes it fail.
TEST_F(G1Ifma, SubgroupTestMatchesLockstep) {
  util::DeterministicRng rng(9, "g1-ifma-subgroup");
  const G1Affine t3 = order_three_point();
  for (std::size_t n : {1u, 7u, 8u, 9u, 43u}) {
    std::vector<G1Affine> points(n);
    for (auto& p : points) p = random_point(rng);
    if (n > 2) points[1] = G1Affine{};
    EXPECT_TRUE(in_subgroup(points, Isa::kAvx512)) << n;
    EXPECT_TRUE(in_subgroup(points, Isa::kAdx)) << n;
    for (std::size_t bad = 0; bad < n; bad += (n > 9 ? 3 : 1)) {
      auto with_torsion = points;
      const G1Affine shifted = to_affine(add_mixed(to_jacobian(points[bad]), t3));
      with_torsion[bad] = (bad % 2 == 0) ? shifted : t3;
      EXPECT_FALSE(in_subgroup(with_torsion, Isa::kAvx512)) << n << " " << bad;
      EXPECT_FALSE(in_subgroup(with_torsion, Isa::kAdx)) << n << " " << bad;
    }
  }
  EXPECT_TRUE(in_subgroup({}, Isa::kAvx512));
}

// F(1..n) by forward differences on eight lanes equals Horner at each index, for thresholds around
// the vector width, n below and above t, and coefficients that are infinite or outside G1.
TEST_F(G1Ifma, ConsecutiveEvaluationsMatchHorner) {
  util::DeterministicRng rng(10, "g1-ifma-consecutive");
  for (std::size_t t : {1u, 2u, 7u, 8u, 9u, 17u, 43u}) {
    std::vector<G1Affine> coeffs(t);
    for (auto& c : coeffs) c = random_point(rng);
    if (t > 3) coeffs[2] = G1Affine{};
    if (t > 5) coeffs[t - 1] = order_three_point();
    for (std::size_t n : {std::size_t{1}, t, t + 21}) {
      std::vector<G1> out(n);
      ifma::eval_consecutive(coeffs, out);
      for (std::size_t j = 1; j <= n; ++j) {
        EXPECT_TRUE(eq(out[j - 1], g1_horner_small_vartime(coeffs, j)))
            << t << " " << n << " " << j;
      }
    }
  }
  std::vector<G1> none(3);
  ifma::eval_consecutive({}, none);
  for (const G1& p : none) EXPECT_TRUE(is_identity(p));
}

}  // namespace
}  // namespace stakepool::crypto
