#pragma once
// AVX-512 IFMA versions of g1_small.hpp's batch functions (private to the crypto module): eight
// points per vector, complete projective formulas (Renes–Costello–Batina 2016, a = 0), no field
// inversion until the final conversion to affine. Only call when ifma_usable() (isa.hpp);
// g1_batch.cpp dispatches. Public inputs only (variable time).
#include <cstdint>
#include <span>

#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto::ifma {

// horner_small_batch: out[i] = Σ_k x^k·polys[i][k], x given by its digits as g1_batch.cpp's
// small_digits (most significant first, digits[0] == 1, entries in {-1, 0, 1}); x_is_zero gives
// out[i] = polys[i][0]. Same results as the lockstep affine code.
void horner_small_batch(std::span<const std::span<const G1Affine>> polys,
                        std::span<const int8_t> digits, bool x_is_zero, std::span<G1Affine> out);

// in_subgroup_batch: true iff every point is in G1 — g1_in_subgroup_batch_vartime's test
// sigma(P) == [-z^2]P with the multiplications by z^2 of eight points at a time.
bool in_subgroup_batch(std::span<const G1Affine> points);

// eval_consecutive: out[j − 1] = F(j) for j = 1..out.size(), F(x) = Σ_k x^k·coeffs[k]: the
// forward differences Δ^k F(0) by Horner's rule in the falling-factorial basis (a_k <- k·(a_k +
// a_(k−1)), eight k per vector, per-lane multipliers), then D_k(x+1) = D_k(x) + D_(k+1)(x).
void eval_consecutive(std::span<const G1Affine> coeffs, std::span<G1> out);

}  // namespace stakepool::crypto::ifma
