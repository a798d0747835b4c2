#pragma once
// Variable-time G1 helpers for Feldman verification (threshold module): multiplication by a small
// public integer (a committee index), Horner evaluation of public polynomials at a small point
// (one at a time, or many in lockstep), batched subgroup tests, and parsing of uncompressed
// commitments without the subgroup check. All inputs are public.
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

// g1_mul_small_vartime: [v]p by double-and-add over the binary digits or the non-adjacent form of
// v, whichever needs fewer operations (v = 0 gives the identity).
G1 g1_mul_small_vartime(const G1& p, uint64_t v);

// g1_horner_small_vartime: Σ_k x^k·c[k] by Horner's rule (c[k] affine, x small and public):
// t−1 multiplications by x (a few doublings and additions each) instead of t full scalar
// multiplications. The empty polynomial evaluates to the identity.
G1 g1_horner_small_vartime(std::span<const G1Affine> c, uint64_t x);

// g1_horner_small_batch_vartime: out[i] = Σ_k x^k·polys[i][k] for many polynomials at one small x
// (out.size() == polys.size(); lengths may differ; an empty polynomial gives infinity). All
// evaluations run in lockstep with batch-affine arithmetic: every doubling/addition step of all
// polynomials shares one field inversion, so from ~12 polynomials on this is cheaper than
// g1_horner_small_vartime on each.
void g1_horner_small_batch_vartime(std::span<const std::span<const G1Affine>> polys, uint64_t x,
                                   std::span<G1Affine> out);

// g1_sum_batch_vartime: out[c] = Σ_r rows[r][c] (every row has out.size() points), the rows added
// pairwise in a tree, each level in lockstep (one inversion per level for all pairs and columns).
void g1_sum_batch_vartime(std::span<const std::span<const G1Affine>> rows, std::span<G1Affine> out);

// g1_add_batch_vartime: a[i] = a[i] + b[i] for every i (a.size() == b.size()), all sums sharing
// one field inversion (exceptional sums handled per point).
void g1_add_batch_vartime(std::span<G1Affine> a, std::span<const G1Affine> b);

// g1_mul_small_each_batch_vartime: a[i] = [v[i]]a[i] for every i with its own small multiplier
// (v[i] = 0 gives infinity), by left-to-right binary digits of all multipliers in lockstep: one
// doubling and one addition step (each one inversion) per bit of the largest multiplier.
void g1_mul_small_each_batch_vartime(std::span<G1Affine> a, std::span<const uint64_t> v);

// g1_eval_consecutive_vartime: out[j − 1] = Σ_k j^k·coeffs[k] for j = 1..out.size() (share public
// keys from a public polynomial). With AVX-512 IFMA (ifma_usable()): forward differences on eight
// lanes, about t^2/2 + n·t point additions in all; otherwise Horner at each index.
void g1_eval_consecutive_vartime(std::span<const G1Affine> coeffs, std::span<G1> out);

// g1_in_subgroup_batch_vartime: true iff every point is in G1: the test of g1_in_subgroup_vartime
// (sigma(P) == [-z^2]P) with the two multiplications by |z| of all points in lockstep
// (batch-affine, one inversion per step). Cheaper than single tests from ~35 points on.
bool g1_in_subgroup_batch_vartime(std::span<const G1Affine> points);

}  // namespace stakepool::crypto
