// BIP-39 tests: the staking-deposit-cli mnemonic.json vectors (passphrase "TREZOR"), the embedded
// English list against the standard's file in the vectors folder, and validation errors.
#include "stakepool/eth/bip39.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "keys_vector_util.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using testing::keys_dir;
using testing::load_vector_json;

std::string str(const util::SecretBytes& s) {
  return std::string(reinterpret_cast<const char*>(s.expose().data()), s.size());
}

const char* const kMnemonicJson =
    "staking-deposit-cli/tests/test_key_handling/test_key_derivation/test_vectors/mnemonic.json";
const char* const kEnglishTxt =
    "staking-deposit-cli/staking_deposit/key_handling/key_derivation/word_lists/english.txt";

TEST(Bip39, EnglishVectorsEntropyMnemonicSeed) {
  auto j = load_vector_json(keys_dir() / kMnemonicJson);
  ASSERT_EQ(j["english"].size(), 24u);
  for (const auto& c : j["english"]) {
    auto entropy = util::from_hex(c[0].get<std::string>()).value();
    const std::string mnemonic = c[1].get<std::string>();
    auto m = mnemonic_from_entropy(entropy, Bip39Language::kEnglish);
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m), mnemonic);
    auto e = mnemonic_to_entropy(as_bytes(mnemonic), Bip39Language::kEnglish);
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(util::to_hex(e->expose()), c[0].get<std::string>());
    auto seed = mnemonic_to_seed(as_bytes(mnemonic), as_bytes("TREZOR"));
    ASSERT_TRUE(seed);
    EXPECT_EQ(util::to_hex(seed->expose()), c[2].get<std::string>());
  }
}

TEST(Bip39, EveryVectorLanguageEntropyMnemonicDetection) {
  auto j = load_vector_json(keys_dir() / kMnemonicJson);
  std::size_t n = 0, ambiguous = 0;
  for (const auto& [name, cases] : j.items()) {
    const Bip39Language lang = bip39_language_from_name(name).value();
    for (const auto& c : cases) {
      auto entropy = util::from_hex(c[0].get<std::string>()).value();
      const std::string mnemonic = c[1].get<std::string>();
      EXPECT_EQ(str(mnemonic_from_entropy(entropy, lang).value()), mnemonic) << name;
      auto e = mnemonic_to_entropy(as_bytes(mnemonic), lang);
      ASSERT_TRUE(e) << name << ": " << e.error().message;
      EXPECT_EQ(util::to_hex(e->expose()), c[0].get<std::string>());
      auto d = decode_mnemonic(as_bytes(mnemonic));
      if (d) {
        EXPECT_EQ(d->language, lang);
        EXPECT_EQ(util::to_hex(d->entropy.expose()), c[0].get<std::string>());
      } else {  // words shared by both Chinese lists at the same indices
        EXPECT_NE(d.error().message.find("ambiguous: valid in chinese_simplified, "
                                         "chinese_traditional"),
                  std::string::npos);
        ++ambiguous;
      }
      ++n;
    }
  }
  EXPECT_EQ(n, 7u * 24u);
  EXPECT_EQ(ambiguous, 8u);  // cases 0, 7, 8, 11 of each Chinese list
}

TEST(Bip39, EmbeddedListsMatchTheirRecordedSha256) {
  for (Bip39Language lang : kBip39Languages) {
    std::string joined;
    for (const char* w : bip39_word_list(lang)) joined += std::string(w) + "\n";
    EXPECT_EQ(util::to_hex(crypto::sha256(as_bytes(joined))), bip39_word_list_sha256(lang))
        << bip39_language_name(lang);
    EXPECT_EQ(bip39_language_from_name(bip39_language_name(lang)).value(), lang);
  }
}

TEST(Bip39, JapaneseUsesIdeographicSpaces) {
  const std::vector<uint8_t> zero(16, 0);
  const std::string m = str(mnemonic_from_entropy(zero, Bip39Language::kJapanese).value());
  const std::string sep = "\xe3\x80\x80";
  std::size_t seps = 0;
  for (std::size_t p = m.find(sep); p != std::string::npos; p = m.find(sep, p + 1)) ++seps;
  EXPECT_EQ(seps, 11u);
  EXPECT_EQ(m.find(' '), std::string::npos);
  EXPECT_EQ(util::to_hex(mnemonic_to_entropy(as_bytes(m), Bip39Language::kJapanese)->expose()),
            util::to_hex(zero));
  // ASCII spaces are accepted too (NFKD maps U+3000 to U+0020).
  std::string ascii = m;
  for (std::size_t p = ascii.find(sep); p != std::string::npos; p = ascii.find(sep)) {
    ascii.replace(p, sep.size(), " ");
  }
  EXPECT_EQ(decode_mnemonic(as_bytes(ascii)).value().language, Bip39Language::kJapanese);
  // The seed is the same either way (BIP-39 normalises before hashing).
  EXPECT_EQ(util::to_hex(mnemonic_to_seed(as_bytes(m), {})->expose()),
            util::to_hex(mnemonic_to_seed(as_bytes(ascii), {})->expose()));
}

TEST(Bip39, CapitalsAreReadAsLowerCase) {
  const std::string lower =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";
  const std::string upper =
      "LEGAL Winner thank year wave sausage worth useful legal winner thank YELLOW";
  auto a = mnemonic_to_entropy(as_bytes(lower), Bip39Language::kEnglish).value();
  auto b = decode_mnemonic(as_bytes(upper)).value();
  EXPECT_EQ(b.language, Bip39Language::kEnglish);
  EXPECT_EQ(util::to_hex(b.entropy.expose()), util::to_hex(a.expose()));
  // Spanish "ÁBACO" (NFC capital with acute) is "ábaco".
  const std::string es =
      str(mnemonic_from_entropy(std::vector<uint8_t>(16, 0), Bip39Language::kSpanish).value());
  const std::string abaco =
      "a\xcc\x81"
      "baco";  // NFKD: a + combining acute
  ASSERT_EQ(es.rfind(abaco, 0), 0u);
  const std::string es_upper =
      "\xc3\x81"
      "BACO" +
      es.substr(abaco.size());
  EXPECT_EQ(decode_mnemonic(as_bytes(es_upper)).value().language, Bip39Language::kSpanish);
  EXPECT_FALSE(validate_mnemonic(as_bytes("LEGAL@ " + lower.substr(6)), Bip39Language::kEnglish));
}

TEST(Bip39, AbbreviationsAreTheFirstFourCharacters) {
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kEnglish, 0), "aban");  // abandon
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kEnglish, 3), "abou");  // about
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kEnglish, 2), "able");  // not longer
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kSpanish, 0),
            "a\xcc\x81"
            "bac");  // ábaco
  // Japanese: "あいさつ" has four characters (kept whole); "あこがれる" is cut to "あこがれ", its
  // dakuten (U+3099) kept decomposed as in the NFKD list, so five code points.
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kJapanese, 1),
            std::string(bip39_word_list(Bip39Language::kJapanese)[1]));
  EXPECT_EQ(bip39_word_abbreviation(Bip39Language::kJapanese, 8),
            "\xe3\x81\x82\xe3\x81\x93\xe3\x81\x8b\xe3\x82\x99\xe3\x82\x8c");
  for (Bip39Language lang : kBip39Languages) {
    std::set<std::string> seen, words;
    for (const char* w : bip39_word_list(lang)) words.insert(w);
    for (std::size_t i = 0; i < 2048; ++i) {
      const std::string a = bip39_word_abbreviation(lang, i);
      EXPECT_TRUE(seen.insert(a).second) << bip39_language_name(lang) << " " << i;
      if (a != bip39_word_list(lang)[i]) {
        EXPECT_FALSE(words.count(a)) << a;
      }
    }
  }
  const std::string full =
      "legal winner thank year wave sausage worth useful legal winner thank yellow";
  const std::string abbr = "lega winn than year wave saus wort usef lega winn than yell";
  EXPECT_EQ(util::to_hex(mnemonic_to_entropy(as_bytes(abbr), Bip39Language::kEnglish)->expose()),
            util::to_hex(mnemonic_to_entropy(as_bytes(full), Bip39Language::kEnglish)->expose()));
  EXPECT_EQ(decode_mnemonic(as_bytes(abbr)).value().language, Bip39Language::kEnglish);
  // Three letters of a longer word, or more than four, are not accepted.
  EXPECT_FALSE(validate_mnemonic(as_bytes("leg" + abbr.substr(4)), Bip39Language::kEnglish));
  EXPECT_FALSE(validate_mnemonic(as_bytes("legalx" + abbr.substr(4)), Bip39Language::kEnglish));
}

TEST(Bip39, DetectionErrors) {
  const std::string w11 = "legal winner thank year wave sausage worth useful legal winner thank";
  auto msg = [](const std::string& m) {
    auto d = decode_mnemonic(as_bytes(m));
    return d ? std::string("accepted") : d.error().message;
  };
  EXPECT_EQ(decode_mnemonic(as_bytes(w11 + " yellow")).value().language, Bip39Language::kEnglish);
  EXPECT_NE(msg(w11 + " xyzzy").find("mnemonic word 12 is not in any BIP-39 word list"),
            std::string::npos);
  EXPECT_NE(msg(w11 + " wrong").find("checksum mismatch in english"), std::string::npos);
  EXPECT_NE(msg(w11).find("got 11"), std::string::npos);
  EXPECT_NE(msg(w11 + " mimosa")
                .find("mixes languages: mnemonic word 12 is italian, earlier words are english"),
            std::string::npos);
  // "abandon" is English and French: the intersection is English, then "mimosa" breaks it.
  EXPECT_NE(msg("abandon " + w11.substr(6) + " mimosa").find("mixes languages"), std::string::npos);
  auto explicit_lang = validate_mnemonic(as_bytes(w11 + " mimosa"), Bip39Language::kEnglish);
  ASSERT_FALSE(explicit_lang);
  EXPECT_NE(explicit_lang.error().message.find(
                "word 12 is not in the BIP-39 english word list (it is in the italian list)"),
            std::string::npos);
  EXPECT_NE(msg("的 的 的 的 的 的 的 的 的 的 的 在")
                .find("ambiguous: valid in chinese_simplified, chinese_traditional"),
            std::string::npos);
}

RC_GTEST_PROP(Bip39, EveryLanguageRoundTripsAndIsDetected, ()) {
  const auto lang = *rc::gen::elementOf(
      std::vector<Bip39Language>(std::begin(kBip39Languages), std::end(kBip39Languages)));
  const std::size_t len = *rc::gen::element<std::size_t>(16, 20, 24, 28, 32);
  const auto entropy =
      *rc::gen::container<std::vector<uint8_t>>(len, rc::gen::arbitrary<uint8_t>());
  auto m = mnemonic_from_entropy(entropy, lang);
  RC_ASSERT(m.has_value());
  auto e = mnemonic_to_entropy(m->expose(), lang);
  RC_ASSERT(e.has_value());
  RC_ASSERT(std::vector<uint8_t>(e->expose().begin(), e->expose().end()) == entropy);
  auto d = decode_mnemonic(m->expose());
  if (d) {
    RC_ASSERT(d->language == lang);
  } else {  // only the two Chinese lists share words
    RC_ASSERT(lang == Bip39Language::kChineseSimplified ||
              lang == Bip39Language::kChineseTraditional);
    RC_ASSERT(d.error().message.find("ambiguous") != std::string::npos);
  }
}

TEST(Bip39, SeedsInEveryVectorLanguage) {
  // Seed derivation needs only NFKD + PBKDF2, so it is checked for all languages (Korean and
  // Spanish exercise Hangul decomposition and accents).
  auto j = load_vector_json(keys_dir() / kMnemonicJson);
  std::size_t n = 0;
  for (const auto& [lang, cases] : j.items()) {
    for (const auto& c : cases) {
      auto seed = mnemonic_to_seed(as_bytes(c[1].get<std::string>()), as_bytes("TREZOR"));
      ASSERT_TRUE(seed);
      EXPECT_EQ(util::to_hex(seed->expose()), c[2].get<std::string>()) << lang;
      ++n;
    }
  }
  EXPECT_EQ(n, 7u * 24u);
}

TEST(Bip39, EmbeddedEnglishListIsTheStandardFile) {
  auto text = util::read_text_file(keys_dir() / kEnglishTxt).value();
  std::string joined;
  for (const char* w : bip39_word_list(Bip39Language::kEnglish)) joined += std::string(w) + "\n";
  EXPECT_EQ(joined, text);
  EXPECT_EQ(util::to_hex(crypto::sha256(as_bytes(joined))),
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
}

TEST(Bip39, ValidationErrors) {
  const std::string good =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
      "about";
  EXPECT_TRUE(validate_mnemonic(as_bytes(good), Bip39Language::kEnglish));
  EXPECT_TRUE(validate_mnemonic(as_bytes("  " + good + "\n"), Bip39Language::kEnglish));
  auto bad_word = validate_mnemonic(
      as_bytes("abandon abandon abandon abandon abandon abandonn abandon abandon abandon abandon "
               "abandon about"),
      Bip39Language::kEnglish);
  ASSERT_FALSE(bad_word);
  EXPECT_NE(bad_word.error().message.find("word 6 is not in the BIP-39 english word list"),
            std::string::npos);
  auto bad_sum = validate_mnemonic(
      as_bytes("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
               "abandon abandon"),
      Bip39Language::kEnglish);
  ASSERT_FALSE(bad_sum);
  EXPECT_NE(bad_sum.error().message.find("checksum mismatch in english"), std::string::npos);
  auto bad_count = validate_mnemonic(as_bytes("abandon about"), Bip39Language::kEnglish);
  ASSERT_FALSE(bad_count);
  EXPECT_NE(bad_count.error().message.find("got 2"), std::string::npos);
  EXPECT_FALSE(validate_mnemonic(as_bytes("\xff\xfe"), Bip39Language::kEnglish));
  EXPECT_FALSE(mnemonic_from_entropy(std::vector<uint8_t>(15), Bip39Language::kEnglish));
  EXPECT_FALSE(bip39_language_from_name("klingon"));
  EXPECT_EQ(bip39_language_from_name("english").value(), Bip39Language::kEnglish);
}

TEST(Bip39, GenerateDrawsFromTheRng) {
  util::DeterministicRng rng(42, "bip39");
  auto a = generate_mnemonic(rng, Bip39Language::kEnglish).value();
  auto b = generate_mnemonic(rng, Bip39Language::kEnglish).value();
  const std::string sa = str(a);
  EXPECT_NE(sa, str(b));
  EXPECT_EQ(std::count(sa.begin(), sa.end(), ' '), 23);
  EXPECT_TRUE(validate_mnemonic(a.expose(), Bip39Language::kEnglish));
  EXPECT_FALSE(generate_mnemonic(rng, Bip39Language::kEnglish, 13));
  util::DeterministicRng rng2(42, "bip39");
  EXPECT_EQ(str(generate_mnemonic(rng2, Bip39Language::kEnglish).value()), str(a));
}

RC_GTEST_PROP(Bip39, EntropyRoundTrip, ()) {
  const std::size_t len = *rc::gen::element<std::size_t>(16, 20, 24, 28, 32);
  const auto entropy =
      *rc::gen::container<std::vector<uint8_t>>(len, rc::gen::arbitrary<uint8_t>());
  auto m = mnemonic_from_entropy(entropy, Bip39Language::kEnglish);
  RC_ASSERT(m.has_value());
  auto e = mnemonic_to_entropy(m->expose(), Bip39Language::kEnglish);
  RC_ASSERT(e.has_value());
  RC_ASSERT(std::vector<uint8_t>(e->expose().begin(), e->expose().end()) == entropy);
}

}  // namespace
}  // namespace stakepool::eth
