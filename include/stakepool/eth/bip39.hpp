#pragma once
// BIP-39 mnemonic sentences: generation, validation and seed derivation (DESIGN.md §3 "Keys").
// Mnemonics, passphrases and seeds are secrets and live only in util::SecretBytes / util::Secret.
//
// Constant time: word lookups scan the whole word list with masked comparisons, and entropy-to-word
// selection reads every list entry, so neither indexes a table by a secret. The number of words and
// their byte lengths are not hidden. NFKD normalisation (utf8proc) is not constant time.
// Language detection (decode_mnemonic) tries each list in turn, so its timing reveals which lists
// hold the words (the language), not which words they are.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::eth {

// Bip39Language: the embedded BIP-39 word lists (every language of the staking-deposit-cli and
// ethstaker-deposit-cli vectors, plus French and Japanese).
enum class Bip39Language {
  kEnglish,
  kChineseSimplified,
  kChineseTraditional,
  kFrench,
  kItalian,
  kJapanese,
  kKorean,
  kPortuguese,
  kSpanish,
};

// kBip39Languages lists every Bip39Language, in the order language detection reports them.
inline constexpr Bip39Language kBip39Languages[] = {
    Bip39Language::kEnglish, Bip39Language::kChineseSimplified, Bip39Language::kChineseTraditional,
    Bip39Language::kFrench,  Bip39Language::kItalian,           Bip39Language::kJapanese,
    Bip39Language::kKorean,  Bip39Language::kPortuguese,        Bip39Language::kSpanish,
};

// bip39_language_name returns "english", "chinese_simplified", ... (the BIP-39 file names);
// bip39_language_from_name is its inverse (kInvalidArgument naming the unknown language and
// listing the embedded ones).
std::string_view bip39_language_name(Bip39Language lang);
Result<Bip39Language> bip39_language_from_name(std::string_view name);

// bip39_language_names returns the embedded language names joined with ", " (for help texts).
std::string bip39_language_names();

// bip39_word_list returns the 2048 words of `lang` (NFKD-normalised UTF-8, BIP-39 order).
std::span<const char* const> bip39_word_list(Bip39Language lang);

// bip39_word_abbreviation returns word `index` (< 2048) of `lang` shortened to its first four NFKC
// characters, NFKD-normalised (the whole word if not longer): the form staking-deposit-cli and
// ethstaker-deposit-cli accept in place of the word. Mnemonic parsing accepts it too; in every
// list the abbreviations are unique and equal no other word.
std::string bip39_word_abbreviation(Bip39Language lang, std::size_t index);

// bip39_word_list_sha256 returns the hex SHA-256 recorded by the generator for `lang`'s list (the
// 2048 words each followed by "\n", i.e. the BIP-39 file).
std::string_view bip39_word_list_sha256(Bip39Language lang);

// mnemonic_from_entropy encodes 16, 20, 24, 28 or 32 bytes of entropy as 12..24 words separated by
// single spaces (U+0020), or by ideographic spaces (U+3000) in Japanese as BIP-39 requires. Words
// are NFKD-normalised. Fails with kInvalidArgument on any other length.
Result<util::SecretBytes> mnemonic_from_entropy(std::span<const uint8_t> entropy,
                                                Bip39Language lang);

// generate_mnemonic draws `words` (12, 15, 18, 21 or 24) words' worth of entropy from `rng` (OsRng
// in real use) and encodes it. Fails with kInvalidArgument on another word count.
Result<util::SecretBytes> generate_mnemonic(util::Rng& rng, Bip39Language lang,
                                            std::size_t words = 24);

// mnemonic_to_entropy validates a mnemonic in `lang` (UTF-8; NFKD-normalised first, so ideographic
// spaces separate words too; words separated by any run of whitespace; ASCII capitals read as lower
// case and words may be abbreviated to their first four letters, as the deposit CLIs accept) and
// returns its entropy.
// Fails with kInvalidArgument when the word count is not 12/15/18/21/24, a word is not in the list
// (naming its position, and the other list it belongs to if any: mixed languages), or the checksum
// does not match.
Result<util::SecretBytes> mnemonic_to_entropy(std::span<const uint8_t> mnemonic,
                                              Bip39Language lang);

// validate_mnemonic: mnemonic_to_entropy without the result.
Status validate_mnemonic(std::span<const uint8_t> mnemonic, Bip39Language lang);

// DecodedMnemonic: a mnemonic whose language was detected.
struct DecodedMnemonic {
  Bip39Language language;
  util::SecretBytes entropy;
};

// decode_mnemonic detects the language of a mnemonic and decodes it: the languages whose list
// holds every word are tried, and exactly one of them must give a valid checksum. Errors
// (kInvalidArgument): wrong word count; a word in no embedded list (naming its position); words
// from different lists with no single list holding all ("mixed languages", naming the lists of the
// first two words that disagree); a bad checksum in every candidate language; a checksum valid in
// more than one language ("ambiguous", naming them: pass the language explicitly).
Result<DecodedMnemonic> decode_mnemonic(std::span<const uint8_t> mnemonic);

// mnemonic_to_seed (BIP-39): PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase),
// 2048 iterations, 64 bytes). Does not validate the word list (as in BIP-39); callers that accept
// user input validate first. Fails with kInvalidArgument if either input is not valid UTF-8.
Result<util::Secret<64>> mnemonic_to_seed(std::span<const uint8_t> mnemonic,
                                          std::span<const uint8_t> passphrase);

// as_bytes views text as bytes (for passing string literals and std::string to the functions
// above).
inline std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace stakepool::eth
