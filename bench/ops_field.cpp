// Field benchmark ops (perf-anchors.md §1, note 7): each call performs 1000 dependent operations
// over deterministic inputs cycled from a pool of 64 values.
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "bench/bench.hpp"
#include "stakepool/crypto/tower.hpp"

namespace stakepool::bench {
namespace {

using crypto::Fp;
using crypto::Fp2;

constexpr int kInner = 1000;
constexpr std::size_t kPool = 64;

// det_fp: deterministic pseudo-random field element (splitmix64 stream reduced mod p).
Fp det_fp(uint64_t& state) {
  std::array<uint8_t, 64> w{};
  for (std::size_t i = 0; i < w.size(); i += 8) {
    state += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int j = 0; j < 8; ++j) w[i + j] = static_cast<uint8_t>(z >> (8 * j));
  }
  return Fp::from_bytes_wide_be(w);
}

template <typename T, typename MakeT, typename Step>
std::function<void()> chain(MakeT make_value, Step step) {
  auto pool = std::make_shared<std::array<T, kPool>>();
  uint64_t state = 0x5eed;
  for (auto& v : *pool) v = make_value(state);
  auto idx = std::make_shared<std::size_t>(0);
  return [pool, idx, step]() {
    const T& b = (*pool)[*idx % kPool];
    T x = (*pool)[(*idx + 1) % kPool];
    ++*idx;
    for (int i = 0; i < kInner; ++i) x = step(x, b);
    do_not_optimize(x);
  };
}

}  // namespace

void add_field_ops(Ops& ops) {
  ops.push_back({"fp_mul", "Fp multiplication (1000 dependent per call)", [] {
                   return chain<Fp>(det_fp, [](const Fp& x, const Fp& b) { return x * b; });
                 }, kInner});
  ops.push_back({"fp_sqr", "Fp squaring (1000 dependent per call)", [] {
                   return chain<Fp>(det_fp, [](const Fp& x, const Fp&) { return x.sqr(); });
                 }, kInner});
  ops.push_back({"fp2_mul", "Fp2 multiplication (1000 dependent per call)", [] {
                   auto make = [](uint64_t& s) { return Fp2{det_fp(s), det_fp(s)}; };
                   return chain<Fp2>(make, [](const Fp2& x, const Fp2& b) { return x * b; });
                 }, kInner});
  ops.push_back({"fp_inv", "Fp inversion, constant time (1000 dependent per call)", [] {
                   return chain<Fp>(det_fp, [](const Fp& x, const Fp&) { return x.inv(); });
                 }, kInner});
}

}  // namespace stakepool::bench
