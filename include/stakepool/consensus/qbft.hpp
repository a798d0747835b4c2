#pragma once
// QBFT: one sans-IO consensus instance per duty (or ledger height). Messages and time in;
// messages to broadcast, a decision and a wake-up time out (STYLE.md L10). No sockets, threads,
// clock or randomness. Algorithm: Moniz, "The Istanbul BFT Consensus Algorithm" (arXiv
// 2002.03613), Algorithms 1-4, as refined by the EEA QBFT specification: proposals may move a
// node to a higher round when justified, round changes carry their prepare certificate, and a
// DECIDED message (a commit certificate) answers round changes once decided.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/consensus/timing.hpp"
#include "stakepool/consensus/types.hpp"
#include "stakepool/consensus/validation.hpp"
#include "stakepool/util/clock.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::consensus {

// ValidateFn is the caller's value hook: true when the node is willing to agree on `value`
// (well-formed duty data that is not slashable). Called on every proposal before PREPARE, and
// on the node's own input before proposing it.
using ValidateFn = std::function<bool(std::span<const uint8_t> value)>;

// Config of one instance. `signer` and `verifier` are not owned and must outlive the instance.
struct Config {
  Config(InstanceId id, Committee members) : instance(id), committee(std::move(members)) {}

  InstanceId instance;
  Committee committee;
  uint32_t self = 0;           // this node's index; signer->public_key() must be that member
  uint64_t leader_offset = 0;  // leader(r) = members[(leader_offset + r) mod n]
  DeadlineFn deadline;         // absolute timeout of each round
  util::TimePoint cutoff;      // the instance stops for good at this time
  uint64_t max_round = 1;      // the cutoff round: no round above it is entered or accepted
  ValidateFn validate;
  const Signer* signer = nullptr;
  const Verifier* verifier = nullptr;
  // parallel_for: where batches of signature checks run (empty: a plain loop). The verifier must
  // then be thread safe. Results do not depend on it.
  ParallelFor parallel_for;
};

// Decided is the outcome of an instance: the value and the commit certificate proving it.
struct Decided {
  Value value;
  CommitCertificate certificate;
};

// Dropped: a message accepted unverified by an earlier call (see Instance) whose signature a later
// call found invalid; it was removed and never counted.
struct Dropped {
  Message msg;
  Verdict verdict;
};

// Outputs of one call. `broadcast` goes to every other member (the instance has already
// processed its own copies; delivering them back is harmless, they are ignored as duplicates).
// `decided` is set exactly once, by the call that decides. `wake_at` is when on_tick should next
// be called (unset once decided or stopped). `verdict` is the typed result of on_message (accept
// for the other calls); `dropped` lists earlier messages this call found invalid.
struct Outputs {
  std::vector<SignedMessage> broadcast;
  std::optional<Decided> decided;
  std::optional<util::TimePoint> wake_at;
  Verdict verdict;
  std::vector<Dropped> dropped;
};

// Phase of an instance.
enum class Phase : uint8_t {
  kIdle,     // created, not started: messages are checked and stored, no rule fires
  kRunning,  // started, undecided
  kDecided,  // decided: answers ROUND_CHANGE with DECIDED, ignores the rest
  kStopped,  // past the cutoff time or the cutoff round without deciding
};

// Instance: the QBFT state machine of one node in one instance. Deterministic: the same calls
// give the same outputs byte for byte. Not thread safe. Move-only.
//
// Lazy signature checks: a PREPARE or COMMIT that passes the cheap checks (envelope, staleness,
// duplicates) is held unverified and accepted. Its signature is verified only before it is used:
// when the held and verified messages of its (type, round, value) could make the quorum a rule
// needs, just as many held ones as are missing are verified at once (through
// Config::parallel_for), in sender order; invalid ones are dropped (Outputs::dropped, or the
// verdict when it is the message of the current call) and the next held ones are tried. Nothing
// unverified is ever counted, used or put into a certificate or justification; messages arriving
// after their quorum was reached are never verified. A conflicting second message from a sender
// has both signatures checked at once (an invalid held one is replaced, two valid ones are an
// equivocation). PROPOSAL, ROUND_CHANGE and DECIDED messages are verified on arrival.
class Instance {
 public:
  // make checks the config: self in range, signer key equal to the member key at `self`,
  // deadline/validate/signer/verifier set, max_round >= 1. Fails with kInvalidArgument.
  static Result<Instance> make(Config config);
  ~Instance();
  Instance(Instance&&) noexcept;
  Instance& operator=(Instance&&) noexcept;

  // start begins the instance at `now` with this node's proposal value (absent if the node has
  // no data yet; it can still prepare and commit others' values). Enters the first round whose
  // deadline is after `now` (round 1 when on time; later, it broadcasts ROUND_CHANGE for the
  // round it joins). An input the validation hook refuses is dropped. A second call is a no-op.
  // Moniz Algorithm 1.
  Outputs start(util::TimePoint now, std::optional<Value> input);
  // provide_input supplies (or replaces, while unused) the node's value, e.g. when the duty data
  // arrives after start; a leader waiting for it proposes at once. Refused inputs are dropped.
  Outputs provide_input(Value input, util::TimePoint now);
  // on_message handles one message from the network (Moniz Algorithms 2 and 3).
  Outputs on_message(const SignedMessage& m, util::TimePoint now);
  // on_tick handles time: round timeouts (Algorithm 3, timer expiry) and the cutoff.
  Outputs on_tick(util::TimePoint now);

  Phase phase() const;
  uint64_t round() const;
  // prepared_round is the highest round in which this node saw a prepare quorum (0 = none).
  uint64_t prepared_round() const;
  // decided returns the decision once made.
  const std::optional<Decided>& decided() const;
  const Config& config() const;
  // verifications counts the Ed25519 signatures this instance has verified (embedded ones too).
  uint64_t verifications() const;

 private:
  struct State;
  explicit Instance(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace stakepool::consensus
