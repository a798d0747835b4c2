// Deposits: withdrawal credentials, amount bounds, JSON layout, and one staking-deposit-cli vector
// file re-derived from its mnemonic (all 21 run through `stakepool vectors deposits`).
#include "stakepool/eth/deposit.hpp"

#include <gtest/gtest.h>

#include "keys_vector_util.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/util/fs.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

TEST(Deposit, ExecutionCredentialsAndAddressParsing) {
  auto addr = parse_execution_address("0x0F51bb10119727a7e5ea3538074fb341f56b09ad");
  ASSERT_TRUE(addr);
  EXPECT_EQ(util::to_hex(execution_withdrawal_credentials(*addr, WithdrawalKind::kExecution)),
            "0100000000000000000000000f51bb10119727a7e5ea3538074fb341f56b09ad");
  EXPECT_EQ(util::to_hex(execution_withdrawal_credentials(*addr, WithdrawalKind::kCompounding)),
            "0200000000000000000000000f51bb10119727a7e5ea3538074fb341f56b09ad");
  EXPECT_FALSE(parse_execution_address("0f51bb10119727a7e5ea3538074fb341f56b09ad"));
  EXPECT_FALSE(parse_execution_address("0x0f51bb10119727a7e5ea3538074fb341f56b09"));
  EXPECT_FALSE(parse_execution_address("0x0f51bb10119727a7e5ea3538074fb341f56b09zz"));
}

TEST(Deposit, AmountBounds) {
  EXPECT_TRUE(check_deposit_amount(kMinDepositAmount, WithdrawalKind::kBls));
  EXPECT_TRUE(check_deposit_amount(kMaxDepositAmount, WithdrawalKind::kExecution));
  EXPECT_FALSE(check_deposit_amount(kMinDepositAmount - 1, WithdrawalKind::kBls));
  EXPECT_FALSE(check_deposit_amount(kMaxDepositAmount + 1, WithdrawalKind::kExecution));
  EXPECT_TRUE(check_deposit_amount(kMaxCompoundingDeposit, WithdrawalKind::kCompounding));
  EXPECT_FALSE(check_deposit_amount(kMaxCompoundingDeposit + 1, WithdrawalKind::kCompounding));
}

TEST(Deposit, RederivesAStakingDepositCliFile) {
  const auto file =
      std::filesystem::path(SP_VECTORS_DIR) /
      "deposits/staking-deposit-cli-2.7/validator_manager/test_vectors/vectors/"
      "holesky_first_0_count_2_eth1_false/validator_keys/deposit_data-1715584114.json";
  const std::string want = util::read_text_file(file).value();
  auto seed = mnemonic_to_seed(
      as_bytes("test test test test test test test test test test test waste"), {});
  ASSERT_TRUE(seed);
  DepositRequest req;
  req.count = 2;
  const ChainConfig& chain = chain_config(Network::kHolesky);
  auto vals = derive_validator_deposits(seed->expose(), req, chain);
  ASSERT_TRUE(vals) << vals.error().message;
  std::vector<DepositEntry> entries;
  for (const auto& v : *vals) {
    EXPECT_TRUE(verify_deposit(v.deposit, chain));
    entries.push_back(v.deposit);
  }
  EXPECT_EQ(deposit_data_json(entries), want);
  entries[0].data.amount += 1;  // tampering breaks the roots
  EXPECT_FALSE(verify_deposit(entries[0], chain));
}

TEST(Deposit, RangeAndAmountErrors) {
  std::vector<uint8_t> seed(32, 9);
  const ChainConfig& chain = chain_config(Network::kMainnet);
  DepositRequest req;
  req.count = 0;
  EXPECT_FALSE(derive_validator_deposits(seed, req, chain));
  req.count = 2;
  req.start_index = 0xffffffffu;
  EXPECT_FALSE(derive_validator_deposits(seed, req, chain));
  req.start_index = 0;
  req.amount = 33'000'000'000;
  EXPECT_FALSE(derive_validator_deposits(seed, req, chain));
}

}  // namespace
}  // namespace stakepool::eth
