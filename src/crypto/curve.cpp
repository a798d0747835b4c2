// E1/E2 constants, endomorphisms, subgroup checks and the explicit instantiations of the point
// templates (curve_ops.hpp) for Fp and Fp2.
#include "stakepool/crypto/curve.hpp"

#include <array>
#include <cstring>

#include "crypto/curve_constants.hpp"
#include "crypto/curve_ops.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace curve_detail {
namespace {

using Limbs6 = std::array<uint64_t, 6>;

// kP is the base-field modulus p, little-endian limbs.
constexpr Limbs6 kP = {0xb9feffffffffaaabULL, 0x1eabfffeb153ffffULL, 0x6730d2a0f6b0f624ULL,
                       0x64774b84f38512bfULL, 0x4b1ba7b6434bacd7ULL, 0x1a0111ea397fe69aULL};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// p_minus_1_div returns (p - 1) / d for a small d dividing p - 1.
Limbs6 p_minus_1_div(uint64_t d) {
  Limbs6 a = kP;
  a[0] -= 1;  // p is odd, no borrow
  unsigned __int128 rem = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    const unsigned __int128 cur = (rem << 64) | a[i];
    a[i] = static_cast<uint64_t>(cur / d);
    rem = cur % d;
  }
  SP_CHECK(rem == 0);
  return a;
}

// pow_vartime on Fp2 for a public exponent (left-to-right square and multiply).
Fp2 fp2_pow_vartime(const Fp2& base, const Limbs6& e) {
  Fp2 acc = Fp2::one();
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      acc = acc.sqr();
      if (((e[i] >> bit) & 1) != 0) acc = acc * base;
    }
  }
  return acc;
}

Fp2 xi_pow_inverse(uint64_t d) {
  const Fp2 xi{Fp::one(), Fp::one()};
  return fp2_pow_vartime(xi, p_minus_1_div(d)).inv();
}

}  // namespace

Fp fp_from_hex(const char* hex96) {
  SP_CHECK(std::strlen(hex96) == 96);
  std::array<uint8_t, 48> bytes{};
  for (std::size_t i = 0; i < 48; ++i) {
    const int hi = hex_digit(hex96[2 * i]);
    const int lo = hex_digit(hex96[2 * i + 1]);
    SP_CHECK(hi >= 0 && lo >= 0);
    bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  Fp out;
  SP_CHECK(Fp::from_bytes_be(out, bytes));
  return out;
}

const Fp& beta() {
  static const Fp kBeta = fp_from_hex(
      "00000000000000005f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffff"
      "efffe");
  return kBeta;
}

const Fp2& psi_cx() {
  static const Fp2 kC = xi_pow_inverse(3);
  return kC;
}

const Fp2& psi_cy() {
  static const Fp2 kC = xi_pow_inverse(2);
  return kC;
}

const Fp& psi2_cx() {
  static const Fp kC = (psi_cx() * psi_cx().conj()).c0;
  return kC;
}

const Fp& psi2_cy() {
  static const Fp kC = (psi_cy() * psi_cy().conj()).c0;
  return kC;
}

}  // namespace curve_detail

// ---- generators ----------------------------------------------------------------------------------

G1Affine g1_generator_affine() {
  using curve_detail::fp_from_hex;
  static const G1Affine kG{
      fp_from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1a"
                  "effb3af00adb22c6bb"),
      fp_from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888a"
                  "e40caa232946c5e7e1"),
      false};
  return kG;
}

G2Affine g2_generator_affine() {
  using curve_detail::fp_from_hex;
  static const G2Affine kG{
      Fp2{fp_from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a8"
                      "05bbefd48056c8c121bdb8"),
          fp_from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213"
                      "945d57e5ac7d055d042b7e")},
      Fp2{fp_from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3b"
                      "aca289e193548608b82801"),
          fp_from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275c"
                      "ec1da1aaa9075ff05f79be")},
      false};
  return kG;
}

G1 g1_generator() { return to_jacobian(g1_generator_affine()); }
G2 g2_generator() { return to_jacobian(g2_generator_affine()); }

// ---- endomorphisms -------------------------------------------------------------------------------

G1 sigma(const G1& p) { return {p.x * curve_detail::beta(), p.y, p.z}; }

G1Affine sigma(const G1Affine& p) {
  G1Affine r = p;
  r.x = p.x * curve_detail::beta();
  return r;
}

// psi in Jacobian coordinates: x = X/Z^2 -> c1·conj(X)/conj(Z)^2, so (c1·conj(X), c2·conj(Y), conj(Z)).
G2 psi(const G2& p) {
  return {p.x.conj() * curve_detail::psi_cx(), p.y.conj() * curve_detail::psi_cy(), p.z.conj()};
}

G2Affine psi(const G2Affine& p) {
  G2Affine r = p;
  r.x = p.x.conj() * curve_detail::psi_cx();
  r.y = p.y.conj() * curve_detail::psi_cy();
  return r;
}

G2 psi2(const G2& p) {
  return {p.x * curve_detail::psi2_cx(), p.y * curve_detail::psi2_cy(), p.z};
}

// ---- subgroup checks -----------------------------------------------------------------------------

bool g1_in_subgroup_vartime(const G1& p) {
  // sigma(P) == [-z^2]P  <=>  sigma(P) == -[z]([z]P).
  return eq(sigma(p), neg(mul_by_z(mul_by_z(p))));
}

bool g2_in_subgroup_vartime(const G2& p) { return eq(psi(p), mul_by_z(p)); }

bool g1_in_subgroup_vartime(const G1Affine& p) { return g1_in_subgroup_vartime(to_jacobian(p)); }
bool g2_in_subgroup_vartime(const G2Affine& p) { return g2_in_subgroup_vartime(to_jacobian(p)); }

template <typename F>
bool in_subgroup_naive_vartime(const JacobianPoint<F>& p) {
  return is_identity(mul_double_and_add_vartime(p, kGroupOrder));
}

template <typename F>
JacobianPoint<F> mul_double_and_add_vartime(const JacobianPoint<F>& p, const Scalar& k) {
  JacobianPoint<F> r = identity<F>();
  for (std::size_t i = k.size(); i-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      r = dbl(r);
      if (((k[i] >> bit) & 1) != 0) r = add_vartime(r, p);
    }
  }
  return r;
}

// ---- explicit instantiations ---------------------------------------------------------------------

#define SP_INSTANTIATE_CURVE(F)                                                                   \
  template JacobianPoint<F> identity<F>();                                                        \
  template bool is_identity<F>(const JacobianPoint<F>&);                                          \
  template JacobianPoint<F> add<F>(const JacobianPoint<F>&, const JacobianPoint<F>&);             \
  template JacobianPoint<F> add_mixed<F>(const JacobianPoint<F>&, const AffinePoint<F>&);         \
  template JacobianPoint<F> add_vartime<F>(const JacobianPoint<F>&, const JacobianPoint<F>&);     \
  template JacobianPoint<F> add_mixed_vartime<F>(const JacobianPoint<F>&, const AffinePoint<F>&); \
  template JacobianPoint<F> dbl<F>(const JacobianPoint<F>&);                                      \
  template JacobianPoint<F> neg<F>(const JacobianPoint<F>&);                                      \
  template AffinePoint<F> neg<F>(const AffinePoint<F>&);                                          \
  template bool eq<F>(const JacobianPoint<F>&, const JacobianPoint<F>&);                          \
  template bool eq<F>(const AffinePoint<F>&, const AffinePoint<F>&);                              \
  template bool is_on_curve<F>(const JacobianPoint<F>&);                                          \
  template bool is_on_curve<F>(const AffinePoint<F>&);                                            \
  template AffinePoint<F> to_affine<F>(const JacobianPoint<F>&);                                  \
  template JacobianPoint<F> to_jacobian<F>(const AffinePoint<F>&);                                \
  template void batch_to_affine<F>(std::span<const JacobianPoint<F>>, std::span<AffinePoint<F>>); \
  template void batch_to_affine_vartime<F>(std::span<const JacobianPoint<F>>,                     \
                                           std::span<AffinePoint<F>>);                            \
  template JacobianPoint<F> mul_by_z<F>(const JacobianPoint<F>&);                                 \
  template bool in_subgroup_naive_vartime<F>(const JacobianPoint<F>&);                            \
  template JacobianPoint<F> mul_double_and_add_vartime<F>(const JacobianPoint<F>&, const Scalar&);

SP_INSTANTIATE_CURVE(Fp)
SP_INSTANTIATE_CURVE(Fp2)
#undef SP_INSTANTIATE_CURVE

}  // namespace stakepool::crypto
