#pragma once
// The elliptic-curve groups of BLS12-381 (DESIGN.md §1):
//   E1: y^2 = x^3 + 4        over Fp   (G1, public keys),
//   E2: y^2 = x^3 + 4(u + 1) over Fp2  (G2, signatures; M-type sextic twist).
// G1 and G2 are the subgroups of prime order
//   r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001.
// The BLS parameter is z = -0xd201000000010000.
//
// Every group operation is one template over the coordinate field F (Fp for E1, Fp2 for E2), defined
// in src/crypto/curve_ops.hpp and instantiated for both fields in src/crypto/curve.cpp; the curve is
// determined by the field. Functions without a `_vartime` suffix are constant time in the
// coordinates of their inputs (no secret-dependent branches or memory indices); `_vartime` functions
// take public data only.
#include <cstddef>
#include <cstdint>
#include <span>

#include "stakepool/crypto/field.hpp"
#include "stakepool/crypto/points.hpp"
#include "stakepool/crypto/tower.hpp"

namespace stakepool::crypto {

// kZAbs is |z| for the BLS parameter z = -kZAbs.
inline constexpr uint64_t kZAbs = 0xd201000000010000ULL;

// kGroupOrder is r, little-endian limbs (canonical, not Montgomery).
inline constexpr Scalar kGroupOrder = {0xffffffff00000001ULL, 0x53bda402fffe5bfeULL,
                                       0x3339d80809a1d805ULL, 0x73eda753299d7d48ULL};

// ---- generators and identity ---------------------------------------------------------------------

// g1_generator / g2_generator return the standard generators of G1 and G2 (as in the ZCash
// serialization spec and draft-irtf-cfrg-pairing-friendly-curves), in affine or Jacobian form.
G1Affine g1_generator_affine();
G2Affine g2_generator_affine();
G1 g1_generator();
G2 g2_generator();

// identity returns the point at infinity (Jacobian, Z = 0).
template <typename F>
JacobianPoint<F> identity();

// is_identity: Z == 0. Constant time.
template <typename F>
bool is_identity(const JacobianPoint<F>& p);

// ---- group law -----------------------------------------------------------------------------------

// add returns p + q for any two points on the curve. Complete and constant time: doubling
// (p == q), inverse points and the identity are handled by masked selects, not branches.
template <typename F>
JacobianPoint<F> add(const JacobianPoint<F>& p, const JacobianPoint<F>& q);

// add_mixed returns p + q with q affine (cheaper than add). Complete and constant time.
template <typename F>
JacobianPoint<F> add_mixed(const JacobianPoint<F>& p, const AffinePoint<F>& q);

// add_vartime / add_mixed_vartime: the same sums with branches on the (public) inputs; faster.
template <typename F>
JacobianPoint<F> add_vartime(const JacobianPoint<F>& p, const JacobianPoint<F>& q);
template <typename F>
JacobianPoint<F> add_mixed_vartime(const JacobianPoint<F>& p, const AffinePoint<F>& q);

// dbl returns 2p. Constant time; dbl(identity) = identity.
template <typename F>
JacobianPoint<F> dbl(const JacobianPoint<F>& p);

// neg returns -p = (x, -y).
template <typename F>
JacobianPoint<F> neg(const JacobianPoint<F>& p);
template <typename F>
AffinePoint<F> neg(const AffinePoint<F>& p);

// eq compares two points projectively (X1·Z2^2 == X2·Z1^2, Y1·Z2^3 == Y2·Z1^3, identities equal).
// Constant time.
template <typename F>
bool eq(const JacobianPoint<F>& p, const JacobianPoint<F>& q);
template <typename F>
bool operator==(const JacobianPoint<F>& p, const JacobianPoint<F>& q) {
  return eq(p, q);
}
// eq on affine points: both at infinity, or neither and equal coordinates. Constant time.
template <typename F>
bool eq(const AffinePoint<F>& p, const AffinePoint<F>& q);
template <typename F>
bool operator==(const AffinePoint<F>& p, const AffinePoint<F>& q) {
  return eq(p, q);
}

// is_on_curve: Y^2 == X^3 + b·Z^6 (the identity is on the curve). Constant time.
template <typename F>
bool is_on_curve(const JacobianPoint<F>& p);
template <typename F>
bool is_on_curve(const AffinePoint<F>& p);

// to_affine converts with one constant-time inversion; the identity maps to infinity = true.
template <typename F>
AffinePoint<F> to_affine(const JacobianPoint<F>& p);
// to_jacobian: (x, y, 1), or the identity for an affine point at infinity.
template <typename F>
JacobianPoint<F> to_jacobian(const AffinePoint<F>& p);

// batch_to_affine converts in.size() points (out.size() must equal it) with one inversion
// (Montgomery's trick). batch_to_affine is constant time (identities are masked into the product);
// batch_to_affine_vartime skips identities by branching and uses a variable-time inversion.
template <typename F>
void batch_to_affine(std::span<const JacobianPoint<F>> in, std::span<AffinePoint<F>> out);
template <typename F>
void batch_to_affine_vartime(std::span<const JacobianPoint<F>> in, std::span<AffinePoint<F>> out);

// sum_affine_batch_vartime returns the sum of `points` (public data; infinities allowed) by
// batch-affine addition: pairwise affine additions level by level, the slopes' denominators of a
// level sharing one inversion (Montgomery's trick); equal points are doubled and P + (-P) drops
// out. Small remainders are added sequentially in Jacobian coordinates. Variable time.
template <typename F>
JacobianPoint<F> sum_affine_batch_vartime(std::span<const AffinePoint<F>> points);

// ---- endomorphisms -------------------------------------------------------------------------------

// sigma is the GLV endomorphism of E1: (x, y) -> (beta·x, y), beta a primitive cube root of unity in
// Fp chosen so that sigma(P) = [-z^2]P for P in G1. Constant time.
G1 sigma(const G1& p);
G1Affine sigma(const G1Affine& p);

// psi is the untwist-Frobenius-twist endomorphism of E2 (RFC 9380 Appendix G.3):
//   psi(x, y) = (c1·x^p, c2·y^p), c1 = 1/(1+u)^((p-1)/3), c2 = 1/(1+u)^((p-1)/2).
// On G2, psi(P) = [z]P. psi2 = psi∘psi (cheaper: coefficients in Fp). Constant time.
G2 psi(const G2& p);
G2Affine psi(const G2Affine& p);
G2 psi2(const G2& p);

// mul_by_z returns [z]p (z = -0xd201000000010000) for any point of the curve. Variable time in
// nothing secret: z is public and fixed (63 doublings, 5 additions); the point may be secret.
template <typename F>
JacobianPoint<F> mul_by_z(const JacobianPoint<F>& p);

// ---- subgroup membership (Scott, eprint 2021/1130) -------------------------------------------------

// g1_in_subgroup: sigma(P) == [-z^2]P. g2_in_subgroup: psi(P) == [z]P. P must be on the curve.
// Variable time (inputs are public encodings being validated). The identity is in the subgroup.
bool g1_in_subgroup_vartime(const G1& p);
bool g2_in_subgroup_vartime(const G2& p);
bool g1_in_subgroup_vartime(const G1Affine& p);
bool g2_in_subgroup_vartime(const G2Affine& p);

// in_subgroup_naive_vartime: [r]P == O. Slow reference for tests.
template <typename F>
bool in_subgroup_naive_vartime(const JacobianPoint<F>& p);

// ---- scalar multiplication -------------------------------------------------------------------------
// Scalars are canonical 256-bit integers (little-endian limbs), typically to_scalar(Fr).

// g1_mul / g2_mul return [k]p in constant time (in k and p): GLV (2 x 128-bit) on G1, GLS
// (4 x 64-bit, via psi) on G2, signed 5-bit fixed windows with masked table scans.
// PRECONDITION: p is in G1 / G2 (the endomorphism split uses the eigenvalue on the subgroup);
// k may be any 256-bit value (reduced mod r first). Use mul_ct for points outside the subgroup.
G1 g1_mul(const G1& p, const Scalar& k);
G2 g2_mul(const G2& p, const Scalar& k);

// g1_mul_generator returns [k]G1 for the standard generator in constant time (in k): fixed-base
// signed radix-32 windows over tables of [m]·32^i·G (built once on first use, thread-safe), one
// masked table scan and one complete mixed addition per window, no doublings (~4x cheaper than
// g1_mul(g1_generator(), k)). k may be any 256-bit value (reduced mod r first).
G1 g1_mul_generator(const Scalar& k);

// g1_mul_generator_batch: out[j] = [ks[j]]G1 (affine) for many secret scalars at once (Feldman
// commitments), constant time in every scalar: the same windows, with the additions of all scalars
// done in affine coordinates sharing one constant-time inversion per window (the window's two
// points are never equal or opposite before the last two windows; infinities are masked). About 2x
// cheaper per scalar than g1_mul_generator from a few dozen scalars on. out.size() == ks.size().
void g1_mul_generator_batch(std::span<const Scalar> ks, std::span<G1Affine> out);

// g1_mul_vartime / g2_mul_vartime: the same results for PUBLIC k and p, by w-NAF with GLV/GLS.
// Same precondition (p in the subgroup).
G1 g1_mul_vartime(const G1& p, const Scalar& k);
G2 g2_mul_vartime(const G2& p, const Scalar& k);

// mul_ct returns [k]p for ANY point of the curve (no subgroup assumption, k not reduced) with
// unsigned 4-bit fixed windows and masked table scans. Constant time.
template <typename F>
JacobianPoint<F> mul_ct(const JacobianPoint<F>& p, const Scalar& k);

// mul_vartime_generic returns [k]p for any point and public k by w-NAF without endomorphisms.
template <typename F>
JacobianPoint<F> mul_vartime_generic(const JacobianPoint<F>& p, const Scalar& k);

// mul_double_and_add_vartime: the textbook reference, for tests.
template <typename F>
JacobianPoint<F> mul_double_and_add_vartime(const JacobianPoint<F>& p, const Scalar& k);

}  // namespace stakepool::crypto
