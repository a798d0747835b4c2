// Tests of the BLS POP ciphersuite API: the Ethereum known-answer vector, KeyGen against the EIP-2333
// master-key vectors (read in place), parsing rules, and sign/verify/aggregate/batch properties.
// The full official suites run through `stakepool vectors bls` (tests/cli/bls.cmake).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto::bls {
namespace {

util::Bytes unhex(const std::string& s) {
  auto b = util::from_hex(s);
  EXPECT_TRUE(b.has_value()) << s;
  return b ? *b : util::Bytes{};
}

SecretKey sk_from_hex(const std::string& s) {
  auto sk = SecretKey::parse(unhex(s));
  EXPECT_TRUE(sk.has_value());
  return std::move(*sk);
}

SecretKey test_key(uint8_t seed) {
  std::vector<uint8_t> ikm(32, seed);
  return std::move(*SecretKey::key_gen(ikm));
}

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// dec_to_be32 converts a decimal string (< 2^256) to 32 big-endian bytes.
std::vector<uint8_t> dec_to_be32(const std::string& dec) {
  std::vector<uint8_t> out(32, 0);
  for (char ch : dec) {
    unsigned carry = static_cast<unsigned>(ch - '0');
    for (int i = 31; i >= 0; --i) {
      const unsigned v = out[i] * 10u + carry;
      out[i] = static_cast<uint8_t>(v);
      carry = v >> 8;
    }
  }
  return out;
}

// The Ethereum known-answer vector (bls12-381-tests sign_case_c82df61aa3ee60fb; perf-anchors.md §1).
constexpr const char* kKatSk = "263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3";
constexpr const char* kKatSig =
    "b6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158"
    "090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55";

TEST(Bls, EthereumKnownAnswer) {
  const SecretKey sk = sk_from_hex(kKatSk);
  const std::vector<uint8_t> msg(32, 0);
  const Signature sig = sign(sk, msg);
  EXPECT_EQ(util::to_hex(sig.to_bytes()), kKatSig);
  const PublicKey pk = sk_to_pk(sk);
  EXPECT_TRUE(verify(pk, msg, sig));
  auto parsed = Signature::parse(unhex(kKatSig));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(*parsed == sig);
}

TEST(Bls, KeyGenMatchesEip2333MasterKeys) {
  std::ifstream in(std::string(SP_VECTORS_DIR) + "/keys/ethereum-ERCs/extracted/erc-2333-test-cases.json");
  ASSERT_TRUE(in.good());
  const nlohmann::json j = nlohmann::json::parse(in);
  int n = 0;
  for (const auto& c : j.at("cases")) {
    const util::Bytes seed = unhex(c.at("seed").get<std::string>());
    auto sk = SecretKey::key_gen(seed);
    ASSERT_TRUE(sk.has_value());
    const auto want = dec_to_be32(c.at("master_SK").get<std::string>());
    EXPECT_EQ(util::to_hex(sk->expose_bytes()), util::to_hex(want)) << "case " << n;
    ++n;
  }
  EXPECT_EQ(n, 4);
  EXPECT_EQ(SecretKey::key_gen(std::vector<uint8_t>(31, 1)).error(), BlsError::kIkmTooShort);
}

TEST(Bls, SecretKeyRange) {
  const std::string r = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";
  const std::string r_minus_1 = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000";
  EXPECT_EQ(SecretKey::parse(unhex(r)).error(), BlsError::kSecretKeyOutOfRange);
  EXPECT_EQ(SecretKey::parse(std::vector<uint8_t>(32, 0)).error(), BlsError::kSecretKeyOutOfRange);
  EXPECT_EQ(SecretKey::parse(std::vector<uint8_t>(31, 1)).error(), BlsError::kBadLength);
  EXPECT_TRUE(SecretKey::parse(unhex(r_minus_1)).has_value());
  const SecretKey sk = sk_from_hex(kKatSk);
  EXPECT_EQ(util::to_hex(sk.clone().expose_bytes()), kKatSk);
}

TEST(Bls, PublicKeyValidation) {
  std::vector<uint8_t> inf(48, 0);
  inf[0] = 0xc0;
  EXPECT_EQ(PublicKey::parse(inf).error(), BlsError::kInfinity);
  EXPECT_TRUE(parse_g1(inf).has_value());
  EXPECT_FALSE(key_validate(inf));
  EXPECT_EQ(PublicKey::parse(std::vector<uint8_t>(47, 0)).error(), BlsError::kBadLength);
  const PublicKey pk = sk_to_pk(test_key(1));
  const auto enc = pk.to_bytes();
  EXPECT_TRUE(key_validate(enc));
  auto back = PublicKey::parse(enc);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(*back == pk);
}

TEST(Bls, SignVerifyRejectsWrongInputs) {
  const SecretKey a = test_key(2), b = test_key(3);
  const PublicKey pa = sk_to_pk(a), pb = sk_to_pk(b);
  const std::string m1 = "attestation", m2 = "attestatioN";
  const Signature s = sign(a, bytes(m1));
  EXPECT_TRUE(verify(pa, bytes(m1), s));
  EXPECT_FALSE(verify(pa, bytes(m2), s));
  EXPECT_FALSE(verify(pb, bytes(m1), s));
  EXPECT_FALSE(verify(pa, bytes(m1), s, kDstPop));
  std::vector<uint8_t> inf(96, 0);
  inf[0] = 0xc0;
  auto sinf = Signature::parse(inf);
  ASSERT_TRUE(sinf.has_value());
  EXPECT_FALSE(verify(pa, bytes(m1), *sinf));
}

TEST(Bls, ProofOfPossession) {
  const SecretKey a = test_key(4), b = test_key(5);
  const Signature proof = pop_prove(a);
  EXPECT_TRUE(pop_verify(sk_to_pk(a), proof));
  EXPECT_FALSE(pop_verify(sk_to_pk(b), proof));
  const auto pk_bytes = sk_to_pk(a).to_bytes();
  EXPECT_FALSE(verify(sk_to_pk(a), pk_bytes, proof));  // different DST from plain signing
}

TEST(Bls, AggregateAndFastAggregateVerify) {
  const std::string msg = "sync committee root";
  std::vector<PublicKey> pks;
  std::vector<Signature> sigs;
  for (uint8_t i = 10; i < 15; ++i) {
    const SecretKey sk = test_key(i);
    pks.push_back(sk_to_pk(sk));
    sigs.push_back(sign(sk, bytes(msg)));
  }
  auto agg = aggregate(sigs);
  ASSERT_TRUE(agg.has_value());
  EXPECT_TRUE(fast_aggregate_verify(pks, bytes(msg), *agg));
  EXPECT_FALSE(fast_aggregate_verify(std::span<const PublicKey>(pks).first(4), bytes(msg), *agg));
  auto apk = aggregate_pubkeys(pks);
  ASSERT_TRUE(apk.has_value());
  EXPECT_TRUE(verify(*apk, bytes(msg), *agg));
  EXPECT_EQ(aggregate({}).error(), BlsError::kEmptyInput);
  EXPECT_EQ(aggregate_pubkeys({}).error(), BlsError::kEmptyInput);
  EXPECT_FALSE(fast_aggregate_verify({}, bytes(msg), *agg));
  std::vector<uint8_t> inf(96, 0);
  inf[0] = 0xc0;
  EXPECT_TRUE(eth_fast_aggregate_verify({}, bytes(msg), *Signature::parse(inf)));
  EXPECT_FALSE(fast_aggregate_verify({}, bytes(msg), *Signature::parse(inf)));
}

TEST(Bls, AggregateVerifyDistinctAndRepeatedMessages) {
  const std::vector<std::string> texts = {"a", "b", "a", "c"};
  std::vector<PublicKey> pks;
  std::vector<Signature> sigs;
  std::vector<std::span<const uint8_t>> msgs;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const SecretKey sk = test_key(static_cast<uint8_t>(20 + i));
    pks.push_back(sk_to_pk(sk));
    sigs.push_back(sign(sk, bytes(texts[i])));
    msgs.push_back(bytes(texts[i]));
  }
  const Signature agg = *aggregate(sigs);
  EXPECT_TRUE(aggregate_verify(pks, msgs, agg));
  std::swap(msgs[0], msgs[1]);
  EXPECT_FALSE(aggregate_verify(pks, msgs, agg));
  EXPECT_FALSE(aggregate_verify({}, {}, agg));
  EXPECT_FALSE(aggregate_verify(pks, std::span<const std::span<const uint8_t>>(msgs).first(3), agg));
}

TEST(Bls, BatchVerify) {
  std::vector<std::string> texts;
  std::vector<SignatureSet> sets;
  for (int i = 0; i < 6; ++i) texts.push_back("message " + std::to_string(i % 4));
  for (int i = 0; i < 6; ++i) {
    const SecretKey sk = test_key(static_cast<uint8_t>(40 + i));
    sets.push_back({sk_to_pk(sk), bytes(texts[i]), sign(sk, bytes(texts[i]))});
  }
  util::DeterministicRng rng(7, "bls-batch-test");
  EXPECT_TRUE(batch_verify(sets, rng));
  EXPECT_TRUE(batch_verify(std::span<const SignatureSet>(sets).first(1), rng));
  EXPECT_FALSE(batch_verify({}, rng));
  // Swapping two signatures keeps their sum; the random coefficients still catch it.
  std::swap(sets[1].sig, sets[2].sig);
  EXPECT_FALSE(batch_verify(sets, rng));
}

}  // namespace
}  // namespace stakepool::crypto::bls
