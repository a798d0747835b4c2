// The randomised batch G1 membership test (random subset sums): members accepted, every kind of
// outsider caught, components that cancel between two points included, and the per-round miss
// rate of 1/2 that the soundness argument rests on.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/g1_subgroup_random.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_curve_point;
using testing::random_subgroup_point;

// order_three: (0, 2), a point of E1 of order 3 (outside G1).
G1Affine order_three() { return G1Affine{Fp::zero(), Fp::from_u64(2), false}; }

std::vector<G1Affine> members(util::Rng& rng, std::size_t n) {
  std::vector<G1Affine> pts;
  for (std::size_t i = 0; i < n; ++i) pts.push_back(to_affine(random_subgroup_point<Fp>(rng)));
  return pts;
}

TEST(G1SubgroupRandom, AcceptsMembersWithInfinitiesRepeatsAndOpposites) {
  util::DeterministicRng rng(1, "subgroup-random-members");
  for (std::size_t n : {0u, 1u, 2u, 3u, 129u, 300u}) {
    std::vector<G1Affine> pts = members(rng, n);
    if (n >= 3) {
      pts[1] = pts[0];       // P + P inside a subset sum
      pts[2] = neg(pts[0]);  // P + (-P)
      pts.push_back(G1Affine{});
    }
    EXPECT_TRUE(g1_in_subgroup_random_vartime(pts, rng)) << n;
  }
}

TEST(G1SubgroupRandom, RejectsAnyOutsider) {
  util::DeterministicRng rng(2, "subgroup-random-outsiders");
  const std::vector<G1Affine> good = members(rng, 257);
  for (int trial = 0; trial < 12; ++trial) {
    std::vector<G1Affine> bad = good;
    const std::size_t at = rng.uniform(bad.size());
    if (trial % 3 == 0) {
      bad[at] = order_three();  // pure torsion
    } else if (trial % 3 == 1) {
      bad[at] = to_affine(add_mixed_vartime(to_jacobian(bad[at]), order_three()));
    } else {
      bad[at] = to_affine(random_curve_point<Fp>(rng));  // a random point of E1
    }
    ASSERT_FALSE(g1_in_subgroup_vartime(bad[at]));
    EXPECT_FALSE(g1_in_subgroup_random_vartime(bad, rng)) << trial;
  }
  EXPECT_FALSE(g1_in_subgroup_random_vartime(std::vector<G1Affine>{order_three()}, rng));
}

// Two points whose order-3 components cancel (T and -T): the sum of all points is in G1, so a
// test of the full sum (or of a fixed subset holding both) would pass them; a random subset
// holds exactly one of them half of the time.
TEST(G1SubgroupRandom, CatchesComponentsThatCancel) {
  util::DeterministicRng rng(3, "subgroup-random-cancel");
  std::vector<G1Affine> pts = members(rng, 200);
  const G1Affine t = order_three();
  pts[17] = to_affine(add_mixed_vartime(to_jacobian(pts[17]), t));
  pts[150] = to_affine(add_mixed_vartime(to_jacobian(pts[150]), neg(t)));
  G1 all = identity<Fp>();
  for (const G1Affine& p : pts) all = add_mixed_vartime(all, p);
  ASSERT_TRUE(g1_in_subgroup_vartime(all));
  for (int trial = 0; trial < 8; ++trial) EXPECT_FALSE(g1_in_subgroup_random_vartime(pts, rng));
  // One round catches them exactly when its subset holds one of the two: about half the time.
  int caught = 0;
  for (int trial = 0; trial < 400; ++trial) caught += g1_in_subgroup_random_vartime(pts, rng, 1) ? 0 : 1;
  EXPECT_GT(caught, 140);
  EXPECT_LT(caught, 260);
}

}  // namespace
}  // namespace stakepool::crypto
