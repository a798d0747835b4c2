// Keystores holding BLS validator keys: the vectors' pubkey field is sk_to_pk of the secret, and a
// keystore whose pubkey does not match its secret is refused.
#include "stakepool/eth/validator_keystore.hpp"

#include <gtest/gtest.h>

#include "keys_vector_util.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

const char* const kPassword = "testpassword\xf0\x9f\x94\x91";

Keystore pbkdf2_vector() {
  auto text = util::read_text_file(testing::keys_dir() /
                                   "ethereum-ERCs/extracted/erc-2335-pbkdf2-keystore.json");
  return parse_keystore(text.value()).value();
}

TEST(ValidatorKeystore, VectorPubkeyIsTheSecretKeysPublicKey) {
  Keystore ks = pbkdf2_vector();
  auto sk = decrypt_secret_key(ks, as_bytes(kPassword));
  ASSERT_TRUE(sk) << sk.error().message;
  EXPECT_EQ(pubkey_hex(*sk), ks.pubkey);
  EXPECT_EQ(util::to_hex(sk->expose_bytes()),
            "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
}

TEST(ValidatorKeystore, MismatchedPubkeyIsRefused) {
  Keystore ks = pbkdf2_vector();
  ks.pubkey[5] = ks.pubkey[5] == 'a' ? 'b' : 'a';
  auto sk = decrypt_secret_key(ks, as_bytes(kPassword));
  ASSERT_FALSE(sk);
  EXPECT_EQ(sk.error().code, Errc::kCorrupt);
  ks.pubkey.clear();  // absent pubkey: nothing to compare
  EXPECT_TRUE(decrypt_secret_key(ks, as_bytes(kPassword)));
}

TEST(ValidatorKeystore, EncryptRecordsThePubkey) {
  util::DeterministicRng rng(3, "validator-keystore");
  std::array<uint8_t, 32> b{};
  b[31] = 7;
  auto sk = crypto::bls::SecretKey::parse(b);
  ASSERT_TRUE(sk);
  KdfParams params;
  params.kind = KdfKind::kPbkdf2;
  params.c = 8;
  auto ks = encrypt_secret_key(*sk, as_bytes("pw"), params, "m/12381/3600/0/0/0", "", rng);
  ASSERT_TRUE(ks);
  EXPECT_EQ(ks->pubkey, pubkey_hex(*sk));
  EXPECT_EQ(ks->pubkey.size(), 96u);
  auto back = decrypt_secret_key(*ks, as_bytes("pw"));
  ASSERT_TRUE(back);
  EXPECT_EQ(util::to_hex(back->expose_bytes()), util::to_hex(b));
}

TEST(ValidatorKeystore, NonKeySecretIsRefused) {
  util::DeterministicRng rng(4, "validator-keystore");
  KdfParams params;
  params.kind = KdfKind::kPbkdf2;
  params.c = 8;
  std::vector<uint8_t> zero(32, 0);
  auto ks = encrypt_keystore(zero, as_bytes("pw"), params, {}, rng);
  ASSERT_TRUE(ks);
  auto sk = decrypt_secret_key(*ks, as_bytes("pw"));
  ASSERT_FALSE(sk);
  EXPECT_EQ(sk.error().code, Errc::kCrypto);
}

}  // namespace
}  // namespace stakepool::eth
