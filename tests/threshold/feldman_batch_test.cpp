// Batched Feldman checks (Horner at a small index + one random linear combination), commitments
// parsed without the subgroup check, and the ceremony's exclusion of dealers whose commitments
// leave G1.
#include <gtest/gtest.h>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/record.hpp"

namespace stakepool::threshold {
namespace {

struct Dealings {
  std::vector<std::vector<G1Affine>> polys;
  std::vector<Fr> shares;
};

// dealings: `dealers` random degree t−1 polynomials, each dealer's share for index j.
Dealings dealings(std::size_t dealers, std::size_t t, ShareIndex j, uint64_t seed) {
  util::DeterministicRng rng(seed, "feldman-batch");
  Dealings d;
  for (std::size_t i = 0; i < dealers; ++i) {
    SecretScalar s = random_scalar(rng);
    auto poly = SecretPolynomial::random(s, t, rng);
    auto pub = commit(poly);
    std::vector<G1Affine> a(pub.coeffs.size());
    crypto::batch_to_affine_vartime<crypto::Fp>(pub.coeffs, a);
    d.polys.push_back(a);
    d.shares.push_back(poly.evaluate(j).expose());
  }
  return d;
}

G1Affine order_three_point() {
  G1Affine t;
  t.x = crypto::Fp::zero();
  t.y = crypto::Fp::from_u64(2);
  t.infinity = false;
  return t;
}

std::vector<std::size_t> batch_verify_shares(const std::vector<std::vector<G1Affine>>& polys, ShareIndex j,
                                             std::span<const Fr> shares, util::Rng& rng) {
  std::vector<std::span<const G1Affine>> spans(polys.begin(), polys.end());
  return threshold::batch_verify_shares(spans, j, shares, rng);
}

}  // namespace

TEST(FeldmanBatch, LockstepHornerMatchesOneAtATime) {
  util::DeterministicRng rng(78, "lockstep-horner");
  std::vector<std::vector<G1Affine>> polys;
  for (std::size_t i = 0; i < 60; ++i) {
    SecretScalar s = random_scalar(rng);
    const PublicPolynomial pub = commit(SecretPolynomial::random(s, 1 + i % 7, rng));
    std::vector<G1Affine> a(pub.coeffs.size());
    crypto::batch_to_affine_vartime<crypto::Fp>(pub.coeffs, a);
    polys.push_back(a);
  }
  // Exceptional sums: P + P and P + (-P) inside the steps, infinities, the empty polynomial.
  const G1Affine g = crypto::g1_generator_affine();
  polys.push_back({g, g});
  polys.push_back({crypto::neg(g), g});
  polys.push_back({G1Affine{}, g, G1Affine{}});
  polys.push_back({});
  polys.push_back({order_three_point(), g});
  std::vector<std::span<const G1Affine>> spans(polys.begin(), polys.end());
  for (uint64_t x : {0ull, 1ull, 2ull, 3ull, 7ull, 15ull, 37ull, 64ull, 1000ull}) {
    std::vector<G1Affine> out(spans.size());
    crypto::g1_horner_small_batch_vartime(spans, x, out);
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const G1 want = crypto::g1_horner_small_vartime(spans[i], x);
      EXPECT_TRUE(crypto::eq(crypto::to_jacobian(out[i]), want)) << "x=" << x << " poly " << i;
    }
  }
}

TEST(FeldmanBatch, LockstepSubgroupTestMatchesSingleTests) {
  util::DeterministicRng rng(79, "lockstep-subgroup");
  std::vector<G1Affine> pts;
  for (std::size_t i = 0; i < 70; ++i) {
    SecretScalar s = random_scalar(rng);
    pts.push_back(crypto::to_affine(crypto::g1_mul_generator(crypto::to_scalar(s.expose()))));
  }
  pts.push_back(G1Affine{});
  pts.push_back(pts[0]);  // repeated points
  EXPECT_TRUE(crypto::g1_in_subgroup_batch_vartime(pts));
  EXPECT_TRUE(crypto::g1_in_subgroup_batch_vartime({}));
  // A point with a component of order 3, at the start, middle or end; and the torsion point alone.
  const G1Affine t3 = order_three_point();
  const G1Affine mixed = crypto::to_affine(crypto::add_mixed_vartime(crypto::to_jacobian(pts[5]), t3));
  ASSERT_FALSE(crypto::g1_in_subgroup_vartime(mixed));
  for (std::size_t pos : {std::size_t{0}, std::size_t{35}, pts.size()}) {
    std::vector<G1Affine> bad = pts;
    bad.insert(bad.begin() + static_cast<std::ptrdiff_t>(pos), mixed);
    EXPECT_FALSE(crypto::g1_in_subgroup_batch_vartime(bad)) << pos;
  }
  std::vector<G1Affine> only_torsion = pts;
  only_torsion[10] = t3;
  EXPECT_FALSE(crypto::g1_in_subgroup_batch_vartime(only_torsion));
}

TEST(SharePubkeys, DifferencesAgreeWithHornerAndShares) {
  // (t, n) pairs on both sides of the switch to forward differences, t = 1 and n < t included.
  const std::pair<std::size_t, std::size_t> cases[] = {{1, 5}, {2, 9}, {3, 3}, {4, 2}, {5, 7},
                                                       {11, 16}, {5, 40}, {43, 64}};
  util::DeterministicRng rng(77, "share-pubkeys");
  for (auto [t, n] : cases) {
    SecretScalar s = random_scalar(rng);
    auto poly = SecretPolynomial::random(s, t, rng);
    const PublicPolynomial pub = commit(poly);
    const std::vector<G1> pks = share_pubkeys_vartime(pub, n);
    ASSERT_EQ(pks.size(), n);
    for (std::size_t j = 1; j <= n; ++j) {
      const ShareIndex idx = *ShareIndex::make(static_cast<uint32_t>(j));
      EXPECT_TRUE(crypto::eq(pks[j - 1], evaluate_vartime(pub, idx))) << "t=" << t << " j=" << j;
      const G1 want = crypto::g1_mul_generator(crypto::to_scalar(poly.evaluate(idx).expose()));
      EXPECT_TRUE(crypto::eq(pks[j - 1], want)) << "t=" << t << " j=" << j;
    }
  }
}

// Many polynomials' share public keys (lockstep forward differences from 4 polynomials on) agree
// with Horner evaluation, including exceptional sums (equal, opposite and identity coefficients)
// and points outside G1.
TEST(SharePubkeys, ManyPolynomialsInLockstepAgreeWithHorner) {
  util::DeterministicRng rng(78, "share-pubkeys-many");
  const G1 t3 = crypto::to_jacobian(order_three_point());
  for (std::size_t t : {1u, 2u, 5u, 11u}) {
    for (std::size_t count : {1u, 3u, 4u, 9u}) {
      std::vector<PublicPolynomial> pubs;
      for (std::size_t m = 0; m < count; ++m) {
        SecretScalar s = random_scalar(rng);
        pubs.push_back(commit(SecretPolynomial::random(s, t, rng)));
      }
      if (count >= 4 && t >= 2) {
        pubs[0].coeffs.assign(t, pubs[0].coeffs[0]);                   // all equal: doublings
        pubs[1].coeffs[1] = crypto::neg(pubs[1].coeffs[0]);            // F(x) = C0 (1 − x) + ...
        pubs[2].coeffs[t - 1] = crypto::identity<crypto::Fp>();         // identity coefficient
        pubs[3].coeffs[0] = crypto::add_vartime(pubs[3].coeffs[0], t3);  // outside G1
      }
      const std::size_t n = 2 * t + 3;
      const auto pks = share_pubkeys_vartime(std::span<const PublicPolynomial>(pubs), n);
      ASSERT_EQ(pks.size(), count);
      for (std::size_t m = 0; m < count; ++m) {
        ASSERT_EQ(pks[m].size(), n);
        for (std::size_t j = 1; j <= n; ++j) {
          const ShareIndex idx = *ShareIndex::make(static_cast<uint32_t>(j));
          EXPECT_TRUE(crypto::eq(pks[m][j - 1], evaluate_vartime(pubs[m], idx)))
              << "t=" << t << " count=" << count << " m=" << m << " j=" << j;
        }
      }
    }
  }
}

TEST(FeldmanBatch, LockstepSmallMultipliersAndSumsMatchOneAtATime) {
  util::DeterministicRng rng(79, "mul-small-each");
  std::vector<G1Affine> pts;
  std::vector<uint64_t> vs = {0, 1, 2, 3, 42, 63, 64, 1000, 7, 5, 1, 2};
  for (std::size_t i = 0; i < vs.size(); ++i) {
    SecretScalar s = random_scalar(rng);
    pts.push_back(crypto::to_affine(crypto::g1_mul_generator(crypto::to_scalar(s.expose()))));
  }
  pts[9] = order_three_point();
  pts[10] = G1Affine{};  // infinity
  std::vector<G1Affine> got = pts;
  crypto::g1_mul_small_each_batch_vartime(got, vs);
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const G1 want = crypto::g1_mul_small_vartime(crypto::to_jacobian(pts[i]), vs[i]);
    EXPECT_TRUE(crypto::eq(crypto::to_jacobian(got[i]), want)) << i;
  }
  // Sums: generic, P + P, P + (−P), with infinity on either side.
  std::vector<G1Affine> a = {pts[0], pts[1], pts[2], pts[10], pts[3]};
  const std::vector<G1Affine> b = {pts[4], pts[1], crypto::neg(pts[2]), pts[5], pts[10]};
  std::vector<G1Affine> sum = a;
  crypto::g1_add_batch_vartime(sum, b);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const G1 want = crypto::add_vartime(crypto::to_jacobian(a[i]), crypto::to_jacobian(b[i]));
    EXPECT_TRUE(crypto::eq(crypto::to_jacobian(sum[i]), want)) << i;
  }
}

// Column sums of many rows (the joint polynomial of many dealers) in a lockstep tree equal the
// sums one point at a time, for odd and even row counts, with equal, opposite and infinite points
// and a point outside G1.
TEST(FeldmanBatch, LockstepColumnSumsMatchOneAtATime) {
  util::DeterministicRng rng(80, "column-sums");
  const std::size_t cols = 5;
  for (std::size_t r : {0u, 1u, 2u, 3u, 7u, 64u}) {
    std::vector<std::vector<G1Affine>> rows(r, std::vector<G1Affine>(cols));
    for (auto& row : rows) {
      for (auto& p : row) {
        SecretScalar s = random_scalar(rng);
        p = crypto::to_affine(crypto::g1_mul_generator(crypto::to_scalar(s.expose())));
      }
    }
    if (r >= 3) {
      rows[1][0] = rows[0][0];                  // P + P somewhere in the tree
      rows[r - 1][1] = crypto::neg(rows[0][1]);  // P + (−P)
      rows[2][2] = G1Affine{};                  // infinity
      rows[0][3] = order_three_point();         // outside G1
    }
    const std::vector<std::span<const G1Affine>> spans(rows.begin(), rows.end());
    std::vector<G1Affine> got(cols);
    crypto::g1_sum_batch_vartime(spans, got);
    for (std::size_t c = 0; c < cols; ++c) {
      G1 want = crypto::identity<crypto::Fp>();
      for (const auto& row : rows) want = crypto::add_vartime(want, crypto::to_jacobian(row[c]));
      EXPECT_TRUE(crypto::eq(crypto::to_jacobian(got[c]), want)) << "rows " << r << " column " << c;
    }
  }
}

TEST(FeldmanBatch, HornerAtSmallIndexMatchesTheScalarDefinition) {
  const ShareIndex j = *ShareIndex::make(37);
  auto d = dealings(1, 9, j, 1);
  G1 want = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(d.shares[0]));
  EXPECT_TRUE(crypto::eq(crypto::g1_horner_small_vartime(d.polys[0], 37), want));
  EXPECT_TRUE(crypto::is_identity(crypto::g1_horner_small_vartime({}, 5)));
  G1 p = crypto::g1_generator();
  EXPECT_TRUE(crypto::eq(crypto::g1_mul_small_vartime(p, 1000),
                         crypto::g1_mul_vartime(p, crypto::Scalar{1000, 0, 0, 0})));
  EXPECT_TRUE(crypto::is_identity(crypto::g1_mul_small_vartime(p, 0)));
  // Every small multiplier (NAF digits, carries), and long runs of ones at the top of 64 bits.
  G1 step = crypto::identity<crypto::Fp>();
  for (uint64_t v = 1; v <= 300; ++v) {
    step = crypto::add_vartime(step, p);
    EXPECT_TRUE(crypto::eq(crypto::g1_mul_small_vartime(p, v), step)) << v;
  }
  for (uint64_t v : {~0ull, 0xaaaaaaaaaaaaaaaaull, 0x5555555555555555ull, 0xbfffffffffffffffull}) {
    EXPECT_TRUE(crypto::eq(crypto::g1_mul_small_vartime(p, v), crypto::g1_mul_vartime(p, crypto::Scalar{v, 0, 0, 0})))
        << v;
  }
}

TEST(FeldmanBatch, AllGoodSharesPassAndOneBadShareIsAttributedToItsDealer) {
  const ShareIndex j = *ShareIndex::make(11);
  // 24 dealings are evaluated in lockstep, 10 one at a time (below the lockstep threshold).
  for (std::size_t count : {std::size_t{24}, std::size_t{10}}) {
    auto d = dealings(count, 7, j, 2);
    util::DeterministicRng rng(3, "weights");
    EXPECT_TRUE(batch_verify_shares(d.polys, j, d.shares, rng).empty());
    for (std::size_t bad : {std::size_t{0}, count / 2 + 1, count - 1}) {
      auto shares = d.shares;
      shares[bad] = shares[bad] + Fr::one();
      EXPECT_EQ(batch_verify_shares(d.polys, j, shares, rng), std::vector<std::size_t>{bad}) << count;
    }
    auto shares = d.shares;
    shares[4] = shares[4] + Fr::one();
    shares[count - 3] = Fr::zero();
    EXPECT_EQ(batch_verify_shares(d.polys, j, shares, rng), (std::vector<std::size_t>{4, count - 3})) << count;
    // A wrong commitment (not the share) is caught the same way.
    auto polys = d.polys;
    polys[6][2] = crypto::to_affine(crypto::dbl(crypto::to_jacobian(polys[6][2])));
    EXPECT_EQ(batch_verify_shares(polys, j, d.shares, rng), std::vector<std::size_t>{6}) << count;
  }
}

TEST(FeldmanBatch, WeightsComeFromTheInjectedRng) {
  const ShareIndex j = *ShareIndex::make(3);
  auto d = dealings(5, 4, j, 4);
  d.shares[2] = d.shares[2] + Fr::one();
  util::DeterministicRng a(9, "w"), b(9, "w");
  EXPECT_EQ(batch_verify_shares(d.polys, j, d.shares, a), batch_verify_shares(d.polys, j, d.shares, b));
  EXPECT_EQ(a.next_u64(), b.next_u64());  // same number of draws
}

TEST(FeldmanBatch, WireCommitmentsSkipOnlyTheSubgroupCheck) {
  const G1Affine g = crypto::g1_generator_affine();
  auto back = g1_from_wire(g1_to_wire(g));
  ASSERT_TRUE(back);
  EXPECT_TRUE(crypto::eq(*back, g));
  const G1Affine t = order_three_point();
  ASSERT_TRUE(crypto::is_on_curve(t));
  auto tb = g1_from_wire(g1_to_wire(t));
  ASSERT_TRUE(tb);  // on the curve, accepted by the parser ...
  PublicPolynomial pub{{crypto::g1_generator(), crypto::to_jacobian(*tb)}};
  EXPECT_FALSE(in_subgroup_vartime(pub));  // ... but never published
  G1Wire off = g1_to_wire(g);
  off[95] ^= 1;  // y changed: off the curve
  EXPECT_FALSE(g1_from_wire(off));
  EXPECT_FALSE(g1_from_wire(g1_to_wire(G1Affine{})));  // identity refused
  G1Wire flagged = g1_to_wire(g);
  flagged[0] |= 0x80;  // compressed flag in an uncompressed encoding
  EXPECT_FALSE(g1_from_wire(flagged));
}

TEST(FeldmanBatch, DealerWithCommitmentsOutsideG1IsExcludedAndTheRecordVerifies) {
  util::DeterministicRng orng(5, "ops");
  auto ops = make_operators(7, orng);
  auto out = run_local_dkg({7, 5, 11, {{3, FaultKind::kTorsion}}}, ops);
  ASSERT_TRUE(out.ok) << out.failure;
  EXPECT_EQ(out.result->qual, (std::vector<uint32_t>{1, 2, 4, 5, 6, 7}));
  EXPECT_EQ(out.result->disqualified.at(3), "commitment is not in the G1 subgroup");
  EXPECT_TRUE(in_subgroup_vartime(out.result->pub));
  ASSERT_TRUE(out.record);
  EXPECT_TRUE(verify_record(*out.record)) << "replay must reach the same QUAL";
  for (const auto& [idx, share] : out.shares) {
    G1 pk = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(share.value.expose()));
    EXPECT_TRUE(crypto::eq(pk, out.result->share_pubkeys[idx - 1])) << "share " << idx;
  }
}

// expect_torsion_dealer_excluded: a multi-key DKG among 5 (threshold 4) with dealer 3 adding
// order-3 points to its commitments excludes dealer 3, its record replays to the same QUAL, and
// every key is in G1 with shares matching their public keys.
void expect_torsion_dealer_excluded(uint64_t ops_seed, uint32_t keys_count, uint64_t seed) {
  util::DeterministicRng orng(ops_seed, "ops");
  auto ops = make_operators(5, orng);
  auto out = run_local_dkg_multi(5, 4, keys_count, seed, {{3, FaultKind::kTorsion}}, ops);
  ASSERT_TRUE(out.ok) << out.failure;
  EXPECT_EQ(out.result->qual, (std::vector<uint32_t>{1, 2, 4, 5}));
  EXPECT_EQ(out.result->disqualified.at(3), "commitment is not in the G1 subgroup");
  ASSERT_TRUE(out.record);
  EXPECT_TRUE(verify_record(*out.record)) << "the replay (exact test) reaches the same QUAL";
  auto keys = take_keys(out);
  ASSERT_EQ(keys.size(), keys_count);
  for (const LocalKey& k : keys) {
    EXPECT_TRUE(in_subgroup_vartime(k.pub));
    for (const auto& [idx, share] : k.shares) {
      const G1 pk = crypto::g1_mul_generator(crypto::to_scalar(share.value.expose()));
      EXPECT_TRUE(crypto::eq(pk, k.share_pubkeys[idx - 1])) << "share " << idx;
    }
  }
}

TEST(FeldmanBatch, MultiSecretTorsionDealerIsExcludedOnTheLockstepPaths) {
  // K·t = 52 joint coefficients and K·n = 65 dealings per member: the lockstep subgroup test and
  // the lockstep Horner evaluations are the ones used.
  expect_torsion_dealer_excluded(7, 13, 21);
}

TEST(FeldmanBatch, MultiSecretTorsionDealerIsExcludedOnTheRandomisedPath) {
  // K·t = 160 joint coefficients: the random-subset subgroup test (crypto::kSubgroupRandomMin).
  expect_torsion_dealer_excluded(8, 40, 22);
}

TEST(FeldmanBatch, RandomisedSubgroupTestOfManyPolynomials) {
  util::DeterministicRng rng(80, "subgroup-many");
  std::vector<PublicPolynomial> pubs;
  for (std::size_t m = 0; m < 40; ++m) {
    SecretScalar s = random_scalar(rng);
    pubs.push_back(commit(SecretPolynomial::random(s, 4, rng)));
  }
  EXPECT_TRUE(in_subgroup_vartime(pubs, rng));
  const G1 t3 = crypto::to_jacobian(order_three_point());
  for (std::size_t m : {0u, 17u, 39u}) {
    std::vector<PublicPolynomial> bad = pubs;
    bad[m].coeffs[m % 4] = crypto::add_vartime(bad[m].coeffs[m % 4], t3);
    EXPECT_FALSE(in_subgroup_vartime(bad, rng)) << m;
  }
}

TEST(FeldmanBatch, TooManyDealersOutsideG1FailCleanly) {
  util::DeterministicRng orng(6, "ops");
  auto ops = make_operators(5, orng);
  auto out = run_local_dkg({5, 4, 12, {{1, FaultKind::kTorsion}, {2, FaultKind::kTorsion}}}, ops);
  EXPECT_FALSE(out.ok);
  EXPECT_NE(out.failure.find("G1 subgroup"), std::string::npos) << out.failure;
  EXPECT_FALSE(out.record);
}

}  // namespace stakepool::threshold

namespace stakepool::threshold {

TEST(MultiDkg, DealsKIndependentKeysEachRecoverableAndConsistent) {
  util::DeterministicRng orng(7, "ops");
  auto ops = make_operators(5, orng);
  auto out = run_local_dkg_multi(5, 3, 6, 21, {}, ops);
  ASSERT_TRUE(out.ok) << out.failure;
  ASSERT_TRUE(out.record);
  EXPECT_TRUE(verify_record(*out.record));
  auto keys = take_keys(out);
  ASSERT_EQ(keys.size(), 6u);
  std::vector<G1> group_keys;
  for (const LocalKey& k : keys) {
    ASSERT_EQ(k.shares.size(), 5u);
    ASSERT_EQ(k.share_pubkeys.size(), 5u);
    EXPECT_TRUE(in_subgroup_vartime(k.pub));
    for (const auto& [idx, s] : k.shares) {
      G1 pk = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(s.value.expose()));
      EXPECT_TRUE(crypto::eq(pk, k.share_pubkeys[idx - 1]));
    }
    std::vector<SecretShare> three;
    for (uint32_t i : {2u, 4u, 5u}) three.push_back(SecretShare{k.shares.at(i).index, k.shares.at(i).value.clone()});
    SecretScalar secret;
    ASSERT_EQ(recover_secret(three, 3, secret), ThresholdError::kOk);
    EXPECT_TRUE(crypto::eq(crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(secret.expose())),
                           k.pub.coeffs[0]));
    for (const G1& other : group_keys) EXPECT_FALSE(crypto::eq(other, k.pub.coeffs[0]));
    group_keys.push_back(k.pub.coeffs[0]);
  }
  // Independence: no key is the sum or difference of two others (a linear derivation would be).
  for (std::size_t a = 0; a < group_keys.size(); ++a) {
    for (std::size_t b = a + 1; b < group_keys.size(); ++b) {
      const G1 sum = crypto::add_vartime(group_keys[a], group_keys[b]);
      const G1 diff = crypto::add_vartime(group_keys[a], crypto::neg(group_keys[b]));
      for (const G1& c : group_keys) EXPECT_FALSE(crypto::eq(c, sum) || crypto::eq(c, diff));
    }
  }
}

TEST(MultiDkg, ABadShareInOneSecretExcludesOnlyThatDealerFromEveryKey) {
  util::DeterministicRng orng(8, "ops");
  auto ops = make_operators(7, orng);
  for (FaultKind f : {FaultKind::kBadJustification, FaultKind::kEquivocate, FaultKind::kSilent,
                      FaultKind::kTorsion}) {
    auto out = run_local_dkg_multi(7, 4, 3, 22, {{2, f}}, ops);
    ASSERT_TRUE(out.ok) << to_string(f) << ": " << out.failure;
    EXPECT_EQ(out.result->qual, (std::vector<uint32_t>{1, 3, 4, 5, 6, 7})) << to_string(f);
    auto keys = take_keys(out);
    ASSERT_EQ(keys.size(), 3u);
    for (const LocalKey& k : keys) EXPECT_EQ(k.shares.size(), 6u);
  }
  auto out = run_local_dkg_multi(7, 4, 3, 23, {{2, FaultKind::kBadShare}}, ops);  // answered in public
  ASSERT_TRUE(out.ok) << out.failure;
  EXPECT_EQ(out.result->qual.size(), 7u);
}

TEST(MultiDkg, SameSeedSameKeysAndOneSecretEqualsThePlainDkg) {
  util::DeterministicRng orng(9, "ops");
  auto ops = make_operators(4, orng);
  auto a = run_local_dkg_multi(4, 3, 2, 5, {}, ops), b = run_local_dkg_multi(4, 3, 2, 5, {}, ops);
  ASSERT_TRUE(a.ok && b.ok);
  EXPECT_EQ(a.result->result_hash, b.result->result_hash);
  auto one = run_local_dkg_multi(4, 3, 1, 5, {}, ops), plain = run_local_dkg({4, 3, 5, {}}, ops);
  ASSERT_TRUE(one.ok && plain.ok);
  EXPECT_EQ(one.result->result_hash, plain.result->result_hash);
  EXPECT_TRUE(one.result->more.empty());
}

}  // namespace stakepool::threshold
