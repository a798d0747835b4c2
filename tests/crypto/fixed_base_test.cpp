// g1_mul_generator (fixed-base, constant time) against the generic multiplications.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <thread>
#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_scalar;
using testing::random_scalar_mod_r;

// Scalar helpers on little-endian limbs.
Scalar from_u64(uint64_t v) { return {v, 0, 0, 0}; }
Scalar r_minus(uint64_t v) {
  Scalar out = kGroupOrder;
  out[0] -= v;  // the low limb of r is 0xffffffff00000001, so small v does not borrow past it
  return out;
}
Scalar pow2(int bit) {
  Scalar out{};
  out[bit / 64] = uint64_t{1} << (bit % 64);
  return out;
}

void expect_matches(const Scalar& k) {
  const G1 want = mul_double_and_add_vartime(g1_generator(), k);
  EXPECT_TRUE(eq(g1_mul_generator(k), want));
  EXPECT_TRUE(eq(g1_mul_generator(k), g1_mul(g1_generator(), k)));
}

TEST(FixedBaseG1, EdgeScalars) {
  EXPECT_TRUE(is_identity(g1_mul_generator(from_u64(0))));
  EXPECT_TRUE(eq(g1_mul_generator(from_u64(1)), g1_generator()));
  EXPECT_TRUE(is_identity(g1_mul_generator(kGroupOrder)));
  EXPECT_TRUE(eq(g1_mul_generator(r_minus(1)), neg(g1_generator())));
  for (uint64_t v : {2ull, 15ull, 16ull, 17ull, 31ull, 32ull, 33ull, 1023ull, 1024ull}) {
    expect_matches(from_u64(v));
    expect_matches(r_minus(v));
  }
  for (int bit : {5, 63, 64, 127, 128, 200, 250, 253, 254, 255}) expect_matches(pow2(bit));
  expect_matches(Scalar{~0ull, ~0ull, ~0ull, ~0ull});  // 2^256 - 1, reduced mod r first
  // Repeating 5-bit patterns 10000 and 01111 (digits of +-16 and carries through every window).
  expect_matches(Scalar{0x8421084210842108ull, 0x4210842108421084ull, 0x2108421084210842ull,
                        0x1084210842108421ull});
  expect_matches(Scalar{0x7bdef7bdef7bdef7ull, 0xbdef7bdef7bdef7bull, 0xdef7bdef7bdef7bdull,
                        0x6f7bdef7bdef7bdeull});
}

TEST(FixedBaseG1, RandomScalars) {
  util::DeterministicRng rng(41, "fixed-base");
  for (int i = 0; i < 64; ++i) {
    expect_matches(random_scalar_mod_r(rng));
    expect_matches(random_scalar(rng));
  }
}

TEST(FixedBaseG1, ConcurrentFirstUse) {
  // The tables are a function-local static; several threads may ask at once.
  util::DeterministicRng rng(42, "fixed-base-threads");
  std::vector<Scalar> ks;
  for (int i = 0; i < 4; ++i) ks.push_back(random_scalar_mod_r(rng));
  std::vector<G1> got(ks.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ks.size(); ++i) {
    threads.emplace_back([&, i] { got[i] = g1_mul_generator(ks[i]); });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < ks.size(); ++i) EXPECT_TRUE(eq(got[i], g1_mul(g1_generator(), ks[i])));
}

TEST(FixedBaseG1, BatchMatchesSingle) {
  // Edge scalars (zero, one, r - 1, r, long runs of zero low digits so the accumulator stays at
  // infinity, scalars whose top windows carry) mixed with random ones; sizes below and above the
  // batching threshold.
  util::DeterministicRng rng(43, "fixed-base-batch");
  std::vector<Scalar> ks = {from_u64(0), from_u64(1), r_minus(1), kGroupOrder, pow2(250), pow2(254),
                            pow2(5), from_u64(16), from_u64(17), r_minus(16), r_minus(17),
                            Scalar{~0ull, ~0ull, ~0ull, ~0ull}, Scalar{0, 0, 0, 0x4000000000000000ull}};
  for (int i = 0; i < 40; ++i) ks.push_back(i % 2 == 0 ? random_scalar_mod_r(rng) : random_scalar(rng));
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{15}, std::size_t{16},
                        ks.size()}) {
    const std::span<const Scalar> part(ks.data(), n);
    std::vector<G1Affine> out(n);
    g1_mul_generator_batch(part, out);
    for (std::size_t j = 0; j < n; ++j) {
      EXPECT_TRUE(eq(to_jacobian(out[j]), g1_mul_generator(ks[j]))) << "n=" << n << " j=" << j;
    }
  }
}

RC_GTEST_PROP(FixedBaseG1, BatchMatchesGlvMul, (std::vector<uint64_t> limbs)) {
  std::vector<Scalar> ks;
  for (std::size_t i = 0; i + 3 < limbs.size(); i += 4) ks.push_back({limbs[i], limbs[i + 1], limbs[i + 2], limbs[i + 3]});
  while (ks.size() < 20) ks.push_back(from_u64(ks.size()));  // exercise the batched path
  std::vector<G1Affine> out(ks.size());
  g1_mul_generator_batch(ks, out);
  for (std::size_t j = 0; j < ks.size(); ++j) RC_ASSERT(eq(to_jacobian(out[j]), g1_mul(g1_generator(), ks[j])));
}

RC_GTEST_PROP(FixedBaseG1, MatchesGlvMul, (uint64_t a, uint64_t b, uint64_t c, uint64_t d)) {
  const Scalar k{a, b, c, d};
  RC_ASSERT(eq(g1_mul_generator(k), g1_mul(g1_generator(), k)));
}

RC_GTEST_PROP(FixedBaseG1, IsLinear, (uint64_t a, uint64_t b)) {
  // [a + b]G = [a]G + [b]G for 64-bit a, b (no reduction involved).
  const unsigned __int128 s = static_cast<unsigned __int128>(a) + b;
  const Scalar sum{static_cast<uint64_t>(s), static_cast<uint64_t>(s >> 64), 0, 0};
  RC_ASSERT(eq(g1_mul_generator(sum), add(g1_mul_generator(from_u64(a)), g1_mul_generator(from_u64(b)))));
}

}  // namespace
}  // namespace stakepool::crypto
