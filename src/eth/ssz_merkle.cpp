// SSZ merkleization (consensus-specs ssz/simple-serialize.md, "Merkleization").
#include <array>
#include <cstring>
#include <vector>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::eth::ssz {
namespace {

using ZeroHashes = std::array<Root, kMaxDepth + 1>;

ZeroHashes make_zero_hashes() {
  ZeroHashes z{};
  uint8_t buf[64];
  for (std::size_t d = 1; d <= kMaxDepth; ++d) {
    std::memcpy(buf, z[d - 1].data(), 32);
    std::memcpy(buf + 32, z[d - 1].data(), 32);
    z[d] = crypto::sha256_64(buf);
  }
  return z;
}

// ceil_log2 returns the depth of a tree with n leaves padded to a power of two (0 for n <= 1).
std::size_t ceil_log2(uint64_t n) {
  if (n <= 1) return 0;
  return 64 - static_cast<std::size_t>(__builtin_clzll(n - 1));
}

// reduce hashes `n` chunks in buf (room for n+1) level by level up to `depth`, padding odd levels
// with the zero hash of that level, and returns the root.
Root reduce(uint8_t* buf, uint64_t n, std::size_t depth) {
  for (std::size_t d = 0; d < depth; ++d) {
    if (n % 2 == 1) {
      std::memcpy(buf + n * kBytesPerChunk, zero_hash(d).data(), kBytesPerChunk);
      ++n;
    }
    for (uint64_t i = 0; i < n / 2; ++i) {
      const crypto::Digest32 h = crypto::sha256_64(buf + 2 * i * kBytesPerChunk);
      std::memcpy(buf + i * kBytesPerChunk, h.data(), kBytesPerChunk);
    }
    n /= 2;
  }
  Root r;
  std::memcpy(r.data(), buf, kBytesPerChunk);
  return r;
}

}  // namespace

const Root& zero_hash(std::size_t depth) {
  static const ZeroHashes kZero = make_zero_hashes();
  SP_CHECK(depth <= kMaxDepth);
  return kZero[depth];
}

Root merkleize(std::span<const uint8_t> data, uint64_t limit_chunks) {
  const uint64_t n = chunk_count(data.size());
  SP_CHECK(n <= limit_chunks || (n == 0 && limit_chunks == 0));
  const std::size_t depth = ceil_log2(limit_chunks);
  if (n == 0) return zero_hash(depth);
  constexpr uint64_t kStackChunks = 16;
  std::array<uint8_t, (kStackChunks + 1) * kBytesPerChunk> stack_buf;
  std::vector<uint8_t> heap_buf;
  uint8_t* buf = stack_buf.data();
  if (n > kStackChunks) {
    heap_buf.resize((n + 1) * kBytesPerChunk);
    buf = heap_buf.data();
  }
  std::memcpy(buf, data.data(), data.size());
  std::memset(buf + data.size(), 0, n * kBytesPerChunk - data.size());
  return reduce(buf, n, depth);
}

Root mix_in_length(const Root& root, uint64_t length) {
  uint8_t buf[64] = {};
  std::memcpy(buf, root.data(), 32);
  for (int i = 0; i < 8; ++i) buf[32 + i] = static_cast<uint8_t>(length >> (8 * i));
  return crypto::sha256_64(buf);
}

}  // namespace stakepool::eth::ssz
