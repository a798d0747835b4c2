#pragma once
// Embedded BIP-39 word lists (private to eth). Each list lives in a generated
// bip39_wordlist_<lang>.cpp (tools/gen_bip39_wordlist.py), words NFKD-normalised.
#include <cstddef>

namespace stakepool::eth::bip39_data {

inline constexpr std::size_t kWordCount = 2048;

extern const char kSha256_english[];
extern const char* const kWords_english[kWordCount];

}  // namespace stakepool::eth::bip39_data
