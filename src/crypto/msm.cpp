// Pippenger multi-scalar multiplication (see msm.hpp).
//
// Each 256-bit scalar is recoded into W = ceil(257/c) signed digits d_w in [-2^(c-1), 2^(c-1)]
// (k = sum_w d_w·2^(c·w)). For each window, from the top, the accumulator is doubled c times and
// every point is added (or subtracted) into bucket |d_w| - 1; the window sum
// sum_b (b+1)·bucket_b is formed by the running-sum trick with 2·2^(c-1) additions.
#include "stakepool/crypto/msm.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "crypto/scalar_recode.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

constexpr std::size_t kNaiveBelow = 2;
// Signed digits lie in [-2^(c-1), 2^(c-1)] and are stored as int16_t: c must stay <= 15.
constexpr int kMaxWindowBits = 15;

// window_bits picks c from the number of (endomorphism-expanded) points, minimising
// windows·(n + 2·2^(c-1)) for ~128-bit sub-scalars; lg(n) - 3 measured best for 128 and 512
// expanded points (bench msm_g1_64 / msm_g1_256).
int window_bits(std::size_t n) {
  int lg = 0;
  while ((std::size_t{1} << (lg + 1)) <= n) ++lg;
  return lg < 5 ? 3 : std::min(lg - 3, kMaxWindowBits);
}

// signed_digits writes the W signed c-bit digits of k, least significant first.
void signed_digits(const Scalar& k, int c, int windows, int16_t* out) {
  const uint64_t full = uint64_t{1} << c;
  uint64_t carry = 0;
  for (int w = 0; w < windows; ++w) {
    const int bit = w * c;
    uint64_t v = 0;
    if (bit < 256) {
      const int limb = bit / 64;
      const int off = bit % 64;
      v = k[limb] >> off;
      if (off + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
      v &= full - 1;
    }
    v += carry;
    carry = v > full / 2 ? 1 : 0;
    out[w] = static_cast<int16_t>(static_cast<int64_t>(v) - static_cast<int64_t>(carry * full));
  }
}

// Endo<F>: the endomorphism split of one (point, scalar) pair into kParts pairs with kBits-bit
// scalars (scalar_recode.hpp): G1 [k]P = a0·P + a1·(-sigma(P)); G2 [k]P = d0·P + d1·(-psi(P)) +
// d2·psi^2(P) + d3·(-psi^3(P)).
template <typename F>
struct Endo;

template <>
struct Endo<Fp> {
  static constexpr int kParts = 2;
  static constexpr int kBits = 128;
  static void expand(const G1Affine& p, const Scalar& k, G1Affine* pts, Scalar* ks) {
    const auto d = recode::split_base_z_vartime(recode::reduce_mod_r_vartime(k));
    for (int j = 0; j < 2; ++j) {
      const recode::u128 a = static_cast<recode::u128>(d[2 * j]) +
                             static_cast<recode::u128>(d[2 * j + 1]) * kZAbs;
      ks[j] = {static_cast<uint64_t>(a), static_cast<uint64_t>(a >> 64), 0, 0};
    }
    pts[0] = p;
    pts[1] = neg(sigma(p));
  }
};

template <>
struct Endo<Fp2> {
  static constexpr int kParts = 4;
  static constexpr int kBits = 64;
  static void expand(const G2Affine& p, const Scalar& k, G2Affine* pts, Scalar* ks) {
    const auto d = recode::split_base_z_vartime(recode::reduce_mod_r_vartime(k));
    G2Affine cur = p;
    for (int j = 0; j < 4; ++j) {
      ks[j] = {d[j], 0, 0, 0};
      pts[j] = (j % 2 == 1) ? neg(cur) : cur;
      cur = psi(cur);
    }
  }
};

template <typename F>
JacobianPoint<F> bucket_window(std::span<const AffinePoint<F>> points, const int16_t* digits,
                               int windows, int w, std::vector<JacobianPoint<F>>& buckets) {
  for (auto& b : buckets) b = identity<F>();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const int d = digits[i * windows + w];
    if (d > 0) buckets[d - 1] = add_mixed_vartime(buckets[d - 1], points[i]);
    if (d < 0) buckets[-d - 1] = add_mixed_vartime(buckets[-d - 1], neg(points[i]));
  }
  JacobianPoint<F> running = identity<F>();
  JacobianPoint<F> sum = identity<F>();
  for (std::size_t b = buckets.size(); b-- > 0;) {
    running = add_vartime(running, buckets[b]);
    sum = add_vartime(sum, running);
  }
  return sum;
}

template <typename F>
JacobianPoint<F> pippenger(std::span<const AffinePoint<F>> points, std::span<const Scalar> scalars,
                           int nbits, int c) {
  const int windows = (nbits + 1 + c - 1) / c;
  std::vector<int16_t> digits(points.size() * windows);
  for (std::size_t i = 0; i < points.size(); ++i) {
    signed_digits(scalars[i], c, windows, &digits[i * windows]);
  }
  std::vector<JacobianPoint<F>> buckets(std::size_t{1} << (c - 1));
  JacobianPoint<F> acc = identity<F>();
  for (int w = windows - 1; w >= 0; --w) {
    if (!is_identity(acc)) {
      for (int s = 0; s < c; ++s) acc = dbl(acc);
    }
    acc = add_vartime(acc, bucket_window<F>(points, digits.data(), windows, w, buckets));
  }
  return acc;
}

template <typename F>
JacobianPoint<F> msm_impl(std::span<const AffinePoint<F>> points, std::span<const Scalar> scalars) {
  SP_CHECK(points.size() == scalars.size());
  if (points.size() < kNaiveBelow) {
    return points.empty() ? identity<F>() : mul_vartime_generic(to_jacobian(points[0]), scalars[0]);
  }
  constexpr int kParts = Endo<F>::kParts;
  std::vector<AffinePoint<F>> pts(points.size() * kParts);
  std::vector<Scalar> ks(points.size() * kParts);
  for (std::size_t i = 0; i < points.size(); ++i) {
    Endo<F>::expand(points[i], scalars[i], &pts[i * kParts], &ks[i * kParts]);
  }
  return pippenger<F>(pts, ks, Endo<F>::kBits, window_bits(pts.size()));
}

// small_window_bits: the c minimising windows·(n + 2^c) (bucket additions plus the running sums
// of 2^(c-1) buckets) for n scalars of nbits bits.
int small_window_bits(std::size_t n, int nbits) {
  int best = 1;
  std::size_t best_cost = SIZE_MAX;
  for (int c = 1; c <= kMaxWindowBits; ++c) {
    const std::size_t cost = static_cast<std::size_t>((nbits + c) / c) * (n + (std::size_t{1} << c));
    if (cost < best_cost) {
      best = c;
      best_cost = cost;
    }
  }
  return best;
}

template <typename F>
JacobianPoint<F> naive_impl(std::span<const AffinePoint<F>> points,
                            std::span<const Scalar> scalars) {
  SP_CHECK(points.size() == scalars.size());
  JacobianPoint<F> acc = identity<F>();
  for (std::size_t i = 0; i < points.size(); ++i) {
    acc = add_vartime(acc, mul_double_and_add_vartime(to_jacobian(points[i]), scalars[i]));
  }
  return acc;
}

}  // namespace

G1 msm_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars) {
  return msm_impl<Fp>(points, scalars);
}

G2 msm_vartime(std::span<const G2Affine> points, std::span<const Scalar> scalars) {
  return msm_impl<Fp2>(points, scalars);
}

G1 msm_small_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars, int bits) {
  SP_CHECK(points.size() == scalars.size() && bits >= 1 && bits <= 128);
  for (const Scalar& k : scalars) {
    int len = 0;
    for (int i = 3; i >= 0 && len == 0; --i) {
      if (k[i] != 0) len = 64 * i + 64 - std::countl_zero(k[i]);
    }
    SP_CHECK(len <= bits);
  }
  if (points.size() < kNaiveBelow) return msm_naive_vartime(points, scalars);
  return pippenger<Fp>(points, scalars, bits, small_window_bits(points.size(), bits));
}

G1 msm_naive_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars) {
  return naive_impl<Fp>(points, scalars);
}

G2 msm_naive_vartime(std::span<const G2Affine> points, std::span<const Scalar> scalars) {
  return naive_impl<Fp2>(points, scalars);
}

}  // namespace stakepool::crypto
