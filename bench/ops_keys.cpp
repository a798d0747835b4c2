// Key-handling benchmark ops: EIP-2335 keystore decryption.
#include <memory>

#include "bench/bench.hpp"
#include "stakepool/eth/bip39.hpp"
#include "stakepool/eth/keystore.hpp"
#include "stakepool/util/check.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::bench {
namespace {

// The EIP-2335 PBKDF2 example (c = 2^18): its salt, iv, secret and password. Encrypting with them
// reproduces the ERC's test keystore exactly (checked by `stakepool vectors keys`).
constexpr const char* kSalt = "d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3";
constexpr const char* kIv = "264daa3f303d7259501c93d997d84fe6";
constexpr const char* kSecret = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
constexpr const char* kPassword = "testpassword\xf0\x9f\x94\x91";

std::function<void()> make_decrypt_pbkdf2() {
  eth::KdfParams params;
  params.kind = eth::KdfKind::kPbkdf2;
  params.salt = util::from_hex(kSalt).value();
  const auto iv = util::from_hex_fixed<16>(kIv, "iv").value();
  const auto secret = util::from_hex(kSecret).value();
  auto ks = eth::encrypt_keystore_with(secret, eth::as_bytes(kPassword), params, iv,
                                       "64625def-3331-4eea-ab6f-782f3ed16a83",
                                       {"m/12381/60/0/0", "", ""});
  SP_CHECK(ks.has_value());
  auto keystore = std::make_shared<eth::Keystore>(std::move(*ks));
  return [keystore] {
    auto out = eth::decrypt_keystore(*keystore, eth::as_bytes(kPassword));
    SP_CHECK(out.has_value());
    do_not_optimize(out->expose()[0]);
  };
}

}  // namespace

void add_keys_ops(Ops& ops) {
  ops.push_back({"keystore_decrypt_pbkdf2",
                 "EIP-2335 keystore decrypt, PBKDF2-HMAC-SHA256 c=2^18 (the ERC test keystore)",
                 make_decrypt_pbkdf2});
}

}  // namespace stakepool::bench
