// Optimal ate Miller loop for BLS12-381 (see include/stakepool/crypto/pairing.hpp).
//
// G2 is the M-type sextic twist E2: y^2 = x^3 + b', b' = 4·xi, xi = u + 1, with the untwisting map
// (x', y') -> (x'·w^-2, y'·w^-3) into E(Fp12) (w^6 = xi). A line through twist points with slope
// lambda' evaluated at P = (xp, yp) in G1, scaled by w^3 (a factor in the subfield Fp4, which the
// final exponentiation kills), is
//     (lambda'·x' - y') + (-lambda'·xp)·v + yp·(v·w),
// i.e. exactly the (c0.c0, c0.c1, c1.c1) shape taken by Fp12::mul_by_014. Multiplying through by the
// slope's denominator (an Fp2 factor, also killed) gives the projective formulas below
// (Costello–Lange–Naehrig 2010; Aranha et al., EUROCRYPT 2011).
#include <array>
#include <cstdint>

#include "stakepool/crypto/pairing.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

// |z| for the BLS12-381 parameter z = -0xd201000000010000.
constexpr uint64_t kAbsZ = 0xd201000000010000ULL;
constexpr int kAbsZTopBit = 63;

// Pairs are processed in chunks that live on the stack; each chunk shares its Fp12 squarings.
constexpr std::size_t kChunk = 16;

// Homogeneous projective G2 point (X : Y : Z) <-> (X/Z, Y/Z).
struct G2Proj {
  Fp2 x, y, z;
};

// Line coefficients in the mul_by_014 shape, before scaling by the G1 point: c0 constant term,
// c1 multiplied by (-xp) (coefficient of v), c4 multiplied by yp (coefficient of v·w).
using Line = G2Prepared::Line;

// A G1 point prepared for line evaluation: (-xp, yp).
struct G1Prep {
  Fp neg_x, y;
};

Fp2 half(const Fp2& a) { return Fp2{a.c0.half(), a.c1.half()}; }

// times_3b: 3·b'·a = 12·xi·a.
Fp2 times_3b(const Fp2& a) {
  const Fp2 t = a.mul_by_xi();
  const Fp2 t4 = t.dbl().dbl();
  return t4 + t4.dbl();
}

// double_step: T <- 2T, returning the tangent line at T.
// X3 = XY/2·(B - F), Y3 = ((B + F)/2)^2 - 3E^2, Z3 = B·H with B = Y^2, C = Z^2, E = 3b'C, F = 3E,
// H = (Y + Z)^2 - B - C. Line: (B - E) + 3X^2·(-xp)·v + H·yp·vw.
Line double_step(G2Proj& t) {
  const Fp2 a = half(t.x * t.y);
  const Fp2 b = t.y.sqr();
  const Fp2 c = t.z.sqr();
  const Fp2 e = times_3b(c);
  const Fp2 f = e + e.dbl();
  const Fp2 g = half(b + f);
  const Fp2 h = (t.y + t.z).sqr() - (b + c);
  const Fp2 xx = t.x.sqr();
  const Fp2 ee = e.sqr();
  Line l{b - e, xx + xx.dbl(), h};
  t.x = a * (b - f);
  t.y = g.sqr() - (ee + ee.dbl());
  t.z = b * h;
  return l;
}

// add_step: T <- T + Q (Q affine, T != ±Q, which holds inside the Miller loop for Q of order r),
// returning the line through T and Q.
// theta = Y - y2·Z, lambda = X - x2·Z; line: (theta·x2 - lambda·y2) + theta·(-xp)·v + lambda·yp·vw.
Line add_step(G2Proj& t, const G2Affine& q) {
  const Fp2 theta = t.y - q.y * t.z;
  const Fp2 lambda = t.x - q.x * t.z;
  const Fp2 c = theta.sqr();
  const Fp2 d = lambda.sqr();
  const Fp2 e = lambda * d;
  const Fp2 f = t.z * c;
  const Fp2 g = t.x * d;
  const Fp2 h = e + f - g.dbl();
  Line l{theta * q.x - lambda * q.y, theta, lambda};
  t.x = lambda * h;
  t.y = theta * (g - h) - t.y * e;
  t.z = t.z * e;
  return l;
}

Fp12 mul_line(const Fp12& f, const Line& l, const G1Prep& p) {
  return f.mul_by_014(l.c0, l.c1 * p.neg_x, l.c4 * p.y);
}

// line_to_fp12: the line value itself as an Fp12 (the product 1·line).
Fp12 line_to_fp12(const Line& l, const G1Prep& p) {
  Fp12 r{};
  r.c0.c0 = l.c0;
  r.c0.c1 = l.c1 * p.neg_x;
  r.c1.c1 = l.c4 * p.y;
  return r;
}

// PairIn: one finite pair of a chunk; its lines come from `lines` (prepared) or, when that is
// null, are computed on the fly from q.
struct PairIn {
  G1Prep p;
  const G2Affine* q;
  const Line* lines;
};

// Stepper: yields the lines of the pairs of a chunk in loop order (index k of the prepared table).
class Stepper {
 public:
  Stepper(const PairIn* in, std::size_t n) : in_(in) {
    for (std::size_t i = 0; i < n; ++i) {
      if (in[i].lines == nullptr) t_[i] = G2Proj{in[i].q->x, in[i].q->y, Fp2::one()};
    }
  }
  // line: the line of pair i at the current step (a doubling, or an addition when add).
  const Line& line(std::size_t i, bool add) {
    if (in_[i].lines != nullptr) return in_[i].lines[k_];
    scratch_ = add ? add_step(t_[i], *in_[i].q) : double_step(t_[i]);
    return scratch_;
  }
  void next() { ++k_; }

 private:
  const PairIn* in_;
  std::array<G2Proj, kChunk> t_;
  Line scratch_;
  std::size_t k_ = 0;
};

// miller_chunk runs the loop for 1..kChunk pairs, all finite, sharing the squarings.
Fp12 miller_chunk(const PairIn* in, std::size_t n) {
  Stepper s(in, n);
  // First iteration: f = 1, so no squaring and the first line becomes f directly.
  Fp12 f = line_to_fp12(s.line(0, false), in[0].p);
  for (std::size_t i = 1; i < n; ++i) f = mul_line(f, s.line(i, false), in[i].p);
  s.next();
  for (int bit = kAbsZTopBit - 1; bit >= 0; --bit) {
    if (bit != kAbsZTopBit - 1) {
      f = f.sqr();
      for (std::size_t i = 0; i < n; ++i) f = mul_line(f, s.line(i, false), in[i].p);
      s.next();
    }
    if ((kAbsZ >> bit) & 1) {
      for (std::size_t i = 0; i < n; ++i) f = mul_line(f, s.line(i, true), in[i].p);
      s.next();
    }
  }
  return f;
}

}  // namespace

G2Prepared prepare_g2(const G2Affine& q) {
  G2Prepared out;
  out.infinity = q.infinity;
  if (q.infinity) return out;
  G2Proj t{q.x, q.y, Fp2::one()};
  std::size_t k = 0;
  for (int bit = kAbsZTopBit - 1; bit >= 0; --bit) {
    out.lines[k++] = double_step(t);
    if ((kAbsZ >> bit) & 1) out.lines[k++] = add_step(t, q);
  }
  SP_CHECK(k == G2Prepared::kLines);
  return out;
}

Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q,
                 std::span<const G1Affine> pp, std::span<const G2Prepared* const> qp) {
  SP_CHECK(p.size() == q.size() && pp.size() == qp.size());
  Fp12 acc = Fp12::one();
  bool have = false;
  std::array<PairIn, kChunk> in;
  std::size_t m = 0;
  auto flush = [&] {
    if (m == 0) return;
    if (have) {
      acc *= miller_chunk(in.data(), m);
    } else {
      acc = miller_chunk(in.data(), m);
    }
    have = true;
    m = 0;
  };
  auto push = [&](const G1Affine& a, const G2Affine* b, const Line* lines) {
    in[m] = PairIn{G1Prep{-a.x, a.y}, b, lines};
    if (++m == kChunk) flush();
  };
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!p[i].infinity && !q[i].infinity) push(p[i], &q[i], nullptr);
  }
  for (std::size_t i = 0; i < pp.size(); ++i) {
    if (!pp[i].infinity && !qp[i]->infinity) push(pp[i], nullptr, qp[i]->lines.data());
  }
  flush();
  // z < 0: f_{z,Q} = 1 / f_{|z|,Q} up to factors killed by the final exponentiation, and the
  // inverse equals the conjugate after the easy part.
  return acc.conj();
}

Fp12 miller_loop(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return miller_loop(p, q, {}, {});
}

Fp12 pairing(const G1Affine& p, const G2Affine& q) {
  return final_exponentiation(miller_loop({&p, 1}, {&q, 1}));
}

bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q) {
  return final_exponentiation(miller_loop(p, q)).is_one();
}

bool pairing_check(std::span<const G1Affine> p, std::span<const G2Affine> q,
                   std::span<const G1Affine> pp, std::span<const G2Prepared* const> qp) {
  return final_exponentiation(miller_loop(p, q, pp, qp)).is_one();
}

}  // namespace stakepool::crypto
