#pragma once
// EIP-2335 keystores (version 4): a secret encrypted under a password with scrypt or PBKDF2-SHA256,
// AES-128-CTR and a SHA-256 checksum (DESIGN.md §3 "Keys"). Crypto by OpenSSL.
//
// The keystore layer stores any secret bytes; for validator keys the caller supplies the BLS public
// key (hex) for the `pubkey` field. Passwords are processed per EIP-2335 (NFKD, then C0/C1/DEL
// control codes stripped) inside encrypt/decrypt; pass the raw UTF-8 the user typed.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stakepool/util/result.hpp"
#include "stakepool/util/rng.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::eth {

// KdfKind: the EIP-2335 `kdf.function`.
enum class KdfKind { kScrypt, kPbkdf2 };

// KdfParams: `kdf.params`. scrypt uses n, r, p; pbkdf2 uses c (prf is always hmac-sha256).
// Defaults are staking-deposit-cli's (scrypt n = 2^18, r = 8, p = 1; pbkdf2 c = 2^18; dklen 32).
struct KdfParams {
  KdfKind kind = KdfKind::kScrypt;
  uint32_t dklen = 32;
  uint64_t n = 1u << 18;
  uint32_t r = 8;
  uint32_t p = 1;
  uint32_t c = 1u << 18;
  std::vector<uint8_t> salt;  // 32 random bytes when created here
};

// Keystore: a parsed (or freshly made) EIP-2335 keystore. Public data only: the secret is
// encrypted.
struct Keystore {
  KdfParams kdf;
  std::array<uint8_t, 32> checksum{};   // crypto.checksum.message
  std::array<uint8_t, 16> iv{};         // crypto.cipher.params.iv
  std::vector<uint8_t> cipher_message;  // crypto.cipher.message (same length as the secret)
  std::string description;              // optional; "" when absent
  std::string pubkey;                   // lower-case hex without 0x, or "" when absent
  std::string path;                     // EIP-2334 path or ""
  std::string uuid;                     // RFC 4122 form, lower case
};

// parse_keystore parses keystore JSON strictly: version must be 4, the three modules must name a
// supported function with exactly its parameters (unknown fields are rejected), lengths must match
// (iv 16 bytes, checksum 32, dklen 32..64), KDF costs are bounded (scrypt n a power of two <= 2^20,
// r*p <= 2^10; pbkdf2 c <= 2^24) and path/pubkey/uuid must be well-formed. A top-level "name"
// (written by some clients) is accepted and ignored. Errors name the offending field.
Result<Keystore> parse_keystore(std::string_view json);

// keystore_to_json serialises in the field order staking-deposit-cli writes (crypto{kdf, checksum,
// cipher}, description, pubkey, path, uuid, version), indented by 4 spaces.
std::string keystore_to_json(const Keystore& ks);

// decrypt_keystore derives the key from `password`, checks the checksum and decrypts. Fails with
// kPermission "wrong password (keystore checksum mismatch)" when the checksum does not match, and
// with kInvalidArgument if the password is not UTF-8. Nothing is returned on failure.
Result<util::SecretBytes> decrypt_keystore(const Keystore& ks, std::span<const uint8_t> password);

// KeystoreInfo: the public fields set by the creator of a keystore.
struct KeystoreInfo {
  std::string path;         // "" or an EIP-2334 path (validated)
  std::string pubkey;       // "" or hex of the public key of the secret
  std::string description;  // free text
};

// encrypt_keystore encrypts `secret` under `password` with a fresh salt, IV and UUID v4 from `rng`
// (OsRng in real use) and `params` (its salt is replaced by 32 random bytes).
Result<Keystore> encrypt_keystore(std::span<const uint8_t> secret,
                                  std::span<const uint8_t> password, KdfParams params,
                                  const KeystoreInfo& info, util::Rng& rng);

// encrypt_keystore_with is the deterministic core: the caller gives salt (in params), iv and uuid.
// Encrypting the EIP-2335 test secret with the vector's parameters reproduces the vector exactly.
Result<Keystore> encrypt_keystore_with(std::span<const uint8_t> secret,
                                       std::span<const uint8_t> password, const KdfParams& params,
                                       std::span<const uint8_t, 16> iv, std::string uuid,
                                       const KeystoreInfo& info);

// normalize_keystore_password applies EIP-2335 password processing to UTF-8 input: NFKD, then the
// C0 (U+0000–U+001F), C1 (U+0080–U+009F) and DEL (U+007F) control codes are removed. Fails with
// kInvalidArgument if the input is not UTF-8. decrypt/encrypt call it themselves.
Result<util::SecretBytes> normalize_keystore_password(std::span<const uint8_t> utf8);

// uuid_v4 formats 16 random bytes from rng as an RFC 4122 version-4 UUID.
std::string uuid_v4(util::Rng& rng);

}  // namespace stakepool::eth
