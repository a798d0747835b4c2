// Final exponentiation of the BLS12-381 pairing (see include/stakepool/crypto/pairing.hpp).
//
// (p^12 - 1)/r = (p^6 - 1)·(p^2 + 1)·(p^4 - p^2 + 1)/r.
// Easy part: f^(p^6 - 1) = conj(f)·f^-1, then g·g^(p^2). The result is in the cyclotomic subgroup,
// where inversion is conjugation and squaring can use the Granger–Scott formula.
// Hard part (Hayashida–Hayasaka–Teruya, eprint 2020/875), raising to 3·(p^4 - p^2 + 1)/r:
//   (z - 1)^2·(z + p)·(z^2 + p^2 - 1) + 3,   z = -0xd201000000010000.
// With |z| = -z: (z - 1)^2 = (|z| + 1)^2 and x^z = conj(x^|z|).
#include <cstdint>

#include "stakepool/crypto/pairing.hpp"

namespace stakepool::crypto {
namespace {
constexpr uint64_t kAbsZ = 0xd201000000010000ULL;
// The set bits of |z| = 2^63 + 2^62 + 2^60 + 2^57 + 2^48 + 2^16, ascending.
constexpr int kZBits[6] = {16, 48, 57, 60, 62, 63};

// Karabina's compressed squaring (Karabina, "Squaring in cyclotomic subgroups", Math. Comp. 2013).
// Write f = (g0 + g1·s) + (g2 + g3·s)·w + (g4 + g5·s)·w^2 over Fp4 = Fp2[s], s = w^3, s^2 = xi. In
// the cyclotomic subgroup the Granger–Scott square gives, for the last two Fp4 coordinates only,
//   g2' = 2·g2 + 6·xi·g4·g5       g3' = 3·(g4^2 + xi·g5^2) - 2·g3
//   g4' = 3·(g2^2 + xi·g3^2) - 2·g4   g5' = 2·g5 + 6·g2·g3
// and g0, g1 are recovered from (g2..g5) when needed (decompress). In stakepool's tower,
// g0..g5 are the coefficients of w^0, w^3, w^1, w^4, w^2, w^5: c0.c0, c1.c1, c1.c0, c0.c2, c0.c1, c1.c2.
struct Compressed {
  Fp2 g2, g3, g4, g5;
};

Compressed compress(const Fp12& f) { return Compressed{f.c1.c0, f.c0.c2, f.c0.c1, f.c1.c2}; }

Compressed compressed_sqr(const Compressed& a) {
  const Fp2 s4 = a.g4.sqr(), s5 = a.g5.sqr(), s2 = a.g2.sqr(), s3 = a.g3.sqr();
  const Fp2 t45 = (a.g4 + a.g5).sqr() - s4 - s5;  // 2·g4·g5
  const Fp2 t23 = (a.g2 + a.g3).sqr() - s2 - s3;  // 2·g2·g3
  const Fp2 u45 = s4 + s5.mul_by_xi();
  const Fp2 u23 = s2 + s3.mul_by_xi();
  Compressed r;
  const Fp2 x45 = t45.mul_by_xi();
  r.g2 = a.g2.dbl() + (x45 + x45.dbl());
  r.g3 = (u45 - a.g3).dbl() + u45;
  r.g4 = (u23 - a.g4).dbl() + u23;
  r.g5 = a.g5.dbl() + (t23 + t23.dbl());
  return r;
}

// inv_vartime for Fp2 (public data): (c0 - c1·u) / (c0^2 + c1^2).
Fp2 fp2_inv_vartime(const Fp2& a) {
  const Fp n = (a.c0.sqr() + a.c1.sqr()).inv_vartime();
  return Fp2{a.c0 * n, -(a.c1 * n)};
}

// fp12_inv_vartime: 1/f for public f (the Miller-loop output), with one variable-time Fp inversion
// at the bottom of the tower instead of the constant-time one of Fp12::inv.
//   Fp12: 1/(c0 + c1·w) = (c0 - c1·w) / (c0^2 - v·c1^2)
//   Fp6:  1/(a + b·v + c·v^2) = (A + B·v + C·v^2) / (a·A + xi·(c·B + b·C)),
//         A = a^2 - xi·b·c, B = xi·c^2 - a·b, C = b^2 - a·c.
Fp12 fp12_inv_vartime(const Fp12& f) {
  const Fp6 t = f.c0.sqr() - f.c1.sqr().mul_by_v();
  const Fp2 A = t.c0.sqr() - (t.c1 * t.c2).mul_by_xi();
  const Fp2 B = t.c2.sqr().mul_by_xi() - t.c0 * t.c1;
  const Fp2 C = t.c1.sqr() - t.c0 * t.c2;
  const Fp2 n_inv = fp2_inv_vartime(t.c0 * A + (t.c2 * B + t.c1 * C).mul_by_xi());
  const Fp6 t_inv{A * n_inv, B * n_inv, C * n_inv};
  return Fp12{f.c0 * t_inv, -(f.c1 * t_inv)};
}

// decompress recovers full elements from compressed ones, sharing one inversion:
//   g1 = (xi·g5^2 + 3·g4^2 - 2·g3) / (4·g2),  g0 = (2·g1^2 + g2·g5 - 3·g3·g4)·xi + 1.
// Returns false (out untouched) if some g2 is zero; callers then fall back to uncompressed squaring.
bool decompress(const Compressed (&in)[6], Fp12 (&out)[6]) {
  Fp2 prefix[6];
  Fp2 acc = Fp2::one();
  for (int i = 0; i < 6; ++i) {
    if (in[i].g2.is_zero()) return false;  // public data
    prefix[i] = acc;
    acc = acc * in[i].g2.dbl().dbl();
  }
  Fp2 inv = fp2_inv_vartime(acc);
  for (int i = 5; i >= 0; --i) {
    const Compressed& c = in[i];
    const Fp2 inv4g2 = inv * prefix[i];
    inv = inv * c.g2.dbl().dbl();
    const Fp2 s4 = c.g4.sqr();
    const Fp2 g1 = (c.g5.sqr().mul_by_xi() + s4.dbl() + s4 - c.g3.dbl()) * inv4g2;
    const Fp2 t34 = c.g3 * c.g4;
    const Fp2 g0 = (g1.sqr().dbl() + c.g2 * c.g5 - t34.dbl() - t34).mul_by_xi() + Fp2::one();
    out[i].c0 = Fp6{g0, c.g4, c.g3};
    out[i].c1 = Fp6{c.g2, g1, c.g5};
  }
  return true;
}

// exp_abs_z_uncompressed: square-and-multiply with Granger–Scott squarings.
Fp12 exp_abs_z_uncompressed(const Fp12& x) {
  Fp12 r = x;
  for (int bit = 62; bit >= 0; --bit) {
    r = r.cyclotomic_sqr();
    if ((kAbsZ >> bit) & 1) r *= x;
  }
  return r;
}

}  // namespace

// x^|z| = Π x^(2^k) over the six set bits k of |z|: 63 compressed squarings, one batched
// decompression and five multiplications.
Fp12 cyclotomic_exp_abs_z(const Fp12& x) {
  Compressed c = compress(x);
  Compressed saved[6];
  int next = 0;
  for (int k = 1; k <= 63; ++k) {
    c = compressed_sqr(c);
    if (k == kZBits[next]) saved[next++] = c;
  }
  Fp12 pw[6];
  if (!decompress(saved, pw)) return exp_abs_z_uncompressed(x);
  return pw[0] * pw[1] * pw[2] * pw[3] * pw[4] * pw[5];
}

Fp12 final_exponentiation_easy(const Fp12& f) {
  const Fp12 t = f.conj() * fp12_inv_vartime(f);  // f^(p^6 - 1); f is public
  return t.frobenius(2) * t;          // ·^(p^2 + 1)
}

Fp12 final_exponentiation(const Fp12& f) {
  const Fp12 g = final_exponentiation_easy(f);
  // a = g^((|z| + 1)^2) = g^((z - 1)^2)
  Fp12 a = cyclotomic_exp_abs_z(g) * g;
  a = cyclotomic_exp_abs_z(a) * a;
  // b = a^(z + p)
  const Fp12 b = cyclotomic_exp_abs_z(a).conj() * a.frobenius(1);
  // c = b^(z^2 + p^2 - 1)
  const Fp12 c = cyclotomic_exp_abs_z(cyclotomic_exp_abs_z(b)) * b.frobenius(2) * b.conj();
  // c · g^3
  return c * g.cyclotomic_sqr() * g;
}

}  // namespace stakepool::crypto
