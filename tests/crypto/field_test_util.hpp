#pragma once
// Shared helpers for the field and tower tests: rapidcheck generators and hex parsing.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <array>
#include <string>
#include <vector>

#include "stakepool/crypto/sha256.hpp"
#include "stakepool/crypto/tower.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::crypto::testing {

// gen_field: uniform-ish element from 2·kBytes random bytes reduced mod m; small sizes give small
// values (0, 1, ...), which exercises edge cases.
template <typename F>
rc::Gen<F> gen_field() {
  return rc::gen::map(rc::gen::arbitrary<std::array<uint64_t, 2 * F::kLimbs>>(),
                      [](const std::array<uint64_t, 2 * F::kLimbs>& w) {
                        std::vector<uint8_t> b(2 * F::kBytes);
                        for (std::size_t i = 0; i < b.size(); ++i) {
                          b[b.size() - 1 - i] = static_cast<uint8_t>(w[i / 8] >> (8 * (i % 8)));
                        }
                        return F::from_bytes_wide_be(b);
                      });
}

inline rc::Gen<Fp2> gen_fp2() {
  return rc::gen::apply([](const Fp& a, const Fp& b) { return Fp2{a, b}; }, gen_field<Fp>(),
                        gen_field<Fp>());
}
inline rc::Gen<Fp6> gen_fp6() {
  return rc::gen::apply([](const Fp2& a, const Fp2& b, const Fp2& c) { return Fp6{a, b, c}; },
                        gen_fp2(), gen_fp2(), gen_fp2());
}
inline rc::Gen<Fp12> gen_fp12() {
  return rc::gen::apply([](const Fp6& a, const Fp6& b) { return Fp12{a, b}; }, gen_fp6(),
                        gen_fp6());
}

// det_fp: a deterministic pseudo-random Fp from (seed, index) via SHA-256 (for plain TESTs).
inline Fp det_fp(int seed, int index) {
  const std::string label = "fp-test-" + std::to_string(seed) + "-" + std::to_string(index);
  const auto d = sha256({reinterpret_cast<const uint8_t*>(label.data()), label.size()});
  const std::string label2 = label + "+";
  const auto d2 = sha256({reinterpret_cast<const uint8_t*>(label2.data()), label2.size()});
  std::array<uint8_t, 64> w{};
  for (int i = 0; i < 32; ++i) {
    w[i] = d[i];
    w[32 + i] = d2[i];
  }
  return Fp::from_bytes_wide_be(w);
}

inline Fp2 det_fp2(int seed, int index) {
  return Fp2{det_fp(seed, 2 * index), det_fp(seed, 2 * index + 1)};
}

inline Fp12 det_fp12(int seed) {
  Fp2 c[6];
  for (int i = 0; i < 6; ++i) c[i] = det_fp2(seed, i);
  return Fp12{Fp6{c[0], c[1], c[2]}, Fp6{c[3], c[4], c[5]}};
}

// from_hex_field parses a big-endian hex integer (< m, any length up to kBytes) into F.
template <typename F>
F from_hex_field(const std::string& hex) {
  std::string h = hex.substr(0, 2) == "0x" ? hex.substr(2) : hex;
  h = std::string(2 * F::kBytes - h.size(), '0') + h;
  auto bytes = util::from_hex(h);
  F out;
  EXPECT_TRUE(bytes.has_value()) << hex;
  if (!bytes) return out;
  std::array<uint8_t, F::kBytes> arr{};
  for (std::size_t i = 0; i < F::kBytes; ++i) arr[i] = (*bytes)[i];
  const bool ok = F::from_bytes_be(out, arr);
  EXPECT_TRUE(ok) << hex;
  return out;
}

// to_hex_field renders F canonically as big-endian hex (kBytes bytes, no prefix).
template <typename F>
std::string to_hex_field(const F& a) {
  std::array<uint8_t, F::kBytes> b{};
  a.to_bytes_be(b);
  return util::to_hex(b);
}

// pow_big: a^e by square-and-multiply over any multiplicative type (test oracle).
template <typename F>
F pow_big(const F& a, const std::vector<uint64_t>& e) {
  F r = F::one();
  for (std::size_t i = e.size(); i-- > 0;) {
    for (int b = 63; b >= 0; --b) {
      r = r * r;
      if ((e[i] >> b) & 1) r = r * a;
    }
  }
  return r;
}

// Big-integer helpers on little-endian limb vectors (test oracles for exponents like p^k).
inline std::vector<uint64_t> big_mul(const std::vector<uint64_t>& a,
                                     const std::vector<uint64_t>& b) {
  std::vector<uint64_t> r(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned __int128 c = 0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      c += static_cast<unsigned __int128>(a[i]) * b[j] + r[i + j];
      r[i + j] = static_cast<uint64_t>(c);
      c >>= 64;
    }
    r[i + b.size()] = static_cast<uint64_t>(c);
  }
  return r;
}

inline std::vector<uint64_t> big_sub_small(std::vector<uint64_t> a, uint64_t s) {
  for (std::size_t i = 0; i < a.size() && s != 0; ++i) {
    const uint64_t old = a[i];
    a[i] -= s;
    s = old < s ? 1 : 0;
  }
  return a;
}

inline std::vector<uint64_t> big_shr1(std::vector<uint64_t> a) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = (a[i] >> 1) | (i + 1 < a.size() ? a[i + 1] << 63 : 0);
  }
  return a;
}

inline std::vector<uint64_t> p_power(int k) {
  std::vector<uint64_t> r = {1};
  const std::vector<uint64_t> p(FpParams::kModulus.begin(), FpParams::kModulus.end());
  for (int i = 0; i < k; ++i) r = big_mul(r, p);
  return r;
}

}  // namespace stakepool::crypto::testing
