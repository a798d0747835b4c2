// The duty pipeline end to end: 4 operators (t = 3), 2 validators from the local DKG, a fake beacon
// node, virtual time. Honest runs, crashed operators and each Byzantine behaviour.
#include <gtest/gtest.h>

#include "duty/harness.hpp"

namespace stakepool::duty::testing {
namespace {

constexpr uint64_t kSlots = 8;  // two epochs of the fake chain

struct Tally {
  std::map<DutyType, uint64_t> ok, failed;
  std::vector<std::string> failures;
};

bool in_window(const Harness& h, const DutyRecord& r) {
  return eth::u64(r.slot) < eth::u64(h.beacon.start_slot()) + kSlots;
}

// tally: the records of the first kSlots slots.
Tally tally(const Harness& h) {
  Tally t;
  for (const auto& r : h.records) {
    if (!in_window(h, r)) continue;
    if (r.success) {
      ++t.ok[r.type];
    } else {
      ++t.failed[r.type];
      t.failures.push_back(std::string(duty_type_name(r.type)) + " slot " +
                           std::to_string(eth::u64(r.slot)) + ": " + r.failure);
    }
  }
  return t;
}

// expect_all_succeeded: every live operator recorded every duty as done (the harness keeps every
// node's records), and the beacon node accepted each duty once.
void expect_all_succeeded(Harness& h, uint32_t live_nodes) {
  const Tally t = tally(h);
  for (const auto& f : t.failures) ADD_FAILURE() << f;
  // Per node: 2 attestations, 8 proposals, 16 sync messages, 2 aggregations (all attesters
  // aggregate in a committee of 4).
  EXPECT_EQ(t.ok.count(DutyType::kAttestation) ? t.ok.at(DutyType::kAttestation) : 0, 2u * 2 * live_nodes);
  EXPECT_EQ(t.ok.count(DutyType::kProposal) ? t.ok.at(DutyType::kProposal) : 0, kSlots * live_nodes);
  EXPECT_EQ(t.ok.count(DutyType::kSyncCommittee) ? t.ok.at(DutyType::kSyncCommittee) : 0,
            2u * kSlots * live_nodes);
  EXPECT_EQ(t.ok.count(DutyType::kAggregation) ? t.ok.at(DutyType::kAggregation) : 0, 2u * 2 * live_nodes);
  const eth::Slot end{eth::u64(h.beacon.start_slot()) + kSlots};
  EXPECT_EQ(h.beacon.count("attestation", end), 4u);
  EXPECT_EQ(h.beacon.count("proposal", end), kSlots);
  EXPECT_EQ(h.beacon.count("sync_committee", end), 2 * kSlots);
  EXPECT_EQ(h.beacon.count("aggregation", end), 4u);
  const uint64_t contributions = t.ok.count(DutyType::kSyncContribution) ? t.ok.at(DutyType::kSyncContribution) : 0;
  EXPECT_EQ(contributions, h.beacon.count("sync_contribution", end) * live_nodes);
}

void expect_safe(Harness& h) {
  EXPECT_EQ(h.beacon.invalid, 0u);
  for (const auto& e : h.beacon.errors) ADD_FAILURE() << e;
  EXPECT_EQ(h.beacon.slashable, 0u);
}

// expect_combined_by: each duty was submitted by exactly `combiners` operators (the others only
// sent their partials), within the slot; at least one combined it from t = 3 partials.
// With `backups_wait`, only the first combiner combined; the others took its result.
void expect_combined_by(const Harness& h, uint32_t combiners, bool backups_wait) {
  std::map<std::tuple<DutyType, uint64_t, uint64_t, uint64_t>, uint32_t> by, combined;
  for (const auto& r : h.records) {
    if (!in_window(h, r)) continue;
    if (r.type != DutyType::kAggregation && r.type != DutyType::kSyncContribution) {
      EXPECT_EQ(r.consensus_round, 1u) << duty_type_name(r.type);
    }
    auto& count = by[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}];
    if (!r.combiner) {
      EXPECT_TRUE(r.contributors.empty());
      EXPECT_FALSE(r.submitted_ms.has_value());
      continue;
    }
    ++count;
    // Its own combination (t contributors) or, at a backup, the first combiner's (the sender
    // named, whose own partial it holds).
    if (r.contributors.size() == 3u) {
      ++combined[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}];
    } else {
      ASSERT_EQ(r.contributors.size(), 1u);
      EXPECT_NE(r.contributors[0], r.recorded_by);
    }
    ASSERT_TRUE(r.submitted_ms.has_value());
    EXPECT_LT(*r.submitted_ms, h.slot_ms(1));
  }
  EXPECT_FALSE(by.empty());
  for (const auto& [key, count] : by) {
    EXPECT_EQ(count, combiners) << duty_type_name(std::get<0>(key));
    EXPECT_GE(combined[key], 1u) << duty_type_name(std::get<0>(key));
    if (backups_wait) {
      EXPECT_EQ(combined[key], 1u) << duty_type_name(std::get<0>(key));
    }
  }
}

TEST(DutyPipeline, HonestOperatorsDoEveryDuty) {
  Harness h(HarnessConfig{});
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 4);
  expect_combined_by(h, 2, false);  // f + 1 designated combiners by default, all combining
  for (const auto& c : h.consensus) EXPECT_TRUE(c.decided);
}

TEST(DutyPipeline, BackupCombinersTakeTheFirstCombinersResult) {
  HarnessConfig cfg;
  cfg.backup_delay_ms = -1;  // slot / 48
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 4);
  expect_combined_by(h, 2, true);  // one combination per signature
}

TEST(DutyPipeline, BackupCombinersStepInForACrashedFirstCombiner) {
  HarnessConfig cfg;
  cfg.backup_delay_ms = -1;
  cfg.crashed = {101};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 3);
}

// The credit rule: a combiner combines its own partial and t - 1 others chosen in the duty's public
// order, so over the run every member's partial is combined by another member; a record that took
// a COMBINED signature credits only its sender, which combined it itself.
TEST(DutyPipeline, CombinationsCreditEveryMemberAndOnlyThoseUsed) {
  Harness h(HarnessConfig{});
  h.run(h.slot_ms(kSlots + 2));
  expect_all_succeeded(h, 4);
  using Key = std::tuple<DutyType, uint64_t, uint64_t, uint64_t>;
  std::map<Key, std::set<OperatorId>> combined_by;
  std::map<OperatorId, uint32_t> credited;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.contributors.size() != 3u) continue;
    combined_by[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}].insert(r.recorded_by);
    EXPECT_EQ(r.contributors.front(), r.recorded_by);  // its own partial first
    for (OperatorId c : r.contributors) credited[c] += c != r.recorded_by ? 1 : 0;
  }
  for (OperatorId op : {100u, 101u, 102u, 103u}) EXPECT_GT(credited[op], 0u) << "operator " << op;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.contributors.size() != 1u) continue;
    const auto& by = combined_by[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}];
    EXPECT_TRUE(by.count(r.contributors[0])) << "credited a sender that did not combine";
  }
}

// A member with invalid partials forwarding the other combiners' COMBINED signatures (arriving
// before the originals) gets no credit: receivers take COMBINED signatures from the item's
// designated combiners only, and credit the sender only when its own partial is valid. Pools of
// 7 (3 combiners per signature), so backups take COMBINED signatures from each other.
TEST(DutyPipeline, ForwardedCombinedSignaturesEarnNoCredit) {
  HarnessConfig cfg;
  cfg.n = 7;
  cfg.t = 5;
  cfg.forwarder = 100;
  cfg.behaviour = {{100, Behaviour::kInvalidPartial}};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  uint64_t taken = 0, credited = 0;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.recorded_by == 100) continue;
    EXPECT_TRUE(r.success) << duty_type_name(r.type) << ": " << r.failure;
    if (r.combiner && r.contributors.size() < 5u) ++taken;
    for (OperatorId c : r.contributors) {
      credited += c != r.recorded_by ? 1 : 0;
      EXPECT_NE(c, 100u) << "operator " << r.recorded_by << " credited the forwarder for a "
                         << duty_type_name(r.type);
    }
  }
  EXPECT_GT(taken, 0u);
  EXPECT_GT(credited, 0u);
}

// An honest forwarder's copies are taken only where it is a designated combiner itself: a record
// crediting a COMBINED sender names a member that combines the duty.
TEST(DutyPipeline, CombinedSignaturesAreTakenFromDesignatedCombinersOnly) {
  HarnessConfig cfg;
  cfg.n = 7;
  cfg.t = 5;
  cfg.forwarder = 100;
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  using Key = std::tuple<DutyType, uint64_t, uint64_t, uint64_t>;
  std::map<Key, std::set<OperatorId>> combiners;
  for (const auto& r : h.records) {
    if (r.combiner) combiners[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}].insert(r.recorded_by);
  }
  uint64_t taken = 0;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || !r.combiner || r.contributors.size() != 1u) continue;
    ++taken;
    const auto& by = combiners[{r.type, eth::u64(r.slot), eth::u64(r.validator), r.sub}];
    EXPECT_TRUE(by.count(r.contributors[0]))
        << "operator " << r.recorded_by << " took a " << duty_type_name(r.type)
        << " from non-combiner " << r.contributors[0];
  }
  EXPECT_GT(taken, 0u);
}

TEST(DutyPipeline, EveryMemberCombinesWhenConfigured) {
  HarnessConfig cfg;
  cfg.combiners = 4;
  cfg.backup_delay_ms = 0;  // all at once
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 4);
  expect_combined_by(h, 4, false);
}

TEST(DutyPipeline, DesignatedCombinersRotate) {
  Harness h(HarnessConfig{});
  h.run(h.slot_ms(kSlots + 2));
  std::map<OperatorId, uint32_t> combined;
  for (const auto& r : h.records) combined[r.recorded_by] += r.combiner && in_window(h, r) ? 1 : 0;
  ASSERT_EQ(combined.size(), 4u);
  for (const auto& [op, count] : combined) EXPECT_GT(count, 0u) << "operator " << op;
}

TEST(DutyPipeline, OneCrashedOperatorStillSucceeds) {
  HarnessConfig cfg;
  cfg.crashed = {101};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 3);
  uint64_t later_rounds = 0;
  for (const auto& c : h.consensus) {
    EXPECT_TRUE(c.decided);
    later_rounds += c.round > 1;
  }
  EXPECT_GT(later_rounds, 0u);  // the crashed operator led some instances
}

TEST(DutyPipeline, TwoCrashedOperatorsMissEveryDutyAndSayWhy) {
  HarnessConfig cfg;
  cfg.crashed = {102, 103};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  EXPECT_TRUE(h.beacon.accepted.empty() || h.beacon.accepted["attestation"] == 0);
  uint64_t attestations = 0, proposals = 0, syncs = 0;
  for (const auto& r : h.records) {
    if (!in_window(h, r)) continue;
    EXPECT_FALSE(r.success);
    EXPECT_FALSE(r.failure.empty());
    if (r.type == DutyType::kAttestation) {
      ++attestations;
      EXPECT_NE(r.failure.find("consensus did not decide"), std::string::npos) << r.failure;
    }
    if (r.type == DutyType::kProposal) {
      ++proposals;
      EXPECT_NE(r.failure.find("consensus"), std::string::npos) << r.failure;
    }
    if (r.type == DutyType::kSyncCommittee) ++syncs;
  }
  EXPECT_EQ(attestations, 2u * 2 * 2);
  EXPECT_EQ(proposals, kSlots * 2);
  EXPECT_EQ(syncs, 2 * kSlots * 2);
  for (const auto& c : h.consensus) EXPECT_FALSE(c.decided);
}

TEST(DutyPipeline, SameSeedSameRecordsAndMessages) {
  auto once = [] {
    HarnessConfig cfg;
    cfg.crashed = {103};
    cfg.behaviour = {{100, Behaviour::kInvalidPartial}};
    Harness h(cfg);
    h.run(h.slot_ms(3));
    std::string s = std::to_string(h.messages);
    for (const auto& r : h.records) {
      s += "|" + std::to_string(r.recorded_by) + duty_type_name(r.type) + std::to_string(eth::u64(r.slot)) +
           std::to_string(r.success) + r.failure + std::to_string(r.submitted_ms.value_or(-1));
      for (OperatorId c : r.contributors) s += "," + std::to_string(c);
    }
    return s;
  };
  EXPECT_EQ(once(), once());
}

// A combination that fails (an invalid partial among the first t) is retried when a partial
// arrives after the combiners' ready ticks: the slow member's partial completes every duty.
TEST(DutyPipeline, LatePartialAfterAFailedCombinationIsCombined) {
  HarnessConfig cfg;
  cfg.validators = 1;
  cfg.behaviour = {{100, Behaviour::kInvalidPartial}};
  cfg.extra_latency_ms = {{103, 1500}};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  uint64_t attested = 0;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.recorded_by == 100 || r.type != DutyType::kAttestation) continue;
    EXPECT_TRUE(r.success) << "slot " << eth::u64(r.slot) << ": " << r.failure;
    attested += r.success ? 1 : 0;
  }
  EXPECT_GT(attested, 0u);
  const eth::Slot end{eth::u64(h.beacon.start_slot()) + kSlots};
  EXPECT_GT(h.beacon.count("attestation", end), 0u);
}

// The RANDAO reveal does not wait for the combine grace (nor its ticks): with a grace as long as
// the proposer instance's first round (slot / 12), every block is still decided in round 1 and
// proposed well within it, while the attestations wait for their grace.
TEST(DutyPipeline, RandaoRevealDoesNotWaitForTheGrace) {
  HarnessConfig cfg;
  cfg.combine_grace_ms = 1000;  // slot / 12: round 1 of the proposer instance ends then
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  expect_all_succeeded(h, 4);
  uint64_t proposer_runs = 0;
  for (const auto& c : h.consensus) {
    if (c.duty != consensus::DutyClass::kProposer) continue;
    ++proposer_runs;
    EXPECT_TRUE(c.decided);
    EXPECT_EQ(c.round, 1u) << "slot " << eth::u64(c.slot);
    ASSERT_TRUE(c.decided_ms.has_value());
    EXPECT_LT(*c.decided_ms, 1000);
  }
  EXPECT_GE(proposer_runs, kSlots * 4);
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.type != DutyType::kAttestation || !r.submitted_ms) continue;
    EXPECT_GE(*r.submitted_ms, h.slot_ms(1) / 3 + 1000);  // decided after 1/3, then the grace
  }
}

class Byzantine : public ::testing::TestWithParam<Behaviour> {};

TEST_P(Byzantine, OneByzantineOperatorCannotBreakSafetyOrLiveness) {
  HarnessConfig cfg;
  cfg.behaviour = {{100, GetParam()}};
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  // Liveness: every operator completes every duty.
  uint64_t failures = 0;
  NodeStats sum{};
  for (OperatorId id : {101u, 102u, 103u}) {
    const NodeStats& s = h.node(id).stats();
    sum.refused_slashable += s.refused_slashable;
    sum.refused_invalid += s.refused_invalid;
    sum.partials_invalid += s.partials_invalid;
  }
  for (const auto& r : h.records) {
    if (!in_window(h, r)) continue;
    if (!r.success) {
      ++failures;
      ADD_FAILURE() << duty_type_name(r.type) << " slot " << eth::u64(r.slot) << ": " << r.failure;
    }
    for (OperatorId c : r.contributors) {
      if (r.recorded_by == 100) break;  // the Byzantine operator's own view
      if (GetParam() == Behaviour::kInvalidPartial || GetParam() == Behaviour::kWithhold) {
        EXPECT_NE(c, 100u) << "a Byzantine partial was combined";
      }
    }
  }
  EXPECT_EQ(failures, 0u);
  expect_all_succeeded(h, 4);
  if (GetParam() == Behaviour::kSlashable) {
    EXPECT_GT(sum.refused_slashable, 0u);
  }
  if (GetParam() == Behaviour::kInvalidPartial) {
    EXPECT_GT(sum.partials_invalid, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Behaviours, Byzantine,
                         ::testing::Values(Behaviour::kEquivocate, Behaviour::kInvalidPartial,
                                           Behaviour::kSlashable, Behaviour::kWithhold),
                         [](const auto& info) {
                           std::string s = behaviour_name(info.param);
                           s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
                           return s;
                         });

}  // namespace
}  // namespace stakepool::duty::testing
