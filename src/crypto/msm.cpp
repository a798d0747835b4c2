// Pippenger multi-scalar multiplication (see msm.hpp).
//
// Each 256-bit scalar is recoded into W = ceil(257/c) signed digits d_w in [-2^(c-1), 2^(c-1)]
// (k = sum_w d_w·2^(c·w)). For each window, from the top, the accumulator is doubled c times and
// every point is added (or subtracted) into bucket |d_w| - 1; the window sum
// sum_b (b+1)·bucket_b is formed by the running-sum trick with 2·2^(c-1) additions.
#include "stakepool/crypto/msm.hpp"

#include <cstdint>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

constexpr std::size_t kNaiveBelow = 4;

// window_bits picks c from the number of points (tuned by bench msm_g1_*).
int window_bits(std::size_t n) {
  int lg = 0;
  while ((std::size_t{1} << (lg + 1)) <= n) ++lg;
  if (lg < 5) return 3;
  return lg - 1;
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
JacobianPoint<F> pippenger(std::span<const AffinePoint<F>> points, std::span<const Scalar> scalars) {
  const int c = window_bits(points.size());
  const int windows = (257 + c - 1) / c;
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
  if (points.size() >= kNaiveBelow) return pippenger<F>(points, scalars);
  JacobianPoint<F> acc = identity<F>();
  for (std::size_t i = 0; i < points.size(); ++i) {
    acc = add_vartime(acc, mul_vartime_generic(to_jacobian(points[i]), scalars[i]));
  }
  return acc;
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

G1 msm_naive_vartime(std::span<const G1Affine> points, std::span<const Scalar> scalars) {
  return naive_impl<Fp>(points, scalars);
}

G2 msm_naive_vartime(std::span<const G2Affine> points, std::span<const Scalar> scalars) {
  return naive_impl<Fp2>(points, scalars);
}

}  // namespace stakepool::crypto
