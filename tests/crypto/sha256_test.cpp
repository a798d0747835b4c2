#include <gtest/gtest.h>

#include <vector>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::crypto {
namespace {
std::string hex(std::span<const uint8_t> b) { return util::to_hex(b); }
}  // namespace

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string abc = "abc";
  auto d = sha256({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()});
  EXPECT_EQ(hex(d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto inc = Sha256().update({reinterpret_cast<const uint8_t*>(abc.data()), 1})
                 .update({reinterpret_cast<const uint8_t*>(abc.data()) + 1, 2})
                 .finish();
  EXPECT_EQ(inc, d);
}

TEST(Hkdf, Rfc5869Case1) {
  std::vector<uint8_t> ikm(22, 0x0b), salt, info;
  for (int i = 0; i <= 0x0c; ++i) salt.push_back(static_cast<uint8_t>(i));
  for (int i = 0xf0; i <= 0xf9; ++i) info.push_back(static_cast<uint8_t>(i));
  auto prk = hkdf_extract(salt, ikm);
  EXPECT_EQ(hex(prk), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  std::vector<uint8_t> okm(42);
  hkdf_expand(prk, info, okm);
  EXPECT_EQ(hex(okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(Hmac, LongKeyIsHashed) {
  // RFC 4231 test case 6: 131-byte key of 0xaa.
  std::vector<uint8_t> key(131, 0xaa);
  const std::string msg = "Test Using Larger Than Block-Size Key - Hash Key First";
  auto mac = hmac_sha256(key, {reinterpret_cast<const uint8_t*>(msg.data()), msg.size()});
  EXPECT_EQ(hex(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

}  // namespace stakepool::crypto
