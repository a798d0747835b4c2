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

// evaluate_vartime: F(j) = Σ_k C_k·j^k by Horner's rule in the group (j is small and public).
G1 evaluate_vartime(const PublicPolynomial& pub, ShareIndex j);

// verify_share: share·G1 == F(index). Constant time in the share; the commitments are public.
bool verify_share(const PublicPolynomial& pub, ShareIndex index, const Fr& share);

// add_vartime: coefficient-wise sum (the joint polynomial of several dealers); weights, when
// given, scale each polynomial first (Lagrange coefficients in resharing). All inputs must have
// the same threshold.
PublicPolynomial sum_vartime(std::span<const PublicPolynomial> polys, std::span<const Fr> weights = {});

// share_pubkeys_vartime: F(1..n).
std::vector<G1> share_pubkeys_vartime(const PublicPolynomial& pub, std::size_t n);

// batch_verify_shares: checks s_i·G1 == F_i(j) for several dealers' polynomials F_i evaluated at
// one recipient index j, with random 64-bit weights ρ_i: (Σ ρ_i s_i)·G1 == Σ ρ_i F_i(j). Returns
// the positions of invalid shares (empty when all are valid; on a failed batch each share is
// checked alone). `rng` supplies the weights.
std::vector<std::size_t> batch_verify_shares(std::span<const PublicPolynomial> polys, ShareIndex j,
                                             std::span<const Fr> shares, util::Rng& rng);

}  // namespace stakepool::threshold
