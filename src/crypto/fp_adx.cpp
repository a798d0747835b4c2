// MULX/ADCX/ADOX kernels for the 6-limb Fp Montgomery arithmetic (field_impl.hpp).
// Compiled for adx+bmi2 and only called when detail::g_fp_use_adx is set (isa.hpp).
#include "stakepool/crypto/field.hpp"

namespace stakepool::crypto::detail {

namespace {
constexpr const uint64_t* kP = FpParams::kModulus.data();
constexpr uint64_t kPInv = FpParams::C::kInv;
}  // namespace

__attribute__((target("adx,bmi2"))) void fp_mul_adx(uint64_t* r, const uint64_t* a,
                                                    const uint64_t* b) {
  mont_mul<6>(r, a, b, kP, kPInv);
}

__attribute__((target("adx,bmi2"))) void fp_sqr_adx(uint64_t* r, const uint64_t* a) {
  mont_mul<6>(r, a, a, kP, kPInv);
}

__attribute__((target("adx,bmi2"))) void fp_mul_wide_adx(uint64_t* w, const uint64_t* a,
                                                         const uint64_t* b) {
  mul_wide<6>(w, a, b);
}

__attribute__((target("adx,bmi2"))) void fp_redc_adx(uint64_t* r, const uint64_t* w) {
  uint64_t t[12];
  for (int i = 0; i < 12; ++i) t[i] = w[i];
  redc<6>(r, t, kP, kPInv);
}

}  // namespace stakepool::crypto::detail
