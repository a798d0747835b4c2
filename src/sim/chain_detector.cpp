// SimChain slashing detector: double votes, surround votes (phase0 is_slashable_attestation_data)
// and double proposals (process_proposer_slashing) over every validly signed vote and block
// header the chain received, whether or not it was accepted.
#include <algorithm>

#include "chain_state.hpp"

namespace stakepool::sim {
namespace {

bool surrounds(const eth::AttestationData& a, const eth::AttestationData& b) {
  return eth::u64(a.source.epoch) < eth::u64(b.source.epoch) &&
         eth::u64(b.target.epoch) < eth::u64(a.target.epoch);
}

}  // namespace

void SimChain::State::observe_vote(ValidatorIndex v, const eth::AttestationData& data) {
  auto& by_target = votes[eth::u64(v)];
  auto& same = by_target[data.target.epoch];
  if (std::find(same.begin(), same.end(), data) != same.end()) return;  // seen before
  auto report = [&](SlashingKind kind, const eth::AttestationData& old) {
    const Root a = eth::ssz::hash_tree_root(old), b = eth::ssz::hash_tree_root(data);
    if (!evidence_seen.insert({eth::u64(v), std::min(a, b), std::max(a, b)}).second) return;
    SlashingEvidence ev;
    ev.kind = kind;
    ev.validator = v;
    ev.first_vote = old;
    ev.second_vote = data;
    ev.detected_ms = now_ms();
    stats.slashable.push_back(ev);
    slash(v);
  };
  if (!same.empty()) report(SlashingKind::kDoubleVote, same.front());
  for (const auto& [target, list] : by_target) {
    for (const auto& old : list) {
      if (surrounds(old, data) || surrounds(data, old)) report(SlashingKind::kSurroundVote, old);
    }
  }
  same.push_back(data);
}

void SimChain::State::observe_proposal(const eth::BeaconBlockHeader& h) {
  auto& list = proposals[eth::u64(h.proposer_index)][h.slot];
  if (std::find(list.begin(), list.end(), h) != list.end()) return;
  if (!list.empty()) {
    const Root a = eth::ssz::hash_tree_root(list.front()), b = eth::ssz::hash_tree_root(h);
    if (evidence_seen.insert({eth::u64(h.proposer_index), std::min(a, b), std::max(a, b)}).second) {
      SlashingEvidence ev;
      ev.kind = SlashingKind::kDoubleProposal;
      ev.validator = h.proposer_index;
      ev.first_block = list.front();
      ev.second_block = h;
      ev.detected_ms = now_ms();
      stats.slashable.push_back(ev);
      slash(h.proposer_index);
    }
  }
  list.push_back(h);
}

void SimChain::State::slash(ValidatorIndex v) {
  ValidatorState& vs = val(v);
  if (vs.slashed) return;
  vs.slashed = true;
  const Epoch cur = epoch_of(current_slot());
  // slash_validator: initial penalty effective_balance / MIN_SLASHING_PENALTY_QUOTIENT_ELECTRA,
  // exit initiated (current + 1 + MAX_SEED_LOOKAHEAD without churn).
  const int64_t penalty = static_cast<int64_t>(vs.effective / kMinSlashingPenaltyQuotient);
  credit(v, -penalty);
  auto& r = rec(v, cur);
  r.penalty_slashing -= penalty;
  r.slashed = true;
  const Epoch exit{eth::u64(cur) + 5};
  if (eth::u64(exit) < eth::u64(vs.exit_epoch)) vs.exit_epoch = exit;
}

}  // namespace stakepool::sim
