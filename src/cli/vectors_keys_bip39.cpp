// `vectors keys`: BIP-39. mnemonic.json holds, per language, [entropy, mnemonic, seed, xprv] with
// passphrase "TREZOR". Seeds (NFKD + PBKDF2-HMAC-SHA512) are checked in every language, and the
// xprv (BIP-32 master key of the seed, Base58Check) with them; entropy <-> mnemonic needs the
// language's word list, so it runs for the embedded lists and the rest is reported as not run.
#include <openssl/hmac.h>

#include <map>
#include <optional>
#include <string>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/fs.hpp"
#include "vectors_keys.hpp"

namespace stakepool::cli {
namespace {

namespace fs = std::filesystem;

const char* const kMnemonicJson =
    "staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/mnemonic.json";
const char* const kMultiLang =
    "ethstaker-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/"
    "multi_lang_mnemonic.json";
const char* const kEnglishTxt =
    "staking-deposit-cli/staking_deposit/key_handling/key_derivation/word_lists/english.txt";

// base58 encodes with the Bitcoin alphabet (leading zero bytes become '1').
std::string base58(std::span<const uint8_t> in) {
  static const char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<uint8_t> num(in.begin(), in.end());
  std::string out;
  std::size_t start = 0;
  while (start < num.size() && num[start] == 0) ++start;
  for (std::size_t i = start; i < num.size();) {
    unsigned rem = 0;
    for (std::size_t k = i; k < num.size(); ++k) {  // num /= 58, rem = num % 58
      const unsigned v = rem * 256 + num[k];
      num[k] = static_cast<uint8_t>(v / 58);
      rem = v % 58;
    }
    out.insert(out.begin(), kAlphabet[rem]);
    while (i < num.size() && num[i] == 0) ++i;
  }
  return std::string(start, '1') + out;
}

// bip32_master_xprv: BIP-32 master node of `seed` serialised as a mainnet xprv:
// I = HMAC-SHA512("Bitcoin seed", seed); version 0488ade4 | depth 0 | fingerprint 0 | child 0 |
// chain code I[32:] | 0x00 | key I[:32], then Base58Check.
std::string bip32_master_xprv(std::span<const uint8_t> seed) {
  static const char kKey[] = "Bitcoin seed";
  uint8_t i[64];
  unsigned len = 0;
  if (HMAC(EVP_sha512(), kKey, sizeof(kKey) - 1, seed.data(), seed.size(), i, &len) == nullptr) {
    throw VectorError("HMAC-SHA512 failed");
  }
  std::vector<uint8_t> payload = {0x04, 0x88, 0xad, 0xe4, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  payload.insert(payload.end(), i + 32, i + 64);
  payload.push_back(0);
  payload.insert(payload.end(), i, i + 32);
  const crypto::Digest32 check = crypto::sha256(crypto::sha256(payload));
  payload.insert(payload.end(), check.begin(), check.begin() + 4);
  return base58(payload);
}

std::string text(const util::SecretBytes& s) {
  return std::string(reinterpret_cast<const char*>(s.expose().data()), s.size());
}

// One [entropy, mnemonic, seed, xprv] case. `lang` is set when its word list is embedded.
void run_mnemonic_case(const nlohmann::json& c, const std::optional<eth::Bip39Language>& lang) {
  if (!c.is_array() || c.size() != 4) throw VectorError("expected [entropy, mnemonic, seed, xprv]");
  for (const auto& v : c) {
    if (!v.is_string()) throw VectorError("expected strings");
  }
  auto entropy = util::from_hex(c[0].get<std::string>());
  if (!entropy) throw VectorError("entropy: " + entropy.error().message);
  const std::string mnemonic = c[1].get<std::string>();
  auto seed = eth::mnemonic_to_seed(eth::as_bytes(mnemonic), eth::as_bytes("TREZOR"));
  if (!seed) throw VectorError(seed.error().message);
  expect_eq(util::to_hex(seed->expose()), c[2].get<std::string>(), "seed");
  expect_eq(bip32_master_xprv(seed->expose()), c[3].get<std::string>(), "xprv");
  if (!lang) return;
  auto m = eth::mnemonic_from_entropy(*entropy, *lang);
  if (!m) throw VectorError(m.error().message);
  expect_eq(text(*m), mnemonic, "mnemonic from entropy");
  auto e = eth::mnemonic_to_entropy(eth::as_bytes(mnemonic), *lang);
  if (!e) throw VectorError(e.error().message);
  expect_eq(util::to_hex(e->expose()), util::to_hex(*entropy), "entropy from mnemonic");
}

void run_mnemonic_file(const fs::path& p, VectorReport& report) {
  nlohmann::json j = load_json_file(p);
  if (!j.is_object() || j.empty()) throw VectorError("expected {language: [cases]}");
  std::map<std::string, std::size_t> not_embedded;
  for (const auto& [name, cases] : j.items()) {
    if (!cases.is_array() || cases.empty()) throw VectorError(name + ": expected a list of cases");
    auto lang = eth::bip39_language_from_name(name);
    const std::optional<eth::Bip39Language> embedded =
        lang ? std::optional<eth::Bip39Language>(*lang) : std::nullopt;
    const std::string handler = embedded ? "bip39 " + name : "bip39 " + name + " (seed, xprv)";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      report.run_case(handler, name + "[" + std::to_string(i) + "]",
                      [&] { run_mnemonic_case(cases[i], embedded); });
    }
    if (!embedded) not_embedded[name] = cases.size();
  }
  for (const auto& [name, n] : not_embedded) {
    std::printf("bip39 %s: entropy<->mnemonic of %zu cases not run (word list not embedded)\n",
                name.c_str(), n);
  }
}

void run_multi_lang_file(const fs::path& p) {
  nlohmann::json j = load_json_file(p);
  if (!j.is_array() || j.empty()) throw VectorError("expected a list of mnemonics");
  for (const auto& m : j) {
    if (!m.is_string()) throw VectorError("expected strings");
  }
  // Each mnemonic is valid in both Chinese lists (the expected result is "ambiguous language").
  std::printf("bip39 multi_lang: %zu cases not run (chinese word lists not embedded)\n", j.size());
}

void run_english_list(const fs::path& p, VectorReport& report) {
  report.run_case("bip39 wordlist", "english.txt", [&] {
    auto file = util::read_text_file(p);
    if (!file) throw VectorError(file.error().message);
    std::string joined;
    for (const char* w : eth::bip39_word_list(eth::Bip39Language::kEnglish)) {
      joined += std::string(w) + "\n";
    }
    if (joined != *file) throw VectorError("embedded English word list differs from english.txt");
  });
}

}  // namespace

void run_bip39_vectors(KeysRun& run) {
  run.file("bip39 english", kMnemonicJson,
           [&](const fs::path& p) { run_mnemonic_file(p, run.report()); });
  run.file("bip39 multi_lang", kMultiLang, [&](const fs::path& p) { run_multi_lang_file(p); });
  run.file("bip39 wordlist", kEnglishTxt,
           [&](const fs::path& p) { run_english_list(p, run.report()); });
}

}  // namespace stakepool::cli
