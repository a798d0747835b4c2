// One consensus instance per pool, slot and point of the slot: the proposer instance at the slot
// start, the attester instance at 1/3 (attestation data and sync message root in one value) and
// the aggregator instance at 2/3 (aggregates and sync contributions in one value).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "duty/harness.hpp"

namespace stakepool::duty::testing {
namespace {

constexpr uint64_t kSlots = 8;

// decisions: per (slot, instance class), the decision times (ms from the slot start) of the nodes.
using Decisions = std::map<std::pair<uint64_t, consensus::DutyClass>, std::set<int64_t>>;

Decisions decisions_of(const Harness& h) {
  Decisions out;
  std::map<std::pair<uint64_t, consensus::DutyClass>, uint32_t> count;
  for (const ConsensusRecord& c : h.consensus) {
    EXPECT_TRUE(c.duty == consensus::DutyClass::kProposer ||
                c.duty == consensus::DutyClass::kAttester ||
                c.duty == consensus::DutyClass::kAggregator)
        << "an instance of its own for class " << static_cast<int>(c.duty);
    EXPECT_TRUE(c.decided);
    const auto key = std::make_pair(eth::u64(c.slot), c.duty);
    EXPECT_LE(++count[key], 4u) << "more than one instance per node, slot " << key.first;
    if (c.decided_ms) out[key].insert(*c.decided_ms);
  }
  return out;
}

consensus::DutyClass instance_of(DutyType t) {
  switch (t) {
    case DutyType::kProposal: return consensus::DutyClass::kProposer;
    case DutyType::kAttestation:
    case DutyType::kSyncCommittee: return consensus::DutyClass::kAttester;
    case DutyType::kAggregation:
    case DutyType::kSyncContribution: return consensus::DutyClass::kAggregator;
  }
  return consensus::DutyClass::kAttester;
}

TEST(DutyInstances, DutiesStartingTogetherShareOneInstancePerPoolAndSlot) {
  Harness h(HarnessConfig{});
  h.run(h.slot_ms(kSlots + 2));
  const Decisions d = decisions_of(h);
  std::map<DutyType, uint64_t> ok;
  std::set<uint64_t> both;  // slots whose attester instance decided attestations and sync roots
  std::map<uint64_t, std::set<DutyType>> types_at;
  for (const DutyRecord& r : h.records) {
    if (!r.success || eth::u64(r.slot) >= eth::u64(h.beacon.start_slot()) + kSlots) continue;
    ++ok[r.type];
    types_at[eth::u64(r.slot)].insert(r.type);
    // Every duty was decided by its point's instance of that slot (same decision times).
    ASSERT_TRUE(r.decided_ms.has_value()) << duty_type_name(r.type);
    auto it = d.find({eth::u64(r.slot), instance_of(r.type)});
    ASSERT_NE(it, d.end()) << duty_type_name(r.type) << " slot " << eth::u64(r.slot);
    EXPECT_TRUE(it->second.count(*r.decided_ms)) << duty_type_name(r.type);
  }
  for (const auto& [slot, types] : types_at) {
    if (types.count(DutyType::kAttestation) && types.count(DutyType::kSyncCommittee)) {
      both.insert(slot);
    }
  }
  EXPECT_GT(ok[DutyType::kSyncCommittee], 0u);
  EXPECT_GT(ok[DutyType::kAttestation], 0u);
  EXPECT_GT(ok[DutyType::kAggregation], 0u);
  EXPECT_FALSE(both.empty());  // both parts in one value
  EXPECT_GT(types_at.size(), both.size());  // and slots with the sync root alone
  EXPECT_EQ(h.beacon.invalid, 0u);
  EXPECT_EQ(h.beacon.slashable, 0u);
}

TEST(DutyInstances, SyncAloneAndAggregationAloneStillDecide) {
  HarnessConfig cfg;
  cfg.aggregation = false;  // the aggregator instance carries contributions only
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  decisions_of(h);
  std::map<DutyType, uint64_t> ok, failed;
  for (const DutyRecord& r : h.records) {
    if (eth::u64(r.slot) >= eth::u64(h.beacon.start_slot()) + kSlots) continue;
    ++(r.success ? ok : failed)[r.type];
  }
  EXPECT_EQ(failed.size(), 0u);
  EXPECT_GT(ok[DutyType::kSyncCommittee], 0u);
  EXPECT_EQ(ok[DutyType::kAggregation], 0u);
  EXPECT_EQ(h.beacon.invalid, 0u);
}

}  // namespace
}  // namespace stakepool::duty::testing
