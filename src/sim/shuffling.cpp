// Committee arithmetic from the consensus specs (see shuffling.hpp).
#include "stakepool/sim/shuffling.hpp"

#include <algorithm>
#include <array>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::sim {
namespace {

uint64_t load_le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
  return v;
}

void store_le(uint8_t* p, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// pivot_of: bytes_to_uint64(hash(seed || uint8(round))[0:8]) % count.
uint64_t pivot_of(const eth::Bytes32& seed, uint64_t round, uint64_t count) {
  std::array<uint8_t, 33> buf{};
  std::copy(seed.begin(), seed.end(), buf.begin());
  buf[32] = static_cast<uint8_t>(round);
  return load_le64(crypto::sha256(buf).data()) % count;
}

// source_of: hash(seed || uint8(round) || uint32(block)).
eth::Bytes32 source_of(const eth::Bytes32& seed, uint64_t round, uint64_t block) {
  std::array<uint8_t, 37> buf{};
  std::copy(seed.begin(), seed.end(), buf.begin());
  buf[32] = static_cast<uint8_t>(round);
  store_le(buf.data() + 33, block, 4);
  return crypto::sha256(buf);
}

bool source_bit(const eth::Bytes32& source, uint64_t position) {
  return ((source[(position % 256) / 8] >> (position % 8)) & 1) != 0;
}

}  // namespace

uint64_t compute_shuffled_index(uint64_t index, uint64_t count, const eth::Bytes32& seed) {
  SP_CHECK(index < count);
  for (uint64_t round = 0; round < kShuffleRoundCount; ++round) {
    const uint64_t pivot = pivot_of(seed, round, count);
    const uint64_t flip = (pivot + count - index) % count;
    const uint64_t position = std::max(index, flip);
    if (source_bit(source_of(seed, round, position / 256), position)) index = flip;
  }
  return index;
}

Shuffler::Shuffler(const eth::Bytes32& seed, uint64_t count)
    : seed_(seed), count_(count), blocks_((count + 255) / 256) {
  SP_CHECK(count > 0);
  pivot_.resize(kShuffleRoundCount);
  for (uint64_t r = 0; r < kShuffleRoundCount; ++r) pivot_[r] = pivot_of(seed, r, count);
  sources_.resize(kShuffleRoundCount * blocks_);
  have_.assign(kShuffleRoundCount * blocks_, 0);
}

const eth::Bytes32& Shuffler::source(uint64_t round, uint64_t block) {
  const uint64_t k = round * blocks_ + block;
  if (!have_[k]) {
    sources_[k] = source_of(seed_, round, block);
    have_[k] = 1;
  }
  return sources_[k];
}

uint64_t Shuffler::index(uint64_t i) {
  SP_CHECK(i < count_);
  for (uint64_t round = 0; round < kShuffleRoundCount; ++round) {
    const uint64_t flip = (pivot_[round] + count_ - i) % count_;
    const uint64_t position = std::max(i, flip);
    if (source_bit(source(round, position / 256), position)) i = flip;
  }
  return i;
}

eth::Bytes32 get_seed(const eth::DomainType& domain, eth::Epoch epoch, const eth::Bytes32& mix) {
  std::array<uint8_t, 44> buf{};
  std::copy(domain.begin(), domain.end(), buf.begin());
  store_le(buf.data() + 4, eth::u64(epoch), 8);
  std::copy(mix.begin(), mix.end(), buf.begin() + 12);
  return crypto::sha256(buf);
}

uint64_t integer_squareroot(uint64_t n) {
  if (n == ~uint64_t{0}) return 4294967295u;  // the spec's special case for 2**64 - 1
  uint64_t x = n, y = (x + 1) / 2;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2;
  }
  return x;
}

uint64_t committees_per_slot(uint64_t active_count, uint64_t slots_per_epoch) {
  constexpr uint64_t kMaxCommittees = 64, kTargetCommitteeSize = 128;
  return std::max<uint64_t>(
      1, std::min(kMaxCommittees, active_count / slots_per_epoch / kTargetCommitteeSize));
}

namespace detail {
uint64_t random_value16(const eth::Bytes32& seed, uint64_t i, eth::Bytes32& cache,
                        uint64_t& cached_block) {
  if (cached_block != i / 16) {
    std::array<uint8_t, 40> buf{};
    std::copy(seed.begin(), seed.end(), buf.begin());
    store_le(buf.data() + 32, i / 16, 8);
    cache = crypto::sha256(buf);
    cached_block = i / 16;
  }
  const uint64_t off = i % 16 * 2;
  return static_cast<uint64_t>(cache[off]) | static_cast<uint64_t>(cache[off + 1]) << 8;
}
}  // namespace detail

}  // namespace stakepool::sim
