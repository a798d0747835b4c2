// Batch-affine summation (see sum_affine_batch_vartime in curve.hpp). Each level adds the points in
// pairs with affine formulas; the slopes' denominators of a level share one inversion
// (Montgomery's trick). All inputs are public, so the code branches on them.
#include <span>
#include <vector>

#include "curve_ops.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

// A level of pairwise additions pays one inversion; below this many pairs, sequential mixed
// additions in Jacobian coordinates are cheaper.
constexpr std::size_t kMinBatchPairs = 32;

enum class PairKind : uint8_t { kAdd, kDouble, kInfinity };

// classify returns how p + q is formed and its slope's numerator and denominator.
template <typename F>
PairKind classify(const AffinePoint<F>& p, const AffinePoint<F>& q, F& num, F& den) {
  if (!(p.x == q.x)) {
    num = q.y - p.y;
    den = q.x - p.x;
    return PairKind::kAdd;
  }
  if ((p.y + q.y).is_zero()) return PairKind::kInfinity;  // q = -p (also 2-torsion p = q)
  const F xx = p.x.sqr();
  num = xx.dbl() + xx;  // 3x^2 / 2y
  den = p.y.dbl();
  return PairKind::kDouble;
}

// add_level replaces pts by the sums of its pairs (and an unpaired last point), dropping
// infinities. One inversion for the whole level.
template <typename F>
void add_level(std::vector<AffinePoint<F>>& pts) {
  const std::size_t pairs = pts.size() / 2;
  std::vector<F> num(pairs), den(pairs), prefix(pairs);
  std::vector<PairKind> kind(pairs);
  F acc = F::one();
  for (std::size_t i = 0; i < pairs; ++i) {
    kind[i] = classify(pts[2 * i], pts[2 * i + 1], num[i], den[i]);
    if (kind[i] != PairKind::kInfinity) acc = acc * den[i];
    prefix[i] = acc;
  }
  F inv = curve_detail::inv_vartime(acc);  // inverse of the product of all denominators
  std::vector<AffinePoint<F>> out(pairs);
  for (std::size_t i = pairs; i-- > 0;) {
    if (kind[i] == PairKind::kInfinity) continue;  // out[i] stays at infinity
    const F den_inv = i == 0 ? inv : inv * prefix[i - 1];
    inv = inv * den[i];
    const AffinePoint<F>& p = pts[2 * i];
    const AffinePoint<F>& q = pts[2 * i + 1];
    const F lambda = num[i] * den_inv;
    out[i].x = lambda.sqr() - p.x - q.x;
    out[i].y = lambda * (p.x - out[i].x) - p.y;
    out[i].infinity = false;
  }
  const bool odd = pts.size() % 2 != 0;
  const AffinePoint<F> last = odd ? pts.back() : AffinePoint<F>{};
  pts.clear();
  for (const AffinePoint<F>& r : out) {
    if (!r.infinity) pts.push_back(r);
  }
  if (odd) pts.push_back(last);
}

}  // namespace

template <typename F>
JacobianPoint<F> sum_affine_batch_vartime(std::span<const AffinePoint<F>> points) {
  std::vector<AffinePoint<F>> pts;
  pts.reserve(points.size());
  for (const AffinePoint<F>& p : points) {
    if (!p.infinity) pts.push_back(p);
  }
  while (pts.size() / 2 >= kMinBatchPairs) add_level(pts);
  JacobianPoint<F> acc = identity<F>();
  for (const AffinePoint<F>& p : pts) acc = add_mixed_vartime(acc, p);
  return acc;
}

template JacobianPoint<Fp> sum_affine_batch_vartime<Fp>(std::span<const AffinePoint<Fp>>);
template JacobianPoint<Fp2> sum_affine_batch_vartime<Fp2>(std::span<const AffinePoint<Fp2>>);

}  // namespace stakepool::crypto
