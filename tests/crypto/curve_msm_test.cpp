// MSM equals the naive sum of products, on G1 and G2, for sizes around every algorithm switch.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/msm.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_scalar;
using testing::random_subgroup_point;

template <typename F>
class CurveMsm : public ::testing::Test {};
using Fields = ::testing::Types<Fp, Fp2>;
TYPED_TEST_SUITE(CurveMsm, Fields);

// make_inputs: n subgroup points (some at infinity, some repeated, some negated) and scalars
// (some zero, some all-ones).
template <typename F>
void make_inputs(util::Rng& rng, std::size_t n, std::vector<AffinePoint<F>>& pts,
                 std::vector<Scalar>& ks) {
  std::vector<JacobianPoint<F>> jac;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 7 == 3) {
      jac.push_back(identity<F>());
    } else if (i % 5 == 4) {
      jac.push_back(jac[i - 1]);
    } else {
      const auto p = random_subgroup_point<F>(rng);
      jac.push_back(i % 2 == 0 ? p : neg(p));
    }
    Scalar k = random_scalar(rng);
    if (i % 6 == 2) k = Scalar{};
    if (i % 9 == 8) k = Scalar{~0ULL, ~0ULL, ~0ULL, ~0ULL};
    ks.push_back(k);
  }
  pts.resize(n);
  batch_to_affine_vartime<F>(jac, pts);
}

TYPED_TEST(CurveMsm, MatchesNaiveSum) {
  using F = TypeParam;
  for (std::size_t n : {0, 1, 2, 3, 4, 5, 8, 17, 33, 70}) {
    util::DeterministicRng rng(n, "msm");
    std::vector<AffinePoint<F>> pts;
    std::vector<Scalar> ks;
    make_inputs<F>(rng, n, pts, ks);
    EXPECT_EQ(msm_vartime(std::span<const AffinePoint<F>>(pts), ks),
              msm_naive_vartime(std::span<const AffinePoint<F>>(pts), ks))
        << "n = " << n;
  }
}

TYPED_TEST(CurveMsm, PropertyMatchesNaiveSum) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("msm == naive", [](uint64_t seed, uint8_t size) {
    util::DeterministicRng rng(seed, "msm-prop");
    std::vector<AffinePoint<F>> pts;
    std::vector<Scalar> ks;
    make_inputs<F>(rng, size % 40, pts, ks);
    RC_ASSERT(msm_vartime(std::span<const AffinePoint<F>>(pts), ks) ==
              msm_naive_vartime(std::span<const AffinePoint<F>>(pts), ks));
  }));
}

// msm_small_vartime (no endomorphism split, scalars below 2^bits) equals the naive sum, for sizes
// and bit lengths around the window choices, scalars of exactly `bits` bits, zero and one.
TEST(CurveMsmSmall, MatchesNaiveSum) {
  for (int bits : {1, 7, 63, 64, 100, 128}) {
    for (std::size_t n : {0, 1, 2, 3, 9, 64, 130}) {
      util::DeterministicRng rng(n * 1000 + bits, "msm-small");
      std::vector<G1Affine> pts;
      std::vector<Scalar> ks;
      make_inputs<Fp>(rng, n, pts, ks);
      for (std::size_t i = 0; i < n; ++i) {
        Scalar& k = ks[i];
        k[2] = k[3] = 0;
        if (bits < 128) k[1] = bits > 64 ? k[1] >> (128 - bits) : 0;
        if (bits < 64) k[0] >>= 64 - bits;
        if (i % 4 == 1) k = Scalar{1, 0, 0, 0};
        if (i % 6 == 2) k = Scalar{};
      }
      EXPECT_EQ(msm_small_vartime(pts, ks, bits), msm_naive_vartime(pts, ks)) << "n = " << n << " bits " << bits;
    }
  }
}

}  // namespace
}  // namespace stakepool::crypto
