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
#include "stakepool/util/check.hpp"
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

// Windows below this index never add equal or opposite points: the partial sum s = Σ_(l<i) d_l·32^l
// has |s| < 32^i <= |d_i|·32^i and |s| + |d_i|·32^i <= 17·32^49 < 2^250 < r, so s ≠ ±d_i·32^i mod r.
constexpr int kDistinctWindows = 50;

// Below this many scalars, one inversion per window costs more than the cheaper additions save.
constexpr std::size_t kMinBatch = 16;

// add_distinct_batch: acc[j] += e[j] for every j in affine coordinates, one shared (constant-time)
// inversion; acc[j] != ±e[j] unless one of them is at infinity, which is handled by masks (the
// denominator becomes 1 and the result a masked select). Constant time.
void add_distinct_batch(std::vector<G1Affine>& acc, const std::vector<G1Affine>& e,
                        std::vector<Fp>& den, std::vector<Fp>& before) {
  using curve_detail::mask;
  const std::size_t n = acc.size();
  Fp prod = Fp::one();
  for (std::size_t j = 0; j < n; ++j) {
    const uint64_t degenerate = mask(acc[j].infinity) | mask(e[j].infinity);
    den[j] = Fp::select(degenerate, Fp::one(), e[j].x - acc[j].x);
    before[j] = prod;
    prod = prod * den[j];
  }
  Fp inv = prod.inv();
  for (std::size_t j = n; j-- > 0;) {
    const Fp den_inv = inv * before[j];
    inv = inv * den[j];
    const G1Affine& a = acc[j];
    const Fp lambda = (e[j].y - a.y) * den_inv;
    G1Affine sum;
    sum.x = lambda.sqr() - a.x - e[j].x;
    sum.y = lambda * (a.x - sum.x) - a.y;
    sum.infinity = false;
    sum = curve_detail::select(mask(e[j].infinity), a, sum);
    acc[j] = curve_detail::select(mask(a.infinity), e[j], sum);
  }
}

}  // namespace

void g1_mul_generator_batch(std::span<const Scalar> ks, std::span<G1Affine> out) {
  SP_CHECK(out.size() == ks.size());
  const std::size_t n = ks.size();
  if (n < kMinBatch) {  // the shared inversion would cost more than it saves
    std::vector<G1> jac(n);
    for (std::size_t j = 0; j < n; ++j) jac[j] = g1_mul_generator(ks[j]);
    batch_to_affine<Fp>(jac, out);
    return;
  }
  std::vector<std::array<SignedDigit, kWindows>> digits(n);
  for (std::size_t j = 0; j < n; ++j) recode::recode_signed5_scalar(recode::reduce_mod_r(ks[j]), digits[j].data());
  const std::vector<Window>& t = tables();
  std::vector<G1Affine> acc(n), e(n);
  std::vector<Fp> den(n), before(n);
  for (int i = 0; i < kDistinctWindows; ++i) {
    for (std::size_t j = 0; j < n; ++j) e[j] = lookup(t[i], digits[j][i]);
    add_distinct_batch(acc, e, den, before);
  }
  std::vector<G1> jac(n);
  for (std::size_t j = 0; j < n; ++j) {
    G1 r = to_jacobian(acc[j]);
    for (int i = kDistinctWindows; i < kWindows; ++i) r = add_mixed(r, lookup(t[i], digits[j][i]));
    jac[j] = r;
  }
  batch_to_affine<Fp>(jac, out);
  util::secure_zero(digits.data(), digits.size() * sizeof(digits[0]));
}

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
