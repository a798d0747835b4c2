#include <gtest/gtest.h>

#include <algorithm>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/threshold/local_ceremony.hpp"

namespace stakepool::threshold {
namespace {

std::vector<LocalOperator> operators(std::size_t n, uint64_t seed) {
  util::DeterministicRng rng(seed, "ops");
  return make_operators(n, rng);
}

// recovered_key: the group secret rebuilt from the first t shares, as a public key.
G1 recovered_key(const LocalOutcome& out, std::size_t t) {
  std::vector<SecretShare> s;
  for (const auto& [idx, share] : out.shares) {
    if (s.size() < t) s.push_back(SecretShare{share.index, share.value.clone()});
  }
  SecretScalar secret;
  EXPECT_EQ(recover_secret(s, t, secret), ThresholdError::kOk);
  return crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(secret.expose()));
}

void expect_consistent(const LocalOutcome& out, std::size_t t) {
  ASSERT_TRUE(out.ok) << out.failure;
  ASSERT_TRUE(out.result);
  EXPECT_TRUE(crypto::eq(recovered_key(out, t), out.result->pub.coeffs[0]));
  for (const auto& [idx, share] : out.shares) {
    G1 pk = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(share.value.expose()));
    EXPECT_TRUE(crypto::eq(pk, out.result->share_pubkeys[idx - 1])) << "share " << idx;
  }
}

}  // namespace

TEST(Dkg, HonestCeremoniesAgree) {
  for (auto [n, t] : {std::pair<uint32_t, uint32_t>{1, 1}, {4, 3}, {7, 5}}) {
    auto ops = operators(n, n);
    auto out = run_local_dkg({n, t, 42, {}}, ops);
    expect_consistent(out, t);
    EXPECT_EQ(out.result->qual.size(), n);
    EXPECT_EQ(out.shares.size(), n);
    EXPECT_EQ(out.finalizes.size(), n);
  }
}

TEST(Dkg, SameSeedSameKeyDifferentSeedDifferentKey) {
  auto ops = operators(4, 1);
  auto a = run_local_dkg({4, 3, 7, {}}, ops), b = run_local_dkg({4, 3, 7, {}}, ops),
       c = run_local_dkg({4, 3, 8, {}}, ops);
  ASSERT_TRUE(a.ok && b.ok && c.ok);
  EXPECT_TRUE(crypto::eq(a.result->pub.coeffs[0], b.result->pub.coeffs[0]));
  EXPECT_FALSE(crypto::eq(a.result->pub.coeffs[0], c.result->pub.coeffs[0]));
  EXPECT_EQ(a.transcript, b.transcript);
}

TEST(Dkg, EachFaultKindExcludesOnlyTheFaultyDealer) {
  auto ops = operators(7, 2);
  const std::pair<FaultKind, const char*> cases[] = {
      {FaultKind::kBadShare, "revealed"},  // answered the complaint honestly: stays qualified
      {FaultKind::kSilent, "no deal"},
      {FaultKind::kEquivocate, "equivocated"},
      {FaultKind::kBadJustification, "invalid share"},
  };
  for (auto [fault, why] : cases) {
    auto out = run_local_dkg({7, 5, 11, {{3, fault}}}, ops);
    expect_consistent(out, 5);
    if (fault == FaultKind::kBadShare) {
      // A bad share that is corrected by a valid public reveal is not a reason to exclude.
      EXPECT_EQ(out.result->qual.size(), 7u) << to_string(fault);
      continue;
    }
    EXPECT_EQ(out.result->qual.size(), 6u) << to_string(fault);
    ASSERT_TRUE(out.result->disqualified.count(3)) << to_string(fault);
    EXPECT_NE(out.result->disqualified.at(3).find(why), std::string::npos) << out.result->disqualified.at(3);
  }
}

TEST(Dkg, SeveralFaultsUpToNMinusT) {
  auto ops = operators(7, 3);
  auto out = run_local_dkg({7, 5, 12, {{2, FaultKind::kSilent}, {6, FaultKind::kEquivocate}}}, ops);
  expect_consistent(out, 5);
  EXPECT_EQ(out.result->qual, (std::vector<uint32_t>{1, 3, 4, 5, 7}));
}

TEST(Dkg, TooManyFaultsFailCleanlyWithAReason) {
  auto ops = operators(7, 4);
  auto out = run_local_dkg(
      {7, 5, 13, {{6, FaultKind::kSilent}, {7, FaultKind::kSilent}, {3, FaultKind::kBadJustification}}}, ops);
  EXPECT_FALSE(out.ok);
  EXPECT_FALSE(out.result);
  EXPECT_NE(out.failure.find("only 4 dealers qualified, need 5"), std::string::npos) << out.failure;
  EXPECT_NE(out.failure.find("dealer 3: revealed an invalid share"), std::string::npos) << out.failure;
}

class Reshare : public ::testing::Test {
 protected:
  // reshare moves the sharing in `cur` (held by operators cur_members) to new_members with new_t.
  LocalOutcome reshare(LocalOutcome& cur, uint32_t old_t, const std::vector<std::size_t>& cur_members,
                       const std::vector<std::size_t>& new_members, uint32_t new_t, uint64_t seed,
                       std::map<uint32_t, FaultKind> faults = {}) {
    LocalReshareParams p;
    p.old_t = old_t;
    p.new_n = static_cast<uint32_t>(new_members.size());
    p.new_t = new_t;
    p.seed = seed;
    p.old_members = cur_members;
    p.new_members = new_members;
    p.faults = std::move(faults);
    return run_local_reshare(p, ops_, *cur.result, cur.shares);
  }
  std::vector<LocalOperator> ops_ = operators(24, 5);
};

TEST_F(Reshare, SevenOfFiveToTenOfSevenKeepsTheKey) {
  auto dkg = run_local_dkg({7, 5, 21, {}}, ops_);
  ASSERT_TRUE(dkg.ok);
  const G1 key = dkg.result->pub.coeffs[0];
  auto out = reshare(dkg, 5, {0, 1, 2, 3, 4, 5, 6}, {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, 7, 22);
  expect_consistent(out, 7);
  EXPECT_TRUE(crypto::eq(out.result->pub.coeffs[0], key));
  EXPECT_EQ(out.shares.size(), 10u);
  EXPECT_EQ(out.erasures.size(), 7u);  // every old holder signed its erasure
  for (const auto& [idx, s] : dkg.shares) EXPECT_TRUE(s.value.expose().is_zero()) << "old share " << idx;
  // t'−1 new shares do not rebuild the key.
  std::vector<SecretShare> few;
  for (const auto& [idx, share] : out.shares) {
    if (few.size() < 6) few.push_back(SecretShare{share.index, share.value.clone()});
  }
  SecretScalar wrong;
  ASSERT_EQ(recover_secret(few, 6, wrong), ThresholdError::kOk);
  EXPECT_FALSE(crypto::eq(crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(wrong.expose())), key));
}

TEST_F(Reshare, WrongConstantDealerIsExcluded) {
  auto dkg = run_local_dkg({4, 3, 31, {}}, ops_);
  ASSERT_TRUE(dkg.ok);
  auto out = reshare(dkg, 3, {0, 1, 2, 3}, {10, 11, 12, 13}, 3, 32, {{2, FaultKind::kWrongConstant}});
  expect_consistent(out, 3);
  EXPECT_TRUE(crypto::eq(out.result->pub.coeffs[0], dkg.result->pub.coeffs[0]));
  ASSERT_TRUE(out.result->disqualified.count(2));
  EXPECT_NE(out.result->disqualified.at(2).find("constant term"), std::string::npos);
}

TEST_F(Reshare, ChainOfTenResharesKeepsTheKey) {
  auto cur = run_local_dkg({4, 3, 41, {}}, ops_);
  ASSERT_TRUE(cur.ok);
  const G1 key = cur.result->pub.coeffs[0];
  std::vector<std::size_t> members = {0, 1, 2, 3};
  uint32_t t = 3;
  util::DeterministicRng rng(43);
  for (int step = 0; step < 10; ++step) {
    uint32_t n2 = 3 + static_cast<uint32_t>(rng.uniform(5));  // 3..7
    uint32_t t2 = 1 + static_cast<uint32_t>(rng.uniform(n2));
    std::vector<std::size_t> next;
    while (next.size() < n2) {
      std::size_t op = rng.uniform(ops_.size());
      if (std::find(next.begin(), next.end(), op) == next.end()) next.push_back(op);
    }
    auto out = reshare(cur, t, members, next, t2, 100 + static_cast<uint64_t>(step));
    ASSERT_TRUE(out.ok) << "step " << step << ": " << out.failure;
    expect_consistent(out, t2);
    EXPECT_TRUE(crypto::eq(out.result->pub.coeffs[0], key)) << "step " << step;
    cur = std::move(out);
    members = next;
    t = t2;
  }
}

}  // namespace stakepool::threshold

namespace stakepool::threshold {

TEST(Record, VerifiesAndRejectsTampering) {
  util::DeterministicRng rng(9, "ops");
  auto ops = make_operators(7, rng);
  auto out = run_local_dkg({7, 5, 51, {{2, FaultKind::kEquivocate}, {4, FaultKind::kBadShare}}}, ops);
  ASSERT_TRUE(out.ok && out.record);
  EXPECT_TRUE(verify_record(*out.record)) << verify_record(*out.record).error().message;

  auto r1 = *out.record;
  r1.qual.push_back(2);
  EXPECT_FALSE(verify_record(r1));
  auto r2 = *out.record;
  r2.transcript[3].back() ^= 1;  // breaks the hash chain
  EXPECT_NE(verify_record(r2).error().message.find("transcript hash"), std::string::npos);
  auto r3 = *out.record;
  r3.transcript.erase(r3.transcript.begin());  // drop an honest deal, fix the hash
  r3.transcript_hash = transcript_hash_chain(r3.config.session, r3.transcript).back();
  EXPECT_FALSE(verify_record(r3));
  auto r4 = *out.record;
  r4.pub.coeffs[1] = crypto::dbl(r4.pub.coeffs[1]);
  EXPECT_FALSE(verify_record(r4));
}

TEST(Record, ReshareRecordWithErasuresVerifies) {
  util::DeterministicRng rng(10, "ops");
  auto ops = make_operators(8, rng);
  auto dkg = run_local_dkg({4, 3, 61, {}}, ops);
  ASSERT_TRUE(dkg.ok);
  LocalReshareParams p;
  p.old_t = 3;
  p.new_n = 5;
  p.new_t = 4;
  p.seed = 62;
  p.old_members = {0, 1, 2, 3};
  p.new_members = {2, 3, 4, 5, 6};
  auto out = run_local_reshare(p, ops, *dkg.result, dkg.shares);
  ASSERT_TRUE(out.ok && out.record);
  EXPECT_EQ(out.record->erasures.size(), 4u);
  EXPECT_TRUE(verify_record(*out.record)) << verify_record(*out.record).error().message;
}

}  // namespace stakepool::threshold
