// Selection proofs at members that do not combine them: checked only when the offered proof
// selects (combine.cpp, check_offered). A Byzantine combiner's corrupted proof that does not select
// must not stop an aggregation whose real proof selects: the honest backup combiner's proof, which
// arrives later, is still checked and used by every member.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "duty/harness.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/duty/aggregation.hpp"

namespace stakepool::duty::testing {
namespace {

constexpr uint64_t kSlots = 8;          // two epochs of the fake chain
constexpr uint64_t kCommittee = 32;     // is_aggregator: one proof in two selects
constexpr OperatorId kByzantine = 100;  // member index 0

bool selects(SigKind kind, const crypto::G2Affine& p) {
  const eth::BlsSignature b = crypto::g2_compress(p);
  return kind == SigKind::kSelectionProof ? is_aggregator(kCommittee, b)
                                          : is_sync_committee_aggregator(b);
}

// not_selecting: the first of p + G, p + 2G, ... (a point of G2 that is no valid signature) whose
// compressed encoding does not select.
crypto::G2Affine not_selecting(SigKind kind, const crypto::G2Affine& p) {
  crypto::G2 q = crypto::to_jacobian(p);
  for (;;) {
    q = crypto::add_mixed_vartime(q, crypto::g2_generator_affine());
    const crypto::G2Affine a = crypto::to_affine(q);
    if (!selects(kind, a)) return a;
  }
}

using ItemId = std::tuple<DutyType, uint64_t, uint64_t>;  // (duty, validator, slot)

// Corrupter: the Byzantine combiner's COMBINED selection proofs that select are replaced by ones
// that do not; `hit` names the duties whose proof it corrupted.
struct Corrupter {
  std::set<ItemId> hit;
  void operator()(uint32_t from, Outbound& m) {
    if (from != kByzantine - 100) return;
    auto env = decode_envelope(m.bytes);
    if (!env || env->type != EnvelopeType::kCombined) return;
    auto body = decode_partials(env->body);
    ASSERT_TRUE(body.has_value());
    if (body->kind != SigKind::kSelectionProof && body->kind != SigKind::kSyncSelectionProof) return;
    const DutyType duty = body->kind == SigKind::kSelectionProof ? DutyType::kAggregation
                                                                 : DutyType::kSyncContribution;
    for (PartialEntry& e : body->entries) {
      auto p = decode_partial_signature(e.signature);
      ASSERT_TRUE(p.has_value());
      if (!selects(body->kind, *p)) continue;
      e.signature = encode_partial_signature(not_selecting(body->kind, *p));
      hit.insert({duty, eth::u64(e.validator), eth::u64(body->slot)});
    }
    env->body = encode_partials(*body);
    m.bytes = encode_envelope(*env);
  }
};

// in_window: a record of the first kSlots slots (later ones may not be final when the run stops).
bool in_window(const Harness& h, const DutyRecord& r) {
  return eth::u64(r.slot) < eth::u64(h.beacon.start_slot()) + kSlots;
}

// done_by: who recorded each duty as done; every record but `skip`'s must be a success.
std::map<ItemId, std::set<OperatorId>> done_by(const Harness& h, OperatorId skip) {
  std::map<ItemId, std::set<OperatorId>> by;
  for (const auto& r : h.records) {
    if (!in_window(h, r) || r.recorded_by == skip) continue;
    EXPECT_TRUE(r.success) << duty_type_name(r.type) << " slot " << eth::u64(r.slot) << ": "
                           << r.failure;
    if (r.success) by[{r.type, eth::u64(r.validator), eth::u64(r.slot)}].insert(r.recorded_by);
  }
  return by;
}

void expect_safe(const Harness& h) {
  EXPECT_EQ(h.beacon.invalid, 0u);
  EXPECT_EQ(h.beacon.slashable, 0u);
  for (const auto& e : h.beacon.errors) ADD_FAILURE() << e;
}

TEST(DutySelection, CorruptedNonSelectingProofDoesNotStopTheAggregation) {
  Corrupter corrupter;
  HarnessConfig cfg;
  cfg.validators = 8;
  cfg.committee_length = kCommittee;
  cfg.tamper = [&corrupter](uint32_t from, Outbound& m) { corrupter(from, m); };
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  // The corrupted duties: each accepted by the chain and done by every honest member (a member
  // that had taken the corrupted proof as final would not know the validator aggregates).
  auto by = done_by(h, kByzantine);
  uint64_t aggregations = 0;
  for (const ItemId& id : corrupter.hit) {
    const auto& [duty, v, slot] = id;
    if (slot >= eth::u64(h.beacon.start_slot()) + kSlots) continue;
    const char* kind = duty == DutyType::kAggregation ? "aggregation" : "sync_contribution";
    EXPECT_TRUE(h.beacon.done.count({kind, v, slot})) << kind << " validator " << v << " slot " << slot;
    EXPECT_EQ(by[id], (std::set<OperatorId>{101, 102, 103}))
        << kind << " validator " << v << " slot " << slot;
    aggregations += duty == DutyType::kAggregation ? 1 : 0;
  }
  EXPECT_GT(aggregations, 0u) << "the Byzantine combiner corrupted no selecting aggregation proof";
}

// Members agree on who aggregates whether or not they combine the proof: with committees of 32
// only some attesters aggregate (one proof in two selects), and each that does is done by all four
// members and accepted by the chain.
TEST(DutySelection, OnlySelectedAttestersAggregateAtEveryMember) {
  HarnessConfig cfg;
  cfg.validators = 8;
  cfg.committee_length = kCommittee;
  Harness h(cfg);
  h.run(h.slot_ms(kSlots + 2));
  expect_safe(h);
  uint64_t attesters = 0, aggregators = 0;
  for (const auto& [id, members] : done_by(h, 0)) {
    const DutyType duty = std::get<0>(id);
    attesters += duty == DutyType::kAttestation ? 1 : 0;
    if (duty != DutyType::kAggregation) continue;
    ++aggregators;
    EXPECT_EQ(members.size(), 4u) << "validator " << std::get<1>(id) << " slot " << std::get<2>(id);
  }
  const eth::Slot end{eth::u64(h.beacon.start_slot()) + kSlots};
  EXPECT_EQ(attesters, 8u * 2);  // every validator once per epoch, two epochs
  EXPECT_EQ(aggregators, h.beacon.count("aggregation", end));
  EXPECT_GT(aggregators, 0u);
  EXPECT_LT(aggregators, attesters);
}

}  // namespace
}  // namespace stakepool::duty::testing
