// Scalars modulo the Ed25519 group order L (Montgomery form only inside sc_mul / sc_reduce512).
#include "ed25519_scalar.hpp"

namespace stakepool::crypto::ed25519::detail {
namespace {

using u128 = unsigned __int128;

constexpr Sc kL = {{0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000}};

constexpr bool geq(const Sc& a, const Sc& b) {
  for (int i = 3; i >= 0; --i) {
    if (a.v[i] != b.v[i]) return a.v[i] > b.v[i];
  }
  return true;
}

// sub_l: a - L (caller ensures a >= L).
constexpr Sc sub_l(const Sc& a) {
  Sc r{};
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 d = static_cast<u128>(a.v[i]) - kL.v[i] - borrow;
    r.v[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return r;
}

// add_mod: a + b mod L for a, b < L (L < 2^253, so the sum fits in 256 bits).
constexpr Sc add_mod(const Sc& a, const Sc& b) {
  Sc r{};
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    const u128 s = static_cast<u128>(a.v[i]) + b.v[i] + carry;
    r.v[i] = static_cast<uint64_t>(s);
    carry = static_cast<uint64_t>(s >> 64);
  }
  return geq(r, kL) ? sub_l(r) : r;
}

// two_pow_mod: 2^n mod L by repeated doubling (compile time only).
constexpr Sc two_pow_mod(int n) {
  Sc x = {{1, 0, 0, 0}};
  for (int i = 0; i < n; ++i) x = add_mod(x, x);
  return x;
}

// kNPrime = -L^-1 mod 2^64 (Newton iteration doubles the correct bits each step).
constexpr uint64_t neg_inverse_64(uint64_t n0) {
  uint64_t inv = 1;
  for (int i = 0; i < 6; ++i) inv *= 2 - n0 * inv;
  return ~inv + 1;
}

constexpr uint64_t kNPrime = neg_inverse_64(kL.v[0]);
constexpr Sc kR1 = two_pow_mod(256);  // R mod L
constexpr Sc kR2 = two_pow_mod(512);  // R^2 mod L
static_assert(kL.v[0] * neg_inverse_64(kL.v[0]) == ~uint64_t{0});

// mont_mul: a * b / 2^256 mod L (CIOS), for a < 2^256 and b < L.
Sc mont_mul(const Sc& a, const Sc& b) {
  uint64_t t[6] = {};
  for (int i = 0; i < 4; ++i) {
    uint64_t c = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 x = static_cast<u128>(a.v[j]) * b.v[i] + t[j] + c;
      t[j] = static_cast<uint64_t>(x);
      c = static_cast<uint64_t>(x >> 64);
    }
    u128 x = static_cast<u128>(t[4]) + c;
    t[4] = static_cast<uint64_t>(x);
    t[5] = static_cast<uint64_t>(x >> 64);
    const uint64_t m = t[0] * kNPrime;
    x = static_cast<u128>(m) * kL.v[0] + t[0];
    c = static_cast<uint64_t>(x >> 64);
    for (int j = 1; j < 4; ++j) {
      x = static_cast<u128>(m) * kL.v[j] + t[j] + c;
      t[j - 1] = static_cast<uint64_t>(x);
      c = static_cast<uint64_t>(x >> 64);
    }
    x = static_cast<u128>(t[4]) + c;
    t[3] = static_cast<uint64_t>(x);
    t[4] = t[5] + static_cast<uint64_t>(x >> 64);
  }
  Sc r = {{t[0], t[1], t[2], t[3]}};  // < 2L < 2^254, so t[4] == 0
  return geq(r, kL) ? sub_l(r) : r;
}

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

Sc sc_from_bytes(const uint8_t in[32]) {
  return {{load64_le(in), load64_le(in + 8), load64_le(in + 16), load64_le(in + 24)}};
}

bool sc_is_canonical_vartime(const uint8_t in[32]) { return !geq(sc_from_bytes(in), kL); }

Sc sc_reduce512(const uint8_t in[64]) {
  const Sc lo = sc_from_bytes(in);
  const Sc hi = sc_from_bytes(in + 32);
  // lo * R / R = lo mod L; hi * R^2 / R = hi * 2^256 mod L.
  return add_mod(mont_mul(lo, kR1), mont_mul(hi, kR2));
}

Sc sc_mul(const Sc& a, const Sc& b) { return mont_mul(mont_mul(a, b), kR2); }

Sc sc_add(const Sc& a, const Sc& b) { return add_mod(a, b); }

void sc_to_bytes(uint8_t out[32], const Sc& a) {
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) out[8 * i + j] = static_cast<uint8_t>(a.v[i] >> (8 * j));
  }
}

}  // namespace stakepool::crypto::ed25519::detail
