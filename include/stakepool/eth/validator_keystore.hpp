#pragma once
// EIP-2335 keystores holding BLS12-381 validator secret keys: the keystore `pubkey` field is the
// key's compressed G1 public key, and decryption checks that it matches (DESIGN.md §3 "Keys").
#include <span>
#include <string>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/eth/keystore.hpp"

namespace stakepool::eth {

// pubkey_hex returns the lower-case hex of sk_to_pk(sk), 96 digits, no 0x.
std::string pubkey_hex(const crypto::bls::SecretKey& sk);

// encrypt_secret_key: encrypt_keystore of sk's 32 big-endian bytes with pubkey = pubkey_hex(sk).
// `path` is "" or an EIP-2334 path. Fails like encrypt_keystore.
Result<Keystore> encrypt_secret_key(const crypto::bls::SecretKey& sk,
                                    std::span<const uint8_t> password, const KdfParams& params,
                                    const std::string& path, const std::string& description,
                                    util::Rng& rng);

// decrypt_secret_key: decrypt_keystore, then require a valid BLS secret key (32 bytes, 0 < sk < r,
// kCrypto otherwise) whose public key equals the keystore's `pubkey` when that field is present
// (kCorrupt "keystore pubkey does not match its secret key" otherwise).
Result<crypto::bls::SecretKey> decrypt_secret_key(const Keystore& ks,
                                                  std::span<const uint8_t> password);

}  // namespace stakepool::eth
