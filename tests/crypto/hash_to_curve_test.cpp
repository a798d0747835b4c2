// Hash-to-curve (RFC 9380) unit tests: known answers, subgroup membership of the outputs, the
// cofactor-clearing shortcuts against plain multiplication by h_eff, and properties of the
// internal sqrt_ratio and SWU steps. The complete RFC vector files run through
// `stakepool vectors h2c` (tests/cli/h2c.cmake).
#include "stakepool/crypto/hash_to_curve.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "crypto/h2c_constants.hpp"
#include "crypto/sswu.hpp"
#include "field_test_util.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

using testing::gen_field;
using testing::gen_fp2;

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

Fp fp_hex(const std::string& h) {
  auto b = util::from_hex_fixed<48>(h, "fp");
  EXPECT_TRUE(b.has_value());
  Fp out;
  EXPECT_TRUE(Fp::from_bytes_be(out, *b));
  return out;
}

const std::string kEthDst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

// RFC 9380 J.9.1 / J.10.1, msg = "abc".
TEST(HashToCurve, G1RoKnownAnswer) {
  const G1 p =
      hash_to_g1(bytes("abc"), bytes("QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_"));
  G1Affine want;
  want.infinity = false;
  want.x = fp_hex(
      "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f"
      "6903");
  want.y = fp_hex(
      "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2"
      "885d");
  EXPECT_TRUE(to_affine(p) == want);
}

TEST(HashToCurve, G2RoKnownAnswer) {
  const G2 p =
      hash_to_g2(bytes("abc"), bytes("QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"));
  G2Affine want;
  want.infinity = false;
  want.x = {fp_hex("02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725"
                   "f4168aff2787776e6"),
            fp_hex("139cddbccdc5e91b9623efd38c49f81a6f83f175e80b06fc374de9eb4b41dfe4ca3a230ed250fbe"
                   "3a2acf73a41177fd8")};
  want.y = {fp_hex("1787327b68159716a37440985269cf584bcb1e621d3a7202be6ea05c4cfe244aeb197642555a064"
                   "5fb87bf7466b2ba48"),
            fp_hex("00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e03866e9f3d49ac1e1ce70dd94a73353"
                   "4f106d4cec0eddd16")};
  EXPECT_TRUE(to_affine(p) == want);
}

TEST(HashToCurve, OutputsAreInTheSubgroups) {
  for (int i = 0; i < 8; ++i) {
    const std::string msg = "message " + std::to_string(i);
    const G2 h2 = hash_to_g2(bytes(msg), bytes(kEthDst));
    EXPECT_TRUE(is_on_curve(h2));
    EXPECT_FALSE(is_identity(h2));
    EXPECT_TRUE(g2_in_subgroup_vartime(h2)) << msg;
    EXPECT_TRUE(g2_in_subgroup_vartime(encode_to_g2(bytes(msg), bytes(kEthDst)))) << msg;
    EXPECT_TRUE(g1_in_subgroup_vartime(hash_to_g1(bytes(msg), bytes(kEthDst)))) << msg;
    EXPECT_TRUE(g1_in_subgroup_vartime(encode_to_g1(bytes(msg), bytes(kEthDst)))) << msg;
  }
  // One reference check with the slow [r]P == O test.
  EXPECT_TRUE(in_subgroup_naive_vartime(hash_to_g2(bytes("x"), bytes(kEthDst))));
  EXPECT_TRUE(in_subgroup_naive_vartime(hash_to_g1(bytes("x"), bytes(kEthDst))));
}

TEST(HashToCurve, MapOutputsNeedCofactorClearing) {
  // map_to_curve lands on the curve, almost never in the subgroup: the cofactor step matters.
  const G2 q2 = map_to_curve_g2(Fp2{Fp::from_u64(5), Fp::from_u64(7)});
  const G1 q1 = map_to_curve_g1(Fp::from_u64(5));
  EXPECT_TRUE(is_on_curve(q2));
  EXPECT_TRUE(is_on_curve(q1));
  EXPECT_FALSE(g2_in_subgroup_vartime(q2));
  EXPECT_FALSE(g1_in_subgroup_vartime(q1));
}

TEST(HashToCurve, DstSpanAndPreparedDstAgree) {
  const XmdDst dst(bytes(kEthDst));
  EXPECT_TRUE(hash_to_g2(bytes("m"), dst) == hash_to_g2(bytes("m"), bytes(kEthDst)));
  EXPECT_FALSE(hash_to_g2(bytes("m"), dst) == hash_to_g2(bytes("n"), dst));
  EXPECT_FALSE(hash_to_g2(bytes("m"), dst) == encode_to_g2(bytes("m"), dst));
}

TEST(HashToField, Limits) {
  const XmdDst dst(bytes(kEthDst));
  std::vector<Fp> fp(kXmdMaxLen / 64 + 1);
  std::vector<Fp2> fp2(kXmdMaxLen / 128 + 1);
  EXPECT_FALSE(hash_to_field_fp(bytes("m"), dst, fp));
  EXPECT_FALSE(hash_to_field_fp2(bytes("m"), dst, fp2));
  EXPECT_FALSE(hash_to_field_fp(bytes("m"), dst, std::span<Fp>()));
  fp.pop_back();
  fp2.pop_back();
  EXPECT_TRUE(hash_to_field_fp(bytes("m"), dst, fp));
  EXPECT_TRUE(hash_to_field_fp2(bytes("m"), dst, fp2));
  EXPECT_FALSE(fp[0] == fp[1]);
}

// [k]P for a multi-limb scalar k given in 192-bit chunks, little-endian: sum of [k_i]([2^192i]P).
template <typename F>
JacobianPoint<F> mul_chunks(const JacobianPoint<F>& p, std::span<const Scalar> chunks) {
  JacobianPoint<F> acc = identity<F>(), base = p;
  for (const Scalar& k : chunks) {
    acc = add(acc, mul_double_and_add_vartime(base, k));
    for (int i = 0; i < 192; ++i) base = dbl(base);
  }
  return acc;
}

TEST(ClearCofactor, G1MatchesHeff) {
  const Scalar h_eff = {0xd201000000010001ULL, 0, 0, 0};  // RFC 9380 §8.8.1
  const G1 p = map_to_curve_g1(Fp::from_u64(1234));
  EXPECT_TRUE(clear_cofactor_g1(p) == mul_double_and_add_vartime(p, h_eff));
}

TEST(ClearCofactor, G2PsiMethodMatchesHeff) {
  // h_eff of RFC 9380 §8.8.2 (636 bits) in 192-bit chunks.
  const Scalar h_eff[] = {
      {0xe8020005aaa95551ULL, 0x59894c0adebbf6b4ULL, 0xe954cbc06689f6a3ULL, 0},
      {0x2ec0ec69d7477c1aULL, 0x6d82bf015d1212b0ULL, 0x329c2f178731db95ULL, 0},
      {0x9986ff031508ffe1ULL, 0x88e2a8e9145ad768ULL, 0x584c6a0ea91b3528ULL, 0},
      {0x0bc69f08f2ee75b3ULL, 0, 0, 0},
  };
  const G2 p = map_to_curve_g2(Fp2{Fp::from_u64(3), Fp::from_u64(1234)});
  EXPECT_TRUE(clear_cofactor_g2(p) == mul_chunks<Fp2>(p, h_eff));
}

// ---- internals: sqrt_ratio and SWU ------------------------------------------------------------

template <typename F>
void check_sqrt_ratio(const F& u, const F& v, const F& z) {
  RC_PRE(!v.is_zero());
  F y;
  const bool qr = h2c::sqrt_ratio(u, v, y);
  const F ratio = u * v.inv();
  RC_ASSERT(qr == ratio.is_square());
  RC_ASSERT(y.sqr() * v == (qr ? u : z * u));
}

RC_GTEST_PROP(SqrtRatio, Fp, ()) {
  check_sqrt_ratio(*gen_field<Fp>(), *gen_field<Fp>(), h2c::kG1Z);
}
RC_GTEST_PROP(SqrtRatio, Fp2, ()) { check_sqrt_ratio(*gen_fp2(), *gen_fp2(), h2c::kG2Z); }

TEST(SqrtRatio, Fp2EdgeCases) {
  // u = 0; u/v with a zero imaginary part (c = (a0 + s)/2 may vanish); purely imaginary values.
  const Fp2 vs[] = {Fp2::one(), Fp2{Fp::from_u64(2), Fp::zero()}, Fp2{Fp::zero(), Fp::from_u64(3)}};
  const Fp2 us[] = {Fp2::zero(),
                    Fp2{Fp::from_u64(4), Fp::zero()},
                    Fp2{-Fp::from_u64(4), Fp::zero()},
                    Fp2{Fp::from_u64(5), Fp::zero()},
                    Fp2{-Fp::from_u64(5), Fp::zero()},
                    Fp2{Fp::zero(), Fp::from_u64(7)}};
  for (const Fp2& v : vs) {
    for (const Fp2& u : us) {
      Fp2 y;
      const bool qr = h2c::sqrt_ratio(u, v, y);
      EXPECT_EQ(qr, (u * v.inv()).is_square());
      EXPECT_TRUE(y.sqr() * v == (qr ? u : h2c::kG2Z * u));
    }
  }
}

template <typename F>
void check_swu_on_isogenous_curve(const F& u, const F& a, const F& b, const F& z) {
  const h2c::SwuPoint<F> p = h2c::simple_swu(u, a, b, z);
  RC_ASSERT(!p.xd.is_zero());
  const F x = p.xn * p.xd.inv();
  RC_ASSERT(p.y.sqr() == x.sqr() * x + a * x + b);
  RC_ASSERT(p.y.sgn0() == u.sgn0());  // RFC 9380 §6.4: sgn0(y) == sgn0(u)
}

RC_GTEST_PROP(SimpleSwu, G1OnIsogenousCurve, ()) {
  check_swu_on_isogenous_curve(*gen_field<Fp>(), h2c::kG1A, h2c::kG1B, h2c::kG1Z);
}
RC_GTEST_PROP(SimpleSwu, G2OnIsogenousCurve, ()) {
  check_swu_on_isogenous_curve(*gen_fp2(), h2c::kG2A, h2c::kG2B, h2c::kG2Z);
}

TEST(SimpleSwu, ExceptionalInputZero) {
  // u = 0 makes Z^2·u^4 + Z·u^2 vanish; SWU must take x1 = B / (Z·A) (RFC 9380 §6.6.2).
  const auto p1 = h2c::simple_swu(Fp::zero(), h2c::kG1A, h2c::kG1B, h2c::kG1Z);
  EXPECT_TRUE(p1.xn * (h2c::kG1Z * h2c::kG1A) == h2c::kG1B * p1.xd);
  const auto p2 = h2c::simple_swu(Fp2::zero(), h2c::kG2A, h2c::kG2B, h2c::kG2Z);
  EXPECT_TRUE(p2.xn * (h2c::kG2Z * h2c::kG2A) == h2c::kG2B * p2.xd);
  EXPECT_TRUE(is_on_curve(map_to_curve_g1(Fp::zero())));
  EXPECT_TRUE(is_on_curve(map_to_curve_g2(Fp2::zero())));
}

RC_GTEST_PROP(MapToCurve, OnTheCurve, ()) {
  RC_ASSERT(is_on_curve(map_to_curve_g1(*gen_field<Fp>())));
  RC_ASSERT(is_on_curve(map_to_curve_g2(*gen_fp2())));
}

}  // namespace
}  // namespace stakepool::crypto
