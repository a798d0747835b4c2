#pragma once
// Unicode helpers for secrets typed by people (private to eth): NFKD normalisation through
// utf8proc, as BIP-39 (mnemonics, passphrases) and EIP-2335 (keystore passwords) require.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "stakepool/util/result.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::eth {

// ControlCodes: whether nfkd() removes the C0 (U+0000–U+001F), C1 (U+0080–U+009F) and DEL (U+007F)
// code points after normalising (EIP-2335 password processing).
enum class ControlCodes { kKeep, kStrip };

// nfkd returns the NFKD form of `utf8` encoded as UTF-8. All buffers holding the text are wiped.
// Fails with kInvalidArgument if the input is not valid UTF-8 (`what` names the input). Not
// constant time: the work depends on which characters occur (unavoidable for Unicode
// normalisation).
Result<util::SecretBytes> nfkd(std::span<const uint8_t> utf8, ControlCodes controls,
                               std::string_view what);

// nfkc_prefix_as_nfkd returns NFKD(the first `n` code points of NFKC(text)), for PUBLIC text only
// (BIP-39 word lists: the deposit CLIs accept a word's first four NFKC characters). Returns "" if
// `text` is not valid UTF-8.
std::string nfkc_prefix_as_nfkd(std::string_view text, std::size_t n);

}  // namespace stakepool::eth
