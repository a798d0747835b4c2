// The upon-rules of QBFT (Moniz, arXiv 2002.03613, Algorithms 1-3), evaluated over the stored
// messages until none fires. Every rule fires at most once per round, guarded by the state it
// changes (accepted_round, commit_sent_round, proposed_round, round).
#include <algorithm>
#include <map>

#include "consensus/qbft_state.hpp"

namespace stakepool::consensus {

void Instance::State::run_rules(Outputs& out) {
  for (;;) {
    if (phase != Phase::kRunning) return;
    if (try_decide(out)) return;
    if (rule_accept_proposal(out)) continue;
    if (rule_prepare_quorum(out)) continue;
    if (rule_round_change_catchup(out)) continue;
    if (rule_leader_propose(out)) continue;
    return;
  }
}

// Algorithm 2, upon a quorum Qcommit of COMMIT(λ, round, value) for any round: decide. The value
// itself must be known (from a proposal or a round change) to be output. Held commits are
// verified only for a (round, value) that could complete a quorum (settle).
bool Instance::State::try_decide(Outputs& out) {
  const auto t = static_cast<uint8_t>(MsgType::kCommit);
  auto it = tally.lower_bound({t, 0, Hash32{}});
  while (it != tally.end() && std::get<0>(it->first) == t) {
    const uint64_t r = std::get<1>(it->first);  // copied: settle may erase this entry
    const Hash32 hash = std::get<2>(it->first);
    const uint32_t n = it->second;
    ++it;
    auto v = values.find(hash);
    if (n < quorum() || v == values.end() || !settle(MsgType::kCommit, r, hash, out)) continue;
    std::vector<SignedMessage> commits = collect(MsgType::kCommit, r, &hash);
    commits.resize(quorum());
    decide(v->second, CommitCertificate{cfg.instance, r, hash, std::move(commits)}, out);
    return true;
  }
  return false;
}

// Algorithm 2, upon a justified PROPOSAL for round r >= r_i from leader(r) (the intake has
// checked sender, justification and the value hook): move to round r if higher, and broadcast
// PREPARE. At most one proposal is accepted per round.
bool Instance::State::rule_accept_proposal(Outputs& out) {
  const auto t = static_cast<uint8_t>(MsgType::kProposal);
  const uint64_t from = std::max(round, accepted_round + 1);
  auto it = store.lower_bound({t, from, 0});
  if (it == store.end() || std::get<0>(it->first) != t) return false;
  const Message& p = it->second.msg;
  round = p.round;  // jumping ahead is safe: the proposal carries its round-change quorum
  accepted_round = p.round;
  accepted_hash = p.value_hash;
  broadcast(make(MsgType::kPrepare, p.round, p.value_hash, 0, std::nullopt, {}), out);
  return true;
}

// Algorithm 2, upon a quorum of PREPARE(λ, r_i, value) matching the accepted proposal:
// pr_i = r_i, pv_i = value, remember the quorum as the prepare certificate, broadcast COMMIT.
bool Instance::State::rule_prepare_quorum(Outputs& out) {
  if (accepted_round != round || commit_sent_round >= round) return false;
  if (count(MsgType::kPrepare, round, accepted_hash) < quorum() ||
      !settle(MsgType::kPrepare, round, accepted_hash, out)) {
    return false;
  }
  std::vector<SignedMessage> prepares = collect(MsgType::kPrepare, round, &accepted_hash);
  prepares.resize(quorum());
  prepared_round = round;
  prepared_value = values.at(accepted_hash);
  prepared_cert = std::move(prepares);
  commit_sent_round = round;
  broadcast(make(MsgType::kCommit, round, accepted_hash, 0, std::nullopt, {}), out);
  return true;
}

// Algorithm 3, upon f+1 ROUND_CHANGE from distinct members for rounds above r_i: move to the
// smallest of them and broadcast ROUND_CHANGE. Taking each member's highest round and the
// (f+1)-th largest of those jumps as far as f+1 members vouch for.
bool Instance::State::rule_round_change_catchup(Outputs& out) {
  const auto t = static_cast<uint8_t>(MsgType::kRoundChange);
  std::map<uint32_t, uint64_t> highest;  // member -> highest round above ours
  for (auto it = store.lower_bound({t, round + 1, 0});
       it != store.end() && std::get<0>(it->first) == t; ++it) {
    uint64_t& h = highest[it->second.msg.sender];
    h = std::max(h, it->second.msg.round);
  }
  const std::size_t need = cfg.committee.faulty() + 1;
  if (highest.size() < need) return false;
  std::vector<uint64_t> rounds;
  for (const auto& [member, r] : highest) rounds.push_back(r);
  std::sort(rounds.begin(), rounds.end(), std::greater<>());
  enter_round_with_change(rounds[need - 1], out);
  return true;
}

// Algorithm 3, upon a justified quorum Qrc of ROUND_CHANGE for r_i when leader(r_i) = p_i: propose
// HighestPrepared(Qrc)'s value if any, else the input, justified by Qrc and the prepare quorum.
// Algorithm 1: the leader of round 1 proposes its input without justification.
bool Instance::State::rule_leader_propose(Outputs& out) {
  if (proposed_round >= round || !is_leader(round)) return false;
  if (round == 1) {
    if (!input) return false;
    proposed_round = 1;
    broadcast(make(MsgType::kProposal, 1, input->hash(), 0, input->data(), {}), out);
    return true;
  }
  std::vector<SignedMessage> rcs = collect(MsgType::kRoundChange, round, nullptr);
  if (rcs.size() < quorum()) return false;
  // Every stored ROUND_CHANGE was checked with its prepare certificate, so Qrc is justified.
  auto best = std::max_element(rcs.begin(), rcs.end(), [](const auto& a, const auto& b) {
    return a.msg.prepared_round < b.msg.prepared_round;
  });
  const bool has_prepared = best->msg.prepared_round > 0;
  if (!has_prepared && !input) return false;
  const Value value = has_prepared ? Value(*best->value) : *input;
  std::vector<SignedMessage> just;
  std::vector<SignedMessage> prepares =
      has_prepared ? best->justification : std::vector<SignedMessage>{};
  std::swap(*best, rcs.front());  // keep the highest-prepared one among the quorum we send
  rcs.resize(quorum());
  std::sort(rcs.begin(), rcs.end(),
            [](const auto& a, const auto& b) { return a.msg.sender < b.msg.sender; });
  for (SignedMessage& rc : rcs) {
    rc.value.reset();
    rc.justification.clear();
    just.push_back(std::move(rc));
  }
  just.insert(just.end(), prepares.begin(), prepares.end());
  proposed_round = round;
  broadcast(make(MsgType::kProposal, round, value.hash(), 0, value.data(), std::move(just)), out);
  return true;
}

// enter_round_with_change moves to round r (> round) and broadcasts ROUND_CHANGE(r, pr, pv)
// with the prepare certificate.
void Instance::State::enter_round_with_change(uint64_t r, Outputs& out) {
  round = r;
  const Hash32 hash = prepared_value ? prepared_value->hash() : Hash32{};
  std::optional<util::Bytes> value;
  if (prepared_value) value = prepared_value->data();
  broadcast(make(MsgType::kRoundChange, r, hash, prepared_round, std::move(value), prepared_cert),
            out);
}

// Algorithm 3, upon the round timer expiring: with absolute deadlines the next round is the
// first one whose deadline is still ahead; past the cutoff round the instance stops.
void Instance::State::timeout(util::TimePoint now, Outputs& out) {
  uint64_t r = round + 1;
  while (r <= cfg.max_round && deadline(r) <= now) ++r;
  if (r > cfg.max_round) {
    phase = Phase::kStopped;
    return;
  }
  enter_round_with_change(r, out);
}

}  // namespace stakepool::consensus
