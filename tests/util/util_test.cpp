#include <gtest/gtest.h>

#include <filesystem>

#include "stakepool/util/ct.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::util {

TEST(Hex, RoundTripWithAndWithoutPrefix) {
  Bytes b{0x00, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "00abff");
  EXPECT_EQ(to_hex0x(b), "0x00abff");
  EXPECT_EQ(*from_hex("0x00ABff"), b);
  EXPECT_EQ(*from_hex("00abff"), b);
}

TEST(Hex, RejectsOddLengthAndBadCharacters) {
  auto odd = from_hex("abc");
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().message.find("odd length"), std::string::npos);
  auto bad = from_hex("0xzz");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("position 0"), std::string::npos);
  auto fixed = from_hex_fixed<4>("0x0011", "pubkey");
  ASSERT_FALSE(fixed);
  EXPECT_NE(fixed.error().message.find("pubkey: expected 4 bytes, got 2"), std::string::npos);
}

TEST(Rng, DeterministicAndForkIndependent) {
  DeterministicRng a(42), b(42), c(43);
  EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(a.next_u64(), c.next_u64());
  auto fa = a.fork("x"), fb = b.fork("y");
  EXPECT_NE(fa.next_u64(), fb.next_u64());
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.uniform(7), 7u);
}

TEST(Secret, CloneAndWipeOnMove) {
  uint8_t raw[4] = {1, 2, 3, 4};
  Secret<4> s{std::span<const uint8_t, 4>(raw)};
  Secret<4> c = s.clone();
  Secret<4> m = std::move(s);
  EXPECT_TRUE(ct::equal(c.expose(), m.expose()));
  uint8_t zero[4] = {};
  EXPECT_TRUE(ct::equal(s.expose(), zero));  // NOLINT(bugprone-use-after-move): moved-from is wiped
}

TEST(Fs, AtomicWriteReplacesContents) {
  auto dir = std::filesystem::temp_directory_path() / "sp_fs_test";
  std::filesystem::create_directories(dir);
  auto f = dir / "state.json";
  ASSERT_TRUE(write_text_file_atomic(f, "one"));
  ASSERT_TRUE(write_text_file_atomic(f, "two"));
  EXPECT_EQ(*read_text_file(f), "two");
  auto missing = read_file(dir / "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kIo);
  std::filesystem::remove_all(dir);
}

}  // namespace stakepool::util

#include "stakepool/util/codec.hpp"

namespace stakepool::util {

TEST(Codec, RoundTripAndStrictReader) {
  ByteWriter w;
  w.u8(7).u32(0x01020304).u64(42).str("abc");
  Bytes b = w.take();
  ByteReader r(b);
  EXPECT_EQ(r.u8("a"), 7);
  EXPECT_EQ(r.u32("b"), 0x01020304u);
  EXPECT_EQ(r.u64("c"), 42u);
  auto s = r.bytes(10, "d");
  EXPECT_EQ(std::string(s.begin(), s.end()), "abc");
  EXPECT_TRUE(r.finish());

  ByteReader trunc(std::span<const uint8_t>(b.data(), 6));
  trunc.u8("a");
  trunc.u64("wide");
  auto st = trunc.finish();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("wide: truncated"), std::string::npos);

  ByteReader limit(b);
  limit.raw(13, "head");
  limit.bytes(2, "name");
  auto st2 = limit.finish();
  ASSERT_FALSE(st2);
  EXPECT_NE(st2.error().message.find("name: length 3 exceeds limit 2"), std::string::npos);

  Bytes extra = b;
  extra.push_back(0);
  ByteReader tr(extra);
  tr.raw(b.size(), "all");
  EXPECT_FALSE(tr.finish());
}

}  // namespace stakepool::util
