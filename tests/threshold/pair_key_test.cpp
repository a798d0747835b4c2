// The ceremony's pair keys (threshold::pair_key_x25519: our X25519 + HKDF) are the keys util::PairKeys
// derives through OpenSSL by default: boxes sealed either way open the other way, for random keys,
// and a box to the wrong peer does not open.
#include <gtest/gtest.h>

#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::threshold {
namespace {

TEST(PairKey, OwnX25519DerivationMatchesOpenSsl) {
  util::DeterministicRng rng(6, "pair-key");
  const uint8_t msg[] = {1, 2, 3, 4}, aad[] = {7, 8};
  for (int i = 0; i < 16; ++i) {
    const util::X25519SecretKey a = util::X25519SecretKey::generate(rng);
    const util::X25519SecretKey b = util::X25519SecretKey::generate(rng);
    const util::X25519SecretKey c = util::X25519SecretKey::generate(rng);
    util::PairKeys ours(a, &pair_key_x25519), theirs(b), third(c);
    auto box = ours.seal(b.public_key(), msg, aad, rng);
    ASSERT_TRUE(box);
    auto opened = theirs.open(a.public_key(), *box, aad);
    ASSERT_TRUE(opened);
    EXPECT_EQ(std::vector<uint8_t>(opened->expose().begin(), opened->expose().end()),
              std::vector<uint8_t>(std::begin(msg), std::end(msg)));
    auto back = theirs.seal(a.public_key(), msg, aad, rng);
    ASSERT_TRUE(back);
    EXPECT_TRUE(ours.open(b.public_key(), *back, aad));
    EXPECT_FALSE(third.open(a.public_key(), *box, aad));  // another pair's key
  }
}

}  // namespace
}  // namespace stakepool::threshold
