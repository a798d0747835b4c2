#pragma once
// Feldman verifiable secret sharing in G1 (DESIGN.md §2): the public polynomial of a secret
// polynomial f is C_k = a_k·G1; the share public key of index j is F(j) = Σ_k C_k·j^k, and a share
// s_j is valid iff s_j·G1 == F(j).
#include <span>
#include <vector>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/threshold/shamir.hpp"

namespace stakepool::threshold {

using crypto::G1;
using crypto::G1Affine;

// PublicPolynomial: Feldman commitments C_0..C_(t−1); C_0 is the group (or dealer) public key.
struct PublicPolynomial {
  std::vector<G1> coeffs;
  std::size_t threshold() const { return coeffs.size(); }
};

// commit: C_k = a_k·G1 (constant-time multiplications, the coefficients are secret).
PublicPolynomial commit(const SecretPolynomial& poly);
// commit_affine: the commitments of several polynomials, polynomial-major, affine; all
// multiplications share one batched constant-time fixed-base computation.
std::vector<G1Affine> commit_affine(std::span<const SecretPolynomial> polys);

// evaluate_vartime: F(j) = Σ_k C_k·j^k by Horner's rule in the group (j is small and public).
G1 evaluate_vartime(const PublicPolynomial& pub, ShareIndex j);

// verify_share: share·G1 == F(index). Constant time in the share; the commitments are public.
bool verify_share(const PublicPolynomial& pub, ShareIndex index, const Fr& share);

// add_vartime: coefficient-wise sum (the joint polynomial of several dealers); weights, when
// given, scale each polynomial first (Lagrange coefficients in resharing). All inputs must have
// the same threshold.
PublicPolynomial sum_vartime(std::span<const PublicPolynomial> polys, std::span<const Fr> weights = {});

// share_pubkeys_vartime: F(1..n), stepped by forward differences (t−1 additions per index) from
// Δ^k F(0), which come from the coefficients by Horner's rule in the Newton basis (t(t−1)/2
// additions and multiplications by small integers) — no Horner evaluation at large indices.
std::vector<G1> share_pubkeys_vartime(const PublicPolynomial& pub, std::size_t n);
// share_pubkeys_vartime: F_m(1..n) for several polynomials (all evaluated in lockstep at each index
// when there are many).
std::vector<std::vector<G1>> share_pubkeys_vartime(std::span<const PublicPolynomial> pubs, std::size_t n);

// in_subgroup_vartime: every coefficient is in G1 (commitments are parsed without the subgroup
// check; the ceremony checks the joint polynomial it publishes, see ceremony.hpp).
bool in_subgroup_vartime(const PublicPolynomial& pub);
// in_subgroup_vartime: every coefficient of every polynomial is in G1 (one lockstep batch test when
// there are many).
bool in_subgroup_vartime(std::span<const PublicPolynomial> pubs);
// in_subgroup_vartime with an RNG: from crypto::kSubgroupRandomMin coefficients on, the randomised
// test of crypto/g1_subgroup_random.hpp (error <= 2^-64 over `rng`, which must be secret to the
// dealers); below, the exact one.
bool in_subgroup_vartime(std::span<const PublicPolynomial> pubs, util::Rng& rng);

// batch_verify_shares: checks s_i·G1 == F_i(j) for several dealers' polynomials F_i (affine
// commitments, possibly with components outside G1) at one small recipient index j. Each F_i(j) is
// a Horner evaluation (t−1 multiplications by the small integer j), then one random linear
// combination with 64-bit weights ρ_i from `rng`: (Σ ρ_i s_i)·G1 == Σ ρ_i F_i(j) (one MSM). On the
// G1 components this accepts a bad share with probability ≤ 2^-63; components outside G1 are
// not judged here. Returns the positions of invalid shares (empty when the batch holds; on a failed
// batch each share is checked alone, exactly).
std::vector<std::size_t> batch_verify_shares(std::span<const std::span<const G1Affine>> polys, ShareIndex j,
                                             std::span<const Fr> shares, util::Rng& rng);

}  // namespace stakepool::threshold
