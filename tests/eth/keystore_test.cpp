// EIP-2335 keystore tests: the ERC and staking-deposit-cli vectors (decrypt, and re-encrypting with
// the vector's salt/iv/uuid reproduces the file byte for byte), password processing, strict
// parsing.
#include "stakepool/eth/keystore.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "keys_vector_util.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using testing::keys_dir;

struct Inputs {
  std::string password;
  std::string secret_hex;
};

Inputs load_inputs() {
  auto j = testing::load_vector_json(keys_dir() / "ethereum-ERCs/extracted/erc-2335-inputs.json");
  EXPECT_EQ(util::to_hex(
                normalize_keystore_password(as_bytes(j["password"].get<std::string>()))->expose()),
            j["password_after_NFKD_and_control_code_removal_utf8_hex"].get<std::string>());
  return {j["password"].get<std::string>(), j["secret"].get<std::string>()};
}

std::vector<std::filesystem::path> keystore_files() {
  return {
      keys_dir() / "ethereum-ERCs/extracted/erc-2335-scrypt-keystore.json",
      keys_dir() / "ethereum-ERCs/extracted/erc-2335-pbkdf2-keystore.json",
      keys_dir() / "staking-deposit-cli/tests/test_key_handling/keystore_test_vectors/test0.json",
      keys_dir() / "staking-deposit-cli/tests/test_key_handling/keystore_test_vectors/test1.json"};
}

TEST(Keystore, VectorsDecryptAndReEncryptExactly) {
  const Inputs in = load_inputs();
  auto secret = util::from_hex(in.secret_hex).value();
  for (const auto& f : keystore_files()) {
    const std::string text = util::read_text_file(f).value();
    auto ks = parse_keystore(text);
    ASSERT_TRUE(ks) << f << ": " << ks.error().message;
    EXPECT_EQ(keystore_to_json(*ks), text.substr(0, text.find_last_not_of('\n') + 1)) << f;
    auto dec = decrypt_keystore(*ks, as_bytes(in.password));
    ASSERT_TRUE(dec) << f << ": " << dec.error().message;
    EXPECT_EQ(util::to_hex(dec->expose()), util::to_hex(secret)) << f;
    auto again = encrypt_keystore_with(secret, as_bytes(in.password), ks->kdf, ks->iv, ks->uuid,
                                       {ks->path, ks->pubkey, ks->description});
    ASSERT_TRUE(again);
    EXPECT_EQ(keystore_to_json(*again), keystore_to_json(*ks)) << f;
  }
}

TEST(Keystore, PasswordProcessingIsNfkdThenControlStripping) {
  const Inputs in = load_inputs();
  auto ks = parse_keystore(util::read_text_file(keystore_files()[1]).value()).value();
  // NFKD maps the fraktur letters to ASCII; control codes (here \x7f and \n) are dropped.
  EXPECT_TRUE(decrypt_keystore(ks, as_bytes("testpassword\xf0\x9f\x94\x91")));
  EXPECT_TRUE(decrypt_keystore(ks, as_bytes("test\x7fpass\nword\xf0\x9f\x94\x91\n")));
  EXPECT_TRUE(decrypt_keystore(ks, as_bytes("test\xc2\x85password\xf0\x9f\x94\x91")));  // C1 U+0085
  auto wrong = decrypt_keystore(ks, as_bytes("testpassword"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::kPermission);
  EXPECT_NE(wrong.error().message.find("checksum mismatch"), std::string::npos);
  EXPECT_FALSE(decrypt_keystore(ks, as_bytes("\xc3\x28")));  // not UTF-8
  EXPECT_EQ(util::to_hex(normalize_keystore_password(as_bytes("a b\x01\x1f\x7f"))->expose()),
            "612062");
}

KdfParams fast_pbkdf2() {
  KdfParams k;
  k.kind = KdfKind::kPbkdf2;
  k.c = 16;
  return k;
}

TEST(Keystore, EncryptRoundTripWithFreshRandomness) {
  util::DeterministicRng rng(7, "keystore");
  std::vector<uint8_t> secret(32, 0x42);
  KdfParams scrypt;
  scrypt.n = 16;
  for (const KdfParams& params : {fast_pbkdf2(), scrypt}) {
    auto a =
        encrypt_keystore(secret, as_bytes("pw"), params, {"m/12381/3600/0/0/0", "ab", "d"}, rng);
    auto b = encrypt_keystore(secret, as_bytes("pw"), params, {}, rng);
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->kdf.salt, b->kdf.salt);
    EXPECT_NE(a->iv, b->iv);
    EXPECT_NE(a->uuid, b->uuid);
    EXPECT_EQ(a->uuid[14], '4');
    auto parsed = parse_keystore(keystore_to_json(*a));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->path, "m/12381/3600/0/0/0");
    EXPECT_EQ(parsed->pubkey, "ab");
    auto dec = decrypt_keystore(*parsed, as_bytes("pw"));
    ASSERT_TRUE(dec);
    EXPECT_EQ(std::vector<uint8_t>(dec->expose().begin(), dec->expose().end()), secret);
  }
  EXPECT_FALSE(encrypt_keystore(secret, as_bytes("pw"), fast_pbkdf2(), {"m/x", "", ""}, rng));
  EXPECT_FALSE(encrypt_keystore(secret, as_bytes("pw"), fast_pbkdf2(), {"", "zz", ""}, rng));
  KdfParams huge;
  huge.n = 1u << 21;
  EXPECT_FALSE(encrypt_keystore(secret, as_bytes("pw"), huge, {}, rng));
}

// mutate parses the PBKDF2 vector, applies f to its JSON and returns the parse error message.
template <typename F>
std::string parse_error_after(F&& f) {
  auto j = nlohmann::json::parse(util::read_text_file(keystore_files()[1]).value());
  f(j);
  auto r = parse_keystore(j.dump());
  return r ? std::string("<parsed>") : r.error().message;
}

TEST(Keystore, StrictParserNamesTheBadField) {
  using nlohmann::json;
  struct Case {
    std::function<void(json&)> mutate;
    const char* message;
  };
  const std::vector<Case> cases = {
      {[](json& j) { j["version"] = 3; }, "unsupported 3"},
      {[](json& j) { j.erase("uuid"); }, "missing field 'uuid'"},
      {[](json& j) { j["uuid"] = "not-a-uuid"; }, "not an RFC 4122 UUID"},
      {[](json& j) { j["extra"] = 1; }, "unknown field 'extra'"},
      {[](json& j) { j["path"] = "m/1'"; }, "hardened"},
      {[](json& j) { j["pubkey"] = "0xzz"; }, "keystore pubkey"},
      {[](json& j) { j["crypto"]["kdf"]["function"] = "argon2"; }, "unsupported 'argon2'"},
      {[](json& j) { j["crypto"]["kdf"]["params"]["prf"] = "hmac-sha512"; }, "unsupported 'hmac"},
      {[](json& j) { j["crypto"]["kdf"]["params"]["c"] = -1; }, "non-negative integer"},
      {[](json& j) { j["crypto"]["kdf"]["params"]["c"] = 1u << 25; }, "pbkdf2 c must be"},
      {[](json& j) { j["crypto"]["kdf"]["params"]["dklen"] = 16; }, "dklen"},
      {[](json& j) { j["crypto"]["kdf"]["params"]["n"] = 2; }, "unknown field 'n'"},
      {[](json& j) { j["crypto"]["kdf"]["message"] = "00"; }, "must be empty"},
      {[](json& j) { j["crypto"]["checksum"]["function"] = "keccak"; }, "unsupported 'keccak'"},
      {[](json& j) { j["crypto"]["checksum"]["message"] = "00"; }, "must be 32 bytes"},
      {[](json& j) { j["crypto"]["cipher"]["params"]["iv"] = "00"; }, "must be 16 bytes"},
      {[](json& j) { j["crypto"]["cipher"]["function"] = "aes-256-gcm"; }, "unsupported"},
      {[](json& j) { j["crypto"]["cipher"].erase("message"); }, "missing field 'message'"},
      {[](json& j) { j["crypto"]["cipher"]["message"] = "0g"; }, "crypto.cipher.message"},
      {[](json& j) { j["crypto"]["foo"] = json::object(); }, "unknown field 'foo'"},
      {[](json& j) { j = json::array(); }, "must be a JSON object"},
  };
  for (const Case& c : cases) {
    const std::string msg = parse_error_after(c.mutate);
    EXPECT_NE(msg.find(c.message), std::string::npos)
        << "want '" << c.message << "', got '" << msg << "'";
  }
  EXPECT_FALSE(parse_keystore("{not json"));
  EXPECT_EQ(parse_error_after([](json& j) { j["name"] = "lighthouse"; }), "<parsed>");
}

}  // namespace
}  // namespace stakepool::eth
