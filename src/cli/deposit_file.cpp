// Checking deposit_data-*.json files (see deposit_file.hpp).
#include "deposit_file.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <set>

#include "commands.hpp"
#include "stakepool/crypto/bls.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::cli {
namespace {

using nlohmann::json;

// The fields of one entry, in the order the reference tools write them.
constexpr std::array<const char*, 9> kFields = {
    "pubkey",           "withdrawal_credentials", "amount",       "signature",
    "deposit_message_root", "deposit_data_root",  "fork_version", "network_name",
    "deposit_cli_version"};

// FieldError: a problem with one field of the entry being checked.
struct FieldError {
  std::string field;
  std::string message;
};

[[noreturn]] void fail(std::string field, std::string message) {
  throw FieldError{std::move(field), std::move(message)};
}

const std::string& string_field(const json& e, const char* key) {
  const json& v = e.at(key);
  if (!v.is_string()) fail(key, "must be a string");
  return v.get_ref<const std::string&>();
}

// hex_field: exactly 2N hex digits (either case), no 0x prefix.
template <std::size_t N>
std::array<uint8_t, N> hex_field(const json& e, const char* key) {
  const std::string& s = string_field(e, key);
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    fail(key, "must be hex without a 0x prefix");
  }
  if (s.size() != 2 * N) {
    fail(key, "must be " + std::to_string(2 * N) + " hex digits, got " + std::to_string(s.size()));
  }
  auto b = util::from_hex_fixed<N>(s, key);
  if (!b) fail(key, b.error().message);
  return *b;
}

void check_shape(const json& e) {
  if (!e.is_object()) fail("entry", "must be a JSON object");
  for (const char* k : kFields) {
    if (!e.contains(k)) fail(k, "missing");
  }
  for (const auto& [k, v] : e.items()) {
    if (std::find_if(kFields.begin(), kFields.end(), [&](const char* f) { return k == f; }) ==
        kFields.end()) {
      fail(k, "unknown field");
    }
  }
}

// credentials_kind checks the withdrawal credential prefix (0x00, 0x01, 0x02; the execution forms
// have 11 zero bytes before the address) and returns it.
eth::WithdrawalKind credentials_kind(const eth::Bytes32& wc) {
  if (wc[0] > 0x02) {
    fail("withdrawal_credentials",
         "unknown prefix 0x" + util::to_hex(std::span<const uint8_t>(wc.data(), 1)));
  }
  const auto kind = static_cast<eth::WithdrawalKind>(wc[0]);
  if (kind != eth::WithdrawalKind::kBls &&
      std::any_of(wc.begin() + 1, wc.begin() + 12, [](uint8_t b) { return b != 0; })) {
    fail("withdrawal_credentials", "bytes 1..11 of 0x01/0x02 credentials must be zero");
  }
  return kind;
}

eth::Gwei amount_field(const json& e, eth::WithdrawalKind kind) {
  const json& v = e.at("amount");
  if (!v.is_number_unsigned()) fail("amount", "must be a non-negative integer (gwei)");
  const eth::Gwei amount = v.get<eth::Gwei>();
  if (auto st = eth::check_deposit_amount(amount, kind); !st) fail("amount", st.error().message);
  return amount;
}

void check_chain(const json& e, const eth::ChainConfig& chain) {
  const eth::Version fv = hex_field<4>(e, "fork_version");
  if (fv != eth::genesis_fork_version(chain)) {
    fail("fork_version", util::to_hex(fv) + " is not the genesis fork version of " +
                             std::string(chain.name) + " (" +
                             util::to_hex(eth::genesis_fork_version(chain)) + ")");
  }
  if (string_field(e, "network_name") != chain.name) {
    fail("network_name", "'" + string_field(e, "network_name") + "' is not '" +
                             std::string(chain.name) + "'");
  }
  if (string_field(e, "deposit_cli_version").empty()) fail("deposit_cli_version", "is empty");
}

// check_entry checks one entry; throws FieldError on the first problem. Returns the pubkey (lower
// case hex).
std::string check_entry(const json& e, const eth::ChainConfig& chain) {
  check_shape(e);
  eth::DepositData d;
  d.pubkey = hex_field<48>(e, "pubkey");
  d.withdrawal_credentials = hex_field<32>(e, "withdrawal_credentials");
  d.amount = amount_field(e, credentials_kind(d.withdrawal_credentials));
  d.signature = hex_field<96>(e, "signature");
  const eth::Root message_root = hex_field<32>(e, "deposit_message_root");
  const eth::Root data_root = hex_field<32>(e, "deposit_data_root");
  check_chain(e, chain);
  auto pk = crypto::bls::PublicKey::parse(d.pubkey);
  if (!pk) fail("pubkey", "not a valid BLS12-381 G1 public key (KeyValidate)");
  auto sig = crypto::bls::Signature::parse(d.signature);
  if (!sig) fail("signature", "not a valid BLS12-381 G2 point");
  const eth::DepositMessage msg{d.pubkey, d.withdrawal_credentials, d.amount};
  if (eth::ssz::hash_tree_root(msg) != message_root) {
    fail("deposit_message_root", "does not match hash_tree_root(DepositMessage)");
  }
  const eth::Root signing_root = eth::deposit_signing_root(msg, eth::genesis_fork_version(chain));
  if (!crypto::bls::verify(*pk, signing_root, *sig)) {
    fail("signature", "does not verify for pubkey over the deposit signing root");
  }
  if (eth::ssz::hash_tree_root(d) != data_root) {
    fail("deposit_data_root", "does not match hash_tree_root(DepositData)");
  }
  return util::to_hex(d.pubkey);
}

}  // namespace

std::vector<DepositCheck> check_deposit_text(const std::string& text,
                                             const eth::ChainConfig& chain) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw CliError("deposit file is not valid JSON");
  if (!doc.is_array() || doc.empty()) throw CliError("deposit file must be a non-empty JSON array");
  std::vector<DepositCheck> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    DepositCheck c;
    c.index = i;
    const json& e = doc[i];
    if (e.is_object() && e.contains("pubkey") && e["pubkey"].is_string()) {
      c.pubkey = e["pubkey"].get<std::string>();
    }
    try {
      if (!seen.insert(check_entry(e, chain)).second) fail("pubkey", "repeats an earlier entry's pubkey");
      c.ok = true;
    } catch (const FieldError& fe) {
      c.field = fe.field;
      c.message = fe.message;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace stakepool::cli
