#include "stakepool/consensus/validation.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "stakepool/consensus/codec.hpp"
#include "stakepool/crypto/sha256.hpp"

namespace stakepool::consensus {
namespace {

constexpr Hash32 kZeroHash{};

// shape_ok checks the fields every message of its type must have, whatever its position.
bool shape_ok(const Message& m) {
  switch (m.type) {
    case MsgType::kPrepare:
    case MsgType::kCommit:
    case MsgType::kProposal:
    case MsgType::kDecided:
      return m.prepared_round == 0;
    case MsgType::kRoundChange:
      return m.prepared_round < m.round && (m.prepared_round != 0 || m.value_hash == kZeroHash);
  }
  return false;
}

bool value_matches(const SignedMessage& m) {
  return m.value.has_value() && value_hash(*m.value) == m.msg.value_hash;
}

}  // namespace

const char* to_string(Reason r) {
  switch (r) {
    case Reason::kOk:
      return "ok";
    case Reason::kMalformed:
      return "malformed";
    case Reason::kWrongInstance:
      return "wrong_instance";
    case Reason::kOldHeight:
      return "old_height";
    case Reason::kFutureHeight:
      return "future_height";
    case Reason::kNotMember:
      return "not_member";
    case Reason::kBadSignature:
      return "bad_signature";
    case Reason::kRoundOutOfRange:
      return "round_out_of_range";
    case Reason::kOldRound:
      return "old_round";
    case Reason::kDuplicate:
      return "duplicate";
    case Reason::kEquivocation:
      return "equivocation";
    case Reason::kNotLeader:
      return "not_leader";
    case Reason::kBadJustification:
      return "bad_justification";
    case Reason::kBadValue:
      return "bad_value";
    case Reason::kInvalidValue:
      return "invalid_value";
    case Reason::kAlreadyDecided:
      return "already_decided";
    case Reason::kStopped:
      return "stopped";
  }
  return "unknown";
}

Action action_for(Reason r) {
  switch (r) {
    case Reason::kOk:
      return Action::kAccept;
    case Reason::kOldHeight:
    case Reason::kFutureHeight:
    case Reason::kOldRound:
    case Reason::kDuplicate:
    case Reason::kAlreadyDecided:
    case Reason::kStopped:
      return Action::kIgnore;
    default:
      return Action::kReject;
  }
}

Verdict verdict_for(Reason r) { return Verdict{action_for(r), r}; }

MessageValidator::MessageValidator(InstanceId instance, Committee committee, uint64_t leader_offset,
                                   uint64_t max_round, const Verifier& verifier)
    : instance_(instance),
      committee_(std::move(committee)),
      leader_offset_(leader_offset),
      max_round_(max_round),
      verifier_(&verifier) {}

Reason MessageValidator::check_envelope(const SignedMessage& m) const {
  const Message& b = m.msg;
  if (b.instance.tag != instance_.tag) return Reason::kWrongInstance;
  if (b.instance.height < instance_.height) return Reason::kOldHeight;
  if (b.instance.height > instance_.height) return Reason::kFutureHeight;
  if (b.sender >= committee_.size()) return Reason::kNotMember;
  if (b.round == 0 || b.round > max_round_) return Reason::kRoundOutOfRange;
  if (!shape_ok(b)) return Reason::kMalformed;
  const bool bare = b.type == MsgType::kPrepare || b.type == MsgType::kCommit ||
                    (b.type == MsgType::kRoundChange && b.prepared_round == 0);
  if (bare && (m.value.has_value() || !m.justification.empty())) return Reason::kMalformed;
  return Reason::kOk;
}

namespace {

// signature_key: the cache key of a signature check, SHA-256(signing bytes || signature).
Hash32 signature_key(std::span<const uint8_t> signing, const Sig64& sig) {
  crypto::Sha256 h;
  h.update(signing).update(sig);
  return h.finish();
}

// verify_chunked: ok[j] = signature of *msgs[todo[j]] verifies. The checks go to
// Verifier::verify_batch in a few contiguous chunks (one per worker that is worth waking: at most
// kMaxChunks, each of at least kMinChunk signatures), run through `parallel` when it is set and
// there is more than one signature.
// Batch and single verification give the same answers, so the result does not depend on the
// chunking.
std::vector<uint8_t> verify_chunked(const Verifier& verifier, const Committee& committee,
                                    std::span<const SignedMessage* const> msgs,
                                    const std::vector<util::Bytes>& signing,
                                    const std::vector<std::size_t>& todo,
                                    const ParallelFor& parallel) {
  constexpr std::size_t kMinChunk = 16;
  constexpr std::size_t kMaxChunks = 2;
  std::vector<VerifyRequest> reqs(todo.size());
  for (std::size_t j = 0; j < todo.size(); ++j) {
    const SignedMessage& m = *msgs[todo[j]];
    reqs[j] = {&committee.member(m.msg.sender), signing[todo[j]], &m.signature};
  }
  const std::size_t chunks =
      parallel ? std::clamp<std::size_t>(todo.size() / kMinChunk, 1, kMaxChunks) : 1;
  std::vector<uint8_t> ok(todo.size(), 0);
  const auto job = [&](std::size_t c) {
    const std::size_t begin = todo.size() * c / chunks, end = todo.size() * (c + 1) / chunks;
    const std::vector<bool> r =
        verifier.verify_batch(std::span<const VerifyRequest>(reqs).subspan(begin, end - begin));
    for (std::size_t j = begin; j < end; ++j) ok[j] = r[j - begin] ? 1 : 0;
  };
  if (parallel && todo.size() > 1) {
    parallel(chunks, job);
  } else if (!todo.empty()) {
    job(0);
  }
  return ok;
}

}  // namespace

Reason MessageValidator::check_signature(const SignedMessage& m) {
  const SignedMessage* one[] = {&m};
  return check_signatures(one, ParallelFor{}).front();
}

std::vector<Reason> MessageValidator::check_signatures(std::span<const SignedMessage* const> msgs,
                                                       const ParallelFor& parallel) {
  std::vector<Reason> res(msgs.size(), Reason::kOk);
  std::vector<util::Bytes> signing(msgs.size());
  std::vector<Hash32> keys(msgs.size());
  std::vector<std::size_t> todo;  // indices not in the cache, first occurrence of each key
  std::map<Hash32, std::size_t> first;
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    signing[i] = signing_bytes(msgs[i]->msg);
    keys[i] = signature_key(signing[i], msgs[i]->signature);
    if (checked_.count(keys[i]) == 0 && first.emplace(keys[i], i).second) todo.push_back(i);
  }
  const std::vector<uint8_t> ok =
      verify_chunked(*verifier_, committee_, msgs, signing, todo, parallel);
  verifications_ += todo.size();
  for (std::size_t j = 0; j < todo.size(); ++j) checked_.emplace(keys[todo[j]], ok[j] != 0);
  for (std::size_t i = 0; i < msgs.size(); ++i) {
    if (!checked_.at(keys[i])) res[i] = Reason::kBadSignature;
  }
  return res;
}

bool MessageValidator::embedded_shape_ok(const SignedMessage& m) const {
  const Message& b = m.msg;
  return b.instance == instance_ && b.sender < committee_.size() && b.round != 0 && shape_ok(b) &&
         !m.value.has_value() && m.justification.empty();
}

// prefetch verifies the signatures of well-formed embedded messages at once (through the parallel
// hook), so that the checks that follow find them in the cache. A justification longer than any
// valid one is left to those checks, which stop at the first problem.
void MessageValidator::prefetch(std::span<const SignedMessage> justification) {
  if (justification.size() < 2 || justification.size() > 2 * std::size_t{committee_.size()}) {
    return;
  }
  std::vector<const SignedMessage*> msgs;
  for (const SignedMessage& j : justification) {
    if (embedded_shape_ok(j)) msgs.push_back(&j);
  }
  check_signatures(msgs, parallel_);
}

Reason MessageValidator::check_embedded(const SignedMessage& m) {
  if (!embedded_shape_ok(m)) return Reason::kBadJustification;
  if (check_signature(m) != Reason::kOk) return Reason::kBadJustification;
  return Reason::kOk;
}

// check_quorum: `msgs` are all of type `type` for (round, hash), from distinct members, each
// valid, and there are at least a quorum of them.
Reason MessageValidator::check_quorum(MsgType type, uint64_t round, const Hash32& hash,
                                      std::span<const SignedMessage> msgs) {
  std::vector<bool> seen(committee_.size(), false);
  for (const SignedMessage& m : msgs) {
    if (m.msg.type != type || m.msg.round != round || m.msg.value_hash != hash) {
      return Reason::kBadJustification;
    }
    if (check_embedded(m) != Reason::kOk) return Reason::kBadJustification;
    if (seen[m.msg.sender]) return Reason::kBadJustification;
    seen[m.msg.sender] = true;
  }
  if (msgs.size() < committee_.quorum()) return Reason::kBadJustification;
  return Reason::kOk;
}

Reason MessageValidator::check_prepare_quorum(uint64_t round, const Hash32& hash,
                                              std::span<const SignedMessage> prepares) {
  return check_quorum(MsgType::kPrepare, round, hash, prepares);
}

Reason MessageValidator::check_commits(uint64_t round, const Hash32& hash,
                                       std::span<const SignedMessage> commits) {
  return check_quorum(MsgType::kCommit, round, hash, commits);
}

Reason MessageValidator::check_round_change(const SignedMessage& m) {
  if (m.msg.prepared_round == 0) return Reason::kOk;  // shape checked by the envelope
  if (!value_matches(m)) return Reason::kBadValue;
  return check_prepare_quorum(m.msg.prepared_round, m.msg.value_hash, m.justification);
}

// check_proposal_quorum: Moniz Algorithm 4, JustifyPrePrepare for round > 1. The justification
// holds a quorum Qrc of ROUND_CHANGE for the proposal's round and, unless every member of Qrc
// prepared nothing (J1), a quorum of PREPARE for HighestPrepared(Qrc), whose value must be the
// proposed one (J2). Nothing else may be in it.
Reason MessageValidator::check_proposal_quorum(const SignedMessage& m) {
  std::vector<SignedMessage> rcs;
  std::vector<SignedMessage> prepares;
  for (const SignedMessage& j : m.justification) {
    if (j.msg.type == MsgType::kRoundChange) {
      rcs.push_back(j);
    } else if (j.msg.type == MsgType::kPrepare) {
      prepares.push_back(j);
    } else {
      return Reason::kBadJustification;
    }
  }
  std::vector<bool> seen(committee_.size(), false);
  uint64_t highest = 0;
  bool highest_matches = false;
  for (const SignedMessage& rc : rcs) {
    if (rc.msg.round != m.msg.round || check_embedded(rc) != Reason::kOk) {
      return Reason::kBadJustification;
    }
    if (seen[rc.msg.sender]) return Reason::kBadJustification;
    seen[rc.msg.sender] = true;
    if (rc.msg.prepared_round > highest) {
      highest = rc.msg.prepared_round;
      highest_matches = false;
    }
    if (rc.msg.prepared_round == highest && rc.msg.value_hash == m.msg.value_hash) {
      highest_matches = true;
    }
  }
  if (rcs.size() < committee_.quorum()) return Reason::kBadJustification;
  if (highest == 0) return prepares.empty() ? Reason::kOk : Reason::kBadJustification;  // J1
  if (!highest_matches) return Reason::kBadJustification;  // J2: must re-propose the prepared value
  return check_prepare_quorum(highest, m.msg.value_hash, prepares);
}

Reason MessageValidator::check_proposal(const SignedMessage& m) {
  if (m.msg.sender != leader(m.msg.round)) return Reason::kNotLeader;
  if (!value_matches(m)) return Reason::kBadValue;
  if (m.msg.round == 1) {
    return m.justification.empty() ? Reason::kOk : Reason::kBadJustification;
  }
  return check_proposal_quorum(m);
}

Reason MessageValidator::check_justification(const SignedMessage& m) {
  prefetch(m.justification);
  switch (m.msg.type) {
    case MsgType::kProposal:
      return check_proposal(m);
    case MsgType::kRoundChange:
      return check_round_change(m);
    case MsgType::kDecided:
      if (!value_matches(m)) return Reason::kBadValue;
      return check_commits(m.msg.round, m.msg.value_hash, m.justification);
    case MsgType::kPrepare:
    case MsgType::kCommit:
      return Reason::kOk;
  }
  return Reason::kMalformed;
}

Status verify_commit_certificate(const CommitCertificate& cert, const Committee& committee,
                                 const Verifier& verifier) {
  if (cert.round == 0) return make_error(Errc::kCrypto, "commit certificate: round 0");
  MessageValidator v(cert.instance, committee, 0, std::numeric_limits<uint64_t>::max(), verifier);
  std::vector<bool> seen(committee.size(), false);
  for (std::size_t i = 0; i < cert.commits.size(); ++i) {
    const SignedMessage& c = cert.commits[i];
    const std::string where = "commit certificate: entry " + std::to_string(i);
    if (c.msg.type != MsgType::kCommit)
      return make_error(Errc::kCrypto, where + " is not a COMMIT");
    if (c.msg.instance != cert.instance) {
      return make_error(Errc::kCrypto, where + " is for another instance");
    }
    if (c.msg.round != cert.round || c.msg.value_hash != cert.value_hash) {
      return make_error(Errc::kCrypto, where + " is for another round or value");
    }
    if (c.msg.sender >= committee.size())
      return make_error(Errc::kCrypto, where + ": not a member");
    if (seen[c.msg.sender]) return make_error(Errc::kCrypto, where + ": repeated member");
    seen[c.msg.sender] = true;
  }
  if (cert.commits.size() < committee.quorum()) {
    return make_error(Errc::kCrypto, "commit certificate: " + std::to_string(cert.commits.size()) +
                                         " commits, quorum is " +
                                         std::to_string(committee.quorum()));
  }
  if (v.check_commits(cert.round, cert.value_hash, cert.commits) != Reason::kOk) {
    return make_error(Errc::kCrypto,
                      "commit certificate: a signature does not verify or an "
                      "entry carries a value or justification");
  }
  return ok_status();
}

}  // namespace stakepool::consensus
