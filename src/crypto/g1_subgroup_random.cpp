// Randomised batch G1 membership test: random subset sums, each tested exactly (see the header for
// the argument).
#include "stakepool/crypto/g1_subgroup_random.hpp"

#include <vector>

#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

// reduce_pairwise replaces every list by its sum (an empty list stays empty: the identity): at
// each level the adjacent pairs of all lists are added in one lockstep batch.
void reduce_pairwise(std::vector<std::vector<G1Affine>>& lists) {
  std::vector<G1Affine> a, b;
  for (;;) {
    a.clear();
    b.clear();
    for (const auto& l : lists) {
      for (std::size_t i = 0; i + 1 < l.size(); i += 2) {
        a.push_back(l[i]);
        b.push_back(l[i + 1]);
      }
    }
    if (a.empty()) return;
    g1_add_batch_vartime(a, b);
    std::size_t pos = 0;
    for (auto& l : lists) {
      const std::size_t pairs = l.size() / 2;
      for (std::size_t i = 0; i < pairs; ++i) l[i] = a[pos++];
      if (l.size() % 2 == 1) l[pairs] = l.back();
      l.resize(pairs + l.size() % 2);
    }
  }
}

}  // namespace

bool g1_in_subgroup_random_vartime(std::span<const G1Affine> points, util::Rng& rng, int rounds) {
  SP_CHECK(rounds >= 1);
  if (points.empty()) return true;
  std::vector<std::vector<G1Affine>> lists(static_cast<std::size_t>(rounds));
  std::vector<uint64_t> bits((points.size() + 63) / 64);
  for (auto& l : lists) {
    for (uint64_t& w : bits) w = rng.next_u64();
    l.reserve(points.size() / 2 + 64);
    for (std::size_t i = 0; i < points.size(); ++i) {
      if ((bits[i / 64] >> (i % 64)) & 1) l.push_back(points[i]);
    }
  }
  reduce_pairwise(lists);
  std::vector<G1Affine> sums;
  for (const auto& l : lists) {
    if (!l.empty()) sums.push_back(l[0]);
  }
  return g1_in_subgroup_batch_vartime(sums);
}

}  // namespace stakepool::crypto
