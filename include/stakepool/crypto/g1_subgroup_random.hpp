#pragma once
// A randomised G1 membership test for many points at once (all public), for the Feldman
// commitments of multi-key ceremonies where one member tests thousands of points.
//
// Why subsets, not one random linear combination: every prime factor of the E1 cofactor is small
// (3, 11, 10177, 859267, 52437899), so a single combination Σ r_i·P_i hides a bad point's
// component of order 3 with probability about 1/3 whatever the size of the r_i. Each round here
// sums a uniformly random subset of the points and tests the sum exactly. A point P_j outside G1
// has a non-zero component T_j in E1[h]; whatever the other choices, the subset's E1[h] component
// is Y (P_j out) or Y + T_j (P_j in), and at most one of those is zero — so a round misses a bad
// point with probability at most 1/2, and `rounds` independent rounds with at most 2^-rounds
// (components that cancel between points included). The subsets must be unpredictable to whoever
// chose the points: draw them from a secret RNG, never from a hash of the points (a dealer could
// grind its commitment against a public derivation).
#include <span>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto {

// Rounds for an error probability of at most 2^-64 (the soundness of the batch weights used by
// the threshold module and by blst-style batch verification).
inline constexpr int kSubgroupRandomRounds = 64;

// From about this many points on, g1_in_subgroup_random_vartime costs less than
// g1_in_subgroup_batch_vartime (rounds × n/2 additions plus `rounds` exact tests, against n exact
// tests of ~130 group operations each).
inline constexpr std::size_t kSubgroupRandomMin = 128;

// g1_in_subgroup_random_vartime: true if every point (on E1) is in G1; false if one is not, except
// with probability at most 2^-rounds over the RNG. Subset sums are formed pairwise in lockstep
// (batch-affine, one inversion per level for all rounds), then tested with
// g1_in_subgroup_batch_vartime.
bool g1_in_subgroup_random_vartime(std::span<const G1Affine> points, util::Rng& rng,
                                   int rounds = kSubgroupRandomRounds);

}  // namespace stakepool::crypto
