// SimChain epoch processing: Altair attestation rewards and penalties without inactivity leak
// (altair/beacon-chain.md get_flag_index_deltas), and effective balance updates with hysteresis
// (phase0 process_effective_balance_updates, capped at 32 ETH as for 0x01 credentials).
#include "chain_state.hpp"

namespace stakepool::sim {

void SimChain::State::credit(ValidatorIndex v, int64_t delta) {
  ValidatorState& vs = val(v);
  if (delta < 0 && static_cast<uint64_t>(-delta) > vs.balance) {
    vs.balance = 0;
  } else {
    vs.balance = static_cast<Gwei>(static_cast<int64_t>(vs.balance) + delta);
  }
}

void SimChain::State::process_attestation_rewards(Epoch e) {
  processed.insert(e);
  auto it = epochs.find(e);
  if (it == epochs.end()) return;
  const EpochContext& c = it->second;
  constexpr std::array<uint8_t, 3> kFlags = {kFlagSource, kFlagTarget, kFlagHead};
  constexpr std::array<uint64_t, 3> kWeights = {kTimelySourceWeight, kTimelyTargetWeight,
                                                kTimelyHeadWeight};
  std::array<Gwei, 3> participating{};
  for (ValidatorIndex v : c.active) {
    if (val(v).slashed) continue;
    const uint8_t flags = rec(v, e).attestation.flags;
    for (std::size_t f = 0; f < 3; ++f) {
      if (flags & kFlags[f]) participating[f] += val(v).effective;
    }
  }
  const uint64_t active_increments = c.total_active_balance / kEffectiveBalanceIncrement;
  for (ValidatorIndex v : c.active) {
    auto& r = rec(v, e);
    const Gwei base = c.base_reward(val(v).effective);
    int64_t delta = 0;
    for (std::size_t f = 0; f < 3; ++f) {
      if ((r.attestation.flags & kFlags[f]) && !val(v).slashed) {
        const uint64_t increments =
            std::max(kEffectiveBalanceIncrement, participating[f]) / kEffectiveBalanceIncrement;
        delta += static_cast<int64_t>(base * kWeights[f] * increments /
                                      (active_increments * kWeightDenominator));
      } else if (kFlags[f] != kFlagHead) {
        delta -= static_cast<int64_t>(base * kWeights[f] / kWeightDenominator);
      }
    }
    credit(v, delta);
    r.reward_attestation += delta;
  }
  for (auto& r : records[e]) {
    r.balance_end = val(r.validator).balance;
    r.slashed = r.slashed || val(r.validator).slashed;
  }
}

void SimChain::State::update_effective_balances() {
  constexpr Gwei kHysteresis = kEffectiveBalanceIncrement / 4;  // HYSTERESIS_QUOTIENT
  constexpr Gwei kDownward = kHysteresis * 1, kUpward = kHysteresis * 5;
  for (ValidatorState& vs : validators) {
    if (vs.balance + kDownward < vs.effective || vs.effective + kUpward < vs.balance) {
      vs.effective =
          std::min(vs.balance - vs.balance % kEffectiveBalanceIncrement, kMaxEffectiveBalance);
    }
  }
}

}  // namespace stakepool::sim
