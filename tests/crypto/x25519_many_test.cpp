// x25519_many (one scalar, many u-coordinates): in every implementation this CPU runs, the same
// bytes as x25519_raw / x25519 point by point: the RFC 7748 §5.2 vectors (also iterated 1 and
// 1,000 times) and §6.1 public keys and shared secret, random and
// boundary u-coordinates (0, 1, p - 1, p, p + 1, 2^255 - 1, top bit set, all limbs maximal),
// every batch length around the 8 lanes, and the low-order flags of x25519().
#include <gtest/gtest.h>

#include <vector>

#include "stakepool/crypto/isa.hpp"
#include "stakepool/crypto/x25519.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto {
namespace {

using U = std::array<uint8_t, 32>;

U h32(std::string_view s) { return *util::from_hex_fixed<32>(s, "test vector"); }

// impls: every implementation this machine can run (kIfma only with AVX-512 IFMA).
std::vector<X25519Impl> impls() {
  std::vector<X25519Impl> r{X25519Impl::kScalar};
  if (x25519_ifma_supported()) r.push_back(X25519Impl::kIfma);
  return r;
}

std::vector<U> many(const U& k, const std::vector<U>& u, X25519Impl impl) {
  std::vector<U> out(u.size());
  x25519_many_raw(k, u, out, impl);
  return out;
}

// boundary_us: u-coordinates at the edges of the encoding and the limb ranges.
std::vector<U> boundary_us() {
  auto p_plus = [](int add) {  // p + add for small add, little-endian (p = 2^255 - 19)
    U u;
    u.fill(0xff);
    u[31] = 0x7f;
    u[0] = static_cast<uint8_t>(0xed + add);
    return u;
  };
  U zero{}, one{}, nine{}, all_ones, top_bit{};
  one[0] = 1;
  nine[0] = 9;
  all_ones.fill(0xff);  // 2^256 - 1: top bit ignored, = 2^255 - 1 = p + 18
  top_bit[31] = 0x80;   // 2^255: top bit ignored, = 0
  return {zero, one, nine, p_plus(-1), p_plus(0), p_plus(1), p_plus(18), all_ones, top_bit};
}

TEST(X25519Many, Rfc7748Section52VectorsInEveryImpl) {
  struct Vec {
    const char *k, *u, *out;
  };
  const Vec vecs[] = {{"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
                      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"}};
  for (X25519Impl impl : impls()) {
    for (const Vec& v : vecs) {
      // The vector's u in every lane position of a 9-point batch (other lanes: other points).
      for (std::size_t pos = 0; pos < 9; ++pos) {
        std::vector<U> us(9);
        for (std::size_t i = 0; i < us.size(); ++i) us[i][0] = static_cast<uint8_t>(i + 2);
        us[pos] = h32(v.u);
        EXPECT_EQ(util::to_hex(many(h32(v.k), us, impl)[pos]), v.out) << static_cast<int>(impl);
      }
    }
  }
}

TEST(X25519Many, Rfc7748Section61PublicKeysInEveryImpl) {
  U nine{};
  nine[0] = 9;
  const U a = h32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const U bob_pub = h32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  for (X25519Impl impl : impls()) {
    const std::vector<U> r = many(a, {nine, bob_pub}, impl);
    EXPECT_EQ(util::to_hex(r[0]),
              "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    EXPECT_EQ(util::to_hex(r[1]),
              "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  }
}

TEST(X25519Many, Rfc7748IteratedVectorsInEveryImpl) {
  // k_{i+1} = X25519(k_i, u_i), u_{i+1} = k_i: 1,000 batches of one point (7 padding lanes).
  for (X25519Impl impl : impls()) {
    U k{}, u{};
    k[0] = 9;
    u[0] = 9;
    for (int i = 1; i <= 1000; ++i) {
      const U r = many(k, {u}, impl)[0];
      u = k;
      k = r;
      if (i == 1) {
        EXPECT_EQ(util::to_hex(k),
                  "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
      }
    }
    EXPECT_EQ(util::to_hex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  }
}

TEST(X25519Many, EqualsSingleOnRandomAndBoundaryInputs) {
  util::DeterministicRng rng(71, "x25519-many");
  std::size_t checked = 0;
  for (std::size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 64, 65}) {
    U k;
    rng.fill(k);
    std::vector<U> us(n);
    for (U& u : us) rng.fill(u);
    const std::vector<U> edges = boundary_us();
    for (std::size_t i = 0; i < n && i < edges.size(); ++i) us[(i * 5) % n] = edges[i];
    for (X25519Impl impl : impls()) {
      const std::vector<U> r = many(k, us, impl);
      for (std::size_t i = 0; i < n; ++i, ++checked) {
        ASSERT_EQ(util::to_hex(r[i]), util::to_hex(x25519_raw(k, us[i])))
            << "n=" << n << " i=" << i << " impl=" << static_cast<int>(impl);
      }
    }
  }
  EXPECT_EQ(checked, 202 * impls().size());  // 202 points per implementation
}

TEST(X25519Many, ExtremeScalarsEqualSingle) {
  // Scalars whose clamped bits are all zero / all one, and random u with all limbs near maximal.
  util::DeterministicRng rng(72, "x25519-many-extreme");
  U k0{}, k1;
  k1.fill(0xff);
  std::vector<U> us(24);
  for (U& u : us) {
    rng.fill(u);
    for (std::size_t b = 0; b < 32; b += 1 + u[0] % 3) u[b] = 0xff;  // many 1 bits
  }
  for (X25519Impl impl : impls()) {
    for (const U& k : {k0, k1}) {
      const std::vector<U> r = many(k, us, impl);
      for (std::size_t i = 0; i < us.size(); ++i) EXPECT_EQ(r[i], x25519_raw(k, us[i])) << i;
    }
  }
}

TEST(X25519Many, LowOrderFlagsMatchX25519) {
  util::DeterministicRng rng(73, "x25519-many-flags");
  util::Secret<32> k;
  rng.fill(k.expose_mut());
  std::vector<U> us = boundary_us();  // 0, 1, p - 1, p (= 0), p + 1 (= 1), 2^255 (= 0): small order
  for (int i = 0; i < 5; ++i) {
    U u;
    rng.fill(u);
    us.push_back(u);
  }
  std::vector<util::Secret<32>> out(us.size());
  const std::vector<uint8_t> ok = x25519_many(k, us, out);
  ASSERT_EQ(ok.size(), us.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < us.size(); ++i) {
    util::Secret<32> single;
    EXPECT_EQ(ok[i], x25519(k, us[i], single) ? 1 : 0) << i;
    EXPECT_EQ(util::to_hex(out[i].expose()), util::to_hex(single.expose())) << i;
    bad += ok[i] ? 0 : 1;
  }
  EXPECT_EQ(bad, 6u);  // 0, 1, p, p + 1, 2^255, p - 1
}

TEST(X25519Many, ImplFollowsTheActiveIsa) {
  // STAKEPOOL_ISA=adx|portable (valgrind) must never reach the AVX-512 code.
  const Isa before = active_isa();
  EXPECT_EQ(x25519_many_impl() == X25519Impl::kIfma, ifma_usable());
  EXPECT_EQ(ifma_usable(), before == Isa::kAvx512 && x25519_ifma_supported());
  for (Isa isa : {Isa::kPortable, Isa::kAdx}) {
    if (!set_isa_for_testing(isa)) continue;
    EXPECT_EQ(x25519_many_impl(), X25519Impl::kScalar) << isa_name(isa);
  }
  if (set_isa_for_testing(Isa::kAvx512)) {
    EXPECT_EQ(x25519_many_impl(), X25519Impl::kIfma);
  }
  ASSERT_TRUE(set_isa_for_testing(before));
}

}  // namespace
}  // namespace stakepool::crypto
