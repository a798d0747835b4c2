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
}  // namespace

Fp12 cyclotomic_exp_abs_z(const Fp12& x) {
  Fp12 r = x;
  for (int bit = 62; bit >= 0; --bit) {
    r = r.cyclotomic_sqr();
    if ((kAbsZ >> bit) & 1) r *= x;
  }
  return r;
}

Fp12 final_exponentiation_easy(const Fp12& f) {
  const Fp12 t = f.conj() * f.inv();  // f^(p^6 - 1)
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
