// Hash-to-curve benchmark ops (perf-anchors.md: `hash_to_g2`).
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "bench/bench.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"

namespace stakepool::bench {
namespace {

constexpr std::size_t kPool = 64;
constexpr char kEthPopDst[] = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

// Messages: 64 distinct deterministic 32-byte strings (a signing root's size).
std::shared_ptr<std::array<std::array<uint8_t, 32>, kPool>> message_pool() {
  auto pool = std::make_shared<std::array<std::array<uint8_t, 32>, kPool>>();
  uint64_t state = 0x68326332;
  for (auto& m : *pool) {
    for (auto& b : m) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      b = static_cast<uint8_t>(state >> 56);
    }
  }
  return pool;
}

}  // namespace

void add_h2c_ops(Ops& ops) {
  ops.push_back(
      {"hash_to_g2", "hash-to-G2 (RFC 9380 RO), 32-byte message, ETH POP DST; Jacobian output", [] {
         auto pool = message_pool();
         auto dst = std::make_shared<crypto::XmdDst>(std::span<const uint8_t>(
             reinterpret_cast<const uint8_t*>(kEthPopDst), sizeof(kEthPopDst) - 1));
         auto idx = std::make_shared<std::size_t>(0);
         return std::function<void()>([pool, dst, idx] {
           const auto& m = (*pool)[(*idx)++ % kPool];
           const crypto::G2 p = crypto::hash_to_g2(m, *dst);
           do_not_optimize(p);
         });
       }});
}

}  // namespace stakepool::bench
