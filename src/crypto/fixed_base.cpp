// Constant-time fixed-base multiplication by the G1 generator (see g1_mul_generator in curve.hpp).
//
// k (reduced mod r, < 2^255) is recoded into 52 signed radix-32 digits d_i in [-16, 16]:
//   [k]G = sum_i [d_i](32^i·G).
// Window i has a precomputed affine table T_i[m-1] = [m](32^i·G), m = 1..16 (52 x 16 points, built
// once). Each window costs one masked scan of its 16 entries, a conditional negation and one complete
// mixed addition; there are no doublings. Digits, table positions and additions are the same for
// every scalar, so the time does not depend on k.
#include <array>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "crypto/scalar_recode.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/secret.hpp"

namespace stakepool::crypto {
namespace {

using recode::SignedDigit;

constexpr int kWindows = recode::kSigned5ScalarLen;  // 52
constexpr int kEntries = 16;                          // |d_i| <= 16

using Window = std::array<G1Affine, kEntries>;

// build_tables computes every window's multiples (public data; run once).
std::vector<Window> build_tables() {
  std::vector<Window> tables(kWindows);
  std::vector<G1> jac(static_cast<std::size_t>(kWindows) * kEntries);
  G1 base = g1_generator();
  for (int i = 0; i < kWindows; ++i) {
    G1* row = jac.data() + static_cast<std::size_t>(i) * kEntries;
    row[0] = base;
    for (int m = 1; m < kEntries; ++m) row[m] = add_vartime(row[m - 1], base);
    base = dbl(row[kEntries - 1]);  // [32]base = 2·[16]base
  }
  std::vector<G1Affine> affine(jac.size());
  batch_to_affine_vartime<Fp>(jac, affine);
  for (int i = 0; i < kWindows; ++i) {
    for (int m = 0; m < kEntries; ++m) tables[i][m] = affine[static_cast<std::size_t>(i) * kEntries + m];
  }
  return tables;
}

// tables: built on first use; a function-local static is initialised once, thread-safely.
const std::vector<Window>& tables() {
  static const std::vector<Window> kTables = build_tables();
  return kTables;
}

// lookup returns [d.mag]T_i (infinity for 0), negated when d.neg, scanning every entry.
G1Affine lookup(const Window& w, const SignedDigit& d) {
  G1Affine r;  // infinity
  for (int j = 0; j < kEntries; ++j) {
    const uint64_t hit = ct::is_zero_mask(d.mag ^ static_cast<uint64_t>(j + 1));
    r = curve_detail::select(hit, w[j], r);
  }
  return curve_detail::cneg(d.neg, r);
}

}  // namespace

G1 g1_mul_generator(const Scalar& k) {
  std::array<SignedDigit, kWindows> digits{};
  recode::recode_signed5_scalar(recode::reduce_mod_r(k), digits.data());
  const std::vector<Window>& t = tables();
  G1 acc = identity<Fp>();
  for (int i = 0; i < kWindows; ++i) acc = add_mixed(acc, lookup(t[i], digits[i]));
  util::secure_zero(digits.data(), sizeof(digits));
  return acc;
}

}  // namespace stakepool::crypto
