// The start-up self-test passes on both arithmetic paths, and its embedded known answers are the
// official ones: the exact (privkey, message) -> signature case is in the `sign` vectors and the
// (pubkey, message, signature) -> true case in the `verify` vectors of ethereum/bls12-381-tests.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "stakepool/crypto/isa.hpp"
#include "stakepool/crypto/self_test.hpp"

namespace stakepool::crypto {
namespace {

namespace fs = std::filesystem;

const fs::path kBlsDir = fs::path(SP_VECTORS_DIR) / "bls12-381-tests" / "via-constantine" /
                         "tests" / "protocol_blssig_pop_on_bls12381_g2_test_vectors_v0.1.1";

std::string hex0x(std::string_view s) { return "0x" + std::string(s); }

// count_cases returns how many JSON files in `handler` satisfy `match`; also checks that the folder
// holds the expected number of files.
template <typename Match>
int count_cases(const char* handler, std::size_t want_files, Match match) {
  int hits = 0;
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(kBlsDir / handler)) {
    std::ifstream in(e.path());
    const nlohmann::json j = nlohmann::json::parse(in);
    ++files;
    if (match(j)) ++hits;
  }
  EXPECT_EQ(files, want_files) << handler;
  return hits;
}

TEST(SelfTest, EmbeddedSignatureIsTheOfficialSignVector) {
  const SelfTestVector& v = kSelfTestBls;
  const int hits = count_cases("sign", 10, [&](const nlohmann::json& j) {
    return j["input"]["privkey"] == hex0x(v.secret_key) &&
           j["input"]["message"] == hex0x(v.message) && j["output"] == hex0x(v.signature);
  });
  EXPECT_EQ(hits, 1);
}

TEST(SelfTest, EmbeddedKeyAndSignatureVerifyInTheOfficialVectors) {
  const SelfTestVector& v = kSelfTestBls;
  const int hits = count_cases("verify", 29, [&](const nlohmann::json& j) {
    return j["input"]["pubkey"] == hex0x(v.public_key) &&
           j["input"]["message"] == hex0x(v.message) &&
           j["input"]["signature"] == hex0x(v.signature) && j["output"] == true;
  });
  EXPECT_EQ(hits, 1);
}

TEST(SelfTest, PassesOnEveryAvailablePath) {
  const Isa before = active_isa();
  EXPECT_EQ(self_test(), "");
  ASSERT_TRUE(set_isa_for_testing(Isa::kPortable));
  EXPECT_EQ(self_test(), "");
  if (set_isa_for_testing(Isa::kAdx)) {
    EXPECT_EQ(self_test(), "");
  }
  set_isa_for_testing(before);
  EXPECT_EQ(self_test_once(), "");
}

}  // namespace
}  // namespace stakepool::crypto
