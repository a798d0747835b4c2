#pragma once
// The optimal ate pairing of BLS12-381 (DESIGN.md §1).
//
//   e(P, Q) = final_exponentiation(miller_loop(P, Q)),  P in G1 (E1 over Fp), Q in G2 (E2 over Fp2).
//
// The Miller loop runs over |z| = 0xd201000000010000 (z = -0xd201000000010000, so the result is
// conjugated at the end). The G2 point is kept in homogeneous projective coordinates and every line
// is multiplied in through Fp12::mul_by_014. A multi-pair loop shares the Fp12 squarings across pairs.
//
// The final exponentiation raises to 3·(p^12 - 1)/r: the hard part uses the decomposition
//   3·(p^4 - p^2 + 1)/r = (z - 1)^2·(z + p)·(z^2 + p^2 - 1) + 3
// (Hayashida–Hayasaka–Teruya, eprint 2020/875). Because gcd(3, r) = 1 this is still a non-degenerate
// bilinear pairing; it is the cube of the reduced Tate-normalised optimal ate value. Every use in this
// project is a product-equals-one check or an equality between pairings, which the cube preserves.
//
// Inputs are public (signatures, public keys, message hashes): the only data-dependent branch is the
// skip of pairs that contain a point at infinity, whose flag is public. No subgroup checks are done
// here; points must already be validated (curve + subgroup) by their parsers.
#include <array>
#include <cstddef>
#include <span>

#include "stakepool/crypto/points.hpp"
#include "stakepool/crypto/tower.hpp"

namespace stakepool::crypto {

// G2Prepared: the line coefficients of every step of the Miller loop for one G2 point Q, in loop
// order (for each bit of |z| below the top: the doubling line, then the addition line when the bit
// is set). They depend on Q only, so a Q that enters many pairings (a message hash) is prepared once
// and each pairing then only evaluates the lines at P. A point at infinity prepares to a flag.
struct G2Prepared {
  // Line: c0 + c1·(-xp)·v + c4·yp·(v·w), the mul_by_014 shape before scaling by P.
  struct Line {
    Fp2 c0, c1, c4;
  };
  // kLines: 63 doublings + 5 additions (the set bits of |z| below the top one).
  static constexpr std::size_t kLines = 68;
  std::array<Line, kLines> lines{};
  bool infinity = true;
};

// prepare_g2 computes the lines of q (variable time; q is public). q must lie in G2 (as for
// miller_loop).
G2Prepared prepare_g2(const G2Affine& q);

// miller_loop returns the product of the Miller functions f_{|z|,Q_i}(P_i), conjugated (z < 0).
// p and q must have the same length; pairs where either point is at infinity contribute 1.
// An empty input (or only infinity pairs) gives Fp12::one().
Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q);

// miller_loop over plain pairs (p_i, q_i) and prepared pairs (pp_i, qp_i) in one loop sharing the
// squarings. Bit for bit the value of the plain miller_loop over p ++ pp, q ++ (the points of qp).
// Sizes must match pairwise; qp holds no null pointers.
Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q,
                 std::span<const G1Affine> pp, std::span<const G2Prepared* const> qp);

// final_exponentiation raises f to 3·(p^12 - 1)/r (see the header comment). The result lies in GT.
Fp12 final_exponentiation(const Fp12& f);

// pairing computes e(P, Q) = final_exponentiation(miller_loop({P}, {Q})).
Fp12 pairing(const G1Affine& p, const G2Affine& q);

// pairing_check returns true iff Π e(p_i, q_i) == 1, computed with one multi-pair Miller loop and one
// final exponentiation.
bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q);

// pairing_check over plain and prepared pairs (see the four-span miller_loop).
bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q,
                   std::span<const G1Affine> pp, std::span<const G2Prepared* const> qp);

// cyclotomic_exp_abs_z returns x^|z| by cyclotomic squarings (used by the final exponentiation and
// exposed for tests). x must lie in the cyclotomic subgroup, e.g. any output of
// final_exponentiation_easy.
Fp12 cyclotomic_exp_abs_z(const Fp12& x);

// final_exponentiation_easy raises f to (p^6 - 1)(p^2 + 1), mapping into the cyclotomic subgroup.
Fp12 final_exponentiation_easy(const Fp12& f);

}  // namespace stakepool::crypto
