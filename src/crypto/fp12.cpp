// Fp12 = Fp6[w]/(w^2 - v) arithmetic of the BLS12-381 tower (tower.hpp).
#include "crypto/tower_constants.hpp"
#include "stakepool/crypto/tower.hpp"

namespace stakepool::crypto {

Fp12 Fp12::one() { return Fp12{Fp6::one(), Fp6::zero()}; }

// Karatsuba: (a0 + a1·w)(b0 + b1·w) = (a0b0 + v·a1b1) + ((a0+a1)(b0+b1) - a0b0 - a1b1)·w
Fp12 Fp12::operator*(const Fp12& b) const {
  const Fp6 t0 = c0 * b.c0, t1 = c1 * b.c1;
  return Fp12{t0 + t1.mul_by_v(), (c0 + c1) * (b.c0 + b.c1) - t0 - t1};
}

// Complex squaring: with t = a0·a1,
//   (a0 + a1·w)^2 = ((a0 + a1)(a0 + v·a1) - t - v·t) + 2t·w
Fp12 Fp12::sqr() const {
  const Fp6 t = c0 * c1;
  const Fp6 r0 = (c0 + c1) * (c0 + c1.mul_by_v()) - t - t.mul_by_v();
  return Fp12{r0, t + t};
}

Fp12 Fp12::conj() const { return Fp12{c0, -c1}; }

// 1/(a0 + a1·w) = (a0 - a1·w)/(a0^2 - v·a1^2)
Fp12 Fp12::inv() const {
  const Fp6 t = (c0.sqr() - c1.sqr().mul_by_v()).inv();
  return Fp12{c0 * t, -(c1 * t)};
}

// (a0 + a1·w)^(p^k) = a0^(p^k) + a1^(p^k)·xi^((p^k-1)/6)·w   (w^6 = xi)
Fp12 Fp12::frobenius(int power) const {
  const int k = ((power % 12) + 12) % 12;
  return Fp12{c0.frobenius(k), c1.frobenius(k) * detail::kFrobW[k]};
}

// Sparse line multiplication: b = (a0 + a1·v) + (a4·v)·w.
//   t0 = c0·(a0 + a1·v), t1 = c1·(a4·v)
//   r0 = t0 + v·t1, r1 = (c0 + c1)·(a0 + (a1 + a4)·v) - t0 - t1
Fp12 Fp12::mul_by_014(const Fp2& a0, const Fp2& a1, const Fp2& a4) const {
  const Fp6 t0 = c0.mul_by_01(a0, a1);
  const Fp6 t1 = c1.mul_by_1(a4);
  const Fp6 r1 = (c0 + c1).mul_by_01(a0, a1 + a4) - t0 - t1;
  return Fp12{t0 + t1.mul_by_v(), r1};
}

namespace {

// fp4_sqr: (a + b·s)^2 in Fp4 = Fp2[s]/(s^2 - xi): (a^2 + xi·b^2) + ((a + b)^2 - a^2 - b^2)·s.
inline void fp4_sqr(Fp2& r0, Fp2& r1, const Fp2& a, const Fp2& b) {
  const Fp2 a2 = a.sqr(), b2 = b.sqr();
  r0 = a2 + b2.mul_by_xi();
  r1 = (a + b).sqr() - a2 - b2;
}

}  // namespace

// Granger–Scott, "Faster squaring in the cyclotomic subgroup of sixth degree extensions" (PKC 2010).
// View Fp12 as Fp4[w]/(w^3 - s) with s = w^3 (s^2 = xi): f = A0 + A1·w + A2·w^2 where
//   A0 = g0 + h1·s, A1 = h0 + g2·s, A2 = g1 + h2·s   (c0 = (g0, g1, g2), c1 = (h0, h1, h2)).
// For f in the cyclotomic subgroup:
//   f^2 = (3·A0^2 - 2·conj(A0)) + (3·s·A2^2 + 2·conj(A1))·w + (3·A1^2 - 2·conj(A2))·w^2
// where conj(x + y·s) = x - y·s.
Fp12 Fp12::cyclotomic_sqr() const {
  const Fp2 &g0 = c0.c0, &g1 = c0.c1, &g2 = c0.c2;
  const Fp2 &h0 = c1.c0, &h1 = c1.c1, &h2 = c1.c2;
  Fp2 t0, t1, t2, t3, t4, t5;
  fp4_sqr(t0, t1, g0, h1);  // A0^2 = t0 + t1·s
  fp4_sqr(t2, t3, h0, g2);  // A1^2 = t2 + t3·s
  fp4_sqr(t4, t5, g1, h2);  // A2^2 = t4 + t5·s
  // 3x - 2y = 2(x - y) + x ; 3x + 2y = 2(x + y) + x
  auto three_minus_two = [](const Fp2& x, const Fp2& y) { return (x - y).dbl() + x; };
  auto three_plus_two = [](const Fp2& x, const Fp2& y) { return (x + y).dbl() + x; };
  Fp12 r;
  r.c0.c0 = three_minus_two(t0, g0);               // A0: Fp2 part
  r.c1.c1 = three_plus_two(t1, h1);                // A0: s part
  r.c1.c0 = three_plus_two(t5.mul_by_xi(), h0);    // A1: Fp2 part (s·A2^2 = xi·t5 + t4·s)
  r.c0.c2 = three_minus_two(t4, g2);               // A1: s part
  r.c0.c1 = three_minus_two(t2, g1);               // A2: Fp2 part
  r.c1.c2 = three_plus_two(t3, h2);                // A2: s part
  return r;
}

bool Fp12::is_one() const { return *this == one(); }

bool Fp12::operator==(const Fp12& b) const {
  return (static_cast<unsigned>(c0 == b.c0) & static_cast<unsigned>(c1 == b.c1)) != 0;
}

}  // namespace stakepool::crypto
