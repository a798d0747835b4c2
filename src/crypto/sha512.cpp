// SHA-512 through OpenSSL libcrypto (the same dependency as sha256.cpp).
#include "stakepool/crypto/sha512.hpp"

#include <openssl/sha.h>

#include "stakepool/util/secret.hpp"

namespace stakepool::crypto {

static_assert(sizeof(SHA512_CTX) <= 224, "Sha512 buffer too small for SHA512_CTX");

Digest64 sha512(std::span<const uint8_t> data) {
  Digest64 d;
  SHA512(data.data(), data.size(), d.data());
  return d;
}

Sha512::Sha512() { SHA512_Init(reinterpret_cast<SHA512_CTX*>(ctx_)); }

Sha512& Sha512::update(std::span<const uint8_t> data) {
  SHA512_Update(reinterpret_cast<SHA512_CTX*>(ctx_), data.data(), data.size());
  return *this;
}

Digest64 Sha512::finish() {
  Digest64 d;
  SHA512_Final(d.data(), reinterpret_cast<SHA512_CTX*>(ctx_));
  util::secure_zero(ctx_, sizeof(ctx_));
  return d;
}

}  // namespace stakepool::crypto
