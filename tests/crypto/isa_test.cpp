// The MULX/ADCX/ADOX kernels against the portable kernels, called directly (not via dispatch), and
// the tower computed under both dispatch settings.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>

#include "crypto/field_test_util.hpp"
#include "stakepool/crypto/isa.hpp"

namespace stakepool::crypto {
namespace {

using testing::gen_field;
using testing::gen_fp12;
using testing::gen_fp2;

const uint64_t* kP = FpParams::kModulus.data();
constexpr uint64_t kInv = FpParams::C::kInv;

// gen_limbs_below_2p: arbitrary 6-limb values < 2^382 (the unreduced sums fed to mul_wide).
rc::Gen<std::array<uint64_t, 6>> gen_raw382() {
  return rc::gen::map(rc::gen::arbitrary<std::array<uint64_t, 6>>(), [](std::array<uint64_t, 6> a) {
    a[5] &= (uint64_t{1} << 62) - 1;
    return a;
  });
}

// Largest values: p - 1 limbs and all-ones (for mul_wide).
TEST(IsaKernels, Available) {
  std::printf("active isa: %s, cpu adx: %d, adx usable: %d\n", isa_name(active_isa()),
              cpu_supports_adx(), adx_usable());
  if (!adx_usable()) GTEST_SKIP() << "CPU lacks ADX/BMI2: only the portable path exists here";
}

RC_GTEST_PROP(IsaKernels, MulSqrMatchPortable, ()) {
  RC_PRE(adx_usable());
  const Fp a = *gen_field<Fp>(), b = *gen_field<Fp>();
  uint64_t r_adx[6], r_port[6];
  detail::fp_mul_adx(r_adx, a.l.data(), b.l.data());
  detail::mont_mul<6>(r_port, a.l.data(), b.l.data(), kP, kInv);
  RC_ASSERT(std::equal(r_adx, r_adx + 6, r_port));
  detail::fp_sqr_adx(r_adx, a.l.data());
  detail::mont_mul<6>(r_port, a.l.data(), a.l.data(), kP, kInv);
  RC_ASSERT(std::equal(r_adx, r_adx + 6, r_port));
}

RC_GTEST_PROP(IsaKernels, WideAndRedcMatchPortable, ()) {
  RC_PRE(adx_usable());
  const auto a = *gen_raw382(), b = *gen_raw382();
  uint64_t w_adx[12], w_port[12];
  detail::fp_mul_wide_adx(w_adx, a.data(), b.data());
  detail::mul_wide<6>(w_port, a.data(), b.data());
  RC_ASSERT(std::equal(w_adx, w_adx + 12, w_port));
  // Reduce a value < p·2^384: the product of two elements < p.
  const Fp x = *gen_field<Fp>(), y = *gen_field<Fp>();
  detail::mul_wide<6>(w_port, x.l.data(), y.l.data());
  uint64_t r_adx[6], r_port[6];
  detail::fp_redc_adx(r_adx, w_port);
  detail::redc<6>(r_port, w_port, kP, kInv);
  RC_ASSERT(std::equal(r_adx, r_adx + 6, r_port));
}

RC_GTEST_PROP(IsaKernels, MulSumAndFp2MulMatchPortable, ()) {
  RC_PRE(adx_usable());
  const Fp a = *gen_field<Fp>(), b = *gen_field<Fp>(), c = *gen_field<Fp>(), d = *gen_field<Fp>();
  Fp r;
  detail::fp_mul_sum_adx(r.l.data(), a.l.data(), b.l.data(), c.l.data(), d.l.data());
  uint64_t x[6], y[6];
  detail::mont_mul<6>(x, a.l.data(), b.l.data(), kP, kInv);
  detail::mont_mul<6>(y, c.l.data(), d.l.data(), kP, kInv);
  Fp xy;
  detail::add_mod<6>(xy.l.data(), x, y, kP);
  RC_ASSERT(r == xy);
  // Fp2 product against the schoolbook formula computed with portable Fp multiplications.
  const Fp2 u{a, b}, v{c, d};
  Fp2 w;
  detail::fp2_mul_adx(w.c0.l.data(), u.c0.l.data(), v.c0.l.data());
  uint64_t t[4][6];
  detail::mont_mul<6>(t[0], a.l.data(), c.l.data(), kP, kInv);
  detail::mont_mul<6>(t[1], b.l.data(), d.l.data(), kP, kInv);
  detail::mont_mul<6>(t[2], a.l.data(), d.l.data(), kP, kInv);
  detail::mont_mul<6>(t[3], b.l.data(), c.l.data(), kP, kInv);
  Fp2 ref;
  detail::sub_mod<6>(ref.c0.l.data(), t[0], t[1], kP);
  detail::add_mod<6>(ref.c1.l.data(), t[2], t[3], kP);
  RC_ASSERT(w == ref);
  Fp2 sq;
  detail::fp2_sqr_adx(sq.c0.l.data(), u.c0.l.data());
  Fp2 sq_ref;  // (a + bu)^2 = (a^2 - b^2) + 2ab·u
  detail::mont_mul<6>(t[0], a.l.data(), a.l.data(), kP, kInv);
  detail::mont_mul<6>(t[1], b.l.data(), b.l.data(), kP, kInv);
  detail::mont_mul<6>(t[2], a.l.data(), b.l.data(), kP, kInv);
  detail::sub_mod<6>(sq_ref.c0.l.data(), t[0], t[1], kP);
  detail::add_mod<6>(sq_ref.c1.l.data(), t[2], t[2], kP);
  RC_ASSERT(sq == sq_ref);
  Fp2 sq_alias = u;
  detail::fp2_sqr_adx(sq_alias.c0.l.data(), sq_alias.c0.l.data());
  RC_ASSERT(sq_alias == sq_ref);
  Fp2 alias = u;  // r aliasing a
  detail::fp2_mul_adx(alias.c0.l.data(), alias.c0.l.data(), v.c0.l.data());
  RC_ASSERT(alias == ref);
}

TEST(IsaKernels, EdgeValues) {
  if (!adx_usable()) GTEST_SKIP();
  const Fp m1 = -Fp::one();
  const Fp vals[] = {Fp::zero(), Fp::one(), m1, m1.half(), Fp::from_u64(~uint64_t{0})};
  for (const Fp& a : vals) {
    for (const Fp& b : vals) {
      uint64_t r_adx[6], r_port[6];
      detail::fp_mul_adx(r_adx, a.l.data(), b.l.data());
      detail::mont_mul<6>(r_port, a.l.data(), b.l.data(), kP, kInv);
      EXPECT_TRUE(std::equal(r_adx, r_adx + 6, r_port));
    }
  }
  const Isa before = active_isa();
  for (const Fp& a : vals) {
    for (const Fp& b : vals) {
      for (const Fp& c : vals) {
        const Fp2 u{a, b}, v{c, a};
        Fp2 w;
        detail::fp2_mul_adx(w.c0.l.data(), u.c0.l.data(), v.c0.l.data());
        Fp2 ref;  // portable Karatsuba path
        ASSERT_TRUE(set_isa_for_testing(Isa::kPortable));
        ref = u * v;
        const Fp2 sq_port = u.sqr();
        ASSERT_TRUE(set_isa_for_testing(Isa::kAdx));
        EXPECT_EQ(w, ref);
        EXPECT_EQ(u.sqr(), sq_port);
        EXPECT_EQ(u.sqr(), u * u);
      }
    }
  }
  set_isa_for_testing(before);
  std::array<uint64_t, 6> ones;
  ones.fill(~uint64_t{0});
  uint64_t w_adx[12], w_port[12];
  detail::fp_mul_wide_adx(w_adx, ones.data(), ones.data());
  detail::mul_wide<6>(w_port, ones.data(), ones.data());
  EXPECT_TRUE(std::equal(w_adx, w_adx + 12, w_port));
}

// The same tower computation under both dispatch settings (the ADX path uses different formulas:
// fused sums of products in Fp6, so this also cross-checks the algebra).
struct TowerResults {
  Fp12 fg, f_sqr, f_014, g_cyc;
  Fp6 f6_sqr, f6_01;
  Fp2 ab, a_sqr, a_inv;
  bool operator==(const TowerResults& o) const {
    return fg == o.fg && f_sqr == o.f_sqr && f_014 == o.f_014 && g_cyc == o.g_cyc &&
           f6_sqr == o.f6_sqr && f6_01 == o.f6_01 && ab == o.ab && a_sqr == o.a_sqr &&
           a_inv == o.a_inv;
  }
};

TowerResults tower_ops(const Fp12& f, const Fp12& g, const Fp2& a, const Fp2& b) {
  TowerResults r;
  r.fg = f * g;
  r.f_sqr = f.sqr();
  r.f_014 = f.mul_by_014(a, b, g.c0.c0);
  const Fp12 cyc = f.conj() * f.inv();
  r.g_cyc = (cyc.frobenius(2) * cyc).cyclotomic_sqr();
  r.f6_sqr = f.c0.sqr();
  r.f6_01 = f.c1.mul_by_01(a, b);
  r.ab = a * b;
  r.a_sqr = a.sqr();
  r.a_inv = a.inv();
  return r;
}

RC_GTEST_PROP(IsaDispatch, TowerAgrees, ()) {
  RC_PRE(adx_usable());
  const Fp12 f = *gen_fp12(), g = *gen_fp12();
  const Fp2 a = *gen_fp2(), b = *gen_fp2();
  const Isa before = active_isa();
  RC_ASSERT(set_isa_for_testing(Isa::kPortable));
  const TowerResults port = tower_ops(f, g, a, b);
  RC_ASSERT(set_isa_for_testing(Isa::kAdx));
  const TowerResults adx = tower_ops(f, g, a, b);
  set_isa_for_testing(before);
  RC_ASSERT(port == adx);
}

// Extreme inputs for the sums of products: every coefficient p - 1 (largest operands).
TEST(IsaDispatch, TowerAgreesOnExtremes) {
  if (!adx_usable()) GTEST_SKIP();
  const Fp m1 = -Fp::one();
  const Fp2 big{m1, m1}, mixed{m1, Fp::zero()};
  const Fp6 b6{big, big, big};
  const Fp12 f{b6, b6}, g{Fp6{mixed, big, mixed}, Fp6{big, mixed, big}};
  const Isa before = active_isa();
  ASSERT_TRUE(set_isa_for_testing(Isa::kPortable));
  const TowerResults port = tower_ops(f, g, big, mixed);
  ASSERT_TRUE(set_isa_for_testing(Isa::kAdx));
  const TowerResults adx = tower_ops(f, g, big, mixed);
  set_isa_for_testing(before);
  EXPECT_TRUE(port == adx);
}

}  // namespace
}  // namespace stakepool::crypto
