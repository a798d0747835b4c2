// Batched pair keys (threshold::pair_keys_x25519_many through crypto::x25519_many, and
// util::PairKeys::precompute with it) are the keys pair_key_x25519 and OpenSSL derive one by one:
// equal bytes, boxes that open both ways after a precompute, low-order peers left out.
#include <gtest/gtest.h>

#include <vector>

#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::threshold {
namespace {

TEST(PairKeyMany, BatchEqualsSingleForEveryBatchLength) {
  util::DeterministicRng rng(61, "pair-key-many");
  for (std::size_t n : {1, 7, 8, 9, 63}) {
    const util::X25519SecretKey mine = util::X25519SecretKey::generate(rng);
    std::vector<util::X25519PublicKey> peers;
    for (std::size_t i = 0; i < n; ++i)
      peers.push_back(util::X25519SecretKey::generate(rng).public_key());
    const auto keys = pair_keys_x25519_many(mine, peers);
    ASSERT_EQ(keys.size(), n);
    for (std::size_t i = 0; i < n; ++i) {
      util::Secret<32> single;
      ASSERT_TRUE(pair_key_x25519(mine, peers[i], single));
      ASSERT_TRUE(keys[i].has_value()) << i;
      EXPECT_EQ(util::to_hex(keys[i]->expose()), util::to_hex(single.expose()))
          << "n=" << n << " i=" << i;
    }
  }
}

TEST(PairKeyMany, LowOrderPeerGivesNoKey) {
  util::DeterministicRng rng(62, "pair-key-many-low");
  const util::X25519SecretKey mine = util::X25519SecretKey::generate(rng);
  util::X25519PublicKey zero{}, one{};
  one[0] = 1;
  const util::X25519PublicKey good = util::X25519SecretKey::generate(rng).public_key();
  const std::vector<util::X25519PublicKey> peers = {zero, good, one};
  const auto keys = pair_keys_x25519_many(mine, peers);
  EXPECT_FALSE(keys[0].has_value());
  EXPECT_TRUE(keys[1].has_value());
  EXPECT_FALSE(keys[2].has_value());

  // PairKeys::precompute skips them: seal still fails with the low-order error, the good peer
  // works.
  util::PairKeys boxes(mine, &pair_key_x25519);
  boxes.precompute(peers, &pair_keys_x25519_many);
  const uint8_t msg[] = {5}, aad[] = {6};
  auto bad = boxes.seal(zero, msg, aad, rng);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::kCrypto);
  EXPECT_TRUE(boxes.seal(good, msg, aad, rng));
}

TEST(PairKeyMany, PrecomputedBoxesOpenWithOpenSslKeys) {
  util::DeterministicRng rng(63, "pair-key-many-boxes");
  const util::X25519SecretKey a = util::X25519SecretKey::generate(rng);
  std::vector<util::X25519SecretKey> others;
  std::vector<util::X25519PublicKey> pks;
  for (int i = 0; i < 11; ++i) {
    others.push_back(util::X25519SecretKey::generate(rng));
    pks.push_back(others.back().public_key());
  }
  pks.push_back(pks[3]);  // a duplicate is derived once
  util::PairKeys ours(a, &pair_key_x25519);
  ours.precompute(pks, &pair_keys_x25519_many);
  const uint8_t msg[] = {1, 2, 3}, aad[] = {9};
  for (const util::X25519SecretKey& b : others) {
    util::PairKeys theirs(b);  // OpenSSL
    auto box = ours.seal(b.public_key(), msg, aad, rng);
    ASSERT_TRUE(box);
    auto opened = theirs.open(a.public_key(), *box, aad);
    ASSERT_TRUE(opened);
    EXPECT_EQ(std::vector<uint8_t>(opened->expose().begin(), opened->expose().end()),
              std::vector<uint8_t>(std::begin(msg), std::end(msg)));
    auto back = theirs.seal(a.public_key(), msg, aad, rng);
    ASSERT_TRUE(back);
    EXPECT_TRUE(ours.open(b.public_key(), *back, aad));
  }
}

}  // namespace
}  // namespace stakepool::threshold
