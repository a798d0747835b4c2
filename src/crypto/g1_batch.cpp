// Lockstep batch-affine G1 arithmetic for public points (see g1_small.hpp): many points go through
// the same sequence of doublings and additions, and each step of all of them shares one field
// inversion (Montgomery's trick), so a step costs about 5M + 1S per point instead of a Jacobian
// doubling (3M + 4S) or addition (11M + 5S). Exceptional sums (a point at infinity, P + P, P + (-P))
// are detected per point and handled by branching: every input is public.
#include <algorithm>
#include <bit>
#include <vector>

#include "crypto/curve_ops.hpp"
#include "crypto/g1_ifma.hpp"
#include "stakepool/crypto/isa.hpp"
#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

// Lockstep: scratch space reused by every step of one batch computation.
class Lockstep {
 public:
  explicit Lockstep(std::size_t n) : num_(n), den_(n), before_(n), slope_(n) {}

  // dbl: a[i] = 2·a[i] for every i (tangent slopes 3x^2 / 2y; infinity and points of order 2,
  // y = 0, give infinity).
  void dbl(std::vector<G1Affine>& a) {
    Fp acc = Fp::one();
    bool any = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      before_[i] = acc;
      slope_[i] = !a[i].infinity && !a[i].y.is_zero();
      if (!slope_[i]) {
        a[i] = G1Affine{};
        continue;
      }
      const Fp xx = a[i].x.sqr();
      num_[i] = xx.dbl() + xx;
      den_[i] = a[i].y.dbl();
      acc = acc * den_[i];
      any = true;
    }
    if (any) finish(a, nullptr, acc);
  }
  // add: a[i] = a[i] + b[i] for every i (b has a.size() entries).
  void add(std::vector<G1Affine>& a, std::span<const G1Affine> b) {
    Fp acc = Fp::one();
    bool any = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      slope_[i] = classify(a[i], b[i], num_[i], den_[i]);
      before_[i] = acc;
      if (slope_[i]) acc = acc * den_[i];
      any = any || slope_[i];
    }
    if (any) finish(a, b.data(), acc);  // otherwise every sum settled in classify
  }

 private:
  // finish: given the slopes' numerators and denominators (acc = product of the denominators,
  // before_[i] = product of those before i), inverts once and completes every sum that needs a
  // slope (q = b[i], or a[i] itself for doublings when b is null).
  void finish(std::vector<G1Affine>& a, const G1Affine* b, const Fp& acc) {
    const std::size_t n = a.size();
    Fp inv = curve_detail::inv_vartime(acc);  // 1 / (product of every slope denominator)
    for (std::size_t i = n; i-- > 0;) {
      if (!slope_[i]) continue;
      const Fp den_inv = inv * before_[i];
      inv = inv * den_[i];
      const G1Affine& p = a[i];
      const Fp& qx = b != nullptr ? b[i].x : p.x;
      const Fp lambda = num_[i] * den_inv;
      const Fp x3 = lambda.sqr() - p.x - qx;
      a[i].y = lambda * (p.x - x3) - p.y;
      a[i].x = x3;
    }
  }

  // classify: true with the slope's numerator and denominator when p + q needs one; otherwise the
  // sum is settled here (an infinity, or q = -p) and written into p.
  static bool classify(G1Affine& p, const G1Affine& q, Fp& num, Fp& den) {
    if (q.infinity) return false;
    if (p.infinity) {
      p = q;
      return false;
    }
    if (!(p.x == q.x)) {
      num = q.y - p.y;
      den = q.x - p.x;
      return true;
    }
    if ((p.y + q.y).is_zero()) {  // q = -p (also p = q of order 2)
      p = G1Affine{};
      return false;
    }
    const Fp xx = p.x.sqr();
    num = xx.dbl() + xx;  // tangent slope 3x^2 / 2y
    den = p.y.dbl();
    return true;
  }

  std::vector<Fp> num_, den_, before_;
  std::vector<uint8_t> slope_;
};

// Digits of a small public multiplier, most significant first after the leading 1: the binary
// digits or the non-adjacent form, whichever costs fewer steps.
std::vector<int8_t> small_digits(uint64_t v) {
  std::vector<int8_t> bin, naf;
  for (uint64_t x = v; x != 0; x >>= 1) bin.push_back(static_cast<int8_t>(x & 1));
  for (unsigned __int128 x = v; x != 0; x >>= 1) {
    int8_t d = 0;
    if ((x & 1) != 0) {
      d = static_cast<int8_t>(2 - static_cast<int>(x & 3));
      x = d > 0 ? x - 1 : x + 1;
    }
    naf.push_back(d);
  }
  auto steps = [](const std::vector<int8_t>& d) {
    return d.size() + static_cast<std::size_t>(std::count_if(d.begin(), d.end(), [](int8_t x) { return x != 0; }));
  };
  std::vector<int8_t> out = steps(naf) < steps(bin) ? naf : bin;
  std::reverse(out.begin(), out.end());
  return out;  // out[0] == 1
}

// mul_small: a[i] = [v]a[i] for every i (v >= 1), by the digits of small_digits(v).
void mul_small(Lockstep& ls, std::vector<G1Affine>& a, const std::vector<int8_t>& digits) {
  const std::vector<G1Affine> base = a;
  std::vector<G1Affine> minus;
  for (std::size_t k = 1; k < digits.size(); ++k) {
    ls.dbl(a);
    if (digits[k] > 0) ls.add(a, base);
    if (digits[k] < 0) {
      if (minus.empty()) {
        minus = base;
        for (G1Affine& p : minus) p = neg(p);
      }
      ls.add(a, minus);
    }
  }
}

}  // namespace

void g1_horner_small_batch_vartime(std::span<const std::span<const G1Affine>> polys, uint64_t x,
                                   std::span<G1Affine> out) {
  const std::vector<int8_t> digits = x == 0 ? std::vector<int8_t>{} : small_digits(x);
  if (ifma_usable()) {
    ifma::horner_small_batch(polys, digits, x == 0, out);
    return;
  }
  const std::size_t m = polys.size();
  std::size_t len = 0;
  for (const auto& c : polys) len = std::max(len, c.size());
  std::vector<G1Affine> acc(m), coeff(m);
  Lockstep ls(m);
  for (std::size_t k = len; k-- > 0;) {
    if (k + 1 < len) {
      if (x == 0) std::fill(acc.begin(), acc.end(), G1Affine{});
      else mul_small(ls, acc, digits);
    }
    for (std::size_t i = 0; i < m; ++i) coeff[i] = k < polys[i].size() ? polys[i][k] : G1Affine{};
    ls.add(acc, coeff);
  }
  std::copy(acc.begin(), acc.end(), out.begin());
}

void g1_sum_batch_vartime(std::span<const std::span<const G1Affine>> rows, std::span<G1Affine> out) {
  const std::size_t m = out.size();
  std::vector<G1Affine> cur;  // r rows of m points, row after row
  cur.reserve(rows.size() * m);
  for (const auto& row : rows) {
    SP_CHECK(row.size() == m);
    cur.insert(cur.end(), row.begin(), row.end());
  }
  if (rows.empty()) {
    std::fill(out.begin(), out.end(), G1Affine{});
    return;
  }
  // A tree: each level adds row i + pairs to row i for all pairs at once (one inversion per level,
  // log2(r) of them instead of r); an odd last row moves up unchanged.
  std::size_t r = rows.size();
  Lockstep ls((r / 2) * m);
  std::vector<G1Affine> a;
  while (r > 1) {
    const std::size_t pairs = r / 2;
    a.assign(cur.begin(), cur.begin() + pairs * m);
    ls.add(a, std::span<const G1Affine>(cur).subspan(pairs * m, pairs * m));
    a.insert(a.end(), cur.begin() + 2 * pairs * m, cur.begin() + r * m);
    cur.swap(a);
    r = pairs + r % 2;
  }
  std::copy(cur.begin(), cur.begin() + m, out.begin());
}

void g1_add_batch_vartime(std::span<G1Affine> a, std::span<const G1Affine> b) {
  SP_CHECK(a.size() == b.size());
  std::vector<G1Affine> acc(a.begin(), a.end());
  Lockstep ls(acc.size());
  ls.add(acc, b);
  std::copy(acc.begin(), acc.end(), a.begin());
}

void g1_mul_small_each_batch_vartime(std::span<G1Affine> a, std::span<const uint64_t> v) {
  SP_CHECK(a.size() == v.size());
  int bits = 0;
  for (uint64_t x : v) bits = std::max(bits, 64 - std::countl_zero(x));
  const std::vector<G1Affine> base(a.begin(), a.end());
  std::vector<G1Affine> acc(a.size()), addend(a.size());
  Lockstep ls(a.size());
  for (int bit = bits - 1; bit >= 0; --bit) {
    ls.dbl(acc);  // doubling infinity (a multiplier not started yet) is free
    for (std::size_t i = 0; i < a.size(); ++i) addend[i] = ((v[i] >> bit) & 1) != 0 ? base[i] : G1Affine{};
    ls.add(acc, addend);
  }
  std::copy(acc.begin(), acc.end(), a.begin());
}

void g1_eval_consecutive_vartime(std::span<const G1Affine> coeffs, std::span<G1> out) {
  if (ifma_usable()) {
    ifma::eval_consecutive(coeffs, out);
    return;
  }
  for (std::size_t j = 0; j < out.size(); ++j) out[j] = g1_horner_small_vartime(coeffs, j + 1);
}

bool g1_in_subgroup_batch_vartime(std::span<const G1Affine> points) {
  if (ifma_usable()) return ifma::in_subgroup_batch(points);
  // sigma(P) == [-z^2]P with [z^2]P = [|z|]([|z|]P), both chains in lockstep.
  std::vector<G1Affine> r(points.begin(), points.end());
  Lockstep ls(r.size());
  for (int round = 0; round < 2; ++round) {
    const std::vector<G1Affine> base = r;
    for (int bit = 62; bit >= 0; --bit) {
      ls.dbl(r);
      if (((kZAbs >> bit) & 1) != 0) ls.add(r, base);
    }
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!eq(sigma(points[i]), neg(r[i]))) return false;
  }
  return true;
}

}  // namespace stakepool::crypto
