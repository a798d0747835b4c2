// BIP-39 mnemonics (see bip39.hpp).
#include "stakepool/eth/bip39.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

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
struct PaddedList {
  std::array<std::array<uint8_t, kMaxWordBytes>, kWordCount> words{};
  std::array<uint8_t, kWordCount> lengths{};
};

PaddedList build_padded(std::span<const char* const> words) {
  PaddedList p;
  for (std::size_t i = 0; i < kWordCount; ++i) {
    std::size_t n = std::strlen(words[i]);
    SP_CHECK(n > 0 && n <= kMaxWordBytes);
    std::memcpy(p.words[i].data(), words[i], n);
    p.lengths[i] = static_cast<uint8_t>(n);
  }
  return p;
}

const PaddedList& padded_list(Bip39Language lang) {
  switch (lang) {
    case Bip39Language::kEnglish: {
      static const auto* const list =
          new PaddedList(build_padded(bip39_word_list(Bip39Language::kEnglish)));
      return *list;
    }
  }
  SP_CHECK(false);
  return padded_list(Bip39Language::kEnglish);
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

// lookup_word returns the index of `word` in the list, scanning every record. Returns false if
// absent.
bool lookup_word(const PaddedList& list, std::span<const uint8_t> word, uint32_t& idx) {
  if (word.size() > kMaxWordBytes) return false;
  std::array<uint8_t, kMaxWordBytes> padded{};
  std::memcpy(padded.data(), word.data(), word.size());
  uint64_t found = 0, acc = 0;
  for (std::size_t j = 0; j < kWordCount; ++j) {
    uint64_t m = ct::mask_if(ct::equal(list.words[j], padded));
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

}  // namespace

std::string_view bip39_language_name(Bip39Language lang) {
  switch (lang) {
    case Bip39Language::kEnglish:
      return "english";
  }
  return "unknown";
}

Result<Bip39Language> bip39_language_from_name(std::string_view name) {
  if (name == "english") return Bip39Language::kEnglish;
  return make_error(Errc::kInvalidArgument, "unknown or unsupported BIP-39 language '" +
                                                std::string(name) + "' (embedded: english)");
}

std::span<const char* const> bip39_word_list(Bip39Language lang) {
  switch (lang) {
    case Bip39Language::kEnglish:
      return {bip39_data::kWords_english, kWordCount};
  }
  SP_CHECK(false);
  return {};
}

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
  util::SecretBytes out;
  for (std::size_t w = 0; w < words; ++w) {
    uint32_t idx = 0;
    for (std::size_t b = 0; b < 11; ++b) idx = (idx << 1) | get_bit(bits.expose(), w * 11 + b);
    if (w > 0) out.append(as_bytes(" "));
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
  auto norm = nfkd(mnemonic, ControlCodes::kKeep, "mnemonic");
  if (!norm) return norm.error();
  auto words = split_words(norm->expose());
  if (!valid_word_count(words.size())) {
    return make_error(
        Errc::kInvalidArgument,
        "mnemonic must have 12, 15, 18, 21 or 24 words, got " + std::to_string(words.size()));
  }
  const PaddedList& list = padded_list(lang);
  const std::size_t total_bits = words.size() * 11, ent_bytes = total_bits * 32 / 33 / 8;
  util::SecretBytes bits(ent_bytes + 1);
  for (std::size_t w = 0; w < words.size(); ++w) {
    uint32_t idx = 0;
    if (!lookup_word(list, words[w], idx)) {
      return make_error(Errc::kInvalidArgument,
                        "mnemonic word " + std::to_string(w + 1) + " is not in the BIP-39 " +
                            std::string(bip39_language_name(lang)) + " word list");
    }
    for (std::size_t b = 0; b < 11; ++b) {
      const std::size_t pos = w * 11 + b;
      bits.expose_mut()[pos / 8] |= static_cast<uint8_t>(((idx >> (10 - b)) & 1u) << (7 - pos % 8));
    }
  }
  util::SecretBytes entropy(bits.expose().first(ent_bytes));
  util::Secret<32> digest(std::span<const uint8_t, 32>(crypto::sha256(entropy.expose())));
  const std::size_t cs_bits = ent_bytes / 4;
  const uint8_t mask = static_cast<uint8_t>(0xff00u >> cs_bits);
  const uint8_t got = bits.expose()[ent_bytes] & mask, want = digest.expose()[0] & mask;
  if (!ct::equal(std::span<const uint8_t>(&got, 1), std::span<const uint8_t>(&want, 1))) {
    return make_error(Errc::kInvalidArgument,
                      "mnemonic checksum mismatch (a word is wrong or the "
                      "words are out of order)");
  }
  return entropy;
}

Status validate_mnemonic(std::span<const uint8_t> mnemonic, Bip39Language lang) {
  auto e = mnemonic_to_entropy(mnemonic, lang);
  if (!e) return e.error();
  return ok_status();
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
