// `vectors keys`: EIP-2335 keystores. erc-2335-inputs.json gives the password (and its processed
// form) and the secret shared by all four keystore files (the ERC's scrypt and PBKDF2 examples and
// staking-deposit-cli's copies of them).
#include <string>

#include "stakepool/eth/bip39.hpp"
#include "stakepool/eth/keystore.hpp"
#include "stakepool/eth/validator_keystore.hpp"
#include "stakepool/util/fs.hpp"
#include "vectors_keys.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;

const char* const kInputs = "ethereum-ERCs/extracted/erc-2335-inputs.json";
const char* const kErcDir = "ethereum-ERCs/extracted/";
const char* const kDepositCliKeystores[] = {
    "staking-deposit-cli/tests/test_key_handling/keystore_test_vectors/test0.json",
    "staking-deposit-cli/tests/test_key_handling/keystore_test_vectors/test1.json",
};

struct Inputs {
  std::string password;
  util::Bytes secret;
  std::vector<std::string> erc_files;  // from inputs.keystores
};

// One keystore file: strict parse; our serialisation reproduces the file; the password decrypts to
// the secret; re-encrypting with the file's salt/iv/uuid reproduces it; a wrong password is
// refused; the recorded pubkey is the BLS public key of the secret.
void run_keystore_case(const fs::path& p, const Inputs& in) {
  auto text = util::read_text_file(p);
  if (!text) throw VectorError(text.error().message);
  auto ks = eth::parse_keystore(*text);
  if (!ks) throw VectorError(ks.error().message);
  const std::string trimmed = text->substr(0, text->find_last_not_of('\n') + 1);
  if (eth::keystore_to_json(*ks) != trimmed) throw VectorError("re-serialised keystore differs");
  auto secret = eth::decrypt_keystore(*ks, eth::as_bytes(in.password));
  if (!secret) throw VectorError(secret.error().message);
  expect_eq(util::to_hex(secret->expose()), util::to_hex(in.secret), "decrypted secret");
  auto again = eth::encrypt_keystore_with(in.secret, eth::as_bytes(in.password), ks->kdf, ks->iv,
                                          ks->uuid, {ks->path, ks->pubkey, ks->description});
  if (!again) throw VectorError(again.error().message);
  if (eth::keystore_to_json(*again) != trimmed) throw VectorError("re-encryption differs");
  auto wrong = eth::decrypt_keystore(*ks, eth::as_bytes(in.password + "x"));
  if (wrong || wrong.error().code != Errc::kPermission) {
    throw VectorError("a wrong password was not refused with a checksum mismatch");
  }
  auto sk = crypto::bls::SecretKey::parse(secret->expose());
  if (!sk) throw VectorError(std::string("secret: ") + crypto::bls::to_string(sk.error()));
  expect_eq(eth::pubkey_hex(*sk), ks->pubkey, "pubkey = sk_to_pk(secret)");
}

Inputs load_inputs(const fs::path& p, VectorReport& report) {
  nlohmann::json j = load_json_file(p);
  StrictJson top(j, "erc-2335-inputs");
  top.str("source");
  Inputs in{top.str("password"), top.hex("secret"), {}};
  const std::string processed = top.str("password_after_NFKD_and_control_code_removal_utf8_hex");
  report.run_case("eip2335 password", "erc-2335-inputs", [&] {
    auto pw = eth::normalize_keystore_password(eth::as_bytes(in.password));
    if (!pw) throw VectorError(pw.error().message);
    expect_eq(util::to_hex(pw->expose()), processed, "processed password");
  });
  StrictJson& files = top.obj("keystores");
  in.erc_files = {files.str("scrypt"), files.str("pbkdf2")};
  top.finish();
  return in;
}

}  // namespace

void run_keystore_vectors(KeysRun& run) {
  Inputs in;
  bool loaded = false;
  run.file("eip2335 password", kInputs, [&](const fs::path& p) {
    in = load_inputs(p, run.report());
    loaded = true;
  });
  if (!loaded) return;
  std::vector<std::string> files;
  for (const std::string& f : in.erc_files) files.push_back(kErcDir + f);
  for (const char* f : kDepositCliKeystores) files.push_back(f);
  for (const std::string& rel : files) {
    run.file("eip2335 keystore", rel, [&](const fs::path& p) {
      run.report().run_case("eip2335 keystore", rel, [&] { run_keystore_case(p, in); });
    });
  }
}

}  // namespace stakepool::cli
