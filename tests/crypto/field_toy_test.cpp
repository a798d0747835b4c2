// Exhaustive tests of MontField on toy primes (STYLE.md L9): every element (and every pair for the
// binary operations) against plain integer arithmetic. 1019 ≡ 3 mod 4 exercises the (m+1)/4 square
// root; 97 = 3·2^5 + 1 and 65537 = 2^16 + 1 exercise constant-time Tonelli–Shanks.
#include <gtest/gtest.h>

#include "crypto/toy_field.hpp"

namespace stakepool::crypto {
namespace {

template <typename F>
uint64_t val(const F& a) {
  return a.to_canonical()[0];
}

template <uint64_t M, uint64_t NR>
void exhaustive() {
  using F = testing::ToyField<M, NR>;
  std::vector<F> e(M);
  for (uint64_t i = 0; i < M; ++i) e[i] = F::from_u64(i);
  std::vector<bool> square(M, false);
  for (uint64_t i = 0; i < M; ++i) square[i * i % M] = true;
  for (uint64_t x = 0; x < M; ++x) {
    const F& a = e[x];
    ASSERT_EQ(val(a), x);
    ASSERT_EQ(val(-a), (M - x) % M);
    ASSERT_EQ(val(a.half().dbl()), x);
    ASSERT_EQ(val(a.sqr()), x * x % M);
    ASSERT_EQ(a.sgn0(), (x & 1) != 0);
    ASSERT_EQ(a.lexicographically_largest(), x > (M - 1) / 2);
    ASSERT_EQ(a.is_zero(), x == 0);
    ASSERT_EQ(a.is_square(), square[x]) << x;
    F r = F::from_u64(3);
    const bool ok = a.sqrt(r);
    ASSERT_EQ(ok, square[x]) << x;
    if (ok) {
      ASSERT_EQ(val(r) * val(r) % M, x);
    } else {
      ASSERT_EQ(val(r), 3u);
    }
    if (x != 0) {
      ASSERT_EQ(val(a.inv()) * x % M, 1u);
    } else {
      ASSERT_TRUE(a.inv().is_zero());
    }
    std::array<uint8_t, 8> b{};
    a.to_bytes_be(b);
    F back;
    ASSERT_TRUE(F::from_bytes_be(back, b));
    ASSERT_EQ(back, a);
  }
  for (uint64_t x = 0; x < M; x += (M > 2000 ? 97 : 1)) {
    for (uint64_t y = 0; y < M; y += (M > 2000 ? 89 : 1)) {
      ASSERT_EQ(val(e[x] * e[y]), x * y % M);
      ASSERT_EQ(val(e[x] + e[y]), (x + y) % M);
      ASSERT_EQ(val(e[x] - e[y]), (x + M - y) % M);
    }
  }
  std::array<uint8_t, 8> mb{};
  for (int i = 0; i < 8; ++i) mb[7 - i] = static_cast<uint8_t>(M >> (8 * i));
  F out;
  EXPECT_FALSE(F::from_bytes_be(out, mb));
}

TEST(ToyField, Exhaustive1019) { exhaustive<1019, 2>(); }
TEST(ToyField, Exhaustive97) { exhaustive<97, 5>(); }
TEST(ToyField, Exhaustive65537) { exhaustive<65537, 3>(); }

}  // namespace
}  // namespace stakepool::crypto
