// Properties and known answers for the prime fields Fp and Fr (field.hpp).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/field_ops.hpp"
#include "crypto/field_test_util.hpp"

namespace stakepool::crypto {
namespace {

using testing::from_hex_field;
using testing::gen_field;
using testing::to_hex_field;

// ---- ring and field axioms, for both fields ----

template <typename F>
void check_axioms(const F& a, const F& b, const F& c) {
  RC_ASSERT(a + b == b + a);
  RC_ASSERT(a * b == b * a);
  RC_ASSERT((a + b) + c == a + (b + c));
  RC_ASSERT((a * b) * c == a * (b * c));
  RC_ASSERT(a * (b + c) == a * b + a * c);
  RC_ASSERT((a - b) + b == a);
  RC_ASSERT(a - b == a + (-b));
  RC_ASSERT((-a + a).is_zero());
  RC_ASSERT(a.dbl() == a + a);
  RC_ASSERT(a.sqr() == a * a);
  RC_ASSERT(a.half().dbl() == a);
  RC_ASSERT(a * F::one() == a);
  RC_ASSERT((a * F::zero()).is_zero());
}

// fermat_inv: a^(m-2), the reference for the binary-GCD inverse.
template <typename P>
MontField<P> fermat_inv(const MontField<P>& a) {
  return detail::pow_fixed(a, P::C::kMinus2);
}

template <typename F>
void check_inverse(const F& a) {
  const F i = a.inv();
  RC_ASSERT(i == fermat_inv(a));
  RC_ASSERT(i == a.inv_vartime());
  if (a.is_zero()) {
    RC_ASSERT(i.is_zero());
  } else {
    RC_ASSERT((a * i).is_one());
  }
}

template <typename F>
void check_sqrt(const F& a, const F& non_residue) {
  const F sq = a.sqr();
  F root = F::from_u64(12345);
  RC_ASSERT(sq.sqrt(root));
  RC_ASSERT(root == a || root == -a);
  RC_ASSERT(sq.is_square());
  if (!a.is_zero()) {
    const F ns = sq * non_residue;  // a square times a non-residue is a non-residue
    F untouched = F::from_u64(777);
    RC_ASSERT(!ns.sqrt(untouched));
    RC_ASSERT(untouched == F::from_u64(777));
    RC_ASSERT(!ns.is_square());
  }
}

template <typename F>
void check_encoding(const F& a) {
  std::array<uint8_t, F::kBytes> b{};
  a.to_bytes_be(b);
  F back;
  RC_ASSERT(F::from_bytes_be(back, b));
  RC_ASSERT(back == a);
  RC_ASSERT(F::from_bytes_wide_be(b) == a);  // short wide input is just the value
  F back2;
  RC_ASSERT(F::from_canonical(back2, a.to_canonical()));
  RC_ASSERT(back2 == a);
  if (!a.is_zero()) {
    RC_ASSERT(a.sgn0() != (-a).sgn0());  // m odd: a and m - a have different parity
    RC_ASSERT(a.lexicographically_largest() != (-a).lexicographically_largest());
  }
}

RC_GTEST_PROP(Fp, Axioms, ()) {
  check_axioms(*gen_field<Fp>(), *gen_field<Fp>(), *gen_field<Fp>());
}
RC_GTEST_PROP(Fr, Axioms, ()) {
  check_axioms(*gen_field<Fr>(), *gen_field<Fr>(), *gen_field<Fr>());
}
RC_GTEST_PROP(Fp, Inverse, ()) { check_inverse(*gen_field<Fp>()); }
RC_GTEST_PROP(Fr, Inverse, ()) { check_inverse(*gen_field<Fr>()); }
// -1 is a non-residue mod p (p ≡ 3 mod 4); 7 generates Fr^*.
RC_GTEST_PROP(Fp, Sqrt, ()) { check_sqrt(*gen_field<Fp>(), -Fp::one()); }
RC_GTEST_PROP(Fr, Sqrt, ()) { check_sqrt(*gen_field<Fr>(), Fr::from_u64(7)); }
RC_GTEST_PROP(Fp, Encoding, ()) { check_encoding(*gen_field<Fp>()); }
RC_GTEST_PROP(Fr, Encoding, ()) { check_encoding(*gen_field<Fr>()); }

RC_GTEST_PROP(Fp, PowVartimeMatchesMultiplication, (uint8_t e)) {
  const Fp a = *gen_field<Fp>();
  Fp expect = Fp::one();
  for (int i = 0; i < e; ++i) expect = expect * a;
  const uint64_t ev = e;
  RC_ASSERT(a.pow_vartime(std::span<const uint64_t>(&ev, 1)) == expect);
}

RC_GTEST_PROP(Fp, FermatLittleTheorem, ()) {
  const Fp a = *gen_field<Fp>();
  RC_PRE(!a.is_zero());
  auto e = FpParams::kModulus;
  e[0] -= 1;
  RC_ASSERT(a.pow_vartime(e).is_one());
}

// Wide reduction agrees with hi·2^(8·kBytes) + lo computed in the field.
RC_GTEST_PROP(Fp, WideReductionIsLinear, ()) {
  const Fp hi = *gen_field<Fp>(), lo = *gen_field<Fp>();
  std::array<uint8_t, 96> w{};
  hi.to_bytes_be(std::span<uint8_t, 48>(w.data(), 48));
  lo.to_bytes_be(std::span<uint8_t, 48>(w.data() + 48, 48));
  Fp two384;
  ASSERT_TRUE(Fp::from_canonical(two384, FpParams::C::kR));  // 2^384 mod p
  RC_ASSERT(Fp::from_bytes_wide_be(w) == hi * two384 + lo);
}

// ---- known answers (computed with Python big integers) ----

TEST(FpKat, Constants) {
  EXPECT_EQ(FpParams::C::kInv * FpParams::kModulus[0], ~uint64_t{0});  // -p^-1·p ≡ -1
  EXPECT_EQ(FrParams::C::kInv * FrParams::kModulus[0], ~uint64_t{0});
  // R mod p and R^2 mod p (R = 2^384), canonical.
  Fp r, r2;
  ASSERT_TRUE(Fp::from_canonical(r, FpParams::C::kR));
  ASSERT_TRUE(Fp::from_canonical(r2, FpParams::C::kR2));
  EXPECT_EQ(to_hex_field(r),
            "15f65ec3fa80e4935c071a97a256ec6d77ce5853705257455f48985753c758baebf4000bc40c0002760900000002fffd");
  EXPECT_EQ(to_hex_field(r2),
            "11988fe592cae3aa9a793e85b519952d67eb88a9939d83c08de5476c4c95b6d50a76e6a609d104f1f4df1f341c341746");
  EXPECT_EQ(r * r, r2);  // R·R in the field is R^2
  EXPECT_EQ(Fp::one().l, FpParams::C::kR);
}

TEST(FpKat, Arithmetic) {
  const Fp a = from_hex_field<Fp>(
      "e6020558e31cf2c12ac177896ea9211150256fef1aacbc322e2fd0ed339d2995bf17352f83360f86e95db6f90ec00");
  const Fp b = from_hex_field<Fp>(
      "a248e2ecb82ec86da475cb971c71b357b48418715cbade5d49babc682cd8eb6a7156f80933823e7642e85489a41f196");
  EXPECT_EQ(to_hex_field(a * b),
            "17b21a392e923383cbe49d0c6dde172b13fdda00594f4926d52dd658ccd36741ee112d5bc9a46bd204e5cfa4f30eda0f");
  EXPECT_EQ(to_hex_field(a.inv()),
            "0f9a8086b5bbc9f7fd5a710d2e60cc009df453aba156e6b79a4614815741690a70f4d5e6b72dffd4dce6ea225fe4cb09");
  EXPECT_EQ(to_hex_field(a + b),
            "0a32ee4f21111e56065a08d0ea5e05c78c5d43de14bd58b197be8ec391a0c889407160f3e63057485c9d1b2409d2dd96");
  EXPECT_EQ(to_hex_field(a - b),
            "0feae3dbc38b2be29ce6f7144a1b7c33fa440c54dcab0fa555b809d782b6a14010f281f171140f794e3f1092d54ea515");
}

TEST(FpKat, WideReduction) {
  auto w = util::from_hex(
      "762036e1ef0cea7232acd90a28bde9177f7a48a74143f27ad78cadd89bffc46760c5590f72eef292f9545afc28bf63ca"
      "91d2016a0a288f90f9a32f89d3fffcaf06f8faea3b5f697691b6d063a07ba4ffaf1ece9a1d473c588565231cdc8e59cc");
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(to_hex_field(Fp::from_bytes_wide_be(*w)),
            "0a1c348d8ddacc3cf66325b3223e51ab46098ec0e1e48734888ca3021f7b2f66a324109080bfaee8a8bbb6f55e0dce6b");
  auto w2 = util::from_hex(
      "0079f27270fc6355a0e12dbbacef7dc29d423d31e70cb204bf258806966781317872a45f403abbed1d15c60f5787d5"
      "6933abe60141250bf0cd1c0dc3b17c2e29");
  ASSERT_TRUE(w2.has_value());
  EXPECT_EQ(to_hex_field(Fp::from_bytes_wide_be(*w2)),
            "115287a751ff4f05577185096ed7f7be7f638c6ce22f8f80771f0e2cb2f13278699aa26d9ddbb579dc45310398700899");
  EXPECT_EQ(to_hex_field(Fr::from_bytes_wide_be(*w2)),
            "18bec2c1b28e2971cff64bbbe399dae8b4ba12f50a383382225abc85f6c8353e");
  auto w3 = util::from_hex(
      "6bc61ea830253a9a86e41b13bed343c08529cb23a92b7ee17087613f547ae43bb1ea59dfd4c5a6d68d78286a32c994f8");
  ASSERT_TRUE(w3.has_value());
  EXPECT_EQ(to_hex_field(Fr::from_bytes_wide_be(*w3)),
            "1ccf7692658ebe9d5b5ff4c5cb50e3b734d8524431bed47dcf6f431c2a6eb93f");
}

TEST(FrKat, Arithmetic) {
  const Fr x =
      from_hex_field<Fr>("431c6d9af4785a626183a906b6cd74b22676ca8c33b09ac0eae3d7c5442d7a92");
  const Fr y =
      from_hex_field<Fr>("024e614ea428a74b57d30c413c876b25fba8e301a47a5981c79e2e496c94e447");
  EXPECT_EQ(to_hex_field(x * y),
            "2b10ba0348aa6c323b47fe5757947d75e9848c0b522b999c60130fb6f518f146");
  EXPECT_EQ(to_hex_field(x.inv()),
            "4a0646ba9512c85c21d09f20a785f0b66d1b57cb751295d96bed6c906e171d55");
}

// from_bytes_be rejects m, m + 1 and 2^(8·kBytes) - 1, accepts m - 1.
template <typename F>
void check_rejects_modulus() {
  std::array<uint8_t, F::kBytes> m{};
  const auto& mod = std::is_same_v<F, Fp> ? std::span<const uint64_t>(FpParams::kModulus)
                                          : std::span<const uint64_t>(FrParams::kModulus);
  for (std::size_t i = 0; i < F::kBytes; ++i) {
    m[F::kBytes - 1 - i] = static_cast<uint8_t>(mod[i / 8] >> (8 * (i % 8)));
  }
  F out = F::from_u64(5);
  EXPECT_FALSE(F::from_bytes_be(out, m));
  EXPECT_EQ(out, F::from_u64(5));  // untouched
  auto m1 = m;
  m1[F::kBytes - 1] += 1;  // m is odd: no carry
  EXPECT_FALSE(F::from_bytes_be(out, m1));
  std::array<uint8_t, F::kBytes> ff{};
  ff.fill(0xff);
  EXPECT_FALSE(F::from_bytes_be(out, ff));
  auto mm1 = m;
  mm1[F::kBytes - 1] -= 1;
  ASSERT_TRUE(F::from_bytes_be(out, mm1));
  EXPECT_EQ(out, -F::one());
  EXPECT_TRUE(out.lexicographically_largest());
  EXPECT_FALSE(F::one().lexicographically_largest());
  EXPECT_FALSE(F::zero().lexicographically_largest());
  EXPECT_FALSE(F::zero().sgn0());
  EXPECT_TRUE(F::one().sgn0());
  EXPECT_FALSE(out.sgn0());  // m - 1 is even
}

// Inputs that stress the binary GCD: powers of two, m - 2^k, all-ones patterns, 1 and m - 1.
template <typename F>
void check_inverse_edges() {
  std::vector<F> vals = {F::one(), -F::one(), F::from_u64(2), -F::from_u64(2), F::from_u64(3)};
  F p2 = F::one();
  for (int k = 0; k < static_cast<int>(8 * F::kBytes); ++k) {
    vals.push_back(p2);
    vals.push_back(-p2);
    vals.push_back(p2 - F::one());
    p2 = p2.dbl();
  }
  for (std::size_t i = 0; i < F::kLimbs; ++i) {  // raw Montgomery limbs with extreme patterns
    F x;
    x.l[i] = ~uint64_t{0};
    vals.push_back(x * F::one());
    F y = F::zero();
    y.l[i] = 1;
    vals.push_back(y);
  }
  for (const F& a : vals) {
    if (!a.is_zero()) {
      ASSERT_TRUE((a * a.inv()).is_one()) << (&a - vals.data());
    }
    ASSERT_EQ(a.inv(), fermat_inv(a));
  }
  EXPECT_TRUE(F::zero().inv().is_zero());
}

TEST(FpKat, InverseEdges) { check_inverse_edges<Fp>(); }
TEST(FrKat, InverseEdges) { check_inverse_edges<Fr>(); }

TEST(FpKat, RejectsNonCanonical) { check_rejects_modulus<Fp>(); }
TEST(FrKat, RejectsNonCanonical) { check_rejects_modulus<Fr>(); }

TEST(FpKat, LexicographicBoundary) {
  // (p-1)/2 is not lexicographically largest, (p+1)/2 is.
  Fp lo, hi;
  ASSERT_TRUE(Fp::from_canonical(lo, FpParams::C::kHalfMinus));
  ASSERT_TRUE(Fp::from_canonical(hi, FpParams::C::kHalfPlus));
  EXPECT_FALSE(lo.lexicographically_largest());
  EXPECT_TRUE(hi.lexicographically_largest());
  EXPECT_EQ(lo + hi, Fp::zero());
}

}  // namespace
}  // namespace stakepool::crypto
