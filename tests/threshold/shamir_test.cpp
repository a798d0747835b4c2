#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>

#include "stakepool/threshold/shamir.hpp"

namespace stakepool::threshold {
namespace {

// subsets calls fn on every k-subset of {0..n-1}.
template <typename Fn>
void for_each_subset(std::size_t n, std::size_t k, Fn fn) {
  std::vector<bool> pick(n, false);
  std::fill(pick.begin(), pick.begin() + static_cast<long>(k), true);
  do {
    std::vector<std::size_t> s;
    for (std::size_t i = 0; i < n; ++i) {
      if (pick[i]) s.push_back(i);
    }
    fn(s);
  } while (std::prev_permutation(pick.begin(), pick.end()));
}

std::vector<SecretShare> pick_shares(const std::vector<SecretShare>& all, const std::vector<std::size_t>& s) {
  std::vector<SecretShare> out;
  for (std::size_t i : s) out.push_back(SecretShare{all[i].index, all[i].value.clone()});
  return out;
}

}  // namespace

TEST(ShareIndex, RejectsZeroAndTooLarge) {
  EXPECT_FALSE(ShareIndex::make(0));
  EXPECT_FALSE(ShareIndex::make(kMaxShares + 1));
  EXPECT_EQ(ShareIndex::make(7)->value(), 7u);
}

TEST(Shamir, EveryThresholdSubsetRecoversAndNoSmallerOneDoes) {
  util::DeterministicRng rng(1);
  for (std::size_t n : {1u, 3u, 4u, 7u, 10u}) {
    for (std::size_t t = 1; t <= n; ++t) {
      SecretScalar secret = random_scalar(rng);
      auto poly = SecretPolynomial::random(secret, t, rng);
      auto shares = poly.share_all(n);
      for_each_subset(n, t, [&](const std::vector<std::size_t>& s) {
        auto sub = pick_shares(shares, s);
        SecretScalar got;
        ASSERT_EQ(recover_secret(sub, t, got), ThresholdError::kOk);
        EXPECT_TRUE(got.expose() == secret.expose()) << "n=" << n << " t=" << t;
      });
      if (t >= 2) {
        for_each_subset(n, t - 1, [&](const std::vector<std::size_t>& s) {
          auto sub = pick_shares(shares, s);
          SecretScalar got;
          ASSERT_EQ(recover_secret(sub, t - 1, got), ThresholdError::kOk);
          EXPECT_FALSE(got.expose() == secret.expose()) << "n=" << n << " t=" << t;
        });
      }
    }
  }
}

TEST(Shamir, ErrorsAreSpecific) {
  util::DeterministicRng rng(2);
  SecretScalar secret = random_scalar(rng);
  auto shares = SecretPolynomial::random(secret, 3, rng).share_all(5);
  SecretScalar out;
  EXPECT_EQ(recover_secret(std::span(shares).first(2), 3, out), ThresholdError::kTooFewShares);
  EXPECT_EQ(recover_secret(shares, 0, out), ThresholdError::kBadThreshold);
  std::vector<SecretShare> dup;
  dup.push_back(SecretShare{shares[0].index, shares[0].value.clone()});
  dup.push_back(SecretShare{shares[0].index, shares[0].value.clone()});
  dup.push_back(SecretShare{shares[1].index, shares[1].value.clone()});
  EXPECT_EQ(recover_secret(dup, 3, out), ThresholdError::kDuplicateIndex);
}

TEST(Lagrange, CoefficientsSumToOneAndInterpolateConstants) {
  // Σ λ_i = 1 because interpolating the constant polynomial 1 gives 1 at 0.
  std::vector<ShareIndex> idx = {*ShareIndex::make(2), *ShareIndex::make(5), *ShareIndex::make(9)};
  std::vector<Fr> lambda;
  ASSERT_EQ(lagrange_at_zero(idx, lambda), ThresholdError::kOk);
  Fr sum = Fr::zero();
  for (const Fr& l : lambda) sum = sum + l;
  EXPECT_TRUE(sum == Fr::one());
}

TEST(BatchInvert, MatchesSingleInversionAndKeepsZeros) {
  util::DeterministicRng rng(3);
  std::vector<Fr> xs, want;
  for (int i = 0; i < 9; ++i) {
    Fr v = i == 4 ? Fr::zero() : random_scalar(rng).expose();
    xs.push_back(v);
    want.push_back(v.inv_vartime());
  }
  batch_invert_vartime(xs);
  for (std::size_t i = 0; i < xs.size(); ++i) EXPECT_TRUE(xs[i] == want[i]) << i;
}

RC_GTEST_PROP(ShamirProp, RandomSubsetRecovers, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 17);
  const auto t = *rc::gen::inRange<std::size_t>(1, n + 1);
  util::DeterministicRng rng(*rc::gen::arbitrary<uint64_t>());
  SecretScalar secret = random_scalar(rng);
  auto shares = SecretPolynomial::random(secret, t, rng).share_all(n);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.uniform(i)]);
  order.resize(t);
  auto sub = pick_shares(shares, order);
  SecretScalar got;
  RC_ASSERT(recover_secret(sub, t, got) == ThresholdError::kOk);
  RC_ASSERT(got.expose() == secret.expose());
}

}  // namespace stakepool::threshold
