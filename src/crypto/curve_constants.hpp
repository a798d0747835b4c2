#pragma once
// Private: constants of E1/E2 that are built once at first use (generators, the GLV cube root of
// unity beta, the psi coefficients). Values are public; the lazily initialised statics are
// thread-safe (C++11 magic statics).
#include <cstdint>

#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto::curve_detail {

// fp_from_hex parses 96 hex digits (big-endian, canonical) into Fp; aborts on malformed input
// (only called on the literals of this module).
Fp fp_from_hex(const char* hex96);

// beta: the primitive cube root of unity in Fp with sigma(P) = (beta·x, y) = [-z^2]P on G1.
const Fp& beta();

// psi_cx, psi_cy: the psi coefficients 1/(1+u)^((p-1)/3) and 1/(1+u)^((p-1)/2).
const Fp2& psi_cx();
const Fp2& psi_cy();
// psi2_cx, psi2_cy: coefficients of psi^2(x, y) = (psi2_cx·x, psi2_cy·y); both lie in Fp.
const Fp& psi2_cx();
const Fp& psi2_cy();

}  // namespace stakepool::crypto::curve_detail
