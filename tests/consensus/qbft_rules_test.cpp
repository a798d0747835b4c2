// One test per upon-rule of Moniz Algorithms 1-3 (start, proposal, prepare quorum, commit quorum,
// timeout, f+1 round-change catch-up, leader's round-change quorum) and the DECIDED answer.
#include <gtest/gtest.h>

#include "consensus/qbft_fixture.hpp"

namespace stakepool::consensus::test {
namespace {

const util::TimePoint kT0{10};

TEST(QbftStart, LeaderOfRoundOneProposesItsInput) {
  Cluster c(4);
  Instance leader = c.instance(1);  // leader(1) = 1
  Outputs o = leader.start(kT0, val("A"));
  EXPECT_EQ(o.verdict, accepted());
  const SignedMessage& p = only_of(o, MsgType::kProposal);
  EXPECT_EQ(p.msg.round, 1u);
  EXPECT_EQ(p.msg.value_hash, val("A").hash());
  EXPECT_TRUE(p.justification.empty());
  EXPECT_EQ(only_of(o, MsgType::kPrepare).msg.value_hash, val("A").hash());  // accepts its own
  ASSERT_TRUE(o.wake_at.has_value());
  EXPECT_EQ(o.wake_at->ms, 1000);
  EXPECT_EQ(leader.phase(), Phase::kRunning);
}

TEST(QbftStart, NonLeaderSendsNothing) {
  Cluster c(4);
  Instance node = c.instance(0);
  Outputs o = node.start(kT0, val("A"));
  EXPECT_TRUE(o.broadcast.empty());
  EXPECT_EQ(o.wake_at->ms, 1000);
}

TEST(QbftStart, LeaderWithoutInputProposesWhenInputArrives) {
  Cluster c(4);
  Instance leader = c.instance(1);
  EXPECT_TRUE(leader.start(kT0, std::nullopt).broadcast.empty());
  Outputs o = leader.provide_input(val("late"), {20});
  EXPECT_EQ(only_of(o, MsgType::kProposal).msg.value_hash, val("late").hash());
}

TEST(QbftStart, LeaderRefusesInvalidInput) {
  Cluster c(4);
  Instance leader = c.instance(1);
  EXPECT_TRUE(leader.start(kT0, val("slashable")).broadcast.empty());
}

TEST(QbftStart, LateStartJoinsTheCurrentRoundWindow) {
  Cluster c(4);
  Instance node = c.instance(0);
  Outputs o = node.start({2500}, val("A"));  // deadlines 1000, 2000, 3000: round 3
  EXPECT_EQ(node.round(), 3u);
  const SignedMessage& rc = only_of(o, MsgType::kRoundChange);
  EXPECT_EQ(rc.msg.round, 3u);
  EXPECT_EQ(rc.msg.prepared_round, 0u);
  EXPECT_EQ(o.wake_at->ms, 3000);
}

TEST(QbftStart, StartAfterCutoffStops) {
  Cluster c(4);
  Instance node = c.instance(0);
  Outputs o = node.start(c.timing.cutoff, val("A"));
  EXPECT_EQ(node.phase(), Phase::kStopped);
  EXPECT_FALSE(o.wake_at.has_value());
}

TEST(QbftNormalCase, ProposalTriggersPrepare) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, val("mine"));
  Outputs o = node.on_message(c.proposal(1, 1, val("A")), {20});
  EXPECT_EQ(o.verdict, accepted());
  const SignedMessage& p = only_of(o, MsgType::kPrepare);
  EXPECT_EQ(p.msg.round, 1u);
  EXPECT_EQ(p.msg.sender, 0u);
  EXPECT_EQ(p.msg.value_hash, val("A").hash());
  // The PREPARE is signed by node 0 and verifies.
  EXPECT_TRUE(c.verifier.verify(c.committee->member(0), signing_bytes(p.msg), p.signature));
}

TEST(QbftNormalCase, PrepareQuorumTriggersCommit) {
  Cluster c(4);  // quorum 3
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  node.on_message(c.proposal(1, 1, a), {20});  // own PREPARE counts: 1
  Outputs o = node.on_message(c.prepare(1, 1, a.hash()), {21});
  EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);
  EXPECT_EQ(node.prepared_round(), 0u);
  o = node.on_message(c.prepare(2, 1, a.hash()), {22});
  EXPECT_EQ(only_of(o, MsgType::kCommit).msg.value_hash, a.hash());
  EXPECT_EQ(node.prepared_round(), 1u);
}

TEST(QbftNormalCase, PreparesForAnotherValueDoNotCount) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  node.on_message(c.proposal(1, 1, val("A")), {20});
  node.on_message(c.prepare(1, 1, val("B").hash()), {21});
  Outputs o = node.on_message(c.prepare(2, 1, val("B").hash()), {22});
  EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);
}

TEST(QbftNormalCase, PrepareQuorumWithoutProposalDoesNotCommit) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  for (uint32_t s : {1u, 2u, 3u}) {
    Outputs o = node.on_message(c.prepare(s, 1, val("A").hash()), {20});
    EXPECT_EQ(count_type(o, MsgType::kCommit), 0u);
  }
  // The proposal arrives last: PREPARE then, immediately, COMMIT.
  Outputs o = node.on_message(c.proposal(1, 1, val("A")), {30});
  EXPECT_EQ(count_type(o, MsgType::kPrepare), 1u);
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
}

TEST(QbftNormalCase, CommitQuorumDecidesWithVerifiableCertificate) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  node.on_message(c.proposal(1, 1, a), {20});
  node.on_message(c.commit(1, 1, a.hash()), {21});
  Outputs o = node.on_message(c.commit(2, 1, a.hash()), {22});
  EXPECT_FALSE(o.decided.has_value());
  o = node.on_message(c.commit(3, 1, a.hash()), {23});
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(o.decided->value, a);
  EXPECT_EQ(o.decided->certificate.round, 1u);
  EXPECT_EQ(o.decided->certificate.commits.size(), c.q());
  EXPECT_TRUE(verify_commit_certificate(o.decided->certificate, *c.committee, c.verifier));
  EXPECT_FALSE(o.wake_at.has_value());
  EXPECT_EQ(node.phase(), Phase::kDecided);
  // Decided is reported once.
  Outputs again = node.on_message(c.commit(1, 2, a.hash()), {24});
  EXPECT_FALSE(again.decided.has_value());
  EXPECT_EQ(again.verdict, ignored(Reason::kAlreadyDecided));
}

TEST(QbftNormalCase, CommitQuorumOfAnyRoundDecides) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  node.on_message(c.proposal(1, 1, a), {20});  // value known from round 1
  Outputs o;
  for (uint32_t s : {1u, 2u, 3u}) o = node.on_message(c.commit(s, 4, a.hash()), {30});
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(o.decided->certificate.round, 4u);
}

TEST(QbftNormalCase, CommitQuorumForUnknownValueWaitsForTheValue) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  Outputs o;
  for (uint32_t s : {1u, 2u, 3u}) o = node.on_message(c.commit(s, 1, a.hash()), {20});
  EXPECT_FALSE(o.decided.has_value());
  o = node.on_message(c.proposal(1, 1, a), {21});
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(o.decided->value, a);
}

TEST(QbftRoundChange, TimeoutBroadcastsRoundChange) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  EXPECT_TRUE(node.on_tick({999}).broadcast.empty());
  Outputs o = node.on_tick({1000});
  const SignedMessage& rc = only_of(o, MsgType::kRoundChange);
  EXPECT_EQ(rc.msg.round, 2u);
  EXPECT_EQ(rc.msg.prepared_round, 0u);
  EXPECT_EQ(rc.msg.value_hash, Hash32{});
  EXPECT_FALSE(rc.value.has_value());
  EXPECT_TRUE(rc.justification.empty());
  EXPECT_EQ(node.round(), 2u);
  EXPECT_EQ(o.wake_at->ms, 2000);
}

TEST(QbftRoundChange, TimeoutSkipsRoundsWhoseWindowHasPassed) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  Outputs o = node.on_tick({3500});
  EXPECT_EQ(node.round(), 4u);
  EXPECT_EQ(only_of(o, MsgType::kRoundChange).msg.round, 4u);
}

TEST(QbftRoundChange, RoundChangeCarriesThePrepareCertificate) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  node.on_message(c.proposal(1, 1, a), {20});
  node.on_message(c.prepare(1, 1, a.hash()), {21});
  node.on_message(c.prepare(2, 1, a.hash()), {22});
  Outputs o = node.on_tick({1000});
  const SignedMessage& rc = only_of(o, MsgType::kRoundChange);
  EXPECT_EQ(rc.msg.prepared_round, 1u);
  EXPECT_EQ(rc.msg.value_hash, a.hash());
  ASSERT_TRUE(rc.value.has_value());
  EXPECT_EQ(*rc.value, a.data());
  EXPECT_EQ(rc.justification.size(), c.q());
  for (const auto& p : rc.justification) {
    EXPECT_EQ(p.msg.type, MsgType::kPrepare);
    EXPECT_EQ(p.msg.round, 1u);
  }
  // Another node accepts it (the certificate checks out).
  Instance other = c.instance(3);
  other.start(kT0, std::nullopt);
  EXPECT_EQ(other.on_message(rc, {1001}).verdict, accepted());
}

TEST(QbftRoundChange, FPlusOneHigherRoundChangesTriggerCatchUp) {
  Cluster c(4);  // f = 1: two members needed
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  Outputs o = node.on_message(c.rc(2, 3), {20});
  EXPECT_TRUE(o.broadcast.empty());
  EXPECT_EQ(node.round(), 1u);
  o = node.on_message(c.rc(3, 5), {21});
  // Highest per member: {3, 5}; the smallest of the f+1 highest is 3.
  EXPECT_EQ(node.round(), 3u);
  EXPECT_EQ(only_of(o, MsgType::kRoundChange).msg.round, 3u);
  EXPECT_EQ(o.wake_at->ms, 3000);
}

TEST(QbftRoundChange, FRoundChangesFromOneMemberDoNotTriggerCatchUp) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  node.on_message(c.rc(2, 3), {20});
  Outputs o = node.on_message(c.rc(2, 4), {21});
  EXPECT_TRUE(o.broadcast.empty());
  EXPECT_EQ(node.round(), 1u);
}

TEST(QbftRoundChange, NewLeaderProposesItsInputOnAnUnpreparedQuorum) {
  Cluster c(4);
  Instance leader = c.instance(2);  // leader(2) = 2
  leader.start(kT0, val("X"));
  leader.on_tick({1000});  // own RC(2)
  leader.on_message(c.rc(0, 2), {1001});
  Outputs o = leader.on_message(c.rc(1, 2), {1002});
  const SignedMessage& p = only_of(o, MsgType::kProposal);
  EXPECT_EQ(p.msg.round, 2u);
  EXPECT_EQ(p.msg.value_hash, val("X").hash());
  EXPECT_EQ(p.justification.size(), c.q());  // the RC quorum, no prepares (J1)
  for (const auto& j : p.justification) {
    EXPECT_EQ(j.msg.type, MsgType::kRoundChange);
    EXPECT_FALSE(j.value.has_value());
  }
  Instance follower = c.instance(0);
  follower.start(kT0, std::nullopt);
  EXPECT_EQ(follower.on_message(p, {1003}).verdict, accepted());
  EXPECT_EQ(follower.round(), 2u);
}

TEST(QbftRoundChange, NewLeaderMustReproposeThePreparedValue) {
  Cluster c(4);
  Instance leader = c.instance(2);
  leader.start(kT0, val("X"));
  leader.on_tick({1000});
  const Value a = val("A");
  leader.on_message(c.rc(0, 2, 1, a, c.prepares(1, a.hash(), {0, 1, 3})), {1001});
  Outputs o = leader.on_message(c.rc(1, 2), {1002});
  const SignedMessage& p = only_of(o, MsgType::kProposal);
  EXPECT_EQ(p.msg.value_hash, a.hash());         // not its own input X
  EXPECT_EQ(p.justification.size(), 2 * c.q());  // RC quorum + prepare quorum (J2)
  Instance follower = c.instance(3);
  follower.start(kT0, std::nullopt);
  EXPECT_EQ(follower.on_message(p, {1003}).verdict, accepted());
}

TEST(QbftRoundChange, NewLeaderPicksTheHighestPreparedRound) {
  Cluster c(4);
  Instance leader = c.instance(3);  // leader(3) = 3
  leader.start(kT0, val("X"));
  leader.on_tick({2000});  // round 3
  const Value a = val("A");
  const Value b = val("B");
  leader.on_message(c.rc(0, 3, 1, a, c.prepares(1, a.hash(), {0, 1, 2})), {2001});
  Outputs o = leader.on_message(c.rc(1, 3, 2, b, c.prepares(2, b.hash(), {1, 2, 3})), {2002});
  EXPECT_EQ(only_of(o, MsgType::kProposal).msg.value_hash, b.hash());
}

TEST(QbftRoundChange, NonLeaderDoesNotProposeOnRoundChangeQuorum) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, val("X"));
  node.on_tick({1000});
  node.on_message(c.rc(1, 2), {1001});
  Outputs o = node.on_message(c.rc(3, 2), {1002});
  EXPECT_EQ(count_type(o, MsgType::kProposal), 0u);
}

TEST(QbftRoundChange, JustifiedProposalForAHigherRoundMovesTheNodeThere) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value x = val("X");
  std::vector<SignedMessage> just{c.rc(0, 3), c.rc(1, 3), c.rc(2, 3)};
  Outputs o = node.on_message(c.proposal(3, 3, x, just), {20});
  EXPECT_EQ(o.verdict, accepted());
  EXPECT_EQ(node.round(), 3u);
  EXPECT_EQ(only_of(o, MsgType::kPrepare).msg.round, 3u);
}

TEST(QbftRoundChange, RunsOutOfRoundsAndStops) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  Outputs o = node.on_tick({10000});  // deadline(10) = 10000: no round left
  EXPECT_EQ(node.phase(), Phase::kStopped);
  EXPECT_FALSE(o.wake_at.has_value());
  EXPECT_EQ(node.on_message(c.prepare(1, 1, val("A").hash()), {10001}).verdict,
            ignored(Reason::kStopped));
}

TEST(QbftRoundChange, CutoffStopsTheInstance) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  EXPECT_EQ(node.on_message(c.prepare(1, 1, val("A").hash()), c.timing.cutoff).verdict,
            ignored(Reason::kStopped));
  EXPECT_EQ(node.phase(), Phase::kStopped);
  EXPECT_FALSE(node.on_tick(c.timing.cutoff + 1).wake_at.has_value());
}

TEST(QbftDecided, DecidedNodeAnswersRoundChangeWithItsCertificate) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  node.on_message(c.proposal(1, 1, a), {20});
  for (uint32_t s : {1u, 2u, 3u}) node.on_message(c.commit(s, 1, a.hash()), {21});
  ASSERT_EQ(node.phase(), Phase::kDecided);
  Outputs o = node.on_message(c.rc(3, 2), {1000});
  EXPECT_EQ(o.verdict, accepted());
  const SignedMessage d = only_of(o, MsgType::kDecided);
  EXPECT_EQ(d.msg.value_hash, a.hash());
  EXPECT_EQ(d.justification.size(), c.q());
  // Answered once per member and round.
  EXPECT_EQ(node.on_message(c.rc(3, 2), {1001}).verdict, ignored(Reason::kAlreadyDecided));
  // A node that missed everything decides from the DECIDED message alone.
  Instance late = c.instance(3);
  late.start(kT0, std::nullopt);
  Outputs lo = late.on_message(d, {1002});
  EXPECT_EQ(lo.verdict, accepted());
  ASSERT_TRUE(lo.decided.has_value());
  EXPECT_EQ(lo.decided->value, a);
  EXPECT_TRUE(verify_commit_certificate(lo.decided->certificate, *c.committee, c.verifier));
}

TEST(QbftDecided, DecidedWithTooFewCommitsIsRejected) {
  Cluster c(4);
  Instance node = c.instance(0);
  node.start(kT0, std::nullopt);
  const Value a = val("A");
  SignedMessage d =
      c.msg(1, MsgType::kDecided, 1, a.hash(), 0, a.data(), c.commits(1, a.hash(), {1, 2}));
  EXPECT_EQ(node.on_message(d, {20}).verdict, rejected(Reason::kBadJustification));
  EXPECT_EQ(node.phase(), Phase::kRunning);
}

TEST(QbftDecided, MessagesBeforeStartAreKeptAndUsed) {
  Cluster c(4);
  Instance node = c.instance(0);
  const Value a = val("A");
  Outputs o = node.on_message(c.proposal(1, 1, a), {5});
  EXPECT_EQ(o.verdict, accepted());
  EXPECT_TRUE(o.broadcast.empty());  // idle: no rule fires
  node.on_message(c.prepare(1, 1, a.hash()), {6});
  node.on_message(c.prepare(2, 1, a.hash()), {7});
  o = node.start(kT0, std::nullopt);
  EXPECT_EQ(count_type(o, MsgType::kPrepare), 1u);
  EXPECT_EQ(count_type(o, MsgType::kCommit), 1u);
}

TEST(QbftSingleNode, OneMemberDecidesAlone) {
  Cluster c(1);  // f = 0, quorum 1, leader always 0
  Instance node = c.instance(0);
  Outputs o = node.start(kT0, val("solo"));
  ASSERT_TRUE(o.decided.has_value());
  EXPECT_EQ(o.decided->value, val("solo"));
  EXPECT_TRUE(verify_commit_certificate(o.decided->certificate, *c.committee, c.verifier));
}

}  // namespace
}  // namespace stakepool::consensus::test

namespace stakepool::consensus::test {
namespace {

TEST(QbftConfig, MakeRejectsInconsistentConfigs) {
  Cluster c(4);
  auto fails = [](Config cfg, const std::string& needle) {
    auto r = Instance::make(std::move(cfg));
    ASSERT_FALSE(r.has_value()) << needle;
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  };
  Config cfg = c.config(0);
  cfg.self = 4;
  fails(cfg, "self index");
  cfg = c.config(0);
  cfg.signer = c.signers[1].get();
  fails(cfg, "signer key");
  cfg = c.config(0);
  cfg.verifier = nullptr;
  fails(cfg, "verifier");
  cfg = c.config(0);
  cfg.deadline = nullptr;
  fails(cfg, "deadline");
  cfg = c.config(0);
  cfg.validate = nullptr;
  fails(cfg, "validation hook");
  cfg = c.config(0);
  cfg.max_round = 0;
  fails(cfg, "max_round");
  EXPECT_TRUE(Instance::make(c.config(3)).has_value());
}

}  // namespace
}  // namespace stakepool::consensus::test
