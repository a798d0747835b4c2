#pragma once
// The extension tower of BLS12-381 (DESIGN.md §1):
//   Fp2  = Fp[u]  / (u^2 + 1)
//   Fp6  = Fp2[v] / (v^3 - xi),  xi = u + 1
//   Fp12 = Fp6[w] / (w^2 - v)
// All operations are constant time unless suffixed `_vartime`. Multiplications use lazy reduction
// (double-width accumulators) internally.
#include <cstdint>

#include "stakepool/crypto/field.hpp"

namespace stakepool::crypto {

struct Fp2 {
  Fp c0, c1;  // c0 + c1·u

  static Fp2 zero() { return {}; }
  static Fp2 one();
  Fp2 operator+(const Fp2& b) const;
  Fp2 operator-(const Fp2& b) const;
  Fp2 operator-() const;
  Fp2 operator*(const Fp2& b) const;
  Fp2& operator+=(const Fp2& b) { return *this = *this + b; }
  Fp2& operator-=(const Fp2& b) { return *this = *this - b; }
  Fp2& operator*=(const Fp2& b) { return *this = *this * b; }
  Fp2 operator*(const Fp& b) const;       // multiply by a base-field element
  Fp2 dbl() const;
  Fp2 sqr() const;
  Fp2 conj() const;                       // c0 - c1·u  (= Frobenius)
  Fp2 mul_by_xi() const;                  // ·(u + 1)
  Fp2 inv() const;                        // constant time; inv(0) = 0
  Fp2 frobenius(int power) const;         // x^(p^power)
  [[nodiscard]] bool sqrt(Fp2& out) const;  // constant time; true iff square
  bool is_square() const;
  bool is_zero() const;
  bool operator==(const Fp2& b) const;
  bool sgn0() const;                      // RFC 9380 sgn0 for m = 2
  bool lexicographically_largest() const; // ZCash: compare c1, then c0 if c1 == 0
  static Fp2 select(uint64_t mask, const Fp2& a, const Fp2& b);
};

struct Fp6 {
  Fp2 c0, c1, c2;  // c0 + c1·v + c2·v^2

  static Fp6 zero() { return {}; }
  static Fp6 one();
  Fp6 operator+(const Fp6& b) const;
  Fp6 operator-(const Fp6& b) const;
  Fp6 operator-() const;
  Fp6 operator*(const Fp6& b) const;
  Fp6 operator*(const Fp2& b) const;
  Fp6 sqr() const;
  Fp6 mul_by_v() const;                   // ·v: (c0, c1, c2) -> (xi·c2, c0, c1)
  Fp6 mul_by_01(const Fp2& b0, const Fp2& b1) const;  // sparse: · (b0 + b1·v)
  Fp6 mul_by_1(const Fp2& b1) const;                  // sparse: · (b1·v)
  Fp6 inv() const;
  Fp6 frobenius(int power) const;
  bool is_zero() const;
  bool operator==(const Fp6& b) const;
};

struct Fp12 {
  Fp6 c0, c1;  // c0 + c1·w

  static Fp12 one();
  Fp12 operator*(const Fp12& b) const;
  Fp12& operator*=(const Fp12& b) { return *this = *this * b; }
  Fp12 sqr() const;
  Fp12 conj() const;                      // c0 - c1·w  (= x^(p^6); inverse in the cyclotomic subgroup)
  Fp12 inv() const;
  Fp12 frobenius(int power) const;        // x^(p^power), power in 1..11
  // mul_by_014: sparse multiplication by the line value (a0 + a1·v) + (a4·v)·w, i.e. Fp12 with
  // c0 = (a0, a1, 0) and c1 = (0, a4, 0) — the shape of an M-type-twist line evaluation.
  Fp12 mul_by_014(const Fp2& a0, const Fp2& a1, const Fp2& a4) const;
  Fp12 cyclotomic_sqr() const;            // Granger–Scott; valid only in the cyclotomic subgroup
  bool is_one() const;
  bool operator==(const Fp12& b) const;
};

}  // namespace stakepool::crypto

#include "stakepool/crypto/tower_impl.hpp"
