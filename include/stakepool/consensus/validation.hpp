#pragma once
// Typed validation of QBFT messages (accept / ignore / reject + reason), shared by the instance,
// by the network layer (to decide whether to forward and whether to penalise a peer) and by
// verify_commit_certificate.
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/consensus/types.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::consensus {

// Action: accept = valid and kept; ignore = harmless but useless (old, duplicate, late: do not
// forward, do not penalise); reject = invalid, the sender misbehaved (penalise). An Instance
// accepts a fresh PREPARE/COMMIT before verifying its signature (lazy checks, see qbft.hpp): its
// accept means "kept", not "verified", so a relaying layer must not forward on it alone.
enum class Action : uint8_t { kAccept, kIgnore, kReject };

// Reason says why a message got its Action.
enum class Reason : uint8_t {
  kOk,
  kMalformed,         // fields inconsistent with the type (e.g. PREPARE with a value attached)
  kWrongInstance,     // different instance tag
  kOldHeight,         // same tag, lower height: a replay
  kFutureHeight,      // same tag, higher height
  kNotMember,         // sender index outside the committee
  kBadSignature,      // signature does not verify under the sender's key
  kRoundOutOfRange,   // round 0 or above the cutoff round
  kOldRound,          // for a round this node has left
  kDuplicate,         // the same signed message again
  kEquivocation,      // a second, different message of one type for one round from one sender
  kNotLeader,         // PROPOSAL from someone other than the round's leader
  kBadJustification,  // missing, too small, forged, wrong round/value/instance, duplicates
  kBadValue,          // value missing, unexpected, or not matching value_hash
  kInvalidValue,      // the caller's validation hook refused the value
  kAlreadyDecided,    // the instance has decided; only ROUND_CHANGE is still answered
  kStopped,           // the instance has passed its cutoff
};

// Verdict is the typed result of handling one message.
struct Verdict {
  Action action = Action::kAccept;
  Reason reason = Reason::kOk;
  friend bool operator==(const Verdict&, const Verdict&) = default;
};

// to_string returns the snake_case name of `r` ("bad_signature", ...).
const char* to_string(Reason r);
// action_for maps a reason to its action: kOk -> accept; kOldHeight, kFutureHeight, kOldRound,
// kDuplicate, kAlreadyDecided, kStopped -> ignore; everything else -> reject.
Action action_for(Reason r);
// verdict_for returns {action_for(r), r}.
Verdict verdict_for(Reason r);

// ParallelFor runs fn(i) for every i in [0, n) and returns when all calls have returned, maybe on
// several threads (e.g. a worker pool). Consensus hands it only pure signature checks that write
// their own output slot, so results never depend on how the calls are run. Empty: a plain loop.
using ParallelFor = std::function<void(std::size_t n, const std::function<void(std::size_t)>& fn)>;

// MessageValidator checks messages of one instance: envelope (instance, sender, round, field
// shape), signatures (results cached per instance by hash of body and signature, so embedded
// messages seen again are not re-verified) and justifications. It does not call the value hook
// and keeps no protocol state. Not thread safe (the cache). The verifier must outlive the
// validator.
class MessageValidator {
 public:
  MessageValidator(InstanceId instance, Committee committee, uint64_t leader_offset,
                   uint64_t max_round, const Verifier& verifier);

  // check_envelope checks instance id, sender, round range and the field shape of a top-level
  // message (no signature). Cheap; run it first.
  Reason check_envelope(const SignedMessage& m) const;
  // check_signature verifies m.signature under the sender's key (sender must be a member).
  Reason check_signature(const SignedMessage& m);
  // check_signatures verifies many signatures at once: result[i] is kOk or kBadSignature for
  // *msgs[i]. Results are cached like check_signature's; the uncached ones are verified through
  // `parallel` (a plain loop when empty), so the verifier must be thread safe when it is set.
  std::vector<Reason> check_signatures(std::span<const SignedMessage* const> msgs,
                                       const ParallelFor& parallel);
  // set_parallel sets the hook through which check_justification verifies the signatures of a
  // justification at once (empty: one by one).
  void set_parallel(ParallelFor parallel) { parallel_ = std::move(parallel); }
  // verifications counts the signatures verified so far (cache hits excluded).
  uint64_t verifications() const { return verifications_; }
  // check_justification checks value attachment and justification of a top-level message whose
  // envelope and signature are already checked (PROPOSAL leader included).
  Reason check_justification(const SignedMessage& m);
  // check_commits checks that `commits` are >= quorum valid COMMIT messages of this instance
  // from distinct members, all for (round, hash), without value or justification.
  Reason check_commits(uint64_t round, const Hash32& hash, std::span<const SignedMessage> commits);

  const Committee& committee() const { return committee_; }
  const InstanceId& instance() const { return instance_; }
  uint32_t leader(uint64_t round) const { return committee_.leader(leader_offset_, round); }

 private:
  bool embedded_shape_ok(const SignedMessage& m) const;
  void prefetch(std::span<const SignedMessage> justification);
  Reason check_embedded(const SignedMessage& m);
  Reason check_quorum(MsgType type, uint64_t round, const Hash32& hash,
                      std::span<const SignedMessage> msgs);
  Reason check_prepare_quorum(uint64_t round, const Hash32& hash,
                              std::span<const SignedMessage> prepares);
  Reason check_round_change(const SignedMessage& m);
  Reason check_proposal(const SignedMessage& m);
  Reason check_proposal_quorum(const SignedMessage& m);

  InstanceId instance_;
  Committee committee_;
  uint64_t leader_offset_;
  uint64_t max_round_;
  const Verifier* verifier_;
  std::map<Hash32, bool> checked_;  // signature-check results by hash of body and signature
  uint64_t verifications_ = 0;
  ParallelFor parallel_;
};

// verify_commit_certificate checks `cert` against the committee: a quorum of COMMIT messages of
// cert.instance, from distinct members, for (cert.round, cert.value_hash), each with a valid
// Ed25519 signature (through `verifier`). Fails with kCrypto naming the problem.
Status verify_commit_certificate(const CommitCertificate& cert, const Committee& committee,
                                 const Verifier& verifier);

}  // namespace stakepool::consensus
