// X25519 (RFC 7748): the §5.2 vectors, the iterated vectors (1 and 1,000 rounds), the §6.1
// Diffie-Hellman example, non-canonical and top-bit inputs, low-order rejection, and agreement
// with OpenSSL (through util::X25519SecretKey and util::PairKeys) on random keys.
#include "stakepool/crypto/x25519.hpp"

#include <gtest/gtest.h>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto {
namespace {

std::array<uint8_t, 32> h32(std::string_view s) { return *util::from_hex_fixed<32>(s, "test vector"); }

std::string run(std::string_view k, std::string_view u) { return util::to_hex(x25519_raw(h32(k), h32(u))); }

TEST(X25519, Rfc7748Section52Vectors) {
  EXPECT_EQ(run("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"),
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  // The u-coordinate of the second vector has its top bit set: it must be ignored.
  EXPECT_EQ(run("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"),
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

TEST(X25519, Rfc7748IteratedVectors) {
  std::array<uint8_t, 32> k{}, u{};
  k[0] = 9;
  u[0] = 9;
  for (int i = 1; i <= 1000; ++i) {
    const std::array<uint8_t, 32> r = x25519_raw(k, u);
    u = k;
    k = r;
    if (i == 1) {
      EXPECT_EQ(util::to_hex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(util::to_hex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

TEST(X25519, Rfc7748Section61DiffieHellman) {
  const auto a = h32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const auto b = h32("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  std::array<uint8_t, 32> nine{};
  nine[0] = 9;
  EXPECT_EQ(util::to_hex(x25519_raw(a, nine)), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(util::to_hex(x25519_raw(b, nine)), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  util::Secret<32> ka(a), shared;
  ASSERT_TRUE(x25519(ka, h32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"), shared));
  EXPECT_EQ(util::to_hex(shared.expose()), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
}

TEST(X25519, NonCanonicalUIsReducedModP) {
  // u = p + 9 (< 2^255) is the same point as u = 9; u = 2^255 - 1 is p + 18, the same as 18.
  util::DeterministicRng rng(3);
  std::array<uint8_t, 32> k{};
  rng.fill(k);
  auto p_plus = [](uint8_t low) {
    std::array<uint8_t, 32> u;
    u.fill(0xff);
    u[31] = 0x7f;
    u[0] = static_cast<uint8_t>(0xed + low);  // p = 2^255 - 19 ends in 0xed
    return u;
  };
  std::array<uint8_t, 32> nine{}, eighteen{};
  nine[0] = 9;
  eighteen[0] = 18;
  EXPECT_EQ(x25519_raw(k, p_plus(9)), x25519_raw(k, nine));
  EXPECT_EQ(x25519_raw(k, p_plus(18)), x25519_raw(k, eighteen));
}

TEST(X25519, LowOrderPointsAreRejected) {
  util::DeterministicRng rng(4);
  util::Secret<32> k;
  rng.fill(k.expose_mut());
  util::Secret<32> out;
  std::array<uint8_t, 32> zero{}, one{};
  one[0] = 1;
  EXPECT_FALSE(x25519(k, zero, out));  // order 4 point (0, 0)
  EXPECT_FALSE(x25519(k, one, out));   // order 4 point u = 1
  // u = p - 1 (= -1) is of order 2 on the twist; it too gives the all-zero output.
  std::array<uint8_t, 32> minus_one;
  minus_one.fill(0xff);
  minus_one[31] = 0x7f;
  minus_one[0] = 0xec;
  EXPECT_FALSE(x25519(k, minus_one, out));
}

TEST(X25519, AgreesWithOpenSslOnRandomKeys) {
  util::DeterministicRng rng(5);
  std::array<uint8_t, 32> nine{};
  nine[0] = 9;
  for (int i = 0; i < 32; ++i) {
    util::X25519SecretKey a = util::X25519SecretKey::generate(rng), b = util::X25519SecretKey::generate(rng);
    EXPECT_EQ(x25519_raw(a.secret().expose(), nine), a.public_key());  // OpenSSL's public key
    util::Secret<32> ab, ba;
    ASSERT_TRUE(x25519(a.secret(), b.public_key(), ab));
    ASSERT_TRUE(x25519(b.secret(), a.public_key(), ba));
    EXPECT_EQ(util::to_hex(ab.expose()), util::to_hex(ba.expose()));
    // Boxes between threshold::pair_key_x25519 and OpenSSL: tests/threshold/pair_key_test.cpp.
  }
}

}  // namespace
}  // namespace stakepool::crypto
