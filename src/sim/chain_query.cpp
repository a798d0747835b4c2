// SimChain queries for the report: records, totals by duty type, latencies, blocks.
#include "chain_state.hpp"

namespace stakepool::sim {

std::string_view duty_type_name(DutyType t) {
  switch (t) {
    case DutyType::kAttestation:
      return "attestation";
    case DutyType::kAggregation:
      return "aggregation";
    case DutyType::kProposal:
      return "proposal";
    case DutyType::kSyncCommittee:
      return "sync_committee";
    case DutyType::kSyncContribution:
      return "sync_contribution";
    case DutyType::kVoluntaryExit:
      return "voluntary_exit";
  }
  return "unknown";
}

std::string_view slashing_kind_name(SlashingKind k) {
  switch (k) {
    case SlashingKind::kDoubleVote:
      return "double_vote";
    case SlashingKind::kSurroundVote:
      return "surround_vote";
    case SlashingKind::kDoubleProposal:
      return "double_proposal";
  }
  return "unknown";
}

const ChainStats& SimChain::stats() const { return st_->stats; }

const ValidatorEpochRecord* SimChain::record(ValidatorIndex v, Epoch e) const {
  auto it = st_->records.find(e);
  if (it == st_->records.end() || eth::u64(v) >= it->second.size()) return nullptr;
  return &it->second[eth::u64(v)];
}

std::vector<ValidatorEpochRecord> SimChain::epoch_records(Epoch e) const {
  if (!st_->processed.count(e)) return {};
  auto it = st_->records.find(e);
  if (it == st_->records.end()) return {};
  return it->second;
}

std::vector<Epoch> SimChain::processed_epochs() const {
  return std::vector<Epoch>(st_->processed.begin(), st_->processed.end());
}

namespace {

void add(DutyTotals& t, uint64_t assigned, uint64_t done) {
  t.assigned += assigned;
  t.succeeded += std::min(assigned, done);
  t.missed += assigned - std::min(assigned, done);
}

}  // namespace

std::array<DutyTotals, kDutyTypeCount> SimChain::totals(
    std::span<const ValidatorIndex> only) const {
  std::vector<uint8_t> mask(st_->validators.size(), 0);
  if (only.empty()) {
    for (std::size_t v = 0; v < mask.size(); ++v) mask[v] = st_->validators[v].background ? 0 : 1;
  }
  for (ValidatorIndex v : only) {
    if (eth::u64(v) < mask.size()) mask[eth::u64(v)] = 1;
  }
  std::array<DutyTotals, kDutyTypeCount> t{};
  auto at = [&](DutyType d) -> DutyTotals& { return t[static_cast<std::size_t>(d)]; };
  for (Epoch e : st_->processed) {
    auto it = st_->records.find(e);
    if (it == st_->records.end()) continue;
    for (const ValidatorEpochRecord& r : it->second) {
      if (eth::u64(r.validator) >= mask.size() || !mask[eth::u64(r.validator)]) continue;
      add(at(DutyType::kAttestation), r.attestation.assigned ? 1 : 0,
          r.attestation.assigned && r.attestation.included ? 1 : 0);
      add(at(DutyType::kAggregation), r.aggregations_selected, r.aggregations_submitted);
      add(at(DutyType::kProposal), r.proposals_assigned, r.proposals_made);
      add(at(DutyType::kSyncCommittee), r.sync_slots_assigned, r.sync_messages);
      add(at(DutyType::kSyncContribution), r.contributions_selected, r.contributions_submitted);
    }
  }
  const uint64_t exits = st_->stats.voluntary_exits;
  add(at(DutyType::kVoluntaryExit), exits, exits);
  return t;
}

const std::vector<int64_t>& SimChain::latencies(DutyType t) const {
  return st_->latencies[static_cast<std::size_t>(t)];
}

std::vector<BlockSummary> SimChain::blocks() const {
  std::vector<BlockSummary> out;
  for (const auto& [slot, b] : st_->blocks) {
    out.push_back(BlockSummary{slot, b.header.proposer_index, b.root, b.receive_ms, b.attestations,
                               b.sync_participants});
  }
  return out;
}

}  // namespace stakepool::sim
