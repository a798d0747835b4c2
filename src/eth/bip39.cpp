// BIP-39 mnemonics (see bip39.hpp).
#include "stakepool/eth/bip39.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bip39_wordlists.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/ct.hpp"
#include "unicode.hpp"

namespace stakepool::eth {
namespace {

using bip39_data::kWordCount;
constexpr std::size_t kMaxWordBytes = 48;  // longest NFKD-normalised word, zero padded
constexpr int kSeedIterations = 2048;

// PaddedList: a word list as fixed-size zero-padded records, so that lookups can compare every
// record with the same amount of work.
// `abbrevs` holds each word's abbreviation: its first four NFKC characters, NFKD-normalised (the
// word itself when it is not longer). staking-deposit-cli and ethstaker-deposit-cli accept these
// in place of the words; in every BIP-39 list they are unique and equal no other word.
struct PaddedList {
  std::array<std::array<uint8_t, kMaxWordBytes>, kWordCount> words{};
  std::array<std::array<uint8_t, kMaxWordBytes>, kWordCount> abbrevs{};
  std::array<uint8_t, kWordCount> lengths{};
};

PaddedList build_padded(std::span<const char* const> words) {
  PaddedList p;
  for (std::size_t i = 0; i < kWordCount; ++i) {
    std::size_t n = std::strlen(words[i]);
    SP_CHECK(n > 0 && n <= kMaxWordBytes);
    std::memcpy(p.words[i].data(), words[i], n);
    p.lengths[i] = static_cast<uint8_t>(n);
    const std::string abbrev = nfkc_prefix_as_nfkd(words[i], 4);
    SP_CHECK(!abbrev.empty() && abbrev.size() <= n);
    std::memcpy(p.abbrevs[i].data(), abbrev.data(), abbrev.size());
  }
  return p;
}

// LangInfo: one embedded list; kLangs is in Bip39Language order.
struct LangInfo {
  Bip39Language lang;
  std::string_view name;
  const char* const* words;
  const char* sha256;
};

#define SP_BIP39_LANG(e, n) \
  { Bip39Language::e, #n, bip39_data::kWords_##n, bip39_data::kSha256_##n }
constexpr LangInfo kLangs[] = {
    SP_BIP39_LANG(kEnglish, english),
    SP_BIP39_LANG(kChineseSimplified, chinese_simplified),
    SP_BIP39_LANG(kChineseTraditional, chinese_traditional),
    SP_BIP39_LANG(kFrench, french),
    SP_BIP39_LANG(kItalian, italian),
    SP_BIP39_LANG(kJapanese, japanese),
    SP_BIP39_LANG(kKorean, korean),
    SP_BIP39_LANG(kPortuguese, portuguese),
    SP_BIP39_LANG(kSpanish, spanish),
};
#undef SP_BIP39_LANG
constexpr std::size_t kLangCount = std::size(kLangs);
static_assert(kLangCount == std::size(kBip39Languages));

const LangInfo& info(Bip39Language lang) {
  const auto i = static_cast<std::size_t>(lang);
  SP_CHECK(i < kLangCount && kLangs[i].lang == lang);
  return kLangs[i];
}

const PaddedList& padded_list(Bip39Language lang) {
  static const auto* const lists = [] {
    auto* all = new std::array<PaddedList, kLangCount>();
    for (std::size_t i = 0; i < kLangCount; ++i) {
      (*all)[i] = build_padded({kLangs[i].words, kWordCount});
    }
    return all;
  }();
  return (*lists)[static_cast<std::size_t>(lang)];
}

bool valid_word_count(std::size_t words) { return words >= 12 && words <= 24 && words % 3 == 0; }

// get_bit returns bit i (MSB first) of buf.
unsigned get_bit(std::span<const uint8_t> buf, std::size_t i) {
  return (buf[i / 8] >> (7 - i % 8)) & 1u;
}

// select_word appends the word with index `idx` (secret) to out, reading every record.
void select_word(const PaddedList& list, uint32_t idx, util::SecretBytes& out) {
  std::array<uint8_t, kMaxWordBytes> word{};
  uint64_t len = 0;
  for (std::size_t j = 0; j < kWordCount; ++j) {
    uint64_t m = ct::is_zero_mask(static_cast<uint64_t>(j) ^ idx);
    for (std::size_t k = 0; k < kMaxWordBytes; ++k)
      word[k] |= list.words[j][k] & static_cast<uint8_t>(m);
    len |= list.lengths[j] & m;
  }
  out.append(std::span<const uint8_t>(word.data(), static_cast<std::size_t>(len)));
  util::secure_zero(word.data(), word.size());
}

// lookup_word returns the index of `word` (a whole word or its abbreviation) in the list, scanning
// every record. Returns false if absent.
bool lookup_word(const PaddedList& list, std::span<const uint8_t> word, uint32_t& idx) {
  if (word.size() > kMaxWordBytes) return false;
  std::array<uint8_t, kMaxWordBytes> padded{};
  std::memcpy(padded.data(), word.data(), word.size());
  uint64_t found = 0, acc = 0;
  for (std::size_t j = 0; j < kWordCount; ++j) {
    uint64_t m = ct::mask_if(ct::equal(list.words[j], padded)) |
                 ct::mask_if(ct::equal(list.abbrevs[j], padded));
    found |= m;
    acc |= j & m;
  }
  util::secure_zero(padded.data(), padded.size());
  idx = static_cast<uint32_t>(acc);
  return found != 0;
}

bool is_separator(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// split_words returns the [begin, end) byte ranges of the words in text.
std::vector<std::span<const uint8_t>> split_words(std::span<const uint8_t> text) {
  std::vector<std::span<const uint8_t>> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (i > start) words.push_back(text.subspan(start, i - start));
  }
  return words;
}

Result<util::SecretBytes> pbkdf2_sha512(std::span<const uint8_t> pass,
                                        std::span<const uint8_t> salt, int iterations,
                                        std::size_t out_len) {
  util::SecretBytes out(out_len);
  int ok =
      PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(pass.data()), static_cast<int>(pass.size()),
                        salt.data(), static_cast<int>(salt.size()), iterations, EVP_sha512(),
                        static_cast<int>(out_len), out.expose_mut().data());
  if (ok != 1) return make_error(Errc::kCrypto, "PBKDF2-HMAC-SHA512 failed (OpenSSL)");
  return out;
}

using Words = std::vector<std::span<const uint8_t>>;

// NormalisedWords: the NFKD form of a mnemonic (U+3000 becomes U+0020) and its words.
struct NormalisedWords {
  util::SecretBytes text;
  Words words;
};

// ascii_lower maps A-Z to a-z in place without branching on the (secret) bytes. After NFKD an
// accented capital is an ASCII capital plus a combining mark, so this lowercases every Latin-script
// word of the embedded lists (as the deposit CLIs do with str.lower() before looking words up).
void ascii_lower(std::span<uint8_t> text) {
  for (uint8_t& c : text) {
    const uint32_t upper = static_cast<uint32_t>(static_cast<uint8_t>(c - 'A') < 26);
    c = static_cast<uint8_t>(c | (upper << 5));
  }
}

Result<NormalisedWords> normalise_words(std::span<const uint8_t> mnemonic) {
  auto norm = nfkd(mnemonic, ControlCodes::kKeep, "mnemonic");
  if (!norm) return norm.error();
  ascii_lower(norm->expose_mut());
  NormalisedWords out{std::move(*norm), {}};
  out.words = split_words(out.text.expose());
  if (!valid_word_count(out.words.size())) {
    return make_error(
        Errc::kInvalidArgument,
        "mnemonic must have 12, 15, 18, 21 or 24 words, got " + std::to_string(out.words.size()));
  }
  return out;
}

enum class Decode { kOk, kMissingWord, kChecksum };

// decode_in looks every word up in `lang` and packs the 11-bit indices. kMissingWord sets
// `missing` to the position of the first word not in the list; kChecksum when the checksum bits
// do not match SHA-256 of the entropy; kOk fills `entropy`.
Decode decode_in(Bip39Language lang, const Words& words, util::SecretBytes& entropy,
                 std::size_t& missing) {
  const PaddedList& list = padded_list(lang);
  const std::size_t ent_bytes = words.size() * 11 * 32 / 33 / 8;
  util::SecretBytes bits(ent_bytes + 1);
  for (std::size_t w = 0; w < words.size(); ++w) {
    uint32_t idx = 0;
    if (!lookup_word(list, words[w], idx)) {
      missing = w;
      return Decode::kMissingWord;
    }
    for (std::size_t b = 0; b < 11; ++b) {
      const std::size_t pos = w * 11 + b;
      bits.expose_mut()[pos / 8] |= static_cast<uint8_t>(((idx >> (10 - b)) & 1u) << (7 - pos % 8));
    }
  }
  util::SecretBytes ent(bits.expose().first(ent_bytes));
  util::Secret<32> digest(std::span<const uint8_t, 32>(crypto::sha256(ent.expose())));
  const uint8_t mask = static_cast<uint8_t>(0xff00u >> (ent_bytes / 4));
  const uint8_t got = bits.expose()[ent_bytes] & mask, want = digest.expose()[0] & mask;
  if (!ct::equal(std::span<const uint8_t>(&got, 1), std::span<const uint8_t>(&want, 1))) {
    return Decode::kChecksum;
  }
  entropy = std::move(ent);
  return Decode::kOk;
}

// languages_of returns the names of the lists holding `word`, joined with " or ".
std::string languages_of(std::span<const uint8_t> word) {
  std::string out;
  for (const LangInfo& l : kLangs) {
    uint32_t idx = 0;
    if (!lookup_word(padded_list(l.lang), word, idx)) continue;
    out += (out.empty() ? "" : " or ") + std::string(l.name);
  }
  return out;
}

std::string word_pos(std::size_t w) { return "mnemonic word " + std::to_string(w + 1); }

Error checksum_error(std::string_view langs) {
  return make_error(Errc::kInvalidArgument, "mnemonic checksum mismatch in " + std::string(langs) +
                                                " (a word is wrong or the words are out of order)");
}

// no_language_error explains why no list holds every word: a word in no list, or a mix of lists.
Error no_language_error(const Words& words) {
  uint32_t common = (1u << kLangCount) - 1;
  for (std::size_t w = 0; w < words.size(); ++w) {
    uint32_t in = 0;
    for (std::size_t l = 0; l < kLangCount; ++l) {
      uint32_t idx = 0;
      if (lookup_word(padded_list(kLangs[l].lang), words[w], idx)) in |= 1u << l;
    }
    if (in == 0) {
      return make_error(Errc::kInvalidArgument, word_pos(w) + " is not in any BIP-39 word list (" +
                                                    bip39_language_names() + ")");
    }
    if ((common & in) == 0) {
      return make_error(Errc::kInvalidArgument,
                        "mnemonic mixes languages: " + word_pos(w) + " is " +
                            languages_of(words[w]) + ", earlier words are " +
                            languages_of(words[0]) + " (one word list per mnemonic)");
    }
    common &= in;
  }
  return make_error(Errc::kInvalidArgument, "mnemonic matches no BIP-39 word list");
}

}  // namespace

std::string_view bip39_language_name(Bip39Language lang) { return info(lang).name; }

Result<Bip39Language> bip39_language_from_name(std::string_view name) {
  for (const LangInfo& l : kLangs) {
    if (l.name == name) return l.lang;
  }
  return make_error(Errc::kInvalidArgument, "unknown or unsupported BIP-39 language '" +
                                                std::string(name) +
                                                "' (embedded: " + bip39_language_names() + ")");
}

std::string bip39_language_names() {
  std::string out;
  for (const LangInfo& l : kLangs) out += (out.empty() ? "" : ", ") + std::string(l.name);
  return out;
}

std::span<const char* const> bip39_word_list(Bip39Language lang) {
  return {info(lang).words, kWordCount};
}

std::string bip39_word_abbreviation(Bip39Language lang, std::size_t index) {
  SP_CHECK(index < kWordCount);
  const auto& a = padded_list(lang).abbrevs[index];
  return std::string(reinterpret_cast<const char*>(a.data()),
                     ::strnlen(reinterpret_cast<const char*>(a.data()), a.size()));
}

std::string_view bip39_word_list_sha256(Bip39Language lang) { return info(lang).sha256; }

Result<util::SecretBytes> mnemonic_from_entropy(std::span<const uint8_t> entropy,
                                                Bip39Language lang) {
  const std::size_t ent = entropy.size();
  if (ent < 16 || ent > 32 || ent % 4 != 0) {
    return make_error(
        Errc::kInvalidArgument,
        "BIP-39 entropy must be 16, 20, 24, 28 or 32 bytes, got " + std::to_string(ent));
  }
  // bits = entropy || first ENT/32 bits of SHA-256(entropy)
  util::SecretBytes bits(entropy);
  util::Secret<32> digest(std::span<const uint8_t, 32>(crypto::sha256(entropy)));
  bits.append(digest.expose().first(1));
  const std::size_t words = (ent * 8 + ent / 4) / 11;
  const PaddedList& list = padded_list(lang);
  // BIP-39: Japanese phrases are separated by ideographic spaces (U+3000).
  const std::string_view sep = lang == Bip39Language::kJapanese ? "\xe3\x80\x80" : " ";
  util::SecretBytes out;
  for (std::size_t w = 0; w < words; ++w) {
    uint32_t idx = 0;
    for (std::size_t b = 0; b < 11; ++b) idx = (idx << 1) | get_bit(bits.expose(), w * 11 + b);
    if (w > 0) out.append(as_bytes(sep));
    select_word(list, idx, out);
  }
  return out;
}

Result<util::SecretBytes> generate_mnemonic(util::Rng& rng, Bip39Language lang, std::size_t words) {
  if (!valid_word_count(words)) {
    return make_error(
        Errc::kInvalidArgument,
        "BIP-39 word count must be 12, 15, 18, 21 or 24, got " + std::to_string(words));
  }
  util::SecretBytes entropy(words * 11 * 32 / 33 / 8);
  rng.fill(entropy.expose_mut());
  return mnemonic_from_entropy(entropy.expose(), lang);
}

Result<util::SecretBytes> mnemonic_to_entropy(std::span<const uint8_t> mnemonic,
                                              Bip39Language lang) {
  auto norm = normalise_words(mnemonic);
  if (!norm) return norm.error();
  util::SecretBytes entropy;
  std::size_t missing = 0;
  switch (decode_in(lang, norm->words, entropy, missing)) {
    case Decode::kOk:
      return entropy;
    case Decode::kChecksum:
      return checksum_error(info(lang).name);
    case Decode::kMissingWord:
      break;
  }
  std::string msg =
      word_pos(missing) + " is not in the BIP-39 " + std::string(info(lang).name) + " word list";
  const std::string other = languages_of(norm->words[missing]);
  if (!other.empty()) msg += " (it is in the " + other + " list)";
  return make_error(Errc::kInvalidArgument, msg);
}

Status validate_mnemonic(std::span<const uint8_t> mnemonic, Bip39Language lang) {
  auto e = mnemonic_to_entropy(mnemonic, lang);
  if (!e) return e.error();
  return ok_status();
}

Result<DecodedMnemonic> decode_mnemonic(std::span<const uint8_t> mnemonic) {
  auto norm = normalise_words(mnemonic);
  if (!norm) return norm.error();
  std::vector<DecodedMnemonic> valid;
  std::string bad_checksum;
  for (const LangInfo& l : kLangs) {
    util::SecretBytes entropy;
    std::size_t missing = 0;
    const Decode d = decode_in(l.lang, norm->words, entropy, missing);
    if (d == Decode::kOk) valid.push_back({l.lang, std::move(entropy)});
    if (d == Decode::kChecksum) {
      bad_checksum += (bad_checksum.empty() ? "" : " and ") + std::string(l.name);
    }
  }
  if (valid.size() == 1) return std::move(valid[0]);
  if (valid.size() > 1) {
    std::string names;
    for (const auto& v : valid) {
      names += (names.empty() ? "" : ", ") + std::string(info(v.language).name);
    }
    return make_error(Errc::kInvalidArgument, "mnemonic language is ambiguous: valid in " + names +
                                                  " (name the language explicitly)");
  }
  if (!bad_checksum.empty()) return checksum_error(bad_checksum);
  return no_language_error(norm->words);
}

Result<util::Secret<64>> mnemonic_to_seed(std::span<const uint8_t> mnemonic,
                                          std::span<const uint8_t> passphrase) {
  auto m = nfkd(mnemonic, ControlCodes::kKeep, "mnemonic");
  if (!m) return m.error();
  auto p = nfkd(passphrase, ControlCodes::kKeep, "passphrase");
  if (!p) return p.error();
  util::SecretBytes salt(as_bytes("mnemonic"));
  salt.append(p->expose());
  auto seed = pbkdf2_sha512(m->expose(), salt.expose(), kSeedIterations, 64);
  if (!seed) return seed.error();
  return util::Secret<64>(seed->expose().first<64>());
}

}  // namespace stakepool::eth
