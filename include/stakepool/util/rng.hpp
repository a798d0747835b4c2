#pragma once
// Rng: the injected source of randomness (STYLE.md L10). Protocol code takes an Rng&; simulation
// passes a DeterministicRng seeded from the run seed, real mode an OsRng.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace stakepool::util {

class Rng {
 public:
  virtual ~Rng() = default;
  virtual void fill(std::span<uint8_t> out) = 0;
  uint64_t next_u64();
  // uniform returns a value in [0, bound) without modulo bias. bound must be > 0.
  uint64_t uniform(uint64_t bound);
  // bernoulli returns true with probability num/den.
  bool bernoulli(uint64_t num, uint64_t den) { return uniform(den) < num; }
};

// OsRng reads the kernel CSPRNG (getrandom). Aborts if the kernel cannot supply entropy.
class OsRng final : public Rng {
 public:
  void fill(std::span<uint8_t> out) override;
};

// DeterministicRng: ChaCha20 keystream keyed by SHA-256(seed material). Same seed, same stream.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(uint64_t seed, std::string_view label = "");
  explicit DeterministicRng(std::span<const uint8_t, 32> key);
  void fill(std::span<uint8_t> out) override;
  // fork derives an independent stream for a named sub-component.
  DeterministicRng fork(std::string_view label);

 private:
  void refill();
  std::array<uint32_t, 8> key_{};
  uint64_t counter_ = 0;
  std::array<uint8_t, 64> block_{};
  std::size_t used_ = 64;
};

}  // namespace stakepool::util
