// Whole-network simulations (issue 6): each test runs a real simulation — DKG-created validators,
// QBFT per duty, threshold BLS, the simulated chain checking every signature — and asserts on the
// report. Small configurations keep CI time modest: 8 operators in 2 pools of 4, 4 validators,
// one epoch, without sync contributions (the most expensive optional duty). The chain holds only
// the pools' validators (no background validators), so in one epoch they get every duty type —
// proposals and sync committee seats included; BackgroundValidators* tests cover the default
// realistic chain, where the pool is a small share of the validator set.
#include <gtest/gtest.h>

#include "stakepool/sim/simulation.hpp"

namespace stakepool::sim {
namespace {

SimConfig small(std::string_view faults = "") {
  SimConfig cfg;
  cfg.operators = 8;
  cfg.validators = 4;
  cfg.epochs = 1;
  cfg.seed = 11;
  cfg.sync_contributions = false;
  cfg.chain_validators = 0;
  auto f = parse_fault_spec(faults);
  EXPECT_TRUE(f.has_value());
  cfg.faults = *f;
  return cfg;
}

SimReport simulate(const SimConfig& cfg, unsigned threads = 2) {
  auto sim = Simulation::make(cfg);
  EXPECT_TRUE(sim.has_value()) << sim.error().message;
  if (!sim) return {};
  auto st = (*sim)->setup(threads);
  EXPECT_TRUE(st.has_value()) << st.error().message;
  st = (*sim)->run();
  EXPECT_TRUE(st.has_value()) << st.error().message;
  return (*sim)->report();
}

const DutyTypeReport& duty(const SimReport& r, std::string_view type) {
  for (const DutyTypeReport& d : r.duties) {
    if (d.type == type) return d;
  }
  ADD_FAILURE() << "no duty type " << type;
  return r.duties.front();
}

void expect_safe(const SimReport& r) {
  EXPECT_EQ(r.safety.slashable_messages, 0u);
  EXPECT_EQ(r.safety.invalid_signatures_submitted, 0u);
  EXPECT_TRUE(r.safety.group_keys_unchanged);
}

void expect_all_succeed(const SimReport& r) {
  for (const char* t : {"attestation", "proposal", "sync_committee"}) {
    EXPECT_GT(duty(r, t).count.assigned, 0u) << t;
  }
  const DutyCount all = r.total_duties();
  EXPECT_EQ(all.succeeded, all.assigned) << render_text(r);
  EXPECT_EQ(all.missed, 0u);
}

TEST(Simulate, NoFaultsEveryDutySucceeds) {
  const SimReport r = simulate(small());
  expect_all_succeed(r);
  expect_safe(r);
  EXPECT_EQ(r.consensus.undecided, 0u);
  EXPECT_GT(r.consensus.instances, 0u);
  for (const OperatorReport& o : r.operator_reports) {
    // Peers combine the first t partials to arrive, so even an honest operator's partial is not in
    // every peer's signature; but it is in most.
    EXPECT_GT(o.participation(), 0.6) << "operator " << o.id;
    EXPECT_GT(o.rewards_gwei, 0) << "operator " << o.id;
    EXPECT_EQ(o.penalties_gwei, 0) << "operator " << o.id;
  }
}

TEST(Simulate, FCrashedPerCommitteeEveryDutySucceeds) {
  const SimReport r = simulate(small("crash:f"));
  expect_all_succeed(r);
  expect_safe(r);
  ASSERT_EQ(r.faults.size(), 2u);  // one per pool
  for (const FaultReport& f : r.faults) {
    EXPECT_EQ(f.kind, "crash");
    EXPECT_EQ(r.operator_reports[f.operator_id].contributed, 0u);
  }
}

TEST(Simulate, FPlusOneCrashedDutiesAreMissedNothingSlashable) {
  const SimReport r = simulate(small("crash:f+1"));
  expect_safe(r);
  const DutyCount all = r.total_duties();
  for (const char* t : {"attestation", "proposal", "sync_committee"}) {
    const DutyCount& c = duty(r, t).count;
    EXPECT_GT(c.assigned, 0u) << t;
    EXPECT_EQ(c.succeeded, 0u) << t;
    EXPECT_EQ(c.missed, c.assigned) << t;
  }
  EXPECT_EQ(all.succeeded, 0u);
  for (const PoolReport& p : r.pools) EXPECT_EQ(p.duties.missed, p.duties.assigned);
  for (const OperatorReport& o : r.operator_reports) {
    EXPECT_EQ(o.rewards_gwei, 0) << "operator " << o.id;
    EXPECT_LT(o.penalties_gwei, 0) << "operator " << o.id;  // missed attestations are penalised
  }
}

TEST(Simulate, CrashAndRestartRecoversWithSlashingDbIntact) {
  SimConfig cfg = small("crash:f+1@8-16");
  const SimReport r = simulate(cfg);
  expect_safe(r);
  const DutyCount all = r.total_duties();
  EXPECT_GT(all.missed, 0u);
  EXPECT_GT(all.succeeded, all.missed);  // 24 of 32 slots with a quorum
  for (const FaultReport& f : r.faults) EXPECT_EQ(r.operator_reports[f.operator_id].restarts, 1u);
}

class SimulateByzantine : public ::testing::TestWithParam<const char*> {};

TEST_P(SimulateByzantine, FByzantineCannotBreakSafety) {
  const SimReport r = simulate(small(std::string("byzantine:f:") + GetParam()));
  expect_safe(r);
  const DutyCount all = r.total_duties();
  EXPECT_GT(all.assigned, 0u);
  // The honest quorum (3 of 4) is enough to sign every duty: a Byzantine member can delay, not stop.
  EXPECT_GE(all.succeeded * 100, all.assigned * 90) << render_text(r);
  RecordProperty("success_permille", static_cast<int>(all.succeeded * 1000 / all.assigned));
  if (std::string_view(GetParam()) == "withhold") {
    for (const FaultReport& f : r.faults) EXPECT_EQ(r.operator_reports[f.operator_id].contributed, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Behaviours, SimulateByzantine,
                         ::testing::Values("equivocate", "invalid-partial", "slashable", "withhold"));

TEST(Simulate, PartitionedMinorityThenHealMajorityKeepsWorking) {
  const SimReport r = simulate(small("partition:f"));
  expect_safe(r);
  expect_all_succeed(r);
  EXPECT_GT(r.net.dropped_partition, 0u);
}

// The default model: the pool's 8 validators among 4096 on the chain. The pool gets its share of
// duties (one attestation per validator per epoch; few or no proposals and sync seats), every one
// of them succeeds, and every slot still has a block (background proposers' blocks carry the
// background votes, so the pool's attestations are included and rewarded).
TEST(Simulate, BackgroundValidatorsPoolIsAShareAndEveryDutySucceeds) {
  SimConfig cfg = small();
  cfg.validators = 8;
  cfg.chain_validators = 4096;
  const SimReport r = simulate(cfg);
  expect_safe(r);
  EXPECT_EQ(r.chain_validators, 4096u);
  EXPECT_EQ(r.background_validators, 4096u - 8u);
  const DutyCount& att = duty(r, "attestation").count;
  EXPECT_EQ(att.assigned, 8u);  // the pool's validators only; one slot each per epoch
  const DutyCount all = r.total_duties();
  EXPECT_GT(all.assigned, 0u);
  EXPECT_EQ(all.succeeded, all.assigned) << render_text(r);
  EXPECT_EQ(all.missed, 0u);
  EXPECT_LT(duty(r, "sync_committee").count.assigned, 32u * 8u);  // not every validator every slot
  EXPECT_GE(r.blocks, r.slots);  // a block in every simulated slot
  EXPECT_EQ(r.blocks, r.background_blocks + duty(r, "proposal").count.succeeded);
  EXPECT_GE(r.background_attestations, r.background_validators);  // each voted once, included
  EXPECT_GT(r.background_sync_bits, 0u);
  // Background validators cost no BLS work: far fewer checks than background votes included.
  EXPECT_LT(r.chain_signatures_verified, r.background_attestations / 4);
  for (const OperatorReport& o : r.operator_reports) {
    EXPECT_GT(o.rewards_gwei, 0) << "operator " << o.id;
    EXPECT_EQ(o.penalties_gwei, 0) << "operator " << o.id;
  }
}

// With f+1 crashed members per pool the pool's duties are all missed, but the chain goes on
// (background proposers keep making blocks) and nothing slashable appears.
TEST(Simulate, BackgroundValidatorsChainLivesWhenPoolsCannotSign) {
  SimConfig cfg = small("crash:f+1");
  cfg.chain_validators = 2048;
  cfg.slots_for_testing = 8;
  const SimReport r = simulate(cfg);
  expect_safe(r);
  EXPECT_EQ(r.total_duties().succeeded, 0u);
  EXPECT_GT(r.total_duties().missed, 0u);
  EXPECT_GE(r.blocks + duty(r, "proposal").count.missed, r.slots);
  EXPECT_GT(r.background_attestations, 0u);
}

TEST(Simulate, SameSeedSameReportByteForByte) {
  SimConfig cfg = small("byzantine:f:mix");
  cfg.slots_for_testing = 8;
  const SimReport r1 = simulate(cfg), r2 = simulate(cfg);
  const std::string a = render_json(r1);
  EXPECT_EQ(a, render_json(r2));
  EXPECT_EQ(render_html(r1), render_html(r2));
  cfg.seed += 1;
  EXPECT_NE(render_json(simulate(cfg)), a);
}

// The worker threads only run pure jobs whose results are applied in a fixed order: one thread or
// three, same bytes (pools of 7 with an invalid-partial member, so batches bisect and retry).
TEST(Simulate, ThreadCountDoesNotChangeTheReport) {
  SimConfig cfg = small("byzantine:f:invalid-partial");
  cfg.operators = 14;
  cfg.pool_size = 7;
  cfg.validators = 6;
  cfg.slots_for_testing = 6;
  const SimReport r1 = simulate(cfg, 1);
  EXPECT_GT(r1.safety.partials_invalid, 0u);  // bisection ran
  const std::string one = render_json(r1);
  EXPECT_EQ(render_json(simulate(cfg, 3)), one);
  EXPECT_EQ(render_json(simulate(cfg, 2)), one);
}

}  // namespace
}  // namespace stakepool::sim
