// Lazy, batched signature checks of PREPARE and COMMIT (qbft.hpp, Instance): a message is
// verified only before it is used, invalid ones among a quorum are dropped and the quorum
// completes with the valid ones, late messages are never verified, certificates hold only
// verified messages, and the parallel hook does not change any result.
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "consensus/net_harness.hpp"
#include "consensus/qbft_fixture.hpp"

namespace stakepool::consensus::test {
namespace {

// CountingVerifier: Ed25519 verification that counts its calls (thread safe).
class CountingVerifier final : public Verifier {
 public:
  bool verify(const OperatorKey& key, std::span<const uint8_t> msg,
              const Sig64& sig) const override {
    ++calls;
    return inner_.verify(key, msg, sig);
  }
  mutable std::atomic<uint64_t> calls{0};

 private:
  Ed25519Verifier inner_;
};

const util::TimePoint kT0{10};
const util::TimePoint kT1{20};

// Node 0 of n, started without input in round 1 (leader(1) = member 1), with a counting verifier.
struct Lazy {
  explicit Lazy(uint32_t n) : c(n) {
    Config cfg = c.config(0);
    cfg.verifier = &counter;
    node.emplace(Instance::make(std::move(cfg)).value());
    node->start(kT0, std::nullopt);
  }
  Outputs deliver(const SignedMessage& m) { return node->on_message(m, kT1); }
  SignedMessage forged(SignedMessage m) {
    m.signature[7] ^= 0x10;
    return m;
  }
  static std::set<uint32_t> senders(const std::vector<SignedMessage>& msgs) {
    std::set<uint32_t> out;
    for (const auto& m : msgs) out.insert(m.msg.sender);
    return out;
  }

  Cluster c;
  CountingVerifier counter;
  std::optional<Instance> node;
  Value a = val("A");
};

TEST(QbftLazy, BadPrepareAmongQuorumIsDroppedAndQuorumCompletes) {
  Lazy t(7);  // quorum 5: the node's own PREPARE and four others
  ASSERT_EQ(t.c.q(), 5u);
  EXPECT_EQ(t.deliver(t.c.proposal(1, 1, t.a)).verdict, accepted());
  EXPECT_EQ(t.deliver(t.forged(t.c.prepare(2, 1, t.a.hash()))).verdict, accepted());  // held
  for (uint32_t s : {3u, 4u}) {
    EXPECT_EQ(t.deliver(t.c.prepare(s, 1, t.a.hash())).verdict, accepted());
  }
  // The fifth PREPARE could complete the quorum: four held ones are verified, member 2's fails.
  Outputs o = t.deliver(t.c.prepare(5, 1, t.a.hash()));
  EXPECT_EQ(o.verdict, accepted());
  ASSERT_EQ(o.dropped.size(), 1u);
  EXPECT_EQ(o.dropped[0].msg.sender, 2u);
  EXPECT_EQ(o.dropped[0].verdict, rejected(Reason::kBadSignature));
  EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);  // four valid: no quorum yet
  o = t.deliver(t.c.prepare(6, 1, t.a.hash()));
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
  EXPECT_EQ(t.node->prepared_round(), 1u);
  // The prepare certificate sent with the round change holds only verified PREPAREs.
  Outputs rc = t.node->on_tick(t.c.timing.deadline(1));
  const SignedMessage& change = only_of(rc, MsgType::kRoundChange);
  EXPECT_EQ(Lazy::senders(change.justification), (std::set<uint32_t>{0, 3, 4, 5, 6}));
  EXPECT_EQ(t.counter.calls.load(), 1u + 4u + 1u);  // proposal, batch of four, member 6
}

TEST(QbftLazy, BadCommitAmongQuorumIsDroppedAndDecisionCertificateVerifies) {
  Lazy t(4);  // quorum 3
  t.deliver(t.c.proposal(1, 1, t.a));
  t.deliver(t.c.commit(2, 1, t.a.hash()));
  Outputs o = t.deliver(t.forged(t.c.commit(3, 1, t.a.hash())));
  EXPECT_FALSE(o.decided.has_value());
  o = t.deliver(t.c.commit(1, 1, t.a.hash()));  // three held: all verified, member 3's fails
  EXPECT_FALSE(o.decided.has_value());
  ASSERT_EQ(o.dropped.size(), 1u);
  EXPECT_EQ(o.dropped[0].msg.sender, 3u);
  EXPECT_EQ(o.dropped[0].verdict, rejected(Reason::kBadSignature));
  o = t.deliver(t.c.commit(3, 1, t.a.hash()));  // the genuine one completes the quorum
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(Lazy::senders(o.decided->certificate.commits), (std::set<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(verify_commit_certificate(o.decided->certificate, *t.c.committee, t.c.verifier));
}

TEST(QbftLazy, CurrentMessageFailingInItsOwnBatchGetsTheVerdict) {
  Lazy t(4);
  t.deliver(t.c.proposal(1, 1, t.a));  // own PREPARE: 1 of 3
  t.deliver(t.c.prepare(2, 1, t.a.hash()));
  Outputs o = t.deliver(t.forged(t.c.prepare(3, 1, t.a.hash())));
  EXPECT_EQ(o.verdict, rejected(Reason::kBadSignature));
  EXPECT_TRUE(o.dropped.empty());
  EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);
  // The genuine PREPARE of member 3 is not a duplicate or an equivocation: it completes the quorum.
  o = t.deliver(t.c.prepare(3, 1, t.a.hash()));
  EXPECT_EQ(o.verdict, accepted());
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
}

TEST(QbftLazy, LateMessagesAfterQuorumAreNeverVerified) {
  Lazy t(4);
  // PREPAREs before the proposal are held: nothing is verified yet.
  t.deliver(t.c.prepare(2, 1, t.a.hash()));
  t.deliver(t.c.prepare(3, 1, t.a.hash()));
  EXPECT_EQ(t.counter.calls.load(), 0u);
  Outputs o = t.deliver(t.c.proposal(1, 1, t.a));  // proposal + both PREPAREs (own is the third)
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
  EXPECT_EQ(t.counter.calls.load(), 3u);
  EXPECT_EQ(t.deliver(t.c.prepare(1, 1, t.a.hash())).verdict, accepted());  // late: held
  EXPECT_EQ(t.counter.calls.load(), 3u);
  t.deliver(t.c.commit(2, 1, t.a.hash()));
  EXPECT_EQ(t.counter.calls.load(), 3u);
  o = t.deliver(t.c.commit(3, 1, t.a.hash()));
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(t.counter.calls.load(), 5u);
  EXPECT_EQ(t.deliver(t.c.commit(1, 1, t.a.hash())).verdict, ignored(Reason::kAlreadyDecided));
  EXPECT_EQ(t.counter.calls.load(), 5u);
  EXPECT_EQ(t.node->verifications(), 5u);
}

TEST(QbftLazy, CommitsForAnUnknownValueWaitUnverified) {
  Lazy t(4);
  for (uint32_t s : {1u, 2u, 3u}) t.deliver(t.c.commit(s, 1, t.a.hash()));
  EXPECT_EQ(t.counter.calls.load(), 0u);  // a quorum, but the value is unknown: nothing to decide
  Outputs o = t.deliver(t.c.proposal(1, 1, t.a));
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(t.counter.calls.load(), 4u);
}

TEST(QbftLazy, ForgedHeldMessageIsReplacedByTheGenuineOne) {
  Lazy t(4);
  const Value b = val("B");
  t.deliver(t.forged(t.c.prepare(2, 1, t.a.hash())));
  Outputs o = t.deliver(t.c.prepare(2, 1, b.hash()));  // conflict: both checked now
  EXPECT_EQ(o.verdict, accepted());
  ASSERT_EQ(o.dropped.size(), 1u);
  EXPECT_EQ(o.dropped[0].msg.value_hash, t.a.hash());
  // Two valid conflicting PREPAREs are an equivocation.
  t.deliver(t.c.prepare(3, 1, t.a.hash()));
  EXPECT_EQ(t.deliver(t.c.prepare(3, 1, b.hash())).verdict, rejected(Reason::kEquivocation));
  // A forged conflicting one is a bad signature, and the held one stays.
  EXPECT_EQ(t.deliver(t.forged(t.c.prepare(1, 1, b.hash()))).verdict, accepted());
  EXPECT_EQ(t.deliver(t.forged(t.c.prepare(1, 1, t.a.hash()))).verdict,
            rejected(Reason::kBadSignature));
}

// The node's own PREPARE replayed to it before it signs it (e.g. after a restart) is held; its own
// copy must replace it, not be counted a second time (which made settle spin forever on a quorum
// it could not fill, or count the node twice).
TEST(QbftLazy, ReplayedOwnMessageHeldBeforeSigningIsNotCountedTwice) {
  Lazy t(7);  // quorum 5
  EXPECT_EQ(t.deliver(t.c.prepare(0, 1, t.a.hash())).verdict, accepted());  // held
  t.deliver(t.c.proposal(1, 1, t.a));  // the node sends its own PREPARE
  for (uint32_t s : {2u, 3u, 4u}) {
    EXPECT_EQ(count_type(t.deliver(t.c.prepare(s, 1, t.a.hash())), MsgType::kCommit), 0u);
  }
  Outputs o = t.deliver(t.c.prepare(5, 1, t.a.hash()));
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
  EXPECT_TRUE(o.dropped.empty());
  EXPECT_EQ(t.counter.calls.load(), 1u + 4u);  // proposal, then the batch of 2..5 only
  Outputs rc = t.node->on_tick(t.c.timing.deadline(1));
  const SignedMessage& change = only_of(rc, MsgType::kRoundChange);
  EXPECT_EQ(Lazy::senders(change.justification), (std::set<uint32_t>{0, 2, 3, 4, 5}));
}

TEST(QbftLazy, ParallelHookGivesIdenticalResults) {
  uint64_t calls = 0;
  uint64_t dropped = 0;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    Scenario s;
    s.seed = 7000 + seed;
    s.n = seed % 2 == 0 ? 7 : 10;
    s.byzantine = seed % 3 == 0 ? Byzantine::kEquivocatingLeader : Byzantine::kNoise;
    s.crashed = seed % 2;
    s.loss_permille = 50;
    s.gst_ms = 900;
    s.real_keys = seed < 4;
    const Outcome plain = run_network(s);
    s.parallel_hook = true;
    const Outcome par = run_network(s);
    EXPECT_EQ(plain.transcript_digest, par.transcript_digest) << s.seed;
    EXPECT_EQ(plain.verifications, par.verifications) << s.seed;
    EXPECT_EQ(plain.dropped, par.dropped) << s.seed;
    ASSERT_EQ(plain.decided.size(), par.decided.size());
    for (std::size_t i = 0; i < plain.decided.size(); ++i) {
      ASSERT_EQ(plain.decided[i].has_value(), par.decided[i].has_value()) << s.seed;
      if (!plain.decided[i]) continue;
      EXPECT_EQ(plain.decided[i]->value, par.decided[i]->value);
      EXPECT_EQ(plain.decided[i]->certificate.commits.size(),
                par.decided[i]->certificate.commits.size());
    }
    EXPECT_TRUE(par.certificates_ok);
    EXPECT_EQ(plain.hook_calls, 0u);
    calls += par.hook_calls;
    dropped += par.dropped;
  }
  EXPECT_GT(calls, 100u);   // batches really went through the hook
  EXPECT_GT(dropped, 0u);   // and forged messages were dropped from them
}

}  // namespace
}  // namespace stakepool::consensus::test
