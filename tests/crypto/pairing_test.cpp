// Tests of the optimal ate pairing: bilinearity, non-degeneracy, order r, multi-pair products,
// infinity handling and a known-answer value from the independent textbook implementation in
// tools/gen_pairing_kat.py. Group operations here are a small affine reference implementation so
// that the pairing is tested independently of curve.hpp.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "stakepool/crypto/pairing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::crypto {
namespace {

Fp fp_hex(const std::string& h) {
  auto b = util::from_hex_fixed<48>(h, "fp");
  EXPECT_TRUE(b.has_value());
  Fp out;
  EXPECT_TRUE(Fp::from_bytes_be(out, std::span<const uint8_t, 48>(*b)));
  return out;
}

G1Affine g1_generator() {
  return G1Affine{fp_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
                  fp_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"),
                  false};
}

G2Affine g2_generator() {
  return G2Affine{
      Fp2{fp_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
          fp_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")},
      Fp2{fp_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
          fp_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")},
      false};
}

// Affine reference group law (a = 0 curves), variable time; tests only.
template <typename F>
AffinePoint<F> ref_add(const AffinePoint<F>& a, const AffinePoint<F>& b) {
  if (a.infinity) return b;
  if (b.infinity) return a;
  F lambda;
  if (a.x == b.x) {
    if (!(a.y == b.y) || a.y.is_zero()) return AffinePoint<F>{};
    const F xx = a.x.sqr();
    lambda = (xx + xx.dbl()) * a.y.dbl().inv();
  } else {
    lambda = (b.y - a.y) * (b.x - a.x).inv();
  }
  const F x3 = lambda.sqr() - a.x - b.x;
  return AffinePoint<F>{x3, lambda * (a.x - x3) - a.y, false};
}

template <typename F>
AffinePoint<F> ref_mul(const AffinePoint<F>& p, uint64_t k) {
  AffinePoint<F> acc{};
  for (int bit = 63; bit >= 0; --bit) {
    acc = ref_add(acc, acc);
    if ((k >> bit) & 1) acc = ref_add(acc, p);
  }
  return acc;
}

template <typename F>
AffinePoint<F> ref_neg(const AffinePoint<F>& p) {
  return AffinePoint<F>{p.x, -p.y, p.infinity};
}

// pow by a big-endian exponent given as 64-bit words, most significant first.
Fp12 pow_words(const Fp12& x, const std::vector<uint64_t>& words) {
  Fp12 r = Fp12::one();
  for (uint64_t w : words) {
    for (int bit = 63; bit >= 0; --bit) {
      r = r.sqr();
      if ((w >> bit) & 1) r *= x;
    }
  }
  return r;
}

Fp12 pow_u64(const Fp12& x, uint64_t e) { return pow_words(x, {e}); }

const std::vector<uint64_t> kR = {0x73eda753299d7d48ULL, 0x3339d80809a1d805ULL, 0x53bda402fffe5bfeULL,
                                  0xffffffff00000001ULL};

TEST(Pairing, KnownAnswerGenerators) {
  // e(G1, G2) as produced by tools/gen_pairing_kat.py (cube of the textbook value).
  const char* kExpected[12] = {
      "1250ebd871fc0a92a7b2d83168d0d727272d441befa15c503dd8e90ce98db3e7b6d194f60839c508a84305aaca1789b6",
      "089a1c5b46e5110b86750ec6a532348868a84045483c92b7af5af689452eafabf1a8943e50439f1d59882a98eaa0170f",
      "1368bb445c7c2d209703f239689ce34c0378a68e72a6b3b216da0e22a5031b54ddff57309396b38c881c4c849ec23e87",
      "193502b86edb8857c273fa075a50512937e0794e1e65a7617c90d8bd66065b1fffe51d7a579973b1315021ec3c19934f",
      "01b2f522473d171391125ba84dc4007cfbf2f8da752f7c74185203fcca589ac719c34dffbbaad8431dad1c1fb597aaa5",
      "018107154f25a764bd3c79937a45b84546da634b8f6be14a8061e55cceba478b23f7dacaa35c8ca78beae9624045b4b6",
      "19f26337d205fb469cd6bd15c3d5a04dc88784fbb3d0b2dbdea54d43b2b73f2cbb12d58386a8703e0f948226e47ee89d",
      "06fba23eb7c5af0d9f80940ca771b6ffd5857baaf222eb95a7d2809d61bfe02e1bfd1b68ff02f0b8102ae1c2d5d5ab1a",
      "11b8b424cd48bf38fcef68083b0b0ec5c81a93b330ee1a677d0d15ff7b984e8978ef48881e32fac91b93b47333e2ba57",
      "03350f55a7aefcd3c31b4fcb6ce5771cc6a0e9786ab5973320c806ad360829107ba810c5a09ffdd9be2291a0c25a99a2",
      "04c581234d086a9902249b64728ffd21a189e87935a954051c7cdba7b3872629a4fafc05066245cb9108f0242d0fe3ef",
      "0f41e58663bf08cf068672cbd01a7ec73baca4d72ca93544deff686bfd6df543d48eaa24afe47e1efde449383b676631"};
  const Fp12 e = pairing(g1_generator(), g2_generator());
  const Fp* coords[12] = {&e.c0.c0.c0, &e.c0.c0.c1, &e.c0.c1.c0, &e.c0.c1.c1, &e.c0.c2.c0, &e.c0.c2.c1,
                          &e.c1.c0.c0, &e.c1.c0.c1, &e.c1.c1.c0, &e.c1.c1.c1, &e.c1.c2.c0, &e.c1.c2.c1};
  for (int i = 0; i < 12; ++i) {
    std::array<uint8_t, 48> b{};
    coords[i]->to_bytes_be(b);
    EXPECT_EQ(util::to_hex(b), kExpected[i]) << "coordinate " << i;
  }
}

TEST(Pairing, NonDegenerateAndOrderR) {
  const Fp12 e = pairing(g1_generator(), g2_generator());
  EXPECT_FALSE(e.is_one());
  EXPECT_TRUE(pow_words(e, kR).is_one());
}

TEST(Pairing, Bilinear) {
  const G1Affine p = g1_generator();
  const G2Affine q = g2_generator();
  const Fp12 e = pairing(p, q);
  const uint64_t a = 0x1234567bULL, b = 0xfedcba9ULL;  // a·b < 2^64
  const Fp12 eab = pairing(ref_mul(p, a), ref_mul(q, b));
  EXPECT_EQ(eab, pow_u64(pow_u64(e, a), b));
  EXPECT_EQ(pairing(ref_mul(p, a), q), pairing(p, ref_mul(q, a)));
  EXPECT_EQ(pairing(ref_neg(p), q), e.conj());
  EXPECT_EQ(pairing(p, ref_neg(q)), e.conj());
}

TEST(Pairing, MultiPairEqualsProduct) {
  const G1Affine p = g1_generator();
  const G2Affine q = g2_generator();
  for (std::size_t n : {1u, 2u, 3u, 16u, 17u, 33u}) {
    std::vector<G1Affine> ps;
    std::vector<G2Affine> qs;
    Fp12 expected = Fp12::one();
    for (std::size_t i = 0; i < n; ++i) {
      ps.push_back(ref_mul(p, 3 + i));
      qs.push_back(ref_mul(q, 5 + 2 * i));
      if (i < 3 || i + 1 == n) expected *= pairing(ps.back(), qs.back());
      else expected *= pow_u64(pairing(p, q), (3 + i) * (5 + 2 * i));
    }
    EXPECT_EQ(final_exponentiation(miller_loop(ps, qs)), expected) << n << " pairs";
  }
}

TEST(Pairing, CheckAndInfinity) {
  const G1Affine p = g1_generator();
  const G2Affine q = g2_generator();
  const uint64_t k = 0xdeadbeefcafeULL;
  const std::vector<G1Affine> ps = {ref_mul(p, k), ref_neg(p), G1Affine{}, p};
  const std::vector<G2Affine> qs = {q, ref_mul(q, k), q, G2Affine{}};
  EXPECT_TRUE(pairing_check(ps, qs));
  const std::vector<G1Affine> bad = {ref_mul(p, k + 1), ref_neg(p)};
  EXPECT_FALSE(pairing_check(bad, std::span<const G2Affine>(qs).first(2)));
  EXPECT_TRUE(pairing_check({}, {}));
  EXPECT_TRUE(pairing(G1Affine{}, q).is_one());
  EXPECT_TRUE(pairing(p, G2Affine{}).is_one());
}

// prepared_of: pointers to G2Prepared values (kept alive by `store`).
std::vector<const G2Prepared*> prepared_of(const std::vector<G2Affine>& qs,
                                           std::vector<G2Prepared>& store) {
  store.clear();
  store.reserve(qs.size());
  std::vector<const G2Prepared*> out;
  for (const G2Affine& q : qs) {
    store.push_back(prepare_g2(q));
    out.push_back(&store.back());
  }
  return out;
}

TEST(Pairing, PreparedEqualsPlainBitForBit) {
  const G1Affine g1 = g1_generator();
  const G2Affine g2 = g2_generator();
  uint64_t k = 0x9e3779b97f4a7c15ULL;
  // Split points of n pairs into plain (first `cut`) and prepared (the rest); n crosses the
  // 16-pair chunk size; every 5th P and every 7th Q is at infinity.
  for (auto [n, cut] : {std::pair<std::size_t, std::size_t>{1, 0}, {1, 1}, {2, 1}, {3, 0},
                        {17, 5}, {20, 16}, {33, 2}}) {
    std::vector<G1Affine> ps;
    std::vector<G2Affine> qs;
    for (std::size_t i = 0; i < n; ++i) {
      k = k * 6364136223846793005ULL + 1442695040888963407ULL;
      ps.push_back(i % 5 == 4 ? G1Affine{} : ref_mul(g1, k >> 40 | 1));
      qs.push_back(i % 7 == 6 ? G2Affine{} : ref_mul(g2, (k & 0xffffff) | 1));
    }
    const Fp12 plain = miller_loop(ps, qs);
    std::vector<G2Prepared> store;
    const std::vector<G2Affine> tail(qs.begin() + static_cast<long>(cut), qs.end());
    const std::vector<const G2Prepared*> qp = prepared_of(tail, store);
    const std::span<const G1Affine> all(ps);
    EXPECT_EQ(miller_loop(all.first(cut), std::span<const G2Affine>(qs).first(cut),
                          all.subspan(cut), qp),
              plain)
        << n << " pairs, " << cut << " plain";
    if (cut == 0) {
      std::vector<G2Prepared> store2;
      EXPECT_EQ(miller_loop({}, {}, ps, prepared_of(qs, store2)), plain) << n << " pairs";
    }
  }
  EXPECT_TRUE(prepare_g2(G2Affine{}).infinity);
  EXPECT_FALSE(prepare_g2(g2).infinity);
  EXPECT_TRUE(miller_loop({}, {}, {}, {}).is_one());
}

TEST(Pairing, PreparedBilinearCheck) {
  const G1Affine p = g1_generator();
  const G2Affine q = g2_generator();
  const uint64_t a = 0x1234567bULL, b = 0xfedcba9ULL;  // a·b < 2^64
  const G2Prepared pq = prepare_g2(q);
  const G2Prepared pbq = prepare_g2(ref_mul(q, b));
  const std::vector<const G2Prepared*> qp = {&pq, &pbq};
  // e(ab·P, Q) · e(-a·P, b·Q) == 1, both Q prepared; then one plain, one prepared.
  const std::vector<G1Affine> ps = {ref_mul(p, a * b), ref_neg(ref_mul(p, a))};
  EXPECT_TRUE(pairing_check({}, {}, ps, qp));
  const std::vector<G2Affine> plain_q = {q};
  EXPECT_TRUE(pairing_check(std::span<const G1Affine>(ps).first(1), plain_q,
                            std::span<const G1Affine>(ps).subspan(1),
                            std::span<const G2Prepared* const>(qp).subspan(1)));
  const std::vector<G1Affine> bad = {ref_mul(p, a * b + 1), ps[1]};
  EXPECT_FALSE(pairing_check({}, {}, bad, qp));
  EXPECT_EQ(final_exponentiation(miller_loop({}, {}, {&p, 1}, {qp.data(), 1})), pairing(p, q));
}

TEST(Pairing, CyclotomicExpMatchesGenericPow) {
  const G1Affine p = g1_generator();
  const G2Affine q = g2_generator();
  const Fp12 g = final_exponentiation_easy(miller_loop({&p, 1}, {&q, 1}));
  EXPECT_EQ(cyclotomic_exp_abs_z(g), pow_u64(g, 0xd201000000010000ULL));
  EXPECT_EQ(g.cyclotomic_sqr(), g.sqr());
}

}  // namespace
}  // namespace stakepool::crypto
