#include "stakepool/threshold/feldman.hpp"

#include "stakepool/crypto/msm.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::threshold {
namespace {

using crypto::Scalar;

Scalar small_scalar(uint64_t v) { return Scalar{v, 0, 0, 0}; }

// mul_small_vartime: [v]p for a small public v by double-and-add over its bits.
G1 mul_small_vartime(const G1& p, uint64_t v) {
  G1 acc = crypto::identity<crypto::Fp>();
  for (int bit = 63 - __builtin_clzll(v | 1); bit >= 0; --bit) {
    acc = crypto::dbl(acc);
    if ((v >> bit) & 1) acc = crypto::add_vartime(acc, p);
  }
  return v == 0 ? crypto::identity<crypto::Fp>() : acc;
}

}  // namespace

PublicPolynomial commit(const SecretPolynomial& poly) {
  PublicPolynomial pub;
  pub.coeffs.reserve(poly.threshold());
  const G1 g = crypto::g1_generator();
  for (std::size_t k = 0; k < poly.threshold(); ++k) {
    pub.coeffs.push_back(crypto::g1_mul(g, crypto::to_scalar(poly.coefficient(k).expose())));
  }
  return pub;
}

G1 evaluate_vartime(const PublicPolynomial& pub, ShareIndex j) {
  G1 acc = crypto::identity<crypto::Fp>();
  for (std::size_t k = pub.coeffs.size(); k-- > 0;) {
    acc = crypto::add_vartime(mul_small_vartime(acc, j.value()), pub.coeffs[k]);
  }
  return acc;
}

bool verify_share(const PublicPolynomial& pub, ShareIndex index, const Fr& share) {
  G1 lhs = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(share));
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

std::vector<G1> share_pubkeys_vartime(const PublicPolynomial& pub, std::size_t n) {
  std::vector<G1> out;
  out.reserve(n);
  for (std::size_t j = 1; j <= n; ++j) out.push_back(evaluate_vartime(pub, *ShareIndex::make(j)));
  return out;
}

std::vector<std::size_t> batch_verify_shares(std::span<const PublicPolynomial> polys, ShareIndex j,
                                             std::span<const Fr> shares, util::Rng& rng) {
  SP_CHECK(polys.size() == shares.size());
  std::vector<G1> evals;
  evals.reserve(polys.size());
  Fr lhs_scalar = Fr::zero();
  G1 rhs = crypto::identity<crypto::Fp>();
  for (std::size_t i = 0; i < polys.size(); ++i) {
    evals.push_back(evaluate_vartime(polys[i], j));
    uint64_t rho = rng.next_u64() | 1;  // non-zero 64-bit weight
    lhs_scalar = lhs_scalar + Fr::from_u64(rho) * shares[i];
    rhs = crypto::add_vartime(rhs, crypto::g1_mul_vartime(evals.back(), small_scalar(rho)));
  }
  G1 lhs = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(lhs_scalar));
  std::vector<std::size_t> bad;
  if (crypto::eq(lhs, rhs)) return bad;
  for (std::size_t i = 0; i < polys.size(); ++i) {
    G1 li = crypto::g1_mul(crypto::g1_generator(), crypto::to_scalar(shares[i]));
    if (!crypto::eq(li, evals[i])) bad.push_back(i);
  }
  return bad;
}

}  // namespace stakepool::threshold
