#pragma once
// X25519 (RFC 7748 §5): the Montgomery-ladder Diffie-Hellman function on Curve25519, constant time
// in the scalar (fixed 255 ladder steps, conditional swaps by masks, the field arithmetic of
// ed25519_field.hpp, which has no secret-dependent branches or indices).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "stakepool/util/secret.hpp"

namespace stakepool::crypto {

// x25519: X25519(k, u) of RFC 7748 §5: k is clamped (bits 0-2 and 255 cleared, bit 254 set), the
// top bit of u is ignored and a non-canonical u (>= 2^255 - 19) is taken modulo p. Returns false,
// after writing the result, when the result is all zeros (u of small order; RFC 7748 §6.1 says
// the all-zero output must be rejected for key agreement).
bool x25519(const util::Secret<32>& k, std::span<const uint8_t, 32> u, util::Secret<32>& out);

// x25519_raw: the same on plain arrays (test vectors, the RFC iteration test); the caller keeps k
// secret. Returns the result whatever its value.
std::array<uint8_t, 32> x25519_raw(std::span<const uint8_t, 32> k, std::span<const uint8_t, 32> u);

// X25519Impl: the implementations behind x25519_many.
enum class X25519Impl : uint8_t {
  kScalar,  // the ladder above, one point after the other (any CPU; valgrind-checked)
  kIfma,    // 8 points in lockstep in the lanes of AVX-512 IFMA registers (x25519_ifma.cpp)
};

// x25519_ifma_supported: whether this CPU and OS can run X25519Impl::kIfma
// (crypto::cpu_supports_avx512ifma).
bool x25519_ifma_supported();

// x25519_many_impl: the implementation x25519_many uses now: kIfma when crypto::ifma_usable()
// (active ISA kAvx512, the default on such CPUs; STAKEPOOL_ISA=adx or portable, e.g. under
// valgrind, never runs AVX-512 code), kScalar otherwise.
X25519Impl x25519_many_impl();

// x25519_many: out[i] = X25519(k, u[i]) for every i (one scalar, many u-coordinates; out.size()
// must equal u.size()), each as x25519() computes it, constant time in k. Returns one flag per
// point: 1, or 0 when out[i] is all zeros (u[i] of small order), as x25519() returns it (bytes,
// set without branches, so the flags stay secret until the caller looks). ~4.5x faster per point
// than x25519() with kIfma.
std::vector<uint8_t> x25519_many(const util::Secret<32>& k,
                                 std::span<const std::array<uint8_t, 32>> u,
                                 std::span<util::Secret<32>> out);

// x25519_many_raw: the same on plain arrays with a chosen implementation (tests, benchmarks);
// kIfma requires x25519_ifma_supported(). Returns nothing about low order.
void x25519_many_raw(std::span<const uint8_t, 32> k, std::span<const std::array<uint8_t, 32>> u,
                     std::span<std::array<uint8_t, 32>> out, X25519Impl impl);

}  // namespace stakepool::crypto
