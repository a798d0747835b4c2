// Randomized safety sweep (issue 6): many seeds, each with a random small network and a random
// fault mix with at most f Byzantine operators per committee, each run a real (short) simulation.
// Safety must hold in every run: no slashable message reaches the chain, no invalid signature is
// submitted, group keys never change. SimSweep covers 200 seeds in CI (4 shards of 50); SimSoak
// covers 10,000 seeds and carries the `soak` label (outside CI).
#include <gtest/gtest.h>

#include "stakepool/sim/simulation.hpp"

namespace stakepool::sim {
namespace {

// random_config: 1 or 2 pools of 4 (sometimes 7), 1-2 validators (alone on the chain or among
// 512 background validators), 3 slots, up to f
// Byzantine operators of a random behaviour plus a random crash / slow / partition fault.
SimConfig random_config(uint64_t seed) {
  util::DeterministicRng rng(seed, "sim-sweep");
  SimConfig cfg;
  cfg.seed = seed;
  cfg.pool_size = rng.uniform(10) == 0 ? 7 : 4;
  cfg.operators = cfg.pool_size * static_cast<uint32_t>(1 + rng.uniform(2));
  cfg.validators = static_cast<uint32_t>(1 + rng.uniform(2));
  cfg.epochs = 1;
  cfg.slots_for_testing = 3;
  cfg.aggregation = rng.uniform(2) == 0;
  cfg.sync_contributions = false;
  const char* kBehaviours[] = {"equivocate", "invalid-partial", "slashable", "withhold", "mix"};
  const char* kOthers[] = {"crash", "slow", "partition"};
  const uint32_t f = fault_tolerance(cfg.pool_size);
  const auto byz = static_cast<uint32_t>(rng.uniform(f + 1));
  std::string spec;
  if (byz > 0) spec = "byzantine:" + std::to_string(byz) + ":" + kBehaviours[rng.uniform(5)];
  if (rng.uniform(2) == 0) {
    const auto other = static_cast<uint32_t>(1 + rng.uniform(cfg.pool_size - byz));
    const uint64_t from = rng.uniform(2), until = from + 1 + rng.uniform(3 - from);
    spec += (spec.empty() ? "" : ",") + std::string(kOthers[rng.uniform(3)]) + ":" +
            std::to_string(other) + "@" + std::to_string(from) + "-" + std::to_string(until);
  }
  auto faults = parse_fault_spec(spec);
  SP_CHECK(faults.has_value());
  cfg.faults = *faults;
  // Half the runs on a chain of the pools' validators only, half among background validators.
  cfg.chain_validators = rng.uniform(2) == 0 ? 0 : 512;
  return cfg;
}

void sweep(uint64_t first, uint64_t count) {
  for (uint64_t seed = first; seed < first + count; ++seed) {
    const SimConfig cfg = random_config(seed);
    auto sim = Simulation::make(cfg);
    ASSERT_TRUE(sim.has_value()) << "seed " << seed << ": " << sim.error().message;
    ASSERT_TRUE((*sim)->setup(1).has_value()) << "seed " << seed;
    auto st = (*sim)->run();
    ASSERT_TRUE(st.has_value()) << "seed " << seed << ": " << st.error().message;
    const SimReport r = (*sim)->report();
    const std::string what = "seed " + std::to_string(seed) + ", faults " + r.faults_spec;
    EXPECT_EQ(r.safety.slashable_messages, 0u) << what;
    EXPECT_EQ(r.safety.invalid_signatures_submitted, 0u) << what;
    EXPECT_TRUE(r.safety.group_keys_unchanged) << what;
    EXPECT_GT(r.total_duties().assigned, 0u) << what;
  }
}

TEST(SimSweep, Seeds1To50) { sweep(1, 50); }
TEST(SimSweep, Seeds51To100) { sweep(51, 50); }
TEST(SimSweep, Seeds101To150) { sweep(101, 50); }
TEST(SimSweep, Seeds151To200) { sweep(151, 50); }

TEST(SimSoak, TenThousandSeeds) { sweep(1, 10000); }

}  // namespace
}  // namespace stakepool::sim
