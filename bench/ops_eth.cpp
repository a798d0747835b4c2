// eth-layer benchmark ops: SSZ merkleization and signing roots (DESIGN.md §3).
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/eth/signing.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::bench {
namespace {

using namespace stakepool::eth;  // NOLINT(google-build-using-namespace)

constexpr std::size_t kPool = 64;

Root random_root(util::Rng& rng) {
  Root r{};
  rng.fill(r);
  return r;
}

std::shared_ptr<std::vector<BeaconBlockHeader>> header_pool() {
  auto pool = std::make_shared<std::vector<BeaconBlockHeader>>();
  util::DeterministicRng rng(7, "bench-eth-headers");
  for (std::size_t i = 0; i < kPool; ++i) {
    pool->push_back({Slot{rng.next_u64() >> 20}, ValidatorIndex{rng.uniform(1u << 20)},
                     random_root(rng), random_root(rng), random_root(rng)});
  }
  return pool;
}

std::shared_ptr<std::vector<AttestationData>> attestation_pool() {
  auto pool = std::make_shared<std::vector<AttestationData>>();
  util::DeterministicRng rng(7, "bench-eth-attestations");
  for (std::size_t i = 0; i < kPool; ++i) {
    const uint64_t slot = 11'000'000 + rng.uniform(1'000'000);
    const uint64_t epoch = slot / 32;
    pool->push_back({Slot{slot}, CommitteeIndex{0}, random_root(rng),
                     Checkpoint{Epoch{epoch - 1}, random_root(rng)},
                     Checkpoint{Epoch{epoch}, random_root(rng)}});
  }
  return pool;
}

}  // namespace

void add_eth_ops(Ops& ops) {
  ops.push_back({"ssz_htr_beacon_block_header",
                 "hash_tree_root of a BeaconBlockHeader (5 fields, 7 SHA-256 compressions)",
                 [] {
                   auto pool = header_pool();
                   return std::function<void()>([pool, i = std::size_t{0}]() mutable {
                     const Root r = ssz::hash_tree_root((*pool)[i++ % kPool]);
                     do_not_optimize(r);
                   });
                 }});
  ops.push_back({"signing_root_attestation",
                 "attestation signing root on mainnet: domain + AttestationData root + SigningData",
                 [] {
                   auto pool = attestation_pool();
                   const ChainConfig& chain = chain_config(Network::kMainnet);
                   return std::function<void()>([pool, &chain, i = std::size_t{0}]() mutable {
                     const Root r = attestation_signing_root(chain, (*pool)[i++ % kPool]);
                     do_not_optimize(r);
                   });
                 }});
}

}  // namespace stakepool::bench
