// map_to_curve for the BLS12-381 suites of RFC 9380 (§8.8): simplified SWU on E1' / E2' plus the
// 11- / 3-isogeny (sswu.hpp), and the two sqrt_ratio variants it needs.
#include <array>

#include "crypto/field_ops.hpp"
#include "crypto/h2c_constants.hpp"
#include "crypto/sswu.hpp"
#include "stakepool/crypto/hash_to_curve.hpp"

namespace stakepool::crypto {
namespace h2c {
namespace {

// SlidingWindows: a public, compile-time exponent recoded for left-to-right sliding-window
// exponentiation with odd digits < 2^kWindow: r = x^digit[0]; then for each later step,
// r = r^(2^squarings) · x^digit; finally r = r^(2^tail). For (p-3)/4 this needs 67 + 15
// multiplications instead of the 109 of fixed 4-bit windows.
constexpr int kWindow = 5;
constexpr std::size_t kMaxSteps = 400;

struct SlidingWindows {
  std::array<uint16_t, kMaxSteps> squarings{};  // squarings before step i (0 for step 0)
  std::array<uint8_t, kMaxSteps> digit{};       // odd digit of step i
  std::size_t steps = 0;
  int tail = 0;  // squarings after the last step
};

template <std::size_t N>
constexpr SlidingWindows recode(const std::array<uint64_t, N>& e) {
  SlidingWindows out;
  auto bit = [&](int i) { return static_cast<int>((e[i / 64] >> (i % 64)) & 1); };
  int i = 64 * static_cast<int>(N) - 1;
  while (i >= 0 && bit(i) == 0) --i;
  int pending = 0;  // squarings owed since the last step
  while (i >= 0) {
    if (bit(i) == 0) {
      ++pending;
      --i;
      continue;
    }
    int lo = i - kWindow + 1 < 0 ? 0 : i - kWindow + 1;
    while (bit(lo) == 0) ++lo;  // the window ends on a set bit, so its digit is odd
    int d = 0;
    for (int j = i; j >= lo; --j) d = 2 * d + bit(j);
    out.squarings[out.steps] = static_cast<uint16_t>(out.steps == 0 ? 0 : pending + (i - lo + 1));
    out.digit[out.steps] = static_cast<uint8_t>(d);
    ++out.steps;
    pending = 0;
    i = lo - 1;
  }
  out.tail = pending;
  return out;
}

// pow_windows returns x^e for the recoded public exponent. Constant time in x: the sequence of
// squarings and multiplications, and the table indices, depend only on e.
template <typename F>
F pow_windows(const F& x, const SlidingWindows& w) {
  F odd[1 << (kWindow - 1)];  // odd[k] = x^(2k+1)
  odd[0] = x;
  const F x2 = x.sqr();
  for (std::size_t k = 1; k < std::size(odd); ++k) odd[k] = odd[k - 1] * x2;
  F r = odd[w.digit[0] >> 1];
  for (std::size_t s = 1; s < w.steps; ++s) {
    for (int j = 0; j < w.squarings[s]; ++j) r = r.sqr();
    r = r * odd[w.digit[s] >> 1];
  }
  for (int j = 0; j < w.tail; ++j) r = r.sqr();
  return r;
}

constexpr SlidingWindows kPMinus3Div4 = recode(FpParams::C::kMinus3Div4);

// x^((p-3)/4); x^((p+1)/4) is one more multiplication by x.
Fp pow_p_minus_3_div_4(const Fp& x) { return pow_windows(x, kPMinus3Div4); }

}  // namespace

// sqrt_ratio for Fp, q = 3 mod 4 (RFC 9380 F.2.1.2): y1 = (u·v^3)^((q-3)/4) · u·v is sqrt(u/v) when
// u/v is a square; otherwise y1·sqrt(-Z) is sqrt(Z·u/v).
bool sqrt_ratio(const Fp& u, const Fp& v, Fp& y) {
  const Fp uv = u * v;                                   // 2.
  const Fp y1 = pow_p_minus_3_div_4(v.sqr() * uv) * uv;  // 1, 3-5.
  const Fp y2 = y1 * kG1SqrtMinusZ;                      // 6.
  const bool is_qr = y1.sqr() * v == u;                  // 7-9.
  y = Fp::select(mask_of(is_qr), y1, y2);                // 10.
  return is_qr;
}

// sqrt_ratio for Fp2 through the norm N(a) = a0^2 + a1^2 (a square in Fp2 iff N(a) is one in Fp),
// with two Fp exponentiations and no inversion:
//   1. n = N(v), a = u·conj(v)·n, so u/v = a / n^2 and sqrt(u/v) = sqrt(a) / n.
//   2. s = N(a)^((p+1)/4): s^2 = N(a) iff a is a square; else s^2 = -N(a). If not, replace a by
//      Z·a (a square, since Z is not) and s by sqrt(-5)·s, a root of N(Z·a) = 5·N(a).
//   3. sqrt(a) = x0 + x1·I with x0^2 = c = (a0 + s)/2 (or (a0 - s)/2 when that one is 0, which
//      happens only if a1 = 0) and 2·x0·x1 = a1. With t = (c·n^2)^((p-3)/4) = c^((p-3)/4)·χ(n)/n:
//        c square:     x0 = c·t,       x1 = (a1/2)·t     (c^((p-3)/4)^2 = 1/c)
//        c non-square: x0 = -(a1/2)·t, x1 = c·t          (c^((p-3)/4)^2 = -1/c)
//      both give ±sqrt(a)/n, and the sign is fixed later by SWU.
bool sqrt_ratio(const Fp2& u, const Fp2& v, Fp2& y) {
  const Fp n = v.c0.sqr() + v.c1.sqr();
  Fp2 a = u * v.conj() * n;
  const Fp na = a.c0.sqr() + a.c1.sqr();
  Fp s = pow_p_minus_3_div_4(na) * na;  // na^((p+1)/4)
  const bool is_qr = s.sqr() == na;
  const uint64_t qr = mask_of(is_qr);
  a = Fp2::select(qr, a, a * kG2Z);
  s = Fp::select(qr, s, s * kSqrtMinus5);
  Fp c = (a.c0 + s).half();
  c = Fp::select(mask_of(c.is_zero()), (a.c0 - s).half(), c);
  const Fp n2 = n.sqr();
  const Fp t = pow_p_minus_3_div_4(c * n2);
  const Fp ct = c * t;
  const Fp half_a1_t = a.c1.half() * t;
  const uint64_t c_square = mask_of(ct.sqr() * n2 == c);
  y.c0 = Fp::select(c_square, ct, -half_a1_t);
  y.c1 = Fp::select(c_square, half_a1_t, ct);
  return is_qr;
}

}  // namespace h2c

G1 map_to_curve_g1(const Fp& u) {
  using namespace h2c;
  const SwuPoint<Fp> p = simple_swu(u, kG1A, kG1B, kG1Z);
  return iso_map_jacobian<Fp, 15>(p, {kG1XNum, kG1XDen, kG1YNum, kG1YDen});
}

G2 map_to_curve_g2(const Fp2& u) {
  using namespace h2c;
  const SwuPoint<Fp2> p = simple_swu(u, kG2A, kG2B, kG2Z);
  return iso_map_jacobian<Fp2, 3>(p, {kG2XNum, kG2XDen, kG2YNum, kG2YDen});
}

}  // namespace stakepool::crypto
