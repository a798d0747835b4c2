// sum_affine_batch_vartime equals the sequential sum, on G1 and G2, including equal points
// (doubling), P + (-P), infinities and sums that collide again at later levels.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_subgroup_point;

template <typename F>
JacobianPoint<F> sequential_sum(const std::vector<AffinePoint<F>>& pts) {
  JacobianPoint<F> acc = identity<F>();
  for (const AffinePoint<F>& p : pts) acc = add_mixed_vartime(acc, p);
  return acc;
}

// multiples returns [c_i]·P for the given small coefficients (0 gives infinity), as affine points.
template <typename F>
std::vector<AffinePoint<F>> multiples(const JacobianPoint<F>& p, const std::vector<int>& cs) {
  std::vector<JacobianPoint<F>> jac;
  for (int c : cs) {
    JacobianPoint<F> q = identity<F>();
    for (int i = 0; i < std::abs(c); ++i) q = add(q, p);
    jac.push_back(c < 0 ? neg(q) : q);
  }
  std::vector<AffinePoint<F>> out(jac.size());
  batch_to_affine_vartime<F>(jac, out);
  return out;
}

// check_coefficients: the batch sum of [c_i]P equals [sum c_i]P and the sequential sum.
template <typename F>
void check_coefficients(const JacobianPoint<F>& p, const std::vector<int>& cs) {
  const std::vector<AffinePoint<F>> pts = multiples(p, cs);
  int total = 0;
  for (int c : cs) total += c;
  const AffinePoint<F> want_affine = multiples(p, {total}).front();
  const JacobianPoint<F> want = want_affine.infinity ? identity<F>() : to_jacobian(want_affine);
  const JacobianPoint<F> got = sum_affine_batch_vartime<F>(pts);
  RC_ASSERT(eq(got, want));
  RC_ASSERT(eq(got, sequential_sum(pts)));
}

template <typename F>
void check_random(uint64_t seed, std::size_t n, std::size_t bases) {
  util::DeterministicRng rng(seed, "batch-add");
  const JacobianPoint<F> p = random_subgroup_point<F>(rng);
  std::vector<int> cs;
  for (std::size_t i = 0; i < n; ++i) {
    cs.push_back(static_cast<int>(rng.next_u64() % (2 * bases + 1)) - static_cast<int>(bases));
  }
  check_coefficients<F>(p, cs);
}

RC_GTEST_PROP(CurveBatchAdd, G1MatchesSequentialSum, (uint64_t seed)) {
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(0, 170));
  const auto bases = static_cast<std::size_t>(*rc::gen::inRange(1, 6));
  check_random<Fp>(seed, n, bases);
}

RC_GTEST_PROP(CurveBatchAdd, G2MatchesSequentialSum, (uint64_t seed)) {
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(0, 80));
  const auto bases = static_cast<std::size_t>(*rc::gen::inRange(1, 4));
  check_random<Fp2>(seed, n, bases);
}

// Independent random points (no collisions): the common case of aggregating distinct pubkeys.
RC_GTEST_PROP(CurveBatchAdd, G1DistinctPoints, (uint64_t seed)) {
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(0, 140));
  util::DeterministicRng rng(seed, "batch-add-distinct");
  std::vector<JacobianPoint<Fp>> jac;
  for (std::size_t i = 0; i < n; ++i) jac.push_back(random_subgroup_point<Fp>(rng));
  std::vector<G1Affine> pts(n);
  batch_to_affine_vartime<Fp>(jac, pts);
  RC_ASSERT(eq(sum_affine_batch_vartime<Fp>(pts), sequential_sum(pts)));
}

// Edge cases at the first batch level (32 points and more): every pair equal (all doublings),
// every pair P + (-P) (everything cancels), all infinity, and doublings that meet again.
TEST(CurveBatchAdd, EdgeCases) {
  util::DeterministicRng rng(5, "batch-add-edges");
  const G1 p = random_subgroup_point<Fp>(rng);
  const auto run = [&](const std::vector<int>& cs) {
    const std::vector<G1Affine> pts = multiples(p, cs);
    int total = 0;
    for (int c : cs) total += c;
    const G1Affine want = multiples(p, {total}).front();
    const G1 got = sum_affine_batch_vartime<Fp>(pts);
    EXPECT_TRUE(want.infinity ? is_identity(got) : eq(got, to_jacobian(want))) << total;
  };
  run(std::vector<int>(64, 1));                 // 32 doublings, then equal points again
  run(std::vector<int>(65, 1));                 // odd count
  std::vector<int> cancel;
  for (int i = 0; i < 64; ++i) cancel.push_back(i % 2 == 0 ? 2 : -2);
  run(cancel);                                  // every pair cancels
  run(std::vector<int>(40, 0));                 // all infinity
  run({});                                      // empty
  std::vector<int> mixed;
  for (int i = 0; i < 96; ++i) mixed.push_back(i % 3 == 0 ? 0 : (i % 4 == 1 ? -1 : 1));
  run(mixed);
}

}  // namespace
}  // namespace stakepool::crypto
