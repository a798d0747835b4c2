// EIP-2333 / EIP-2334 tests against the vectors in ../shared/vectors/keys (read in place).
#include "stakepool/eth/key_derivation.hpp"

#include <gtest/gtest.h>

#include "keys_vector_util.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using testing::decimal_to_be32;
using testing::keys_dir;
using testing::load_vector_json;

std::string sk_hex(const SecretKeyBytes& sk) { return util::to_hex(sk.expose()); }
std::string dec_hex(const nlohmann::json& v) {
  return util::to_hex(decimal_to_be32(v.get<std::string>()));
}

SecretKeyBytes sk_from_dec(const nlohmann::json& v) {
  auto b = decimal_to_be32(v.get<std::string>());
  return SecretKeyBytes(std::span<const uint8_t, 32>(b));
}

TEST(Eip2333, ErcTestCases) {
  auto j = load_vector_json(keys_dir() / "ethereum-ERCs/extracted/erc-2333-test-cases.json");
  ASSERT_EQ(j["cases"].size(), 4u);
  for (const auto& c : j["cases"]) {
    auto seed = util::from_hex(c["seed"].get<std::string>()).value();
    auto master = derive_master_sk(seed);
    ASSERT_TRUE(master);
    EXPECT_EQ(sk_hex(*master), dec_hex(c["master_SK"])) << "case " << c["case"];
    auto child = derive_child_sk(*master, c["child_index"].get<uint32_t>());
    EXPECT_EQ(sk_hex(child), dec_hex(c["child_SK"])) << "case " << c["case"];
  }
}

TEST(Eip2333, TreeKdfVectors) {
  auto j = load_vector_json(keys_dir() /
                            "staking-deposit-cli/tests/test_key_handling/test_key_derivation/"
                            "test_vectors/tree_kdf.json");
  ASSERT_EQ(j["kdf_tests"].size(), 4u);
  for (const auto& c : j["kdf_tests"]) {
    auto seed = util::from_hex(c["seed"].get<std::string>()).value();
    auto master = derive_master_sk(seed).value();
    EXPECT_EQ(sk_hex(master), dec_hex(c["master_SK"]));
    EXPECT_EQ(sk_hex(derive_child_sk(master, c["child_index"].get<uint32_t>())),
              dec_hex(c["child_SK"]));
  }
}

TEST(Eip2333, IntermediateLamportValues) {
  auto j = load_vector_json(keys_dir() /
                            "staking-deposit-cli/tests/test_key_handling/test_key_derivation/"
                            "test_vectors/tree_kdf_intermediate.json");
  auto seed = mnemonic_to_seed(as_bytes(j["mnemonic"].get<std::string>()),
                               as_bytes(j["password"].get<std::string>()));
  ASSERT_TRUE(seed);
  EXPECT_EQ(util::to_hex(seed->expose()), j["seed"].get<std::string>());
  auto master = derive_master_sk(seed->expose()).value();
  EXPECT_EQ(sk_hex(master), dec_hex(j["master_SK"]));
  auto path = KeyPath::parse(j["path"].get<std::string>()).value();
  ASSERT_EQ(path.indices(), std::vector<uint32_t>{j["child_index"].get<uint32_t>()});
  LamportKeys lk = parent_sk_to_lamport_keys(master, path.indices()[0]);
  ASSERT_EQ(j["lamport_0"].size(), kLamportChunks);
  ASSERT_EQ(j["lamport_1"].size(), kLamportChunks);
  for (std::size_t i = 0; i < kLamportChunks; ++i) {
    EXPECT_EQ(util::to_hex(lk.lamport_0.expose().subspan(i * 32, 32)), j["lamport_0"][i]) << i;
    EXPECT_EQ(util::to_hex(lk.lamport_1.expose().subspan(i * 32, 32)), j["lamport_1"][i]) << i;
  }
  EXPECT_EQ(util::to_hex(lk.compressed_pk.expose()), j["compressed_lamport_PK"].get<std::string>());
  EXPECT_EQ(util::to_hex(parent_sk_to_lamport_pk(master, 0).expose()),
            j["compressed_lamport_PK"].get<std::string>());
  auto child = derive_sk_at_path(seed->expose(), path).value();
  EXPECT_EQ(sk_hex(child), dec_hex(j["child_SK"]));
  EXPECT_EQ(sk_hex(derive_child_sk(sk_from_dec(j["master_SK"]), 0)), dec_hex(j["child_SK"]));
}

TEST(Eip2333, MasterKeyNeedsA32ByteSeed) {
  std::vector<uint8_t> seed(31, 7);
  auto r = derive_master_sk(seed);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("at least 32 bytes"), std::string::npos);
  seed.push_back(7);
  EXPECT_TRUE(derive_master_sk(seed));
}

TEST(Eip2333, DifferentIndicesGiveDifferentKeys) {
  std::vector<uint8_t> seed(32, 1);
  auto m = derive_master_sk(seed).value();
  EXPECT_NE(sk_hex(derive_child_sk(m, 0)), sk_hex(derive_child_sk(m, 1)));
  EXPECT_NE(sk_hex(derive_child_sk(m, 0)), sk_hex(m));
}

}  // namespace
}  // namespace stakepool::eth
