// Adversarial ceremonies with random mixes of faults: up to n − t faulty
// dealers the DKG (and the resharing) succeeds, excludes exactly the dealers
// whose fault is provable, and every honest member agrees; beyond that it fails
// with a named reason and no result.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/threshold/local_ceremony.hpp"

namespace stakepool::threshold {
namespace {

constexpr FaultKind kKinds[] = {FaultKind::kBadShare, FaultKind::kSilent, FaultKind::kEquivocate,
                                FaultKind::kBadJustification};

// random_faults: `count` distinct members in 1..n with random fault kinds.
std::map<uint32_t, FaultKind> random_faults(uint32_t n, uint32_t count, util::Rng& rng) {
  std::map<uint32_t, FaultKind> f;
  while (f.size() < count)
    f.emplace(1 + static_cast<uint32_t>(rng.uniform(n)), kKinds[rng.uniform(4)]);
  return f;
}

// expected_qual: which dealers the honest members keep.
//  - silent: excluded (no deal);
//  - equivocate: the driver sends the real deal to odd-numbered members and
//  another, validly
//    signed one to even-numbered members; the dealer's own echo carries the
//    real hash, so it is caught iff some other even-numbered member is not
//    silent;
//  - bad-justification: excluded iff its victim (the first other member: 1, or
//  2 for dealer 1)
//    is not silent and so complains;
//  - bad-share: answers the complaint with a valid public reveal and stays.
std::vector<uint32_t> expected_qual(uint32_t n, const std::map<uint32_t, FaultKind>& faults) {
  auto silent = [&](uint32_t i) { return faults.count(i) && faults.at(i) == FaultKind::kSilent; };
  std::vector<uint32_t> q;
  for (uint32_t d = 1; d <= n; ++d) {
    auto it = faults.find(d);
    bool keep = it == faults.end() || it->second == FaultKind::kBadShare;
    if (it != faults.end() && it->second == FaultKind::kBadJustification)
      keep = silent(d == 1 ? 2 : 1);
    if (it != faults.end() && it->second == FaultKind::kEquivocate) {
      keep = true;
      for (uint32_t i = 2; i <= n; i += 2) keep = keep && (i == d || silent(i));
    }
    if (keep) q.push_back(d);
  }
  return q;
}

std::string describe(const std::map<uint32_t, FaultKind>& f) {
  std::string s;
  for (const auto& [i, k] : f) s += std::to_string(i) + ":" + to_string(k) + " ";
  return s;
}

// check_shares: the honest members' shares match the share public keys and t of
// them rebuild the group key.
void check_shares(const LocalOutcome& out, std::size_t t) {
  for (const auto& [idx, share] : out.shares) {
    const G1 pk = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(share.value.expose()));
    EXPECT_TRUE(crypto::eq(pk, out.result->share_pubkeys[idx - 1])) << "share " << idx;
  }
  std::vector<SecretShare> s;
  for (const auto& [idx, share] : out.shares) {
    if (s.size() < t) s.push_back(SecretShare{share.index, share.value.clone()});
  }
  ASSERT_EQ(s.size(), t);
  SecretScalar secret;
  ASSERT_EQ(recover_secret(s, t, secret), ThresholdError::kOk);
  EXPECT_TRUE(crypto::eq(crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(secret.expose())),
                         out.result->pub.coeffs[0]));
}

}  // namespace

TEST(DkgFaults, RandomMixesUpToNMinusTSucceedAndExcludeExactlyTheProvableOnes) {
  util::DeterministicRng rng(2024, "dkg-fault-mixes");
  auto ops = make_operators(8, rng);
  for (int round = 0; round < 10; ++round) {
    const uint32_t n = 4 + static_cast<uint32_t>(rng.uniform(5));      // 4..8
    const uint32_t t = 2 + static_cast<uint32_t>(rng.uniform(n - 2));  // 2..n-1
    const auto faults = random_faults(n, 1 + static_cast<uint32_t>(rng.uniform(n - t)), rng);
    SCOPED_TRACE("n=" + std::to_string(n) + " t=" + std::to_string(t) + " faults " +
                 describe(faults));
    auto out = run_local_dkg({n, t, 500 + static_cast<uint64_t>(round), faults}, ops);
    ASSERT_TRUE(out.ok) << out.failure;
    EXPECT_EQ(out.result->qual, expected_qual(n, faults));
    for (const auto& [d, why] : out.result->disqualified)
      EXPECT_TRUE(faults.count(d)) << d << ": " << why;
    check_shares(out, t);
    ASSERT_TRUE(out.record);
    EXPECT_TRUE(verify_record(*out.record));
  }
}

TEST(DkgFaults, TooManyFaultsFailCleanlyWithAReason) {
  util::DeterministicRng rng(2025, "dkg-fault-overload");
  auto ops = make_operators(8, rng);
  for (int round = 0; round < 6; ++round) {
    const uint32_t n = 4 + static_cast<uint32_t>(rng.uniform(5));
    const uint32_t t = 2 + static_cast<uint32_t>(rng.uniform(n - 2));
    // n − t + 1 .. n − 1 faulty dealers, drawn until fewer than t would
    // qualify.
    const uint32_t count = n - t + 1 + static_cast<uint32_t>(rng.uniform(t - 1));
    std::map<uint32_t, FaultKind> faults;
    do {
      faults = random_faults(n, count, rng);
    } while (expected_qual(n, faults).size() >= t);
    SCOPED_TRACE("n=" + std::to_string(n) + " t=" + std::to_string(t) + " faults " +
                 describe(faults));
    auto out = run_local_dkg({n, t, 600 + static_cast<uint64_t>(round), faults}, ops);
    EXPECT_FALSE(out.ok);
    EXPECT_FALSE(out.result);
    EXPECT_FALSE(out.record);
    EXPECT_NE(out.failure.find("dealers qualified, need " + std::to_string(t)), std::string::npos)
        << out.failure;
  }
}

TEST(DkgFaults, ReshareWithSeveralFaultyOldHoldersKeepsTheKey) {
  util::DeterministicRng rng(2026, "reshare-fault-mixes");
  auto ops = make_operators(16, rng);
  auto dkg = run_local_dkg({7, 4, 700, {}}, ops);
  ASSERT_TRUE(dkg.ok) << dkg.failure;
  const G1 key = dkg.result->pub.coeffs[0];
  constexpr FaultKind kReshareKinds[] = {FaultKind::kSilent, FaultKind::kEquivocate,
                                         FaultKind::kWrongConstant, FaultKind::kBadShare};
  LocalReshareParams p;
  p.old_t = 4;
  p.new_n = 6;
  p.new_t = 4;
  p.seed = 701;
  for (std::size_t i = 0; i < 7; ++i) p.old_members.push_back(i);
  for (std::size_t k = 0; k < 6; ++k) p.new_members.push_back(9 + k);  // disjoint new committee
  while (p.faults.size() < 3)
    p.faults.emplace(1 + static_cast<uint32_t>(rng.uniform(7)), kReshareKinds[rng.uniform(4)]);
  SCOPED_TRACE("faults " + describe(p.faults));
  auto out = run_local_reshare(p, ops, *dkg.result, dkg.shares);
  ASSERT_TRUE(out.ok) << out.failure;
  EXPECT_TRUE(crypto::eq(out.result->pub.coeffs[0], key));
  for (const auto& [d, kind] : p.faults) {
    EXPECT_EQ(out.result->disqualified.count(d), kind == FaultKind::kBadShare ? 0u : 1u) << d;
  }
  check_shares(out, 4);
}

}  // namespace stakepool::threshold
