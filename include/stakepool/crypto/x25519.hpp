#pragma once
// X25519 (RFC 7748 §5): the Montgomery-ladder Diffie-Hellman function on Curve25519, constant time
// in the scalar (fixed 255 ladder steps, conditional swaps by masks, the field arithmetic of
// ed25519_field.hpp, which has no secret-dependent branches or indices).
#include <array>
#include <cstdint>
#include <span>

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

}  // namespace stakepool::crypto
