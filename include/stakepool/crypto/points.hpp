#pragma once
// Point representations for E1 (G1, over Fp, y^2 = x^3 + 4) and E2 (G2, over Fp2, y^2 = x^3 + 4(u+1)).
// The group operations live in curve.hpp; the pairing and hash-to-curve only need these shapes.
#include "stakepool/crypto/tower.hpp"

namespace stakepool::crypto {

template <typename F>
struct AffinePoint {
  F x{}, y{};
  bool infinity = true;
};

// Jacobian coordinates: (X, Y, Z) represents (X/Z^2, Y/Z^3); Z = 0 is the point at infinity.
template <typename F>
struct JacobianPoint {
  F x{}, y{}, z{};
};

using G1Affine = AffinePoint<Fp>;
using G2Affine = AffinePoint<Fp2>;
using G1 = JacobianPoint<Fp>;
using G2 = JacobianPoint<Fp2>;

}  // namespace stakepool::crypto
