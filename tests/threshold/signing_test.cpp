// Threshold signing: partial verification (batched, bisection), combination,
// and the properties that the combined signature does not depend on which t
// partials are used and that t−1 shares neither recover the secret nor sign for
// the group key.
#include "stakepool/threshold/signing.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>

#include "stakepool/crypto/curve.hpp"

namespace stakepool::threshold {
namespace {

// Sharing: a random t-of-n sharing, share public keys, group key and every
// share's partial on msg.
struct Sharing {
  SecretScalar secret;
  std::vector<SecretShare> shares;
  std::vector<SharePublicKey> keys;
  bls::PublicKey group = pk_of(Fr::one());
  std::vector<Partial> partials;
  std::array<uint8_t, 32> msg{};

  static bls::PublicKey pk_of(const Fr& x) {
    const crypto::G1 p = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(x));
    return *bls::PublicKey::from_point_unchecked_subgroup(crypto::to_affine(p));
  }

  Sharing(std::size_t t, std::size_t n, util::Rng& rng) : secret(random_scalar(rng)) {
    shares = SecretPolynomial::random(secret, t, rng).share_all(n);
    group = pk_of(secret.expose());
    rng.fill(msg);
    for (const auto& s : shares) {
      keys.push_back({s.index, pk_of(s.value.expose())});
      partials.push_back({s.index, *partial_sign(s, msg)});
    }
  }
};

std::vector<std::size_t> shuffled(std::size_t n, util::Rng& rng) {
  std::vector<std::size_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  for (std::size_t i = n; i > 1; --i) std::swap(v[i - 1], v[rng.uniform(i)]);
  return v;
}

std::vector<Partial> pick(const std::vector<Partial>& all, const std::vector<std::size_t>& pos,
                          std::size_t k) {
  std::vector<Partial> out;
  for (std::size_t i = 0; i < k; ++i) out.push_back(all[pos[i]]);
  return out;
}

}  // namespace

RC_GTEST_PROP(SigningProp, CombinationIsIndependentOfTheSubset, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 9);
  const auto t = *rc::gen::inRange<std::size_t>(1, n + 1);
  util::DeterministicRng rng(*rc::gen::arbitrary<uint64_t>());
  Sharing s(t, n, rng);
  const auto a = pick(s.partials, shuffled(n, rng), t), b = pick(s.partials, shuffled(n, rng), t);
  bls::Signature sa = bls::Signature::from_point_unchecked_subgroup({}), sb = sa;
  RC_ASSERT(combine(a, t, sa) == ThresholdError::kOk);
  RC_ASSERT(combine(b, t, sb) == ThresholdError::kOk);
  RC_ASSERT(sa.to_bytes() == sb.to_bytes());
  RC_ASSERT(bls::verify(s.group, s.msg, sa));
}

RC_GTEST_PROP(SigningProp, BelowThresholdNeitherRecoversNorSigns, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(2, 9);
  const auto t = *rc::gen::inRange<std::size_t>(2, n + 1);
  util::DeterministicRng rng(*rc::gen::arbitrary<uint64_t>());
  Sharing s(t, n, rng);
  const auto pos = shuffled(n, rng);
  std::vector<SecretShare> few;
  for (std::size_t i = 0; i + 1 < t; ++i)
    few.push_back({s.shares[pos[i]].index, s.shares[pos[i]].value.clone()});
  SecretScalar got;
  RC_ASSERT(recover_secret(few, t - 1, got) == ThresholdError::kOk);
  RC_ASSERT(!(got.expose() == s.secret.expose()));
  SecretScalar none;
  RC_ASSERT(recover_secret(few, t, none) == ThresholdError::kTooFewShares);
  bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
  RC_ASSERT(combine(pick(s.partials, pos, t - 1), t - 1, sig) == ThresholdError::kOk);
  RC_ASSERT(!bls::verify(s.group, s.msg, sig));
}

RC_GTEST_PROP(SigningProp, BisectionFindsExactlyTheBadPartials, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(1, 13);
  util::DeterministicRng rng(*rc::gen::arbitrary<uint64_t>());
  const std::size_t t = 1 + rng.uniform(n);
  Sharing s(t, n, rng);
  std::vector<ShareIndex> want;
  const std::vector<Partial> orig = s.partials;
  for (std::size_t i = 0; i < n; ++i) {
    if (!rng.bernoulli(1, 4)) continue;
    // Corrupt: the partial of another share (all shares are equal when t = 1),
    // or of this share over another message.
    const std::size_t other = (i + 1) % n;
    s.partials[i].sig = other != i && t > 1 ? orig[other].sig
                                            : *partial_sign(s.shares[i], std::array<uint8_t, 1>{7});
    want.push_back(s.partials[i].index);
  }
  RC_ASSERT(find_invalid_partials(s.partials, s.keys, s.msg, rng) == want);
}

TEST(Signing, CombineVerifiedDropsBadPartialsAndNamesFailures) {
  util::DeterministicRng rng(5);
  Sharing s(3, 5, rng);
  bls::Signature out = bls::Signature::from_point_unchecked_subgroup({});
  s.partials[1].sig = s.partials[2].sig;  // index 2 now carries index 3's partial
  EXPECT_EQ(combine_verified(s.partials, s.keys, s.group, s.msg, 3, rng, out), ThresholdError::kOk);
  EXPECT_TRUE(bls::verify(s.group, s.msg, out));
  s.partials[3].sig = s.partials[2].sig;
  s.partials[4].sig = s.partials[2].sig;
  EXPECT_EQ(combine_verified(s.partials, s.keys, s.group, s.msg, 3, rng, out),
            ThresholdError::kTooFewShares);
  Sharing other(3, 5, rng);
  EXPECT_EQ(combine_verified(other.partials, other.keys, s.group, other.msg, 3, rng, out),
            ThresholdError::kWrongGroupKey);
  std::vector<Partial> dup = {other.partials[0], other.partials[0], other.partials[1]};
  EXPECT_EQ(combine_verified(dup, other.keys, other.group, other.msg, 3, rng, out),
            ThresholdError::kDuplicateIndex);
  // A partial whose index has no share public key is invalid.
  std::vector<SharePublicKey> some(other.keys.begin(), other.keys.begin() + 2);
  EXPECT_EQ(find_invalid_partials(other.partials, some, other.msg, rng),
            (std::vector<ShareIndex>{other.partials[2].index, other.partials[3].index,
                                     other.partials[4].index}));
}

}  // namespace stakepool::threshold
