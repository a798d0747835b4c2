#pragma once
// Deposits (DESIGN.md §3 "Deposits"): withdrawal credentials (0x00 BLS, 0x01 execution address,
// 0x02 compounding), signed DepositData, and deposit_data-*.json byte-compatible with the
// staking-deposit-cli family (json.dumps layout, field order, hex without 0x).
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/eth/chains.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::eth {

inline constexpr Gwei kMinDepositAmount = 1'000'000'000;           // 1 ETH
inline constexpr Gwei kMaxDepositAmount = 32'000'000'000;          // MAX_EFFECTIVE_BALANCE
inline constexpr Gwei kMaxCompoundingDeposit = 2'048'000'000'000;  // MAX_EFFECTIVE_BALANCE_ELECTRA

// WithdrawalKind: the withdrawal credential prefix.
enum class WithdrawalKind : uint8_t { kBls = 0x00, kExecution = 0x01, kCompounding = 0x02 };

// bls_withdrawal_credentials: 0x00 || SHA-256(withdrawal pubkey)[1:].
Bytes32 bls_withdrawal_credentials(const crypto::bls::PublicKey& withdrawal_pk);
// execution_withdrawal_credentials: prefix (0x01 or 0x02) || 11 zero bytes || address.
Bytes32 execution_withdrawal_credentials(const ExecutionAddress& address, WithdrawalKind kind);
// parse_execution_address parses "0x" + 40 hex digits (any case). Fails naming the problem.
Result<ExecutionAddress> parse_execution_address(std::string_view s);

// check_deposit_amount: amount in [1 ETH, 32 ETH], or up to 2048 ETH for 0x02 credentials.
Status check_deposit_amount(Gwei amount, WithdrawalKind kind);

// DepositEntry: one element of deposit_data-*.json.
struct DepositEntry {
  DepositData data;
  Root deposit_message_root{};
  Root deposit_data_root{};
  Version fork_version{};
  std::string network_name;
  std::string deposit_cli_version;
};

// make_deposit signs DepositMessage{pk(sk), credentials, amount} under
// compute_domain(DOMAIN_DEPOSIT, GENESIS_FORK_VERSION, zero root) of `chain`. Constant time in sk.
DepositEntry make_deposit(const crypto::bls::SecretKey& sk, const Bytes32& withdrawal_credentials,
                          Gwei amount, const ChainConfig& chain, std::string deposit_cli_version);

// verify_deposit recomputes the roots and verifies the signature of an entry (public data).
Status verify_deposit(const DepositEntry& e, const ChainConfig& chain);

// DepositRequest: which validators to derive from a seed and how to fund them.
struct DepositRequest {
  uint32_t start_index = 0;
  uint32_t count = 1;
  WithdrawalKind kind = WithdrawalKind::kBls;
  ExecutionAddress address{};  // for kExecution / kCompounding
  Gwei amount = kMaxDepositAmount;
  std::string deposit_cli_version = "2.7.0";
};

// ValidatorDeposit: a derived validator's signing key (m/12381/3600/i/0/0) and its deposit.
struct ValidatorDeposit {
  uint32_t index;
  crypto::bls::SecretKey signing_key;
  DepositEntry deposit;
};

// derive_validator_deposits derives validators start_index .. start_index+count-1 from an EIP-2333
// seed (EIP-2334 paths; 0x00 credentials from the withdrawal key m/12381/3600/i/0) and signs their
// deposits. Fails on an empty or overflowing index range, a bad amount or a short seed.
Result<std::vector<ValidatorDeposit>> derive_validator_deposits(std::span<const uint8_t> seed,
                                                                const DepositRequest& req,
                                                                const ChainConfig& chain);

// deposit_data_json serialises entries exactly as Python's json.dumps(list_of_dicts): one line,
// ", " and ": " separators, no trailing newline.
std::string deposit_data_json(std::span<const DepositEntry> entries);

}  // namespace stakepool::eth
