// Message filtering and justification checks: the classic traps (unjustified round-r proposals,
// a new value where a prepared one must be re-proposed, equivocating leaders), non-members,
// replays, bad signatures, forged/wrong-round/too-small justifications, and commit certificates.
#include <gtest/gtest.h>

#include "consensus/qbft_fixture.hpp"

namespace stakepool::consensus::test {
namespace {

const util::TimePoint kT0{10};

// Node 0 of 4, started, in round 1.
struct Checks : ::testing::Test {
  Cluster c{4};
  Instance node = c.instance(0);
  Value a = val("A");
  Value b = val("B");
  void SetUp() override { node.start(kT0, std::nullopt); }
  Verdict deliver(const SignedMessage& m) { return node.on_message(m, {20}).verdict; }
  std::vector<SignedMessage> null_rcs(uint64_t round, const std::vector<uint32_t>& senders) {
    std::vector<SignedMessage> out;
    for (uint32_t s : senders) out.push_back(c.rc(s, round));
    return out;
  }
  // A round-2 justification where member 1 prepared A in round 1: RC quorum + prepare quorum.
  std::vector<SignedMessage> prepared_a_justification() {
    std::vector<SignedMessage> j{Cluster::bare(c.rc(1, 2, 1, a)), c.rc(0, 2), c.rc(3, 2)};
    for (auto& p : c.prepares(1, a.hash(), {0, 1, 3})) j.push_back(p);
    return j;
  }
};

// --- proposal justification (Moniz Algorithm 4) ---

TEST_F(Checks, RoundTwoProposalWithoutJustificationIsRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b)), rejected(Reason::kBadJustification));
  EXPECT_EQ(node.round(), 1u);
}

TEST_F(Checks, RoundTwoProposalWithTooFewRoundChangesIsRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b, null_rcs(2, {0, 1}))), rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangesForAnotherRoundAreRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b, null_rcs(3, {0, 1, 3}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, RepeatedRoundChangeSenderIsRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b, null_rcs(2, {0, 1, 1}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, ForgedRoundChangeInJustificationIsRejected) {
  auto j = null_rcs(2, {0, 1, 3});
  j[1].signature[5] ^= 1;
  EXPECT_EQ(deliver(c.proposal(2, 2, b, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeFromAnotherHeightInJustificationIsRejected) {
  auto j = null_rcs(2, {0, 1});
  SignedMessage other = c.rc(3, 2);
  other.msg.instance.height = 6;
  other = sign_message(*c.signers[3], other);
  j.push_back(other);
  EXPECT_EQ(deliver(c.proposal(2, 2, b, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, UnpreparedQuorumJustifiesAnyValue) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b, null_rcs(2, {0, 1, 3}))), accepted());
}

TEST_F(Checks, ReproposalOfThePreparedValueIsAccepted) {
  EXPECT_EQ(deliver(c.proposal(2, 2, a, prepared_a_justification())), accepted());
}

TEST_F(Checks, NewValueWhereAPreparedValueExistsIsRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 2, b, prepared_a_justification())),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, PrepareQuorumForAValueQrcDidNotPrepareIsRejected) {
  // Qrc's highest prepared is A in round 1; a (conflicting) prepare quorum for B in round 1 does
  // not justify proposing B: the proposal must match HighestPrepared(Qrc).
  std::vector<SignedMessage> j{Cluster::bare(c.rc(1, 2, 1, a)), c.rc(0, 2), c.rc(3, 2)};
  for (auto& p : c.prepares(1, b.hash(), {0, 1, 3})) j.push_back(p);
  EXPECT_EQ(deliver(c.proposal(2, 2, b, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, PreparedClaimWithoutPrepareQuorumIsRejected) {
  auto j = prepared_a_justification();
  j.resize(3);  // drop the prepares
  EXPECT_EQ(deliver(c.proposal(2, 2, a, j)), rejected(Reason::kBadJustification));
  j = prepared_a_justification();
  j.pop_back();  // q - 1 prepares
  EXPECT_EQ(deliver(c.proposal(2, 2, a, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, PreparesForAnotherRoundAreRejected) {
  std::vector<SignedMessage> j{Cluster::bare(c.rc(1, 3, 2, a)), c.rc(0, 3), c.rc(2, 3)};
  for (auto& p : c.prepares(1, a.hash(), {0, 1, 2})) j.push_back(p);  // round 1, claim was 2
  EXPECT_EQ(deliver(c.proposal(3, 3, a, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, ForgedPrepareInJustificationIsRejected) {
  auto j = prepared_a_justification();
  j.back().signature[0] ^= 0x80;
  EXPECT_EQ(deliver(c.proposal(2, 2, a, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, LowerPreparedClaimCannotHideAHigherOne) {
  // Qrc has prepared rounds 1 (A) and 2 (B): the proposal must carry B; A with round-1 prepares
  // does not justify it.
  std::vector<SignedMessage> j{Cluster::bare(c.rc(1, 3, 1, a)), Cluster::bare(c.rc(2, 3, 2, b)),
                               c.rc(0, 3)};
  for (auto& p : c.prepares(1, a.hash(), {0, 1, 2})) j.push_back(p);
  EXPECT_EQ(deliver(c.proposal(3, 3, a, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, ExtraMessagesInJustificationAreRejected) {
  auto j = null_rcs(2, {0, 1, 3});
  j.push_back(c.commit(1, 1, a.hash()));
  EXPECT_EQ(deliver(c.proposal(2, 2, b, j)), rejected(Reason::kBadJustification));
  j = null_rcs(2, {0, 1, 3});
  j.push_back(c.prepare(1, 1, b.hash()));  // prepares with an unprepared quorum
  EXPECT_EQ(deliver(c.proposal(2, 2, b, j)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundOneProposalWithJustificationIsRejected) {
  EXPECT_EQ(deliver(c.proposal(1, 1, a, null_rcs(1, {0}))), rejected(Reason::kBadJustification));
}

TEST_F(Checks, ProposalFromNonLeaderIsRejected) {
  EXPECT_EQ(deliver(c.proposal(2, 1, a)), rejected(Reason::kNotLeader));
}

TEST_F(Checks, ProposalWithMismatchedValueIsRejected) {
  SignedMessage p = c.proposal(1, 1, a);
  p.value = b.data();  // value swapped after signing the hash of A
  EXPECT_EQ(deliver(p), rejected(Reason::kBadValue));
  SignedMessage q = c.proposal(1, 1, a);
  q.value.reset();
  EXPECT_EQ(deliver(q), rejected(Reason::kBadValue));
}

TEST_F(Checks, ProposalTheHookRefusesIsRejectedAndNotPrepared) {
  Outputs o = node.on_message(c.proposal(1, 1, val("slashable vote")), {20});
  EXPECT_EQ(o.verdict, rejected(Reason::kInvalidValue));
  EXPECT_TRUE(o.broadcast.empty());
}

// --- round-change justification (prepare certificate) ---

TEST_F(Checks, RoundChangeWithValidCertificateIsAccepted) {
  EXPECT_EQ(deliver(c.rc(1, 2, 1, a, c.prepares(1, a.hash(), {0, 1, 2}))), accepted());
}

TEST_F(Checks, RoundChangeCertificateTooSmallIsRejected) {
  EXPECT_EQ(deliver(c.rc(1, 2, 1, a, c.prepares(1, a.hash(), {0, 1}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeCertificateForAnotherValueIsRejected) {
  EXPECT_EQ(deliver(c.rc(1, 2, 1, a, c.prepares(1, b.hash(), {0, 1, 2}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeCertificateForAnotherRoundIsRejected) {
  EXPECT_EQ(deliver(c.rc(1, 3, 2, a, c.prepares(1, a.hash(), {0, 1, 2}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeCertificateWithForgedPrepareIsRejected) {
  auto cert = c.prepares(1, a.hash(), {0, 1, 2});
  cert[2].signature[63] ^= 1;
  EXPECT_EQ(deliver(c.rc(1, 2, 1, a, cert)), rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeCertificateWithRepeatedSenderIsRejected) {
  EXPECT_EQ(deliver(c.rc(1, 2, 1, a, c.prepares(1, a.hash(), {0, 1, 1}))),
            rejected(Reason::kBadJustification));
}

TEST_F(Checks, RoundChangeWithoutPreparedValueBytesIsRejected) {
  SignedMessage rc = c.rc(1, 2, 1, a, c.prepares(1, a.hash(), {0, 1, 2}));
  rc.value.reset();
  EXPECT_EQ(deliver(rc), rejected(Reason::kBadValue));
}

TEST_F(Checks, RoundChangeShapeErrorsAreMalformed) {
  EXPECT_EQ(deliver(c.msg(1, MsgType::kRoundChange, 2, Hash32{}, 2)),
            rejected(Reason::kMalformed));  // prepared round not below the round
  EXPECT_EQ(deliver(c.msg(1, MsgType::kRoundChange, 2, a.hash(), 0)),
            rejected(Reason::kMalformed));  // hash without a prepared round
  EXPECT_EQ(deliver(c.msg(1, MsgType::kPrepare, 1, a.hash(), 0, a.data())),
            rejected(Reason::kMalformed));  // PREPARE carrying a value
}

// --- filtering ---

TEST_F(Checks, NonMemberSenderIsRejected) {
  SignedMessage m = c.prepare(1, 1, a.hash());
  m.msg.sender = 4;
  EXPECT_EQ(deliver(m), rejected(Reason::kNotMember));
}

// PREPAREs are verified lazily, once they could complete the quorum a rule needs: the node first
// accepts a proposal for the value and holds a valid PREPARE from member 2, so the third PREPARE
// (quorum 3 of 4, the node's own included) is checked in the call that delivers it.
TEST_F(Checks, OutsiderKeyClaimingAMemberIndexIsRejected) {
  auto outsider = Ed25519Signer::generate(c.rng).value();
  SignedMessage m = c.prepare(1, 1, a.hash());
  m = sign_message(outsider, m);
  EXPECT_EQ(deliver(c.proposal(1, 1, a)), accepted());
  EXPECT_EQ(deliver(c.prepare(2, 1, a.hash())), accepted());
  EXPECT_EQ(deliver(m), rejected(Reason::kBadSignature));
}

TEST_F(Checks, TamperedBodyFailsTheSignature) {
  SignedMessage m = c.prepare(1, 1, a.hash());
  m.msg.value_hash = b.hash();
  EXPECT_EQ(deliver(c.proposal(1, 1, b)), accepted());
  EXPECT_EQ(deliver(c.prepare(2, 1, b.hash())), accepted());
  EXPECT_EQ(deliver(m), rejected(Reason::kBadSignature));
}

TEST_F(Checks, ReplayFromAnOlderHeightIsIgnored) {
  SignedMessage m = c.prepare(1, 1, a.hash());
  m.msg.instance.height = 6;
  m = sign_message(*c.signers[1], m);  // genuinely signed at the old height
  EXPECT_EQ(deliver(m), ignored(Reason::kOldHeight));
  m.msg.instance.height = 8;
  m = sign_message(*c.signers[1], m);
  EXPECT_EQ(deliver(m), ignored(Reason::kFutureHeight));
}

TEST_F(Checks, MessageForAnotherInstanceIsRejected) {
  SignedMessage m = c.prepare(1, 1, a.hash());
  m.msg.instance.tag[31] ^= 1;
  m = sign_message(*c.signers[1], m);
  EXPECT_EQ(deliver(m), rejected(Reason::kWrongInstance));
}

TEST_F(Checks, DuplicateIsIgnored) {
  const SignedMessage m = c.prepare(1, 1, a.hash());
  EXPECT_EQ(deliver(m), accepted());
  EXPECT_EQ(deliver(m), ignored(Reason::kDuplicate));
}

TEST_F(Checks, ConflictingPrepareFromOneMemberIsEquivocation) {
  EXPECT_EQ(deliver(c.prepare(1, 1, a.hash())), accepted());
  EXPECT_EQ(deliver(c.prepare(1, 1, b.hash())), rejected(Reason::kEquivocation));
}

TEST_F(Checks, EquivocatingLeaderSecondProposalIsRejected) {
  Outputs first = node.on_message(c.proposal(1, 1, a), {20});
  EXPECT_EQ(only_of(first, MsgType::kPrepare).msg.value_hash, a.hash());
  Outputs second = node.on_message(c.proposal(1, 1, b), {21});
  EXPECT_EQ(second.verdict, rejected(Reason::kEquivocation));
  EXPECT_TRUE(second.broadcast.empty());
  // Prepares for B cannot make this node commit B.
  node.on_message(c.prepare(1, 1, b.hash()), {22});
  Outputs o = node.on_message(c.prepare(2, 1, b.hash()), {22});
  EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);
  EXPECT_EQ(node.on_message(c.prepare(3, 1, b.hash()), {22}).broadcast.size(), 0u);
}

TEST_F(Checks, OldRoundMessagesAreIgnored) {
  node.on_tick({1000});  // round 2
  EXPECT_EQ(deliver(c.prepare(1, 1, a.hash())), ignored(Reason::kOldRound));
  EXPECT_EQ(deliver(c.proposal(1, 1, a)), ignored(Reason::kOldRound));
  EXPECT_EQ(deliver(c.commit(1, 1, a.hash())), accepted());  // commits count in any round
}

TEST_F(Checks, RoundOutsideTheRangeIsRejected) {
  EXPECT_EQ(deliver(c.prepare(1, 11, a.hash())), rejected(Reason::kRoundOutOfRange));
  EXPECT_EQ(deliver(c.prepare(1, 0, a.hash())), rejected(Reason::kRoundOutOfRange));
}

// --- commit certificates ---

struct Certificates : ::testing::Test {
  Cluster c{4};
  Value a = val("A");
  CommitCertificate cert() { return {c.id, 2, a.hash(), c.commits(2, a.hash(), {0, 2, 3})}; }
  bool ok(const CommitCertificate& x) {
    return verify_commit_certificate(x, *c.committee, c.verifier).has_value();
  }
};

TEST_F(Certificates, ValidCertificateVerifies) { EXPECT_TRUE(ok(cert())); }

TEST_F(Certificates, TooFewCommitsFail) {
  auto x = cert();
  x.commits.pop_back();
  EXPECT_FALSE(ok(x));
}

TEST_F(Certificates, RepeatedMemberFails) {
  auto x = cert();
  x.commits[2] = x.commits[1];
  EXPECT_FALSE(ok(x));
}

TEST_F(Certificates, ForgedSignatureFails) {
  auto x = cert();
  x.commits[1].signature[10] ^= 1;
  EXPECT_FALSE(ok(x));
}

TEST_F(Certificates, MixedRoundsOrValuesFail) {
  auto x = cert();
  x.commits[0] = c.commit(0, 1, a.hash());
  EXPECT_FALSE(ok(x));
  x = cert();
  x.value_hash = val("B").hash();
  EXPECT_FALSE(ok(x));
  x = cert();
  x.commits[0] = c.prepare(0, 2, a.hash());
  EXPECT_FALSE(ok(x));
}

TEST_F(Certificates, AnotherInstanceFails) {
  auto x = cert();
  x.instance.height += 1;
  EXPECT_FALSE(ok(x));
}

TEST_F(Certificates, OtherCommitteeFails) {
  Cluster other(4, 99);
  EXPECT_FALSE(verify_commit_certificate(cert(), *other.committee, c.verifier).has_value());
}

}  // namespace
}  // namespace stakepool::consensus::test
