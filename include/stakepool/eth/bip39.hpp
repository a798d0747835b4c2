#pragma once
// BIP-39 mnemonic sentences: generation, validation and seed derivation (DESIGN.md §3 "Keys").
// Mnemonics, passphrases and seeds are secrets and live only in util::SecretBytes / util::Secret.
//
// Constant time: word lookups scan the whole word list with masked comparisons, and entropy-to-word
// selection reads every list entry, so neither indexes a table by a secret. The number of words and
// their byte lengths are not hidden. NFKD normalisation (utf8proc) is not constant time.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::eth {

// Bip39Language: the embedded word lists. Only English is embedded so far.
enum class Bip39Language { kEnglish };

// bip39_language_name returns "english", ...; bip39_language_from_name is its inverse
// (kInvalidArgument naming the unknown language).
std::string_view bip39_language_name(Bip39Language lang);
Result<Bip39Language> bip39_language_from_name(std::string_view name);

// bip39_word_list returns the 2048 words of `lang` (NFKD-normalised UTF-8, BIP-39 order).
std::span<const char* const> bip39_word_list(Bip39Language lang);

// mnemonic_from_entropy encodes 16, 20, 24, 28 or 32 bytes of entropy as 12..24 words separated by
// single spaces (U+0020). Fails with kInvalidArgument on any other length.
Result<util::SecretBytes> mnemonic_from_entropy(std::span<const uint8_t> entropy,
                                                Bip39Language lang);

// generate_mnemonic draws `words` (12, 15, 18, 21 or 24) words' worth of entropy from `rng` (OsRng
// in real use) and encodes it. Fails with kInvalidArgument on another word count.
Result<util::SecretBytes> generate_mnemonic(util::Rng& rng, Bip39Language lang,
                                            std::size_t words = 24);

// mnemonic_to_entropy validates a mnemonic (UTF-8; NFKD-normalised first, words separated by any
// run of spaces) and returns its entropy. Fails with kInvalidArgument when the word count is not
// 12/15/18/21/24, a word is not in the list (naming its position), or the checksum does not match.
Result<util::SecretBytes> mnemonic_to_entropy(std::span<const uint8_t> mnemonic,
                                              Bip39Language lang);

// validate_mnemonic: mnemonic_to_entropy without the result.
Status validate_mnemonic(std::span<const uint8_t> mnemonic, Bip39Language lang);

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
