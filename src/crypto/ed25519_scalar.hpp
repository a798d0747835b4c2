#pragma once
// Scalars modulo L = 2^252 + 27742317777372353535851937790883648493 (the order of the Ed25519
// base point), four 64-bit little-endian limbs, Montgomery multiplication with R = 2^256.
// Variable time (verification works on public scalars only).
#include <cstdint>

namespace stakepool::crypto::ed25519::detail {

struct Sc {
  uint64_t v[4];
};

// sc_from_bytes: 32 little-endian bytes, no reduction.
Sc sc_from_bytes(const uint8_t in[32]);
// sc_is_canonical_vartime: the 32-byte little-endian value is < L.
bool sc_is_canonical_vartime(const uint8_t in[32]);
// sc_reduce512: a 64-byte little-endian value (a SHA-512 digest) mod L.
Sc sc_reduce512(const uint8_t in[64]);
// sc_mul: a * b mod L (a < 2^256, b < L).
Sc sc_mul(const Sc& a, const Sc& b);
// sc_add: a + b mod L (both < L).
Sc sc_add(const Sc& a, const Sc& b);
// sc_to_bytes: 32 little-endian bytes.
void sc_to_bytes(uint8_t out[32], const Sc& a);

}  // namespace stakepool::crypto::ed25519::detail
