// Deposits (see deposit.hpp).
#include "stakepool/eth/deposit.hpp"

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/key_derivation.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

Domain deposit_domain(const ChainConfig& chain) {
  return compute_domain(kDomainDeposit, genesis_fork_version(chain), Root{});
}

DepositMessage message_of(const DepositData& d) {
  return DepositMessage{d.pubkey, d.withdrawal_credentials, d.amount};
}

// quoted returns "key": "value" as json.dumps writes it (our values are plain ASCII).
std::string quoted(std::string_view key, std::string_view value) {
  return "\"" + std::string(key) + "\": \"" + std::string(value) + "\"";
}

}  // namespace

Bytes32 bls_withdrawal_credentials(const crypto::bls::PublicKey& withdrawal_pk) {
  const auto pk = withdrawal_pk.to_bytes();
  Bytes32 wc = crypto::sha256(pk);
  wc[0] = static_cast<uint8_t>(WithdrawalKind::kBls);
  return wc;
}

Bytes32 execution_withdrawal_credentials(const ExecutionAddress& address, WithdrawalKind kind) {
  Bytes32 wc{};
  wc[0] = static_cast<uint8_t>(kind);
  std::copy(address.begin(), address.end(), wc.begin() + 12);
  return wc;
}

Result<ExecutionAddress> parse_execution_address(std::string_view s) {
  if (s.size() != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
    return make_error(
        Errc::kInvalidArgument,
        "execution address must be 0x followed by 40 hex digits, got '" + std::string(s) + "'");
  }
  return util::from_hex_fixed<20>(s, "execution address");
}

Status check_deposit_amount(Gwei amount, WithdrawalKind kind) {
  const Gwei max =
      kind == WithdrawalKind::kCompounding ? kMaxCompoundingDeposit : kMaxDepositAmount;
  if (amount < kMinDepositAmount || amount > max) {
    return make_error(Errc::kInvalidArgument,
                      "deposit amount " + std::to_string(amount) + " gwei is outside [" +
                          std::to_string(kMinDepositAmount) + ", " + std::to_string(max) + "]");
  }
  return ok_status();
}

DepositEntry make_deposit(const crypto::bls::SecretKey& sk, const Bytes32& withdrawal_credentials,
                          Gwei amount, const ChainConfig& chain, std::string deposit_cli_version) {
  DepositEntry e;
  e.data.pubkey = crypto::bls::sk_to_pk(sk).to_bytes();
  e.data.withdrawal_credentials = withdrawal_credentials;
  e.data.amount = amount;
  const DepositMessage msg = message_of(e.data);
  e.deposit_message_root = ssz::hash_tree_root(msg);
  const Root signing_root = compute_signing_root(e.deposit_message_root, deposit_domain(chain));
  e.data.signature = crypto::bls::sign(sk, signing_root).to_bytes();
  e.deposit_data_root = ssz::hash_tree_root(e.data);
  e.fork_version = genesis_fork_version(chain);
  e.network_name = std::string(chain.name);
  e.deposit_cli_version = std::move(deposit_cli_version);
  return e;
}

Status verify_deposit(const DepositEntry& e, const ChainConfig& chain) {
  const DepositMessage msg = message_of(e.data);
  if (ssz::hash_tree_root(msg) != e.deposit_message_root) {
    return make_error(Errc::kCrypto, "deposit_message_root does not match the deposit message");
  }
  if (ssz::hash_tree_root(e.data) != e.deposit_data_root) {
    return make_error(Errc::kCrypto, "deposit_data_root does not match the deposit data");
  }
  auto pk = crypto::bls::PublicKey::parse(e.data.pubkey);
  auto sig = crypto::bls::Signature::parse(e.data.signature);
  if (!pk || !sig) return make_error(Errc::kCrypto, "deposit pubkey or signature does not parse");
  const Root signing_root = compute_signing_root(e.deposit_message_root, deposit_domain(chain));
  if (!crypto::bls::verify(*pk, signing_root, *sig)) {
    return make_error(Errc::kCrypto, "deposit signature does not verify");
  }
  return ok_status();
}

Result<std::vector<ValidatorDeposit>> derive_validator_deposits(std::span<const uint8_t> seed,
                                                                const DepositRequest& req,
                                                                const ChainConfig& chain) {
  if (req.count == 0 || uint64_t{req.start_index} + req.count > (uint64_t{1} << 32)) {
    return make_error(Errc::kInvalidArgument, "validator index range is empty or exceeds 2^32");
  }
  SP_TRY(check_deposit_amount(req.amount, req.kind));
  std::vector<ValidatorDeposit> out;
  for (uint32_t k = 0; k < req.count; ++k) {
    const uint32_t i = req.start_index + k;
    auto signing = derive_sk_at_path(seed, KeyPath::signing(i));
    if (!signing) return signing.error();
    auto sk = crypto::bls::SecretKey::parse(signing->expose());
    SP_CHECK(sk.has_value());  // EIP-2333 keys are in [1, r)
    Bytes32 wc = execution_withdrawal_credentials(req.address, req.kind);
    if (req.kind == WithdrawalKind::kBls) {
      auto withdrawal = derive_sk_at_path(seed, KeyPath::withdrawal(i));
      if (!withdrawal) return withdrawal.error();
      auto wsk = crypto::bls::SecretKey::parse(withdrawal->expose());
      SP_CHECK(wsk.has_value());
      wc = bls_withdrawal_credentials(crypto::bls::sk_to_pk(*wsk));
    }
    DepositEntry e = make_deposit(*sk, wc, req.amount, chain, req.deposit_cli_version);
    out.push_back(ValidatorDeposit{i, std::move(*sk), std::move(e)});
  }
  return out;
}

std::string deposit_data_json(std::span<const DepositEntry> entries) {
  std::string out = "[";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const DepositEntry& e = entries[i];
    if (i > 0) out += ", ";
    out += "{" + quoted("pubkey", util::to_hex(e.data.pubkey)) + ", " +
           quoted("withdrawal_credentials", util::to_hex(e.data.withdrawal_credentials)) +
           ", \"amount\": " + std::to_string(e.data.amount) + ", " +
           quoted("signature", util::to_hex(e.data.signature)) + ", " +
           quoted("deposit_message_root", util::to_hex(e.deposit_message_root)) + ", " +
           quoted("deposit_data_root", util::to_hex(e.deposit_data_root)) + ", " +
           quoted("fork_version", util::to_hex(e.fork_version)) + ", " +
           quoted("network_name", e.network_name) + ", " +
           quoted("deposit_cli_version", e.deposit_cli_version) + "}";
  }
  return out + "]";
}

}  // namespace stakepool::eth
