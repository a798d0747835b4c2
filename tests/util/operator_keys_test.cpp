#include <gtest/gtest.h>

#include "stakepool/util/operator_keys.hpp"

namespace stakepool::util {

TEST(Ed25519, Rfc8032Test1) {
  auto seed = *from_hex_fixed<32>("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "seed");
  auto k = Ed25519SecretKey::from_seed(seed);
  EXPECT_EQ(to_hex(k.public_key()), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = k.sign({});
  EXPECT_EQ(to_hex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
            "d25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(ed25519_verify(k.public_key(), {}, sig));
  uint8_t m[1] = {1};
  EXPECT_FALSE(ed25519_verify(k.public_key(), m, sig));
}

TEST(Box, SealOpenAndTamperDetection) {
  DeterministicRng rng(7);
  auto alice = X25519SecretKey::generate(rng), bob = X25519SecretKey::generate(rng);
  const uint8_t msg[] = {1, 2, 3, 4, 5};
  const uint8_t aad[] = {9, 9};
  auto box = seal(bob.public_key(), msg, aad, rng);
  ASSERT_TRUE(box);
  auto pt = open(bob, *box, aad);
  ASSERT_TRUE(pt);
  EXPECT_EQ(std::vector<uint8_t>(pt->expose().begin(), pt->expose().end()), std::vector<uint8_t>(msg, msg + 5));
  EXPECT_FALSE(open(alice, *box, aad));  // wrong recipient
  const uint8_t other_aad[] = {9, 8};
  EXPECT_FALSE(open(bob, *box, other_aad));  // wrong context
  (*box)[50] ^= 1;
  auto bad = open(bob, *box, aad);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kCrypto);
  EXPECT_FALSE(open(bob, std::span<const uint8_t>(box->data(), 10), aad));  // truncated
}

TEST(Box, PairKeysAreSymmetricAndBoundToThePairAndContext) {
  DeterministicRng rng(8);
  auto alice = X25519SecretKey::generate(rng), bob = X25519SecretKey::generate(rng),
       carol = X25519SecretKey::generate(rng);
  PairKeys a(alice), b(bob), c(carol);
  const uint8_t msg[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const uint8_t aad[] = {1, 2};
  auto ab = a.seal(bob.public_key(), msg, aad, rng);
  ASSERT_TRUE(ab);
  EXPECT_EQ(ab->size(), 12u + sizeof(msg) + 16u);
  auto pt = b.open(alice.public_key(), *ab, aad);
  ASSERT_TRUE(pt);
  EXPECT_EQ(std::vector<uint8_t>(pt->expose().begin(), pt->expose().end()), std::vector<uint8_t>(msg, msg + 8));
  auto ba = b.seal(alice.public_key(), msg, aad, rng);  // the other direction, same key
  ASSERT_TRUE(ba);
  EXPECT_TRUE(a.open(bob.public_key(), *ba, aad));
  EXPECT_NE(*ab, *ba);                                   // fresh random nonces
  EXPECT_FALSE(c.open(alice.public_key(), *ab, aad));    // a third party
  EXPECT_FALSE(b.open(carol.public_key(), *ab, aad));    // claimed from someone else
  const uint8_t other_aad[] = {2, 1};
  EXPECT_FALSE(b.open(alice.public_key(), *ab, other_aad));
  (*ab)[13] ^= 1;
  auto bad = b.open(alice.public_key(), *ab, aad);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kCrypto);
  EXPECT_FALSE(b.open(alice.public_key(), std::span<const uint8_t>(ab->data(), 20), aad));
  X25519PublicKey low_order{};  // the identity: a low-order point
  EXPECT_FALSE(a.seal(low_order, msg, aad, rng));
}

}  // namespace stakepool::util
