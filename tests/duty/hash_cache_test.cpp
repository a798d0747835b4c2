// HashCache: the shared H(signing root) cache gives the hash itself, stays within its capacity
// (oldest forgotten first) and may be used from several threads at once.
#include <gtest/gtest.h>

#include <thread>

#include "duty/batch.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/duty/hash_cache.hpp"

namespace stakepool::duty {
namespace {

eth::Root root_of(uint8_t i) {
  eth::Root r{};
  r[0] = i;
  r[31] = static_cast<uint8_t>(0xa5 ^ i);
  return r;
}

TEST(DutyHashCache, GivesTheHashAndRemembersIt) {
  HashCache c(8);
  const eth::Root r = root_of(1);
  EXPECT_FALSE(c.find(r).has_value());
  const auto h = c.get(r);
  EXPECT_EQ(crypto::g2_compress(h), crypto::g2_compress(detail::hash_message_vartime(r)));
  ASSERT_TRUE(c.find(r).has_value());
  EXPECT_EQ(crypto::g2_compress(*c.find(r)), crypto::g2_compress(h));
  EXPECT_NE(crypto::g2_compress(c.get(root_of(2))), crypto::g2_compress(h));
}

TEST(DutyHashCache, ForgetsTheOldestBeyondItsCapacity) {
  HashCache c(2);
  const auto h = detail::hash_message_vartime(root_of(9));  // any valid point will do
  c.put(root_of(1), h);
  c.put(root_of(2), h);
  c.put(root_of(1), h);  // already there: not a new entry
  c.put(root_of(3), h);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_FALSE(c.find(root_of(1)).has_value());
  EXPECT_TRUE(c.find(root_of(2)).has_value());
  EXPECT_TRUE(c.find(root_of(3)).has_value());
}

TEST(DutyHashCache, ThreadsShareItSafely) {
  HashCache c(4);
  std::vector<std::array<uint8_t, 96>> a(6), b(6);
  auto work = [&c](std::vector<std::array<uint8_t, 96>>& out) {
    for (uint8_t i = 0; i < out.size(); ++i) out[i] = crypto::g2_compress(c.get(root_of(i % 3)));
  };
  std::thread t1(work, std::ref(a)), t2(work, std::ref(b));
  t1.join();
  t2.join();
  EXPECT_EQ(a, b);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(a[0], crypto::g2_compress(detail::hash_message_vartime(root_of(0))));
}

TEST(DutyHashCache, KeepsThePreparedLinesOfTheHash) {
  HashCache c(8, 2);
  const eth::Root r = root_of(1);
  const auto h = c.get(r);
  const auto lines = c.prepared(r, h);
  ASSERT_NE(lines, nullptr);
  const crypto::G2Prepared want = crypto::prepare_g2(h);
  EXPECT_FALSE(lines->infinity);
  for (std::size_t i = 0; i < crypto::G2Prepared::kLines; ++i) {
    EXPECT_TRUE(lines->lines[i].c0 == want.lines[i].c0 && lines->lines[i].c1 == want.lines[i].c1 &&
                lines->lines[i].c4 == want.lines[i].c4)
        << "line " << i;
  }
  EXPECT_EQ(c.prepared(r, h), lines);  // a hit: the same lines
  c.prepared(root_of(2), c.get(root_of(2)));
  c.prepared(root_of(3), c.get(root_of(3)));
  EXPECT_EQ(c.prepared_size(), 2u);  // root 1 forgotten; its lines stay valid for their holders
  EXPECT_NE(c.prepared(r, h), lines);
  EXPECT_FALSE(lines->infinity);
}

}  // namespace
}  // namespace stakepool::duty
