#pragma once
// Internal: the 8-lane X25519 Montgomery ladder on AVX-512 IFMA (x25519_ifma.cpp). Callers go
// through crypto::x25519_many, which checks crypto::ifma_usable() before calling in here.
#include <cstdint>

namespace stakepool::crypto::detail {

// kX25519IfmaLanes: points per call of x25519_ladder_ifma8.
inline constexpr int kX25519IfmaLanes = 8;

// x25519_ladder_ifma8: out[i] = X25519(k, u[i]) for the 8 lanes; k is already clamped. Only call
// when crypto::cpu_supports_avx512ifma(). Constant time in k (the scalar's bits only become swap
// masks).
void x25519_ladder_ifma8(const uint8_t k[32], const uint8_t u[kX25519IfmaLanes][32],
                         uint8_t out[kX25519IfmaLanes][32]);

}  // namespace stakepool::crypto::detail
