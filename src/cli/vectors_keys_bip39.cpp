// `vectors keys`: BIP-39. mnemonic.json holds, per language, [entropy, mnemonic, seed, xprv] with
// passphrase "TREZOR": every case checks entropy -> mnemonic, mnemonic -> entropy in the named
// language, language detection, the seed (NFKD + PBKDF2-HMAC-SHA512) and the xprv (BIP-32 master
// key of the seed, Base58Check); the same mnemonic with every word cut to its first four letters
// ("bip39 abbreviated", as the deposit CLIs test) decodes alike. multi_lang_mnemonic.json lists
// mnemonics valid in both Chinese lists: detection must refuse them as ambiguous, and naming either
// language must decode them.
#include <openssl/hmac.h>

#include <algorithm>
#include <string>
#include <vector>

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

// valid_languages returns the embedded languages in which `mnemonic` is valid.
std::vector<eth::Bip39Language> valid_languages(const std::string& mnemonic) {
  std::vector<eth::Bip39Language> out;
  for (eth::Bip39Language l : eth::kBip39Languages) {
    if (eth::validate_mnemonic(eth::as_bytes(mnemonic), l)) out.push_back(l);
  }
  return out;
}

// check_detection: decode_mnemonic names `lang` when the mnemonic is valid only there, and refuses
// it as ambiguous when it is valid in several languages (which must include `lang`).
void check_detection(const std::string& mnemonic, eth::Bip39Language lang) {
  const auto valid = valid_languages(mnemonic);
  if (std::find(valid.begin(), valid.end(), lang) == valid.end()) {
    throw VectorError("mnemonic not valid in its own language");
  }
  auto d = eth::decode_mnemonic(eth::as_bytes(mnemonic));
  if (valid.size() == 1) {
    if (!d) throw VectorError("language detection: " + d.error().message);
    expect_eq(std::string(eth::bip39_language_name(d->language)),
              std::string(eth::bip39_language_name(lang)), "detected language");
  } else if (d || d.error().message.find("ambiguous") == std::string::npos) {
    throw VectorError("language detection: expected an ambiguity error");
  }
}

// One [entropy, mnemonic, seed, xprv] case in `lang`.
void run_mnemonic_case(const nlohmann::json& c, eth::Bip39Language lang) {
  if (!c.is_array() || c.size() != 4) throw VectorError("expected [entropy, mnemonic, seed, xprv]");
  for (const auto& v : c) {
    if (!v.is_string()) throw VectorError("expected strings");
  }
  auto entropy = util::from_hex(c[0].get<std::string>());
  if (!entropy) throw VectorError("entropy: " + entropy.error().message);
  const std::string mnemonic = c[1].get<std::string>();
  auto m = eth::mnemonic_from_entropy(*entropy, lang);
  if (!m) throw VectorError(m.error().message);
  expect_eq(text(*m), mnemonic, "mnemonic from entropy");
  auto e = eth::mnemonic_to_entropy(eth::as_bytes(mnemonic), lang);
  if (!e) throw VectorError(e.error().message);
  expect_eq(util::to_hex(e->expose()), util::to_hex(*entropy), "entropy from mnemonic");
  check_detection(mnemonic, lang);
  auto seed = eth::mnemonic_to_seed(eth::as_bytes(mnemonic), eth::as_bytes("TREZOR"));
  if (!seed) throw VectorError(seed.error().message);
  expect_eq(util::to_hex(seed->expose()), c[2].get<std::string>(), "seed");
  expect_eq(bip32_master_xprv(seed->expose()), c[3].get<std::string>(), "xprv");
}

// abbreviate replaces every word of a vector mnemonic (words of `lang` separated by single spaces)
// with its four-letter abbreviation, as the deposit CLIs' test_reconstruct_abbreviated_mnemonic
// derives its cases.
std::string abbreviate(const std::string& mnemonic, eth::Bip39Language lang) {
  const auto list = eth::bip39_word_list(lang);
  std::string out;
  std::size_t start = 0;
  while (start <= mnemonic.size()) {
    std::size_t end = mnemonic.find(' ', start);
    if (end == std::string::npos) end = mnemonic.size();
    const std::string word = mnemonic.substr(start, end - start);
    const auto it =
        std::find_if(list.begin(), list.end(), [&](const char* w) { return word == w; });
    if (it == list.end()) throw VectorError("word '" + word + "' not in the list");
    out += (out.empty() ? "" : " ") +
           eth::bip39_word_abbreviation(lang, static_cast<std::size_t>(it - list.begin()));
    start = end + 1;
  }
  return out;
}

// The abbreviated form of one case must decode (language named) to the case's entropy and be
// detected like the full mnemonic.
void run_abbreviated_case(const nlohmann::json& c, eth::Bip39Language lang) {
  if (!c.is_array() || c.size() != 4 || !c[0].is_string() || !c[1].is_string()) {
    throw VectorError("expected [entropy, mnemonic, seed, xprv]");
  }
  const std::string abbr = abbreviate(c[1].get<std::string>(), lang);
  auto e = eth::mnemonic_to_entropy(eth::as_bytes(abbr), lang);
  if (!e) throw VectorError("'" + abbr + "': " + e.error().message);
  expect_eq(util::to_hex(e->expose()), c[0].get<std::string>(), "entropy from abbreviations");
  check_detection(abbr, lang);
}

// mnemonic.json: {language: [cases]}; every language must be embedded.
void run_mnemonic_file(const fs::path& p, VectorReport& report) {
  nlohmann::json j = load_json_file(p);
  if (!j.is_object() || j.empty()) throw VectorError("expected {language: [cases]}");
  for (const auto& [name, cases] : j.items()) {
    if (!cases.is_array() || cases.empty()) throw VectorError(name + ": expected a list of cases");
    auto lang = eth::bip39_language_from_name(name);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      report.run_case("bip39 " + name, name + "[" + std::to_string(i) + "]", [&] {
        if (!lang) throw VectorError(lang.error().message);
        run_mnemonic_case(cases[i], *lang);
      });
      report.run_case("bip39 abbreviated", name + "[" + std::to_string(i) + "]", [&] {
        if (!lang) throw VectorError(lang.error().message);
        run_abbreviated_case(cases[i], *lang);
      });
    }
  }
}

// multi_lang_mnemonic.json: mnemonics whose words are in both Chinese lists at the same indices.
// Detection must report the ambiguity naming both; each explicit language decodes to the same
// entropy.
void run_multi_lang_case(const nlohmann::json& m) {
  if (!m.is_string()) throw VectorError("expected a string");
  const std::string mnemonic = m.get<std::string>();
  auto d = eth::decode_mnemonic(eth::as_bytes(mnemonic));
  if (d)
    throw VectorError("detection accepted it as " +
                      std::string(eth::bip39_language_name(d->language)));
  const std::string want = "ambiguous: valid in chinese_simplified, chinese_traditional";
  if (d.error().message.find(want) == std::string::npos) {
    throw VectorError("expected '" + want + "', got: " + d.error().message);
  }
  auto s =
      eth::mnemonic_to_entropy(eth::as_bytes(mnemonic), eth::Bip39Language::kChineseSimplified);
  auto t =
      eth::mnemonic_to_entropy(eth::as_bytes(mnemonic), eth::Bip39Language::kChineseTraditional);
  if (!s || !t) throw VectorError("explicit Chinese language: " + (s ? t : s).error().message);
  expect_eq(util::to_hex(t->expose()), util::to_hex(s->expose()), "entropy (traditional)");
}

void run_multi_lang_file(const fs::path& p, VectorReport& report) {
  nlohmann::json j = load_json_file(p);
  if (!j.is_array() || j.empty()) throw VectorError("expected a list of mnemonics");
  for (std::size_t i = 0; i < j.size(); ++i) {
    report.run_case("bip39 multi_lang", "multi_lang[" + std::to_string(i) + "]",
                    [&] { run_multi_lang_case(j[i]); });
  }
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
  run.file("bip39 mnemonic.json", kMnemonicJson,
           [&](const fs::path& p) { run_mnemonic_file(p, run.report()); });
  run.file("bip39 multi_lang", kMultiLang,
           [&](const fs::path& p) { run_multi_lang_file(p, run.report()); });
  run.file("bip39 wordlist", kEnglishTxt,
           [&](const fs::path& p) { run_english_list(p, run.report()); });
}

}  // namespace stakepool::cli
