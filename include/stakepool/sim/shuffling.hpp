#pragma once
// Consensus-spec committee arithmetic used by the simulated chain (consensus-specs
// phase0/beacon-chain.md "compute_shuffled_index", "get_seed", "integer_squareroot";
// electra/beacon-chain.md "compute_proposer_index", "get_next_sync_committee_indices"). All
// functions are pure and variable time (their inputs are public chain data).
#include <cstdint>
#include <span>
#include <vector>

#include "stakepool/eth/types.hpp"

namespace stakepool::sim {

inline constexpr uint64_t kShuffleRoundCount = 90;           // SHUFFLE_ROUND_COUNT (mainnet)
inline constexpr uint64_t kMaxRandomValue = (1u << 16) - 1;  // electra MAX_RANDOM_VALUE
inline constexpr eth::Gwei kMaxEffectiveBalanceElectra = 2048'000'000'000;

// compute_shuffled_index: the spec's swap-or-not shuffle of one index, straight from the spec
// (2 hashes per round). index < count, count > 0.
uint64_t compute_shuffled_index(uint64_t index, uint64_t count, const eth::Bytes32& seed);

// Shuffler: the same permutation for one (seed, count), with each round's pivot hashed once and
// the per-(round, position/256) source hashes cached on first use. index(i) equals
// compute_shuffled_index(i, count, seed).
class Shuffler {
 public:
  Shuffler(const eth::Bytes32& seed, uint64_t count);
  uint64_t index(uint64_t i);
  uint64_t count() const { return count_; }

 private:
  const eth::Bytes32& source(uint64_t round, uint64_t block);

  eth::Bytes32 seed_;
  uint64_t count_;
  std::vector<uint64_t> pivot_;        // per round
  std::vector<eth::Bytes32> sources_;  // round * blocks + block
  std::vector<uint8_t> have_;          // source computed?
  uint64_t blocks_;
};

// get_seed: hash(domain_type || uint_to_bytes(epoch) || mix), mix = the RANDAO mix the spec reads
// for `epoch` (that of epoch - MIN_SEED_LOOKAHEAD - 1; the caller supplies it).
eth::Bytes32 get_seed(const eth::DomainType& domain, eth::Epoch epoch, const eth::Bytes32& mix);

// integer_squareroot: the largest x with x*x <= n.
uint64_t integer_squareroot(uint64_t n);

// committees_per_slot: max(1, min(MAX_COMMITTEES_PER_SLOT, active / SLOTS_PER_EPOCH /
// TARGET_COMMITTEE_SIZE)).
uint64_t committees_per_slot(uint64_t active_count, uint64_t slots_per_epoch);

// sample_by_balance: the electra acceptance loop shared by compute_proposer_index (want = 1) and
// get_next_sync_committee_indices (want = 512): candidates indices[shuffle(i % n)] accepted when
// effective_balance * MAX_RANDOM_VALUE >= MAX_EFFECTIVE_BALANCE_ELECTRA * random_value, with
// random_value the 16-bit little-endian word i % 16 of hash(seed || uint_to_bytes(i / 16)).
// effective_balance(v) gives a candidate's effective balance. Repetition is allowed.
template <typename BalanceFn>
std::vector<eth::ValidatorIndex> sample_by_balance(std::span<const eth::ValidatorIndex> indices,
                                                   const eth::Bytes32& seed, std::size_t want,
                                                   BalanceFn effective_balance);

// Implementation detail of sample_by_balance (non-template part).
namespace detail {
uint64_t random_value16(const eth::Bytes32& seed, uint64_t i, eth::Bytes32& cache,
                        uint64_t& cached_block);
}  // namespace detail

template <typename BalanceFn>
std::vector<eth::ValidatorIndex> sample_by_balance(std::span<const eth::ValidatorIndex> indices,
                                                   const eth::Bytes32& seed, std::size_t want,
                                                   BalanceFn effective_balance) {
  std::vector<eth::ValidatorIndex> out;
  if (indices.empty()) return out;
  Shuffler shuffler(seed, indices.size());
  eth::Bytes32 cache{};
  uint64_t cached_block = ~uint64_t{0};
  for (uint64_t i = 0; out.size() < want; ++i) {
    const eth::ValidatorIndex candidate = indices[shuffler.index(i % indices.size())];
    const uint64_t r = detail::random_value16(seed, i, cache, cached_block);
    const unsigned __int128 lhs =
        static_cast<unsigned __int128>(effective_balance(candidate)) * kMaxRandomValue;
    const unsigned __int128 rhs = static_cast<unsigned __int128>(kMaxEffectiveBalanceElectra) * r;
    if (lhs >= rhs) out.push_back(candidate);
  }
  return out;
}

}  // namespace stakepool::sim
