// Ed25519 verification (crypto/ed25519.hpp): RFC 8032 §7.1 vectors, cross-checks against OpenSSL
// (util::Ed25519SecretKey / util::ed25519_verify), encoding edge cases, cofactored semantics and
// batch == single.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "crypto/ed25519_check.hpp"
#include "stakepool/crypto/ed25519.hpp"
#include "stakepool/crypto/sha512.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto::ed25519 {
namespace {

using util::from_hex;

struct Rfc8032Vector {
  const char* name;
  const char* seed;
  const char* pk;
  std::string msg;
  const char* sig;
};

// RFC 8032 §7.1, the five Ed25519 test vectors (TEST 1, 2, 3, 1024, SHA(abc)).
const std::vector<Rfc8032Vector>& rfc8032_vectors() {
  static const std::vector<Rfc8032Vector> v = {
      {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
       "701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f36"
       "13d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f7"
       "60984dc6594a7c15e9716ed28dc027beceea1ec40a"},
      {"TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
       "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
       "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f5"
       "4e9f77b1e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37"
       "c93a1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efc"
       "b8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b"
       "3b310da903401aa62100ab5d1a36553e06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573c"
       "b116dbefefd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204"
       "ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d95629e9855a94a7c1958"
       "d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24"
       "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f27088d78b7e883c8759d2c4f5c6"
       "5adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2"
       "cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128bab27af87a"
       "71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
       "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9"
       "b47acdb751fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb"
       "038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f672451"
       "7b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08"
       "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e"
       "2ab47b57f7f7276cd419c17a3ca8e1b939ae49e488acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d"
       "5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e6aed3fb0"
       "f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b1116398a346f1a641f3b041"
       "e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa9"
       "33a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380db2eaaa707b4c4185"
       "c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8cac60c905c"
       "15fc910840b94c00a0b9d0",
       "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea"
       "23c436d94b5e8fcd4f681e30a6ac00a9704a188a03"},
      {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
       "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c"
       "23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
       "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7"
       "c66431e0303dca179c138ac17ad9bef1177331a704"},
  };
  return v;
}

PublicKeyBytes key_of(const char* hex) { return util::from_hex_fixed<32>(hex, "pk").value(); }
SignatureBytes sig_of(const char* hex) { return util::from_hex_fixed<64>(hex, "sig").value(); }

bool ours(const PublicKeyBytes& pk, std::span<const uint8_t> msg, const SignatureBytes& sig) {
  return verify_vartime(std::span<const uint8_t, 32>(pk), msg, sig);
}

TEST(Ed25519, Rfc8032Vectors) {
  int checked = 0;
  for (const Rfc8032Vector& v : rfc8032_vectors()) {
    SCOPED_TRACE(v.name);
    const auto seed = util::from_hex_fixed<32>(v.seed, "seed").value();
    const util::Bytes msg = from_hex(v.msg).value();
    const PublicKeyBytes pk = key_of(v.pk);
    const SignatureBytes sig = sig_of(v.sig);
    // The transcription is right: OpenSSL derives the same key and signature from the seed.
    const auto sk = util::Ed25519SecretKey::from_seed(seed);
    ASSERT_EQ(sk.public_key(), pk);
    ASSERT_EQ(sk.sign(msg), sig);
    auto key = VerifyKey::parse(pk);
    ASSERT_TRUE(key.has_value());
    EXPECT_TRUE(verify_vartime(*key, msg, sig));
    EXPECT_TRUE(ours(pk, msg, sig));
    // A flipped bit in the message, R, s or the key makes it fail.
    util::Bytes msg2 = msg;
    if (msg2.empty()) {
      msg2.push_back(0);
    } else {
      msg2[msg2.size() / 2] ^= 0x10;
    }
    EXPECT_FALSE(verify_vartime(*key, msg2, sig));
    for (const int byte : {0, 17, 31, 32, 40, 63}) {
      SignatureBytes bad = sig;
      bad[byte] ^= 0x01;
      EXPECT_FALSE(verify_vartime(*key, msg, bad)) << byte;
    }
    for (const int byte : {0, 13, 31}) {
      PublicKeyBytes bad = pk;
      bad[byte] ^= 0x02;
      EXPECT_FALSE(ours(bad, msg, sig)) << byte;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// Triples: keys and signatures made by OpenSSL from a deterministic seed stream.
struct Triple {
  PublicKeyBytes pk;
  util::Bytes msg;
  SignatureBytes sig;
};

std::vector<Triple> make_triples(std::size_t n, std::size_t n_keys, uint64_t seed) {
  util::DeterministicRng rng(seed, "ed25519-test");
  std::vector<util::Ed25519SecretKey> keys;
  for (std::size_t i = 0; i < n_keys; ++i) keys.push_back(util::Ed25519SecretKey::generate(rng));
  std::vector<Triple> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& k = keys[rng.uniform(n_keys)];
    util::Bytes msg(rng.uniform(200));
    rng.fill(msg);
    out.push_back({k.public_key(), msg, k.sign(msg)});
  }
  return out;
}

// corrupt flips one random bit of the message, the signature or the key.
void corrupt(Triple& t, util::Rng& rng) {
  const uint64_t where = rng.uniform(3);
  if (where == 0 && !t.msg.empty()) {
    t.msg[rng.uniform(t.msg.size())] ^= static_cast<uint8_t>(1u << rng.uniform(8));
  } else if (where == 1 || t.msg.empty()) {
    t.sig[rng.uniform(64)] ^= static_cast<uint8_t>(1u << rng.uniform(8));
  } else {
    t.pk[rng.uniform(32)] ^= static_cast<uint8_t>(1u << rng.uniform(8));
  }
}

TEST(Ed25519, CrossCheckOpenSsl) {
  const std::vector<Triple> triples = make_triples(1000, 40, 1);
  util::DeterministicRng rng(2, "corrupt");
  int good = 0, bad = 0;
  for (const Triple& t : triples) {
    ASSERT_TRUE(ours(t.pk, t.msg, t.sig));
    ASSERT_TRUE(util::ed25519_verify(t.pk, t.msg, t.sig));
    ++good;
    Triple c = t;
    corrupt(c, rng);
    EXPECT_FALSE(ours(c.pk, c.msg, c.sig));
    EXPECT_FALSE(util::ed25519_verify(c.pk, c.msg, c.sig));
    ++bad;
  }
  EXPECT_EQ(good, 1000);
  EXPECT_EQ(bad, 1000);
}

TEST(Ed25519, SmallAndFullKeysAgree) {
  std::vector<Triple> triples = make_triples(300, 12, 21);
  util::DeterministicRng rng(22, "small-full");
  std::vector<VerifyKey> keys;
  keys.reserve(2 * triples.size());
  std::vector<BatchItem> items;
  std::vector<bool> expect;
  for (std::size_t i = 0; i < triples.size(); ++i) {
    Triple& t = triples[i];
    if (i % 3 == 0) corrupt(t, rng);
    auto full = VerifyKey::parse(t.pk, KeyTables::kFull);
    auto small = VerifyKey::parse(t.pk, KeyTables::kSmall);
    ASSERT_EQ(full.has_value(), small.has_value());
    const bool want = util::ed25519_verify(t.pk, t.msg, t.sig);
    expect.push_back(want);
    if (!full.has_value()) {
      EXPECT_FALSE(want);
      BatchItem it;
      it.key_bytes = t.pk;
      it.msg = t.msg;
      it.sig = t.sig;
      items.push_back(it);
      continue;
    }
    EXPECT_TRUE(full->full());
    EXPECT_FALSE(small->full());
    EXPECT_EQ(verify_vartime(*full, t.msg, t.sig), want) << i;
    EXPECT_EQ(verify_vartime(*small, t.msg, t.sig), want) << i;
    keys.push_back(std::move(i % 2 == 0 ? *full : *small));
    BatchItem it;
    it.key = &keys.back();
    it.msg = t.msg;
    it.sig = t.sig;
    items.push_back(it);
  }
  EXPECT_EQ(verify_batch_vartime(items), expect);
}

std::vector<BatchItem> items_of(const std::vector<Triple>& ts) {
  std::vector<BatchItem> items;
  for (const Triple& t : ts) {
    BatchItem it;
    it.key_bytes = t.pk;
    it.msg = t.msg;
    it.sig = t.sig;
    items.push_back(it);
  }
  return items;
}

std::vector<bool> singles(const std::vector<Triple>& ts) {
  std::vector<bool> r;
  for (const Triple& t : ts) r.push_back(ours(t.pk, t.msg, t.sig));
  return r;
}

TEST(Ed25519Batch, RandomSizesAllValidAndCorrupted) {
  const std::vector<Triple> triples = make_triples(1000, 25, 3);
  util::DeterministicRng rng(4, "batch");
  std::size_t pos = 0, batches = 0;
  while (pos < triples.size()) {
    const std::size_t n = std::min<std::size_t>(1 + rng.uniform(90), triples.size() - pos);
    std::vector<Triple> part(triples.begin() + pos, triples.begin() + pos + n);
    EXPECT_EQ(verify_batch_vartime(items_of(part)), std::vector<bool>(n, true));
    std::vector<bool> expect(n, true);
    for (std::size_t i = 0; i < n; ++i) {
      if (rng.uniform(8) == 0) {
        corrupt(part[i], rng);
        expect[i] = false;
      }
    }
    EXPECT_EQ(singles(part), expect);
    EXPECT_EQ(verify_batch_vartime(items_of(part)), expect);
    pos += n;
    ++batches;
  }
  EXPECT_GT(batches, 10u);
}

TEST(Ed25519Batch, EmptyOneBadSeveralBad) {
  EXPECT_TRUE(verify_batch_vartime({}).empty());
  const std::vector<Triple> triples = make_triples(64, 10, 5);
  for (const std::size_t bad_index : {0u, 1u, 31u, 63u}) {
    std::vector<Triple> part = triples;
    part[bad_index].sig[40] ^= 4;
    std::vector<bool> expect(64, true);
    expect[bad_index] = false;
    EXPECT_EQ(verify_batch_vartime(items_of(part)), expect) << bad_index;
  }
  std::vector<Triple> part = triples;
  std::vector<bool> expect(64, true);
  for (const std::size_t i : {2u, 3u, 17u, 40u, 41u, 62u}) {
    part[i].msg.push_back(1);
    expect[i] = false;
  }
  EXPECT_EQ(verify_batch_vartime(items_of(part)), expect);
  // Parsed keys (pointer) and raw bytes mix; a key that does not parse fails only its item.
  std::vector<VerifyKey> parsed;
  parsed.reserve(part.size());
  std::vector<BatchItem> items = items_of(part);
  for (std::size_t i = 0; i < items.size(); i += 2) {
    parsed.push_back(*VerifyKey::parse(items[i].key_bytes));
    items[i].key = &parsed.back();
  }
  // All-ones: y >= p, so the key does not parse.
  std::fill(items[5].key_bytes.begin(), items[5].key_bytes.end(), 0xff);
  expect[5] = false;
  EXPECT_EQ(verify_batch_vartime(items), expect);
}

RC_GTEST_PROP(Ed25519Batch, BatchEqualsSingle, ()) {
  static const std::vector<Triple> pool = make_triples(48, 6, 7);
  const auto n = *rc::gen::inRange<std::size_t>(1, pool.size() + 1);
  const auto mask = *rc::gen::container<std::vector<bool>>(n, rc::gen::arbitrary<bool>());
  const auto seed = *rc::gen::arbitrary<uint64_t>();
  util::DeterministicRng rng(seed, "prop");
  std::vector<Triple> part(pool.begin(), pool.begin() + n);
  for (std::size_t i = 0; i < n; ++i) {
    if (mask[i]) corrupt(part[i], rng);
  }
  RC_ASSERT(verify_batch_vartime(items_of(part)) == singles(part));
}

}  // namespace
}  // namespace stakepool::crypto::ed25519
