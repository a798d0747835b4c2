// expand_message_xmd(SHA-256) known answers from RFC 9380 Appendix K.1/K.2 (the full vector files
// run through `stakepool vectors h2c`), plus the length limits.
#include "stakepool/crypto/expand_message.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stakepool/util/hex.hpp"

namespace stakepool::crypto {
namespace {

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string expand_hex(const std::string& msg, const std::string& dst, std::size_t len) {
  std::vector<uint8_t> out(len);
  EXPECT_TRUE(expand_message_xmd(bytes(msg), bytes(dst), out));
  return util::to_hex(out);
}

const std::string kDst = "QUUX-V01-CS02-with-expander-SHA256-128";
const std::string kLongDst =
    "QUUX-V01-CS02-with-expander-SHA256-128-long-DST-" + std::string(208, '1');

TEST(ExpandMessageXmd, Rfc9380K1) {
  EXPECT_EQ(expand_hex("", kDst, 32),
            "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235");
  EXPECT_EQ(expand_hex("abc", kDst, 128),
            "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a"
            "647e6c3163d40b76a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635"
            "bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00"
            "058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40");
}

TEST(ExpandMessageXmd, Rfc9380K2LongDstIsHashed) {
  ASSERT_EQ(kLongDst.size(), 256u);
  XmdDst d(bytes(kLongDst));
  EXPECT_EQ(util::to_hex(d.prime()),
            "412717974da474d0f8c420f320ff81e8432adb7c927d9bd082b4fb4d16c0a23620");
  EXPECT_EQ(expand_hex("", kLongDst, 32),
            "e8dc0c8b686b7ef2074086fbdd2f30e3f8bfbd3bdf177f73f04b97ce618a3ed3");
}

TEST(ExpandMessageXmd, DstPrimeAppendsLength) {
  XmdDst d(bytes(kDst));
  ASSERT_EQ(d.prime().size(), kDst.size() + 1);
  EXPECT_EQ(d.prime().back(), kDst.size());
}

TEST(ExpandMessageXmd, LengthLimits) {
  std::vector<uint8_t> none, max(kXmdMaxLen, 0xee), over(kXmdMaxLen + 1, 0xee);
  EXPECT_FALSE(expand_message_xmd(bytes("m"), bytes(kDst), none));
  EXPECT_FALSE(expand_message_xmd(bytes("m"), bytes(kDst), over));
  EXPECT_EQ(over.front(), 0xee);  // untouched on failure
  EXPECT_TRUE(expand_message_xmd(bytes("m"), bytes(kDst), max));
  // A shorter output is a prefix only when the length is the same: len_in_bytes is hashed into b_0.
  std::vector<uint8_t> a(64), b(32);
  ASSERT_TRUE(expand_message_xmd(bytes("m"), bytes(kDst), a));
  ASSERT_TRUE(expand_message_xmd(bytes("m"), bytes(kDst), b));
  EXPECT_NE(std::vector<uint8_t>(a.begin(), a.begin() + 32), b);
}

}  // namespace
}  // namespace stakepool::crypto
