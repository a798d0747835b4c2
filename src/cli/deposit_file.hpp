#pragma once
// Reading and checking deposit_data-*.json files (the staking-deposit-cli format, see
// doc/formats/deposit-data.md) for `stakepool keys verify-deposit`.
#include <cstddef>
#include <string>
#include <vector>

#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/deposit.hpp"

namespace stakepool::cli {

// DepositCheck: the outcome for one entry of a deposit file. `field` names the offending field
// ("" when ok, "entry" when the entry as a whole is malformed).
struct DepositCheck {
  std::size_t index = 0;
  std::string pubkey;  // the entry's pubkey string as written (may be malformed), "" if absent
  bool ok = false;
  std::string field;
  std::string message;
};

// check_deposit_text parses deposit file text and checks every entry against `chain`: exactly the
// nine fields, lengths and hex, withdrawal credential prefix, amount bounds, fork_version and
// network_name of the chain, both roots, pubkey a valid G1 point, signature valid, no repeated
// pubkey. Throws CliError if the text is not a non-empty JSON array.
std::vector<DepositCheck> check_deposit_text(const std::string& text, const eth::ChainConfig& chain);

}  // namespace stakepool::cli
