// The one file in crypto that calls outside the standard library (DESIGN.md §1).
#include "stakepool/crypto/sha256.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "stakepool/util/check.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::crypto {

static_assert(sizeof(SHA256_CTX) <= 112, "Sha256 buffer too small for SHA256_CTX");

Digest32 sha256(std::span<const uint8_t> data) {
  Digest32 d;
  SHA256(data.data(), data.size(), d.data());
  return d;
}

Digest32 sha256_64(const uint8_t* in64) {
  Digest32 d;
  SHA256(in64, 64, d.data());
  return d;
}

Sha256::Sha256() { SHA256_Init(reinterpret_cast<SHA256_CTX*>(ctx_)); }

Sha256& Sha256::update(std::span<const uint8_t> data) {
  SHA256_Update(reinterpret_cast<SHA256_CTX*>(ctx_), data.data(), data.size());
  return *this;
}

Digest32 Sha256::finish() {
  Digest32 d;
  SHA256_Final(d.data(), reinterpret_cast<SHA256_CTX*>(ctx_));
  util::secure_zero(ctx_, sizeof(ctx_));
  return d;
}

namespace {

// hmac_parts: HMAC-SHA256(key, part1 || part2 || part3) without concatenating the parts.
Digest32 hmac_parts(std::span<const uint8_t> key, std::span<const uint8_t> p1, std::span<const uint8_t> p2,
                    std::span<const uint8_t> p3) {
  uint8_t k[64] = {};
  if (key.size() > 64) {
    Digest32 kh = sha256(key);
    std::memcpy(k, kh.data(), 32);
    util::secure_zero(kh.data(), kh.size());
  } else if (!key.empty()) {
    std::memcpy(k, key.data(), key.size());
  }
  uint8_t pad[64];
  for (int i = 0; i < 64; ++i) pad[i] = k[i] ^ 0x36;
  Digest32 inner = Sha256().update(pad).update(p1).update(p2).update(p3).finish();
  for (int i = 0; i < 64; ++i) pad[i] = k[i] ^ 0x5c;
  Digest32 out = Sha256().update(pad).update(inner).finish();
  util::secure_zero(k, sizeof(k));
  util::secure_zero(pad, sizeof(pad));
  util::secure_zero(inner.data(), inner.size());
  return out;
}

}  // namespace

Digest32 hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> msg) {
  return hmac_parts(key, msg, {}, {});
}

Digest32 hkdf_extract(std::span<const uint8_t> salt, std::span<const uint8_t> ikm) {
  return hmac_sha256(salt, ikm);
}

void hkdf_expand(std::span<const uint8_t> prk, std::span<const uint8_t> info, std::span<uint8_t> out) {
  SP_CHECK(out.size() <= 255 * 32);
  // T(i) = HMAC(PRK, T(i-1) || info || i), T(0) empty.
  Digest32 t{};
  std::size_t tlen = 0, done = 0;
  uint8_t counter = 1;
  while (done < out.size()) {
    t = hmac_parts(prk, std::span<const uint8_t>(t.data(), tlen), info, std::span<const uint8_t>(&counter, 1));
    tlen = 32;
    std::size_t take = std::min<std::size_t>(32, out.size() - done);
    std::memcpy(out.data() + done, t.data(), take);
    done += take;
    ++counter;
  }
  util::secure_zero(t.data(), t.size());
}

}  // namespace stakepool::crypto
