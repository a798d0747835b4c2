#pragma once
// Private state of consensus::Instance (qbft.cpp: API and message intake; qbft_rules.cpp: the
// upon-rules of Moniz Algorithms 1-3).
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "stakepool/consensus/qbft.hpp"

namespace stakepool::consensus {

// StoreKey: one message per (type, round, sender) is kept; a second, different one is an
// equivocation.
using StoreKey = std::tuple<uint8_t, uint64_t, uint32_t>;

inline StoreKey store_key(const Message& m) {
  return {static_cast<uint8_t>(m.type), m.round, m.sender};
}

// TallyKey: (type, round, value hash) of PREPARE and COMMIT messages, counted held or verified.
using TallyKey = std::tuple<uint8_t, uint64_t, Hash32>;

inline TallyKey tally_key(const Message& m) {
  return {static_cast<uint8_t>(m.type), m.round, m.value_hash};
}

// is_lazy: the message types held unverified until used.
inline bool is_lazy(MsgType t) { return t == MsgType::kPrepare || t == MsgType::kCommit; }

struct Instance::State {
  explicit State(Config c)
      : cfg(std::move(c)),
        validator(cfg.instance, cfg.committee, cfg.leader_offset, cfg.max_round, *cfg.verifier),
        decided_replied(cfg.committee.size(), 0) {
    validator.set_parallel(cfg.parallel_for);
  }

  Config cfg;
  MessageValidator validator;
  Phase phase = Phase::kIdle;
  uint64_t round = 1;
  std::optional<Value> input;

  // Moniz pr_i / pv_i and the PREPARE quorum proving them (sent along with ROUND_CHANGE).
  uint64_t prepared_round = 0;
  std::optional<Value> prepared_value;
  std::vector<SignedMessage> prepared_cert;

  uint64_t accepted_round = 0;  // highest round whose PROPOSAL this node accepted (PREPARE sent)
  Hash32 accepted_hash{};
  uint64_t commit_sent_round = 0;  // highest round in which this node sent COMMIT
  uint64_t proposed_round = 0;     // highest round in which this node sent PROPOSAL

  std::map<StoreKey, SignedMessage> store;  // every verified accepted message, own included
  std::map<StoreKey, SignedMessage> held;   // PREPARE/COMMIT accepted, signature not yet verified
  std::map<TallyKey, uint32_t> tally;       // PREPARE/COMMIT count in store + held
  std::map<Hash32, Value> values;           // values seen in valid messages
  // The message of the current on_message call (its verdict changes if it is dropped).
  const SignedMessage* current = nullptr;
  Reason current_dropped = Reason::kOk;

  std::optional<Decided> decided;
  std::optional<SignedMessage> decided_msg;  // DECIDED answer, built once
  std::vector<uint64_t> decided_replied;     // per member: highest ROUND_CHANGE round answered

  // --- helpers (qbft.cpp) ---
  uint32_t quorum() const { return cfg.committee.quorum(); }
  util::TimePoint deadline(uint64_t r) const { return cfg.deadline(cfg.instance, r); }
  bool is_leader(uint64_t r) const { return validator.leader(r) == cfg.self; }
  SignedMessage make(MsgType type, uint64_t r, const Hash32& hash, uint64_t prepared_round,
                     std::optional<util::Bytes> value, std::vector<SignedMessage> justification);
  void insert(const SignedMessage& m);
  void hold(const SignedMessage& m);
  void drop(std::map<StoreKey, SignedMessage>::iterator it, Reason why, Outputs& out);
  uint32_t count(MsgType type, uint64_t r, const Hash32& hash) const;
  bool settle(MsgType type, uint64_t r, const Hash32& hash, Outputs& out);
  Reason take_conflicting(const SignedMessage& m, Outputs& out);
  void broadcast(SignedMessage m, Outputs& out);
  std::vector<SignedMessage> collect(MsgType type, uint64_t r, const Hash32* hash) const;
  void decide(const Value& v, CommitCertificate cert, Outputs& out);
  void finish(Outputs& out) const;
  Reason intake(const SignedMessage& m, Outputs& out);
  Reason answer_round_change(const SignedMessage& m, Outputs& out);
  Reason accept_decided(const SignedMessage& m, Outputs& out);

  // --- upon-rules (qbft_rules.cpp) ---
  void run_rules(Outputs& out);
  bool try_decide(Outputs& out);
  bool rule_accept_proposal(Outputs& out);
  bool rule_prepare_quorum(Outputs& out);
  bool rule_round_change_catchup(Outputs& out);
  bool rule_leader_propose(Outputs& out);
  void enter_round_with_change(uint64_t r, Outputs& out);
  void timeout(util::TimePoint now, Outputs& out);
};

}  // namespace stakepool::consensus
