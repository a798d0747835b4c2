#pragma once
// SHA-256, the crypto module's one external dependency (OpenSSL libcrypto, SHA-NI where present).
// All of stakepool hashes through this file (DESIGN.md §1).
#include <array>
#include <cstdint>
#include <span>

namespace stakepool::crypto {

using Digest32 = std::array<uint8_t, 32>;

Digest32 sha256(std::span<const uint8_t> data);
// sha256_64 hashes exactly 64 bytes (two 32-byte nodes): the SSZ merkleization step.
Digest32 sha256_64(const uint8_t* in64);

// Sha256: incremental hashing. Not copyable state is plain data; copying forks the hash.
class Sha256 {
 public:
  Sha256();
  Sha256& update(std::span<const uint8_t> data);
  Digest32 finish();

 private:
  alignas(8) uint8_t ctx_[112];  // holds an OpenSSL SHA256_CTX (checked by static_assert)
};

// hmac_sha256 / hkdf (RFC 5869) built on Sha256, used by KeyGen (draft-irtf-cfrg-bls-signature §2.3)
// and EIP-2333.
Digest32 hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> msg);
Digest32 hkdf_extract(std::span<const uint8_t> salt, std::span<const uint8_t> ikm);
// hkdf_expand writes out.size() bytes (<= 255*32).
void hkdf_expand(std::span<const uint8_t> prk, std::span<const uint8_t> info, std::span<uint8_t> out);

}  // namespace stakepool::crypto
