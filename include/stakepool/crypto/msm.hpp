#pragma once
// Multi-scalar multiplication on G1 and G2 (DESIGN.md §1): sum_i [k_i]P_i for public points and
// public scalars (verification, Feldman commitments, combining partial signatures).
#include <span>

#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {

// msm_vartime returns sum_i [scalars[i]]points[i]. points.size() must equal scalars.size() (checked);
// an empty input gives the identity. Points at infinity and zero scalars are allowed; scalars are any
// 256-bit values (reduced mod r).
// PRECONDITION: every point is in G1 / G2 (validated public keys, signatures, commitments, hashes):
// each pair is split by the GLV (G1: 2 x 128-bit) or GLS (G2: 4 x 64-bit) endomorphism.
// Algorithm: Pippenger's bucket method with signed (Booth) digits and mixed additions into Jacobian
// buckets. Variable time: inputs must be public.
G1 msm_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars);
G2 msm_vartime(std::span<const G2Affine> points, std::span<const Scalar> scalars);

// msm_small_vartime: msm_vartime for scalars below 2^bits (1 <= bits <= 128, both checked), such
// as random batch-verification weights: Pippenger on the points as given (no endomorphism split),
// with the window width chosen for n and bits.
G1 msm_small_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars, int bits);

// msm_naive_vartime: sum of independent double-and-add products, the reference for tests.
G1 msm_naive_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars);
G2 msm_naive_vartime(std::span<const G2Affine> points, std::span<const Scalar> scalars);

}  // namespace stakepool::crypto
