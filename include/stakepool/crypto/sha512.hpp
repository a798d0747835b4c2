#pragma once
// SHA-512 over OpenSSL libcrypto, like sha256.hpp: used by Ed25519 verification (RFC 8032 hashes
// R || A || M with SHA-512).
#include <array>
#include <cstdint>
#include <span>

namespace stakepool::crypto {

using Digest64 = std::array<uint8_t, 64>;

// sha512 hashes `data` in one call.
Digest64 sha512(std::span<const uint8_t> data);

// Sha512: incremental hashing; copying forks the hash state.
class Sha512 {
 public:
  Sha512();
  Sha512& update(std::span<const uint8_t> data);
  Digest64 finish();

 private:
  alignas(8) uint8_t ctx_[224];  // holds an OpenSSL SHA512_CTX (checked by static_assert)
};

}  // namespace stakepool::crypto
