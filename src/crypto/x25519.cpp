// X25519 by the Montgomery ladder of RFC 7748 §5 on the radix-2^51 field of ed25519_field.hpp.
// Every step runs the same instructions for every scalar: the scalar's bits only feed the masks of
// the conditional swaps. x25519_many runs 8 points at a time on the AVX-512 IFMA ladder of
// x25519_ifma.cpp when crypto::ifma_usable(), else this ladder point by point.
#include "stakepool/crypto/x25519.hpp"

#include <algorithm>
#include <cstring>

#include "ed25519_field.hpp"
#include "stakepool/crypto/isa.hpp"
#include "stakepool/util/check.hpp"
#include "stakepool/util/ct.hpp"
#include "x25519_ifma.hpp"

namespace stakepool::crypto {
namespace {

using ed25519::detail::Fe;
using ed25519::detail::fe_add;
using ed25519::detail::fe_invert;
using ed25519::detail::fe_mul;
using ed25519::detail::fe_reduce_wide;
using ed25519::detail::fe_sq;
using ed25519::detail::fe_sub;
using ed25519::detail::fe_to_bytes;
using ed25519::detail::kMask51;
using ed25519::detail::u128;

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// decode_u: the low 255 bits of u as limbs (RFC 7748 §5 decodeUCoordinate; a value >= p needs no
// reduction: the arithmetic accepts any limbs < 2^51).
Fe decode_u(const uint8_t* in) {
  const uint64_t w0 = load64_le(in), w1 = load64_le(in + 8), w2 = load64_le(in + 16);
  const uint64_t w3 = load64_le(in + 24);
  return Fe{{w0 & kMask51, ((w0 >> 51) | (w1 << 13)) & kMask51, ((w1 >> 38) | (w2 << 26)) & kMask51,
             ((w2 >> 25) | (w3 << 39)) & kMask51, (w3 >> 12) & kMask51}};
}

// fe_mul_a24: a·121665 ((A − 2)/4 for A = 486662); limbs < 2^54 in, reduced out.
Fe fe_mul_a24(const Fe& a) {
  constexpr uint64_t kA24 = 121665;
  return fe_reduce_wide(static_cast<u128>(a.v[0]) * kA24, static_cast<u128>(a.v[1]) * kA24,
                        static_cast<u128>(a.v[2]) * kA24, static_cast<u128>(a.v[3]) * kA24,
                        static_cast<u128>(a.v[4]) * kA24);
}

// cswap: swaps a and b when mask is all ones, leaves them when it is zero (no branch).
void cswap(Fe& a, Fe& b, uint64_t mask) {
  for (int i = 0; i < 5; ++i) {
    const uint64_t t = mask & (a.v[i] ^ b.v[i]);
    a.v[i] ^= t;
    b.v[i] ^= t;
  }
}

// ladder: writes X25519(k, u) to out; k is already clamped.
void ladder(const uint8_t k[32], const uint8_t u[32], uint8_t out[32]) {
  const Fe x1 = decode_u(u);
  Fe x2 = {{1, 0, 0, 0, 0}}, z2 = {{0, 0, 0, 0, 0}}, x3 = x1, z3 = {{1, 0, 0, 0, 0}};
  uint64_t swap = 0;
  for (int t = 254; t >= 0; --t) {
    const uint64_t bit = (k[t >> 3] >> (t & 7)) & 1;
    swap ^= bit;
    const uint64_t mask = ct::value_barrier(0 - swap);
    cswap(x2, x3, mask);
    cswap(z2, z3, mask);
    swap = bit;
    const Fe a = fe_add(x2, z2), b = fe_sub(x2, z2);
    const Fe aa = fe_sq(a), bb = fe_sq(b);
    const Fe e = fe_sub(aa, bb);
    const Fe c = fe_add(x3, z3), d = fe_sub(x3, z3);
    const Fe da = fe_mul(d, a), cb = fe_mul(c, b);
    x3 = fe_sq(fe_add(da, cb));
    z3 = fe_mul(x1, fe_sq(fe_sub(da, cb)));
    x2 = fe_mul(aa, bb);
    z2 = fe_mul(e, fe_add(aa, fe_mul_a24(e)));
  }
  const uint64_t mask = ct::value_barrier(0 - swap);
  cswap(x2, x3, mask);
  cswap(z2, z3, mask);
  Fe r = fe_mul(x2, fe_invert(z2));  // z2 = 0 gives 0 (inv(0) = 0)
  fe_to_bytes(out, r);
  for (Fe* f : {&x2, &z2, &x3, &z3, &r}) util::secure_zero(f, sizeof(Fe));  // secret-derived state
}

void clamp(std::span<const uint8_t, 32> k, uint8_t clamped[32]) {
  for (int i = 0; i < 32; ++i) clamped[i] = k[i];
  clamped[0] &= 248;
  clamped[31] = static_cast<uint8_t>((clamped[31] & 127) | 64);
}

// ifma_batches: X25519 of the clamped k with every u, 8 at a time; the last batch is padded
// with u = 9 and its padding outputs are dropped.
void ifma_batches(const uint8_t clamped[32], std::span<const std::array<uint8_t, 32>> u,
                  std::span<std::array<uint8_t, 32>> out) {
  constexpr std::size_t kLanes = detail::kX25519IfmaLanes;
  uint8_t in[kLanes][32], res[kLanes][32];
  for (std::size_t at = 0; at < u.size(); at += kLanes) {
    const std::size_t n = std::min(kLanes, u.size() - at);
    for (std::size_t j = 0; j < kLanes; ++j) {
      if (j < n) {
        std::memcpy(in[j], u[at + j].data(), 32);
      } else {
        std::memset(in[j], 0, 32);
        in[j][0] = 9;
      }
    }
    detail::x25519_ladder_ifma8(clamped, in, res);
    for (std::size_t j = 0; j < n; ++j) std::memcpy(out[at + j].data(), res[j], 32);
  }
  util::secure_zero(res, sizeof(res));
}

}  // namespace

std::array<uint8_t, 32> x25519_raw(std::span<const uint8_t, 32> k, std::span<const uint8_t, 32> u) {
  uint8_t clamped[32];
  clamp(k, clamped);
  std::array<uint8_t, 32> out{};
  ladder(clamped, u.data(), out.data());
  util::secure_zero(clamped, sizeof(clamped));
  return out;
}

bool x25519(const util::Secret<32>& k, std::span<const uint8_t, 32> u, util::Secret<32>& out) {
  std::array<uint8_t, 32> r = x25519_raw(k.expose(), u);
  uint8_t acc = 0;
  for (uint8_t b : r) acc |= b;
  out = util::Secret<32>(std::span<const uint8_t, 32>(r));
  util::secure_zero(r.data(), r.size());
  return acc != 0;
}

bool x25519_ifma_supported() { return cpu_supports_avx512ifma(); }

X25519Impl x25519_many_impl() { return ifma_usable() ? X25519Impl::kIfma : X25519Impl::kScalar; }

void x25519_many_raw(std::span<const uint8_t, 32> k, std::span<const std::array<uint8_t, 32>> u,
                     std::span<std::array<uint8_t, 32>> out, X25519Impl impl) {
  SP_CHECK(out.size() == u.size());
  SP_CHECK(impl == X25519Impl::kScalar || x25519_ifma_supported());
  uint8_t clamped[32];
  clamp(k, clamped);
  if (impl == X25519Impl::kIfma) {
    ifma_batches(clamped, u, out);
  } else {
    for (std::size_t i = 0; i < u.size(); ++i) ladder(clamped, u[i].data(), out[i].data());
  }
  util::secure_zero(clamped, sizeof(clamped));
}

std::vector<uint8_t> x25519_many(const util::Secret<32>& k,
                                 std::span<const std::array<uint8_t, 32>> u,
                                 std::span<util::Secret<32>> out) {
  SP_CHECK(out.size() == u.size());
  std::vector<std::array<uint8_t, 32>> r(u.size());
  x25519_many_raw(k.expose(), u, r, x25519_many_impl());
  std::vector<uint8_t> ok(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) {
    uint8_t acc = 0;
    for (uint8_t b : r[i]) acc |= b;
    ok[i] = static_cast<uint8_t>((static_cast<uint32_t>(acc) + 0xff) >> 8);  // acc != 0, no branch
    out[i] = util::Secret<32>(std::span<const uint8_t, 32>(r[i]));
    util::secure_zero(r[i].data(), 32);
  }
  return ok;
}

}  // namespace stakepool::crypto
