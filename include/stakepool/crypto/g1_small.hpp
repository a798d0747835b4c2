#pragma once
// Variable-time G1 helpers for Feldman verification (threshold module): multiplication by a small
// public integer (a committee index), Horner evaluation of a public polynomial at a small point,
// and parsing of uncompressed commitments without the subgroup check. All inputs are public.
#include <cstdint>
#include <span>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"

namespace stakepool::crypto {

// g1_deserialize_uncompressed_unchecked: the 96-byte uncompressed form with every check of
// g1_deserialize_uncompressed (flags, canonical coordinates, curve equation) except subgroup
// membership: a kOk point is on E1 but may have a component outside G1. Callers must establish
// membership of anything they publish (threshold/ceremony checks the joint public polynomial).
[[nodiscard]] PointError g1_deserialize_uncompressed_unchecked(std::span<const uint8_t> in,
                                                               G1Affine& out);

// g1_mul_small_vartime: [v]p by double-and-add over the bits of v (v = 0 gives the identity).
G1 g1_mul_small_vartime(const G1& p, uint64_t v);

// g1_horner_small_vartime: Σ_k x^k·c[k] by Horner's rule (c[k] affine, x small and public):
// t−1 multiplications by x (a few doublings and additions each) instead of t full scalar
// multiplications. The empty polynomial evaluates to the identity.
G1 g1_horner_small_vartime(std::span<const G1Affine> c, uint64_t x);

}  // namespace stakepool::crypto
