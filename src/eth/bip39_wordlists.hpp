#pragma once
// Embedded BIP-39 word lists (private to eth). Each list lives in a generated
// bip39_wordlist_<lang>.cpp (tools/gen_bip39_wordlist.py): the standard's words, which are already
// NFKD-normalised, in BIP-39 order, with the SHA-256 of the list (2048 lines, each ending "\n").
#include <cstddef>

namespace stakepool::eth::bip39_data {

inline constexpr std::size_t kWordCount = 2048;

#define SP_BIP39_LIST(lang)           \
  extern const char kSha256_##lang[]; \
  extern const char* const kWords_##lang[kWordCount];
SP_BIP39_LIST(english)
SP_BIP39_LIST(chinese_simplified)
SP_BIP39_LIST(chinese_traditional)
SP_BIP39_LIST(french)
SP_BIP39_LIST(italian)
SP_BIP39_LIST(japanese)
SP_BIP39_LIST(korean)
SP_BIP39_LIST(portuguese)
SP_BIP39_LIST(spanish)
#undef SP_BIP39_LIST

}  // namespace stakepool::eth::bip39_data
