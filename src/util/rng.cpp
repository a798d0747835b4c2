#include "stakepool/util/rng.hpp"

#include <openssl/sha.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

#include "stakepool/util/check.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::util {

uint64_t Rng::next_u64() {
  uint8_t b[8];
  fill(b);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b[i]) << (8 * i);
  return v;
}

uint64_t Rng::uniform(uint64_t bound) {
  SP_CHECK(bound > 0);
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  for (;;) {
    uint64_t v = next_u64();
    if (v < limit) return v % bound;
  }
}

void OsRng::fill(std::span<uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      SP_CHECK(errno == EINTR);
      continue;
    }
    done += static_cast<std::size_t>(n);
  }
}

namespace {
inline uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
inline void quarter(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d) {
  a += b; d ^= a; d = rotl(d, 16);
  c += d; b ^= c; b = rotl(b, 12);
  a += b; d ^= a; d = rotl(d, 8);
  c += d; b ^= c; b = rotl(b, 7);
}
}  // namespace

DeterministicRng::DeterministicRng(std::span<const uint8_t, 32> key) {
  for (int i = 0; i < 8; ++i) {
    key_[i] = static_cast<uint32_t>(key[4 * i]) | static_cast<uint32_t>(key[4 * i + 1]) << 8 |
              static_cast<uint32_t>(key[4 * i + 2]) << 16 | static_cast<uint32_t>(key[4 * i + 3]) << 24;
  }
}

DeterministicRng::DeterministicRng(uint64_t seed, std::string_view label) {
  SHA256_CTX c;
  SHA256_Init(&c);
  const char tag[] = "stakepool-rng-v1";
  SHA256_Update(&c, tag, sizeof(tag) - 1);
  uint8_t s[8];
  for (int i = 0; i < 8; ++i) s[i] = static_cast<uint8_t>(seed >> (8 * i));
  SHA256_Update(&c, s, 8);
  SHA256_Update(&c, label.data(), label.size());
  uint8_t k[32];
  SHA256_Final(k, &c);
  *this = DeterministicRng(std::span<const uint8_t, 32>(k));
  secure_zero(k, sizeof(k));
}

DeterministicRng DeterministicRng::fork(std::string_view label) {
  uint8_t k[32];
  fill(k);
  SHA256_CTX c;
  SHA256_Init(&c);
  SHA256_Update(&c, k, 32);
  SHA256_Update(&c, label.data(), label.size());
  SHA256_Final(k, &c);
  DeterministicRng r{std::span<const uint8_t, 32>(k)};
  secure_zero(k, sizeof(k));
  return r;
}

void DeterministicRng::refill() {
  uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (int i = 0; i < 8; ++i) in[4 + i] = key_[i];
  in[12] = static_cast<uint32_t>(counter_);
  in[13] = static_cast<uint32_t>(counter_ >> 32);
  in[14] = in[15] = 0;
  uint32_t x[16];
  std::memcpy(x, in, sizeof(x));
  for (int i = 0; i < 10; ++i) {
    quarter(x[0], x[4], x[8], x[12]); quarter(x[1], x[5], x[9], x[13]);
    quarter(x[2], x[6], x[10], x[14]); quarter(x[3], x[7], x[11], x[15]);
    quarter(x[0], x[5], x[10], x[15]); quarter(x[1], x[6], x[11], x[12]);
    quarter(x[2], x[7], x[8], x[13]); quarter(x[3], x[4], x[9], x[14]);
  }
  for (int i = 0; i < 16; ++i) {
    uint32_t v = x[i] + in[i];
    for (int j = 0; j < 4; ++j) block_[4 * i + j] = static_cast<uint8_t>(v >> (8 * j));
  }
  ++counter_;
  used_ = 0;
}

void DeterministicRng::fill(std::span<uint8_t> out) {
  for (uint8_t& b : out) {
    if (used_ == 64) refill();
    b = block_[used_++];
  }
}

}  // namespace stakepool::util
