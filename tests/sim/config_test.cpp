// Fault SPEC, scenario parsing, validation, pool assignment and the DKG set-up.
#include <gtest/gtest.h>

#include <set>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/sim/config.hpp"
#include "stakepool/sim/pools.hpp"
#include "stakepool/threshold/signing.hpp"

namespace stakepool::sim {
namespace {

TEST(SimConfig, DefaultThresholdIsTheQbftQuorum) {
  EXPECT_EQ(default_threshold(4), 3u);
  EXPECT_EQ(default_threshold(7), 5u);
  EXPECT_EQ(default_threshold(10), 7u);
  EXPECT_EQ(default_threshold(13), 9u);
  EXPECT_EQ(default_threshold(16), 11u);
  EXPECT_EQ(default_threshold(1), 1u);
}

TEST(SimConfig, ParsesFaultSpec) {
  auto f = parse_fault_spec("crash:1, byzantine:f:equivocate,partition:f+1@25%-75%,slow:2@3-9");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  ASSERT_EQ(f->size(), 4u);
  EXPECT_EQ((*f)[0].kind, FaultKind::kCrash);
  EXPECT_EQ((*f)[0].count.resolve(4), 1u);
  EXPECT_EQ((*f)[1].behaviour, Behaviour::kEquivocate);
  EXPECT_EQ((*f)[1].count.resolve(7), 2u);
  EXPECT_EQ((*f)[2].count.resolve(4), 2u);
  EXPECT_EQ((*f)[2].window(128), std::make_pair(uint64_t{32}, uint64_t{96}));
  EXPECT_EQ((*f)[3].window(128), std::make_pair(uint64_t{3}, uint64_t{9}));
  EXPECT_EQ((*f)[2].to_string(), "partition:f+1@25%-75%");
  EXPECT_EQ(FaultSpec{FaultKind::kPartition}.window(128), std::make_pair(uint64_t{32}, uint64_t{96}));
  EXPECT_EQ(FaultSpec{FaultKind::kCrash}.window(128), std::make_pair(uint64_t{0}, uint64_t{128}));
}

void expect_error(std::string_view spec, std::string_view needle) {
  auto f = parse_fault_spec(spec);
  ASSERT_FALSE(f.has_value()) << spec;
  EXPECT_NE(f.error().message.find(needle), std::string::npos) << f.error().message;
}

TEST(SimConfig, RejectsBadSpecsNamingTheProblem) {
  expect_error("meteor:1", "unknown kind 'meteor'");
  expect_error("byzantine:1", "byzantine needs a behaviour");
  expect_error("byzantine:1:lie", "unknown behaviour 'lie'");
  expect_error("crash:1:equivocate", "only byzantine takes a behaviour");
  expect_error("crash:0", "COUNT '0'");
  expect_error("crash:x", "COUNT 'x'");
  expect_error("crash", "KIND:COUNT");
  expect_error("crash:1,,slow:1", "empty entry");
  expect_error("crash:1@9-3", "window");
  expect_error("crash:1@10%-90", "window");
}

TEST(SimConfig, ValidateRejectsMoreFaultyThanMembers) {
  SimConfig cfg;
  cfg.faults = *parse_fault_spec("crash:2,byzantine:2:withhold,slow:1");
  auto st = validate(cfg);
  ASSERT_FALSE(st.has_value());
  EXPECT_NE(st.error().message.find("5 faulty operators per committee, but committees have only 4"),
            std::string::npos)
      << st.error().message;
  cfg.faults = *parse_fault_spec("crash:f+1,slow:f");
  EXPECT_TRUE(validate(cfg).has_value());
  cfg.threshold = 5;
  EXPECT_FALSE(validate(cfg).has_value());
  cfg.threshold = 0;
  cfg.operators = 3;
  EXPECT_FALSE(validate(cfg).has_value());
}

TEST(SimConfig, ParsesScenarioFiles) {
  auto s = parse_scenario("# a test\nname = mine\noperators = 8\nvalidators=16\npool-size = 4\n"
                          "epochs = 2\nseed = 9\nnetwork = lan\nfaults = crash:1\nfaults = slow:1 # two\n",
                          "t.scn");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->name, "mine");
  SimConfig cfg;
  ASSERT_TRUE(apply_scenario(*s, cfg).has_value());
  EXPECT_EQ(cfg.operators, 8u);
  EXPECT_EQ(cfg.validators, 16u);
  EXPECT_EQ(cfg.epochs, 2u);
  EXPECT_EQ(cfg.seed, 9u);
  EXPECT_EQ(cfg.network.name, "lan");
  EXPECT_EQ(cfg.faults.size(), 2u);
  auto bad = parse_scenario("operators = 8\ncolour = blue\n", "x.scn");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("x.scn:2: unknown key 'colour'"), std::string::npos);
  EXPECT_FALSE(parse_scenario("operators 8\n", "y").has_value());
  EXPECT_FALSE(parse_scenario("faults = byzantine:1\n", "y").has_value());
}

TEST(SimConfig, NamedScenariosAreValidForEveryPoolSize) {
  ASSERT_GE(named_scenarios().size(), 5u);
  for (const Scenario& s : named_scenarios()) {
    for (uint32_t n : {4u, 7u, 10u, 13u, 16u}) {
      SimConfig cfg;
      cfg.pool_size = n;
      cfg.operators = 2 * n;
      ASSERT_TRUE(apply_scenario(s, cfg).has_value()) << s.name;
      EXPECT_TRUE(validate(cfg).has_value()) << s.name << " n=" << n;
    }
  }
}

TEST(SimPools, AssignmentIsBalancedDeterministicAndPlacesFaultsPerCommittee) {
  SimConfig cfg;
  cfg.operators = 18;  // two standby operators
  cfg.validators = 30;
  cfg.faults = *parse_fault_spec("crash:1,byzantine:1:mix");
  Assignment a = assign_pools(cfg), b = assign_pools(cfg);
  ASSERT_EQ(a.pools.size(), 4u);
  std::set<OperatorId> seen;
  std::set<Behaviour> behaviours;
  for (const Pool& p : a.pools) {
    EXPECT_EQ(p.members, b.pools[p.id].members);
    EXPECT_GE(p.validators.size(), 7u);
    EXPECT_LE(p.validators.size(), 8u);
    uint32_t crash = 0, byz = 0;
    for (OperatorId m : p.members) {
      EXPECT_TRUE(seen.insert(m).second) << "operator in two pools";
      if (a.fault[m] && a.fault[m]->kind == FaultKind::kCrash) ++crash;
      if (a.fault[m] && a.fault[m]->kind == FaultKind::kByzantine) {
        ++byz;
        behaviours.insert(a.fault[m]->behaviour);
      }
    }
    EXPECT_EQ(crash, 1u);
    EXPECT_EQ(byz, 1u);
  }
  EXPECT_EQ(behaviours.size(), 4u);  // mix cycles over the four behaviours
  EXPECT_EQ(seen.size(), 16u);
  cfg.seed = 2;
  EXPECT_NE(assign_pools(cfg).pools[0].members, a.pools[0].members);
}

TEST(SimPools, ValidatorsComeFromARealDkgAndSignAtThreshold) {
  SimConfig cfg;
  cfg.operators = 8;
  cfg.validators = 4;
  Assignment a = assign_pools(cfg);
  auto ids = operator_identities(cfg);
  auto one = create_validators(cfg, a, ids, 1), two = create_validators(cfg, a, ids, 2);
  ASSERT_TRUE(one.has_value()) << one.error().message;
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ(one->size(), 4u);
  util::DeterministicRng rng(1, "test");
  const std::vector<uint8_t> msg{1, 2, 3};
  for (std::size_t v = 0; v < one->size(); ++v) {
    const DistributedValidator& dv = (*one)[v];
    EXPECT_EQ(dv.group_key, (*two)[v].group_key) << "thread count changed the result";
    std::vector<threshold::Partial> parts;
    for (std::size_t i = 1; i < dv.shares.size(); ++i) {  // t = 3 of the 4, skipping member 0
      parts.push_back({dv.shares[i].index, *threshold::partial_sign(dv.shares[i], msg)});
    }
    auto gk = crypto::bls::PublicKey::parse(dv.group_key);
    ASSERT_TRUE(gk.has_value());
    crypto::bls::Signature sig = parts[0].sig;
    EXPECT_EQ(threshold::combine_verified(parts, dv.share_keys, *gk, msg, 3, rng, sig),
              threshold::ThresholdError::kOk);
    parts.pop_back();
    EXPECT_NE(threshold::combine_verified(parts, dv.share_keys, *gk, msg, 3, rng, sig),
              threshold::ThresholdError::kOk);
  }
}

}  // namespace
}  // namespace stakepool::sim
