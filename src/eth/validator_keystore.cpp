#include "stakepool/eth/validator_keystore.hpp"

#include <string>

#include "stakepool/util/hex.hpp"

namespace stakepool::eth {

std::string pubkey_hex(const crypto::bls::SecretKey& sk) {
  return util::to_hex(crypto::bls::sk_to_pk(sk).to_bytes());
}

Result<Keystore> encrypt_secret_key(const crypto::bls::SecretKey& sk,
                                    std::span<const uint8_t> password, const KdfParams& params,
                                    const std::string& path, const std::string& description,
                                    util::Rng& rng) {
  return encrypt_keystore(sk.expose_bytes(), password, params, {path, pubkey_hex(sk), description},
                          rng);
}

Result<crypto::bls::SecretKey> decrypt_secret_key(const Keystore& ks,
                                                  std::span<const uint8_t> password) {
  // Checked before the password: a wrong length would otherwise surface as a checksum mismatch or
  // as a pubkey mismatch.
  if (ks.cipher_message.size() != 32) {
    return make_error(Errc::kInvalidArgument,
                      "keystore crypto.cipher.message: must be 32 bytes (a BLS secret key), got " +
                          std::to_string(ks.cipher_message.size()));
  }
  if (!ks.pubkey.empty() && ks.pubkey.size() != 96) {
    return make_error(Errc::kInvalidArgument,
                      "keystore pubkey: must be 48 bytes (a BLS12-381 public key), got " +
                          std::to_string(ks.pubkey.size() / 2));
  }
  auto secret = decrypt_keystore(ks, password);
  if (!secret) return secret.error();
  auto sk = crypto::bls::SecretKey::parse(secret->expose());
  if (!sk) {
    return make_error(Errc::kCrypto, std::string("keystore secret is not a BLS secret key: ") +
                                         crypto::bls::to_string(sk.error()));
  }
  if (!ks.pubkey.empty() && pubkey_hex(*sk) != ks.pubkey) {
    return make_error(Errc::kCorrupt, "keystore pubkey does not match its secret key");
  }
  return std::move(*sk);
}

}  // namespace stakepool::eth
