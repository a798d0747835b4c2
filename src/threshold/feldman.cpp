#include "stakepool/threshold/feldman.hpp"

#include <algorithm>
#include <array>

#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/g1_subgroup_random.hpp"
#include "stakepool/crypto/isa.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/util/check.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::threshold {
namespace {

using crypto::Scalar;

// From this many polynomials on, lockstep batch-affine Horner evaluation beats one-at-a-time
// Jacobian arithmetic (one shared inversion per step); measured: 16 polynomials of 11 or 43
// coefficients ~20% faster in lockstep, 8 about even.
constexpr std::size_t kLockstepMin = 12;
// From this many points on, the lockstep subgroup test beats single tests (measured: even at 32,
// ~7% faster at 43).
constexpr std::size_t kSubgroupLockstepMin = 36;

// Batch-verification weights have 64 bits (63 random, the lowest set): a batch with a bad share
// passes with probability <= 2^-63, the soundness blst and Ethereum clients accept for batched
// signature checks, and the weighted MSM is half as long as with 128-bit weights.
constexpr int kWeightBits = 64;

// random_weight: a random odd kWeightBits-bit batch weight, as a scalar and as an element of Fr.
Scalar random_weight(util::Rng& rng, Fr& as_fr) {
  std::array<uint8_t, 32> be{};
  rng.fill(std::span<uint8_t>(be.data() + 32 - kWeightBits / 8, kWeightBits / 8));
  be[31] |= 1;  // never zero
  SP_CHECK(Fr::from_bytes_be(as_fr, be));
  return crypto::to_scalar(as_fr);
}

}  // namespace

PublicPolynomial commit(const SecretPolynomial& poly) {
  PublicPolynomial pub;
  for (const G1Affine& c : commit_affine(std::span<const SecretPolynomial>(&poly, 1))) {
    pub.coeffs.push_back(crypto::to_jacobian(c));
  }
  return pub;
}

std::vector<G1Affine> commit_affine(std::span<const SecretPolynomial> polys) {
  std::vector<Scalar> ks;
  for (const SecretPolynomial& p : polys) {
    for (std::size_t k = 0; k < p.threshold(); ++k) ks.push_back(crypto::to_scalar(p.coefficient(k).expose()));
  }
  std::vector<G1Affine> out(ks.size());
  crypto::g1_mul_generator_batch(ks, out);
  util::secure_zero(ks.data(), ks.size() * sizeof(Scalar));
  return out;
}

G1 evaluate_vartime(const PublicPolynomial& pub, ShareIndex j) {
  G1 acc = crypto::identity<crypto::Fp>();
  for (std::size_t k = pub.coeffs.size(); k-- > 0;) {
    acc = crypto::add_vartime(crypto::g1_mul_small_vartime(acc, j.value()), pub.coeffs[k]);
  }
  return acc;
}

bool verify_share(const PublicPolynomial& pub, ShareIndex index, const Fr& share) {
  G1 lhs = crypto::g1_mul_generator(crypto::to_scalar(share));
  return crypto::eq(lhs, evaluate_vartime(pub, index));
}

PublicPolynomial sum_vartime(std::span<const PublicPolynomial> polys, std::span<const Fr> weights) {
  SP_CHECK(!polys.empty());
  SP_CHECK(weights.empty() || weights.size() == polys.size());
  const std::size_t t = polys[0].threshold();
  for (const PublicPolynomial& p : polys) SP_CHECK(p.threshold() == t);
  PublicPolynomial out;
  out.coeffs.assign(t, crypto::identity<crypto::Fp>());
  if (weights.empty()) {
    for (const PublicPolynomial& p : polys) {
      for (std::size_t k = 0; k < t; ++k) out.coeffs[k] = crypto::add_vartime(out.coeffs[k], p.coeffs[k]);
    }
    return out;
  }
  // Weighted: coefficient k is the MSM Σ_i w_i·C_i,k (the weights are shared by every k).
  std::vector<Scalar> ks;
  for (const Fr& w : weights) ks.push_back(crypto::to_scalar(w));
  std::vector<G1> column(polys.size());
  std::vector<G1Affine> affine(polys.size());
  for (std::size_t k = 0; k < t; ++k) {
    for (std::size_t i = 0; i < polys.size(); ++i) column[i] = polys[i].coeffs[k];
    crypto::batch_to_affine_vartime<crypto::Fp>(column, affine);
    out.coeffs[k] = crypto::msm_vartime(affine, ks);
  }
  return out;
}

namespace {

// forward_differences returns Δ^k F(0), k = 0..t−1, for F(x) = Σ_k C_k x^k, from the coefficients
// with small integer multiplications only: Horner's rule in the falling-factorial (Newton) basis.
// With P = Σ_k b_k x^(k) (x^(k) = x(x−1)…(x−k+1)), x·x^(k) = x^(k+1) + k·x^(k), so a Horner step
// P <- x·P + C_i maps a_k = k!·b_k = Δ^k P(0) to k·(a_k + a_(k−1)) and sets a_0 = C_i:
// t(t−1)/2 additions and multiplications by k < t, no evaluation at large indices.
std::vector<G1> forward_differences(const PublicPolynomial& pub) {
  const std::size_t t = pub.coeffs.size();
  std::vector<G1> a(t, crypto::identity<crypto::Fp>());
  for (std::size_t i = t; i-- > 0;) {
    const std::size_t deg = t - 1 - i;  // degree of P after this step
    for (std::size_t k = deg; k >= 1; --k) {
      a[k] = crypto::g1_mul_small_vartime(crypto::add_vartime(a[k], a[k - 1]), k);
    }
    a[0] = pub.coeffs[i];
  }
  return a;
}

// From this many polynomials on, their forward differences Δ^k F(0) are computed in lockstep
// (batch-affine); below, one polynomial at a time in Jacobian coordinates (few points per step
// would leave each lockstep inversion shared by too few points).
constexpr std::size_t kLockstepDifferences = 4;

// forward_differences_batch: forward_differences of every polynomial (all of threshold t), affine,
// polynomial-major (entry m·t + k is Δ^k F_m(0)), all Newton-basis Horner steps in lockstep: the
// sums a_k + a_(k−1) of all polynomials share one inversion, the multiplications by k likewise.
std::vector<G1Affine> forward_differences_batch(std::span<const PublicPolynomial> pubs, std::size_t t) {
  const std::size_t count = pubs.size();
  std::vector<G1Affine> a(count * t);
  std::vector<G1Affine> coeffs(count * t);
  for (std::size_t m = 0; m < count; ++m) {
    crypto::batch_to_affine_vartime<crypto::Fp>(pubs[m].coeffs, std::span<G1Affine>(coeffs).subspan(m * t, t));
  }
  std::vector<G1Affine> sum, prev;
  std::vector<uint64_t> mult;
  for (std::size_t i = t; i-- > 0;) {
    const std::size_t deg = t - 1 - i;
    sum.clear();
    prev.clear();
    mult.clear();
    for (std::size_t m = 0; m < count; ++m) {
      for (std::size_t k = 1; k <= deg; ++k) {
        sum.push_back(a[m * t + k]);
        prev.push_back(a[m * t + k - 1]);
        mult.push_back(k);
      }
    }
    if (!sum.empty()) {
      crypto::g1_add_batch_vartime(sum, prev);
      crypto::g1_mul_small_each_batch_vartime(sum, mult);
    }
    for (std::size_t m = 0, pos = 0; m < count; ++m) {
      for (std::size_t k = 1; k <= deg; ++k) a[m * t + k] = sum[pos++];
      a[m * t] = coeffs[m * t + i];
    }
  }
  return a;
}

}  // namespace

std::vector<G1> share_pubkeys_vartime(const PublicPolynomial& pub, std::size_t n) {
  return std::move(share_pubkeys_vartime(std::span<const PublicPolynomial>(&pub, 1), n)[0]);
}

std::vector<std::vector<G1>> share_pubkeys_vartime(std::span<const PublicPolynomial> pubs, std::size_t n) {
  std::vector<std::vector<G1>> out(pubs.size());
  if (pubs.empty()) return out;
  const std::size_t t = pubs[0].coeffs.size();
  for (const PublicPolynomial& p : pubs) SP_CHECK(p.coeffs.size() == t);
  if (t == 0) {
    for (auto& o : out) o.assign(n, crypto::identity<crypto::Fp>());
    return out;
  }
  if (pubs.size() < kLockstepDifferences && crypto::ifma_usable()) {
    // Few polynomials: forward differences of each on eight IFMA lanes (g1_small.hpp), about
    // twice as fast as the Jacobian code below (n = 64, t = 43). Many polynomials share the
    // lockstep inversions below instead.
    std::vector<G1Affine> coeffs(t);
    for (std::size_t m = 0; m < pubs.size(); ++m) {
      crypto::batch_to_affine_vartime<crypto::Fp>(pubs[m].coeffs, coeffs);
      out[m].resize(n);
      crypto::g1_eval_consecutive_vartime(coeffs, out[m]);
    }
    return out;
  }
  std::vector<G1Affine> d;  // d[m·t + k] = Δ^k F_m(0)
  if (pubs.size() >= kLockstepDifferences) {
    d = forward_differences_batch(pubs, t);
  } else {
    std::vector<G1> jac;
    for (const PublicPolynomial& p : pubs) {
      std::vector<G1> f = forward_differences(p);
      jac.insert(jac.end(), f.begin(), f.end());
    }
    d.resize(jac.size());
    crypto::batch_to_affine_vartime<crypto::Fp>(jac, d);
  }
  // D_k(x) = Δ^k F(x), stepped from x = 0: D_k(x+1) = D_k(x) + D_(k+1)(x); at each index the
  // additions of every polynomial are independent and share one inversion. F(n) = D_0(n) needs
  // D_k only up to x = n − k, so step j updates D_k for k <= n − j alone (a third fewer
  // additions for n = 64, t = 43).
  std::vector<G1Affine> lo, hi;
  for (auto& o : out) o.reserve(n);
  for (std::size_t j = 1; j <= n; ++j) {
    const std::size_t upto = std::min(t - 1, n - j + 1);  // k < upto
    lo.clear();
    hi.clear();
    for (std::size_t m = 0; m < pubs.size(); ++m) {
      for (std::size_t k = 0; k < upto; ++k) {
        lo.push_back(d[m * t + k]);
        hi.push_back(d[m * t + k + 1]);
      }
    }
    if (!lo.empty()) crypto::g1_add_batch_vartime(lo, hi);
    for (std::size_t m = 0, pos = 0; m < pubs.size(); ++m) {
      for (std::size_t k = 0; k < upto; ++k) d[m * t + k] = lo[pos++];
      out[m].push_back(crypto::to_jacobian(d[m * t]));
    }
  }
  return out;
}

namespace {

// all_affine: every coefficient of every polynomial, affine, in order.
std::vector<G1Affine> all_affine(std::span<const PublicPolynomial> pubs, std::size_t total) {
  std::vector<G1> all;
  all.reserve(total);
  for (const PublicPolynomial& p : pubs) all.insert(all.end(), p.coeffs.begin(), p.coeffs.end());
  std::vector<G1Affine> affine(total);
  crypto::batch_to_affine_vartime<crypto::Fp>(all, affine);
  return affine;
}

std::size_t coefficient_count(std::span<const PublicPolynomial> pubs) {
  std::size_t total = 0;
  for (const PublicPolynomial& p : pubs) total += p.coeffs.size();
  return total;
}

}  // namespace

bool in_subgroup_vartime(std::span<const PublicPolynomial> pubs) {
  const std::size_t total = coefficient_count(pubs);
  if (total < kSubgroupLockstepMin) {
    for (const PublicPolynomial& p : pubs) {
      for (const G1& c : p.coeffs) {
        if (!crypto::g1_in_subgroup_vartime(c)) return false;
      }
    }
    return true;
  }
  return crypto::g1_in_subgroup_batch_vartime(all_affine(pubs, total));
}

bool in_subgroup_vartime(std::span<const PublicPolynomial> pubs, util::Rng& rng) {
  const std::size_t total = coefficient_count(pubs);
  if (total < crypto::kSubgroupRandomMin) return in_subgroup_vartime(pubs);
  return crypto::g1_in_subgroup_random_vartime(all_affine(pubs, total), rng);
}

bool in_subgroup_vartime(const PublicPolynomial& pub) {
  return in_subgroup_vartime(std::span<const PublicPolynomial>(&pub, 1));
}

std::vector<std::size_t> batch_verify_shares(std::span<const std::span<const G1Affine>> polys, ShareIndex j,
                                             std::span<const Fr> shares, util::Rng& rng) {
  SP_CHECK(polys.size() == shares.size());
  std::vector<std::size_t> bad;
  if (polys.empty()) return bad;
  std::vector<G1> evals;
  std::vector<G1Affine> affine(polys.size());
  if (polys.size() >= kLockstepMin) {
    crypto::g1_horner_small_batch_vartime(polys, j.value(), affine);
    for (const G1Affine& a : affine) evals.push_back(crypto::to_jacobian(a));
  } else {
    for (const auto& c : polys) evals.push_back(crypto::g1_horner_small_vartime(c, j.value()));
    crypto::batch_to_affine_vartime<crypto::Fp>(evals, affine);
  }
  std::vector<Scalar> weights(evals.size());
  Fr lhs_scalar = Fr::zero();
  for (std::size_t i = 0; i < evals.size(); ++i) {
    Fr w;
    weights[i] = random_weight(rng, w);
    lhs_scalar = lhs_scalar + w * shares[i];
  }
  const G1 lhs = crypto::g1_mul_generator(crypto::to_scalar(lhs_scalar));
  util::secure_zero(&lhs_scalar, sizeof(lhs_scalar));
  if (crypto::eq(lhs, crypto::msm_small_vartime(affine, weights, kWeightBits))) return bad;
  for (std::size_t i = 0; i < evals.size(); ++i) {
    G1 li = crypto::g1_mul_generator(crypto::to_scalar(shares[i]));
    if (!crypto::eq(li, evals[i])) bad.push_back(i);
  }
  return bad;
}

}  // namespace stakepool::threshold
