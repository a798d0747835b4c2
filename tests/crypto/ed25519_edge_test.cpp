// Ed25519 verification edge cases: field constants, encodings (non-canonical, off-curve, negative
// zero, the 8 small-order points), s >= L, and what the cofactored equation accepts that OpenSSL's
// cofactorless check does not (crafted torsion components; never produced by honest signers).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "crypto/ed25519_check.hpp"
#include "stakepool/crypto/ed25519.hpp"
#include "stakepool/crypto/sha512.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/operator_keys.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::crypto::ed25519 {
namespace {

using namespace detail;  // NOLINT: white-box tests of the internals
using Bytes32 = std::array<uint8_t, 32>;

Bytes32 enc(const P3& p) {
  Bytes32 out;
  encode(out.data(), p);
  return out;
}

// mul: [a]P through the same Straus code the verifier uses.
P3 mul(const Sc& a, const P3& p) {
  Cached tables[kParts][kTableSize];
  Naf nafs[kParts];
  Term terms[kParts];
  naf_parts(nafs, a, kKeyWindow, false);
  P3 q = p;
  for (int j = 0; j < kParts; ++j) {
    odd_multiples(tables[j], q, kTableSize);
    q = dbl_n(q, 64);
    terms[j] = {&nafs[j], tables[j]};
  }
  return straus_vartime(terms, {});
}

P3 plus(const P3& a, const P3& b) { return to_p3(add(a, to_cached(b))); }

Sc random_scalar(util::Rng& rng) {
  uint8_t wide[64];
  rng.fill(wide);
  return sc_reduce512(wide);
}

Sc challenge(const Bytes32& r, const Bytes32& a, std::span<const uint8_t> msg) {
  const Digest64 h = Sha512().update(r).update(a).update(msg).finish();
  return sc_reduce512(h.data());
}

SignatureBytes make_sig(const Bytes32& r, const Sc& s) {
  SignatureBytes sig;
  std::copy(r.begin(), r.end(), sig.begin());
  sc_to_bytes(sig.data() + 32, s);
  return sig;
}

Bytes32 bytes_of(const char* hex) { return util::from_hex_fixed<32>(hex, "point").value(); }

// torsion8: a point of order exactly 8, as [L]P for a decodable P outside the prime-order group.
P3 torsion8() {
  const Sc l = sc_from_bytes(
      bytes_of("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").data());
  for (uint8_t y = 2; y < 100; ++y) {
    Bytes32 b{};
    b[0] = y;
    P3 p;
    if (decode_vartime(p, b.data()) != 0) continue;
    const P3 t = mul(l, p);
    if (!is_identity_vartime(dbl_n(t, 2))) return t;
  }
  ADD_FAILURE() << "no point with an order-8 component found";
  return p3_identity();
}

TEST(Ed25519Field, ConstantsAndRoundTrip) {
  const Fe d121666 = fe_mul(kFeD, Fe{{121666, 0, 0, 0, 0}});
  EXPECT_TRUE(fe_equal_vartime(d121666, fe_neg(Fe{{121665, 0, 0, 0, 0}})));
  EXPECT_TRUE(fe_equal_vartime(fe_add(kFeD, kFeD), kFeD2));
  EXPECT_TRUE(fe_equal_vartime(fe_sq(kFeSqrtM1), fe_neg(kFeOne)));
  util::DeterministicRng rng(11, "fe");
  for (int i = 0; i < 200; ++i) {
    Bytes32 b;
    rng.fill(b);
    b[31] &= 0x7f;
    Fe a;
    if (!fe_from_bytes_vartime(a, b.data())) continue;
    Bytes32 back;
    fe_to_bytes(back.data(), a);
    EXPECT_EQ(back, b);
    if (!fe_is_zero_vartime(a)) {
      EXPECT_TRUE(fe_equal_vartime(fe_mul(a, fe_invert(a)), kFeOne));
    }
  }
  // p - 1 is canonical and encodes back; p and p + 1 are not canonical.
  Fe a;
  EXPECT_TRUE(fe_from_bytes_vartime(
      a, bytes_of("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").data()));
  EXPECT_FALSE(fe_from_bytes_vartime(
      a, bytes_of("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").data()));
  EXPECT_FALSE(fe_from_bytes_vartime(
      a, bytes_of("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").data()));
}

// fe_mul / fe_sq at their documented input bound (limbs < 2^54): the same values as after a
// carry pass first, so no intermediate overflowed.
TEST(Ed25519Field, MulAtTheLimbBound) {
  util::DeterministicRng rng(16, "bound");
  for (int i = 0; i < 500; ++i) {
    Fe a, b;
    for (int j = 0; j < 5; ++j) {
      const uint64_t top = (uint64_t{1} << 54) - 1;
      a.v[j] = i == 0 ? top : top - rng.uniform(uint64_t{1} << 20);
      b.v[j] = i == 0 ? top : top - rng.uniform(uint64_t{1} << 20);
    }
    EXPECT_TRUE(fe_equal_vartime(fe_mul(a, b), fe_mul(fe_carry(a), fe_carry(b))));
    EXPECT_TRUE(fe_equal_vartime(fe_sq(a), fe_sq(fe_carry(a))));
  }
}

TEST(Ed25519Encoding, BasePointRoundTripsAndHasOrderL) {
  const P3 b = base_point();
  EXPECT_EQ(util::to_hex(enc(b)),
            "5866666666666666666666666666666666666666666666666666666666666666");
  const Sc l_minus_1 = sc_from_bytes(
      bytes_of("ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").data());
  EXPECT_TRUE(is_identity_vartime(plus(mul(l_minus_1, b), b)));
}

TEST(Ed25519Encoding, SmallOrderKeysRejected) {
  const P3 t = torsion8();
  std::set<std::string> encodings;
  P3 cur = p3_identity();
  for (int i = 0; i < 8; ++i) {
    const Bytes32 e = enc(cur);
    encodings.insert(util::to_hex(e));
    auto k = VerifyKey::parse(e);
    ASSERT_FALSE(k.has_value()) << util::to_hex(e);
    EXPECT_EQ(k.error(), Ed25519Error::kSmallOrder) << util::to_hex(e);
    cur = plus(cur, t);
  }
  EXPECT_TRUE(is_identity_vartime(cur));
  // The eight are the well-known small-order encodings.
  const std::set<std::string> known = {
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"};
  EXPECT_EQ(encodings, known);
}

TEST(Ed25519Encoding, BadEncodingsNamed) {
  const auto err = [](const char* hex) { return VerifyKey::parse(bytes_of(hex)).error(); };
  // x = 0 with the sign bit: y = 1 and y = -1.
  EXPECT_EQ(err("0100000000000000000000000000000000000000000000000000000000000080"),
            Ed25519Error::kNegativeZero);
  EXPECT_EQ(err("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
            Ed25519Error::kNegativeZero);
  // y >= p (p, p + 1 = a non-canonical identity, 2^255 - 1), with either sign bit.
  for (const char* hex : {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                          "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
    EXPECT_EQ(err(hex), Ed25519Error::kNotCanonical) << hex;
  }
  int off_curve = 0;
  for (uint8_t y = 2; y < 40; ++y) {
    Bytes32 b{};
    b[0] = y;
    auto k = VerifyKey::parse(b);
    if (!k.has_value() && k.error() == Ed25519Error::kNotOnCurve) ++off_curve;
  }
  EXPECT_GT(off_curve, 5);  // about half of all y are not on the curve
  EXPECT_STREQ(to_string(Ed25519Error::kSmallOrder), "Ed25519 public key: point of small order");
}

// Crafted: a key A = [a]B with known a, so tests can make signatures with any R.
struct Crafted {
  Sc a;
  P3 pt;
  Bytes32 pk;
};

Crafted crafted_key(util::Rng& rng) {
  Crafted c;
  c.a = random_scalar(rng);
  c.pt = mul(c.a, base_point());
  c.pk = enc(c.pt);
  return c;
}

bool batch_one(const Bytes32& pk, std::span<const uint8_t> msg, const SignatureBytes& sig) {
  BatchItem it;
  it.key_bytes = pk;
  it.msg = msg;
  it.sig = sig;
  const BatchItem items[3] = {it, it, it};
  const std::vector<bool> r = verify_batch_vartime(items);
  EXPECT_TRUE(r[0] == r[1] && r[1] == r[2]);
  return r[0];
}

TEST(Ed25519Semantics, ScalarNotReducedIsRejected) {
  util::DeterministicRng rng(12, "s");
  const auto sk = util::Ed25519SecretKey::generate(rng);
  const std::vector<uint8_t> msg = {1, 2, 3};
  const SignatureBytes sig = sk.sign(msg);
  ASSERT_TRUE(verify_vartime(std::span<const uint8_t, 32>(sk.public_key()), msg, sig));
  // s + L (< 2^253) is the same scalar mod L but not canonical.
  const Sc l = sc_from_bytes(
      bytes_of("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").data());
  Sc s = sc_from_bytes(sig.data() + 32);
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    carry += static_cast<unsigned __int128>(s.v[i]) + l.v[i];
    s.v[i] = static_cast<uint64_t>(carry);
    carry >>= 64;
  }
  SignatureBytes bad = sig;
  sc_to_bytes(bad.data() + 32, s);
  EXPECT_FALSE(verify_vartime(std::span<const uint8_t, 32>(sk.public_key()), msg, bad));
  EXPECT_FALSE(batch_one(sk.public_key(), msg, bad));
  EXPECT_FALSE(util::ed25519_verify(sk.public_key(), msg, bad));
  SignatureBytes exactly_l = sig;
  sc_to_bytes(exactly_l.data() + 32, l);
  EXPECT_FALSE(verify_vartime(std::span<const uint8_t, 32>(sk.public_key()), msg, exactly_l));
}

TEST(Ed25519Semantics, NonCanonicalRIsRejected) {
  util::DeterministicRng rng(13, "r");
  const Crafted key = crafted_key(rng);
  const std::vector<uint8_t> msg = {9, 9};
  // R = O (small order, allowed) with s = k a: valid for both equations.
  const Bytes32 r_id = bytes_of("0100000000000000000000000000000000000000000000000000000000000000");
  const SignatureBytes ok = make_sig(r_id, sc_mul(challenge(r_id, key.pk, msg), key.a));
  EXPECT_TRUE(verify_vartime(std::span<const uint8_t, 32>(key.pk), msg, ok));
  EXPECT_TRUE(batch_one(key.pk, msg, ok));
  EXPECT_TRUE(util::ed25519_verify(key.pk, msg, ok));
  // The same point encoded with y = p + 1: the equation holds, the encoding is refused.
  const Bytes32 r_nc = bytes_of("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  const SignatureBytes nc = make_sig(r_nc, sc_mul(challenge(r_nc, key.pk, msg), key.a));
  EXPECT_FALSE(verify_vartime(std::span<const uint8_t, 32>(key.pk), msg, nc));
  EXPECT_FALSE(batch_one(key.pk, msg, nc));
}

// Cofactored semantics: R = [r]B + T with T of order 8 and s = r + k a. Then
// [s]B - R - [k]A = -T, so [8](...) = O: accepted here (single AND batch alike), while OpenSSL's
// cofactorless check ([s]B - [k]A encodes to R?) refuses it. An honest signer never makes such R.
TEST(Ed25519Semantics, SmallOrderComponentInRIsAcceptedCofactored) {
  util::DeterministicRng rng(14, "torsion");
  const P3 t = torsion8();
  int accepted = 0;
  for (int i = 0; i < 8; ++i) {
    const Crafted key = crafted_key(rng);
    const std::vector<uint8_t> msg = {static_cast<uint8_t>(i)};
    const Sc r = random_scalar(rng);
    const Bytes32 r_enc = enc(plus(mul(r, base_point()), t));
    const SignatureBytes sig =
        make_sig(r_enc, sc_add(r, sc_mul(challenge(r_enc, key.pk, msg), key.a)));
    const bool single = verify_vartime(std::span<const uint8_t, 32>(key.pk), msg, sig);
    EXPECT_TRUE(single);
    EXPECT_EQ(batch_one(key.pk, msg, sig), single);
    EXPECT_FALSE(util::ed25519_verify(key.pk, msg, sig));
    accepted += single ? 1 : 0;
  }
  EXPECT_EQ(accepted, 8);
}

// A mixed-order key A' = A + T parses (it is not of small order); a signature made for the
// prime-order part verifies under the cofactored equation, single and batch alike.
TEST(Ed25519Semantics, MixedOrderKeyCofactored) {
  util::DeterministicRng rng(15, "mixed");
  const P3 t = torsion8();
  const Crafted key = crafted_key(rng);
  const Bytes32 mixed = enc(plus(key.pt, t));
  ASSERT_TRUE(VerifyKey::parse(mixed).has_value());
  const std::vector<uint8_t> msg = {7};
  const Sc r = random_scalar(rng);
  const Bytes32 r_enc = enc(mul(r, base_point()));
  const SignatureBytes sig =
      make_sig(r_enc, sc_add(r, sc_mul(challenge(r_enc, mixed, msg), key.a)));
  EXPECT_TRUE(verify_vartime(std::span<const uint8_t, 32>(mixed), msg, sig));
  EXPECT_TRUE(batch_one(mixed, msg, sig));
  // Corrupting it still fails.
  SignatureBytes bad = sig;
  bad[33] ^= 1;
  EXPECT_FALSE(verify_vartime(std::span<const uint8_t, 32>(mixed), msg, bad));
  EXPECT_FALSE(batch_one(mixed, msg, bad));
}

}  // namespace
}  // namespace stakepool::crypto::ed25519

namespace stakepool::crypto::ed25519 {
namespace {

using namespace detail;  // NOLINT: white-box tests of the internals

// naf_value: sum of d_i 2^i as a 5-limb two's-complement integer (Horner from the top digit).
std::array<uint64_t, 5> naf_value(const Naf& naf) {
  std::array<uint64_t, 5> acc{};
  for (int i = naf.top; i >= 0; --i) {
    for (int j = 4; j > 0; --j) acc[j] = (acc[j] << 1) | (acc[j - 1] >> 63);
    acc[0] <<= 1;
    const int d = naf.d[i];
    if (d > 0) {
      uint64_t carry = static_cast<uint64_t>(d);
      for (int j = 0; j < 5 && carry != 0; ++j) {
        acc[j] += carry;
        carry = acc[j] < carry ? 1 : 0;
      }
    } else if (d < 0) {
      uint64_t borrow = static_cast<uint64_t>(-d);
      for (int j = 0; j < 5 && borrow != 0; ++j) {
        const uint64_t before = acc[j];
        acc[j] -= borrow;
        borrow = before < borrow ? 1 : 0;
      }
    }
  }
  return acc;
}

TEST(Ed25519Naf, RecodesExactlyWithTheNafShape) {
  util::DeterministicRng rng(17, "naf");
  for (int iter = 0; iter < 400; ++iter) {
    uint64_t v[4];
    for (uint64_t& x : v) x = rng.next_u64();
    if (iter % 4 == 1) v[0] = 0;                       // a whole zero limb
    if (iter % 4 == 2) v[3] = ~uint64_t{0};            // top bits set: the carry digit
    const int n = 1 + iter % 4;
    const int w = 2 + iter % 7;
    Naf naf;
    wnaf(naf, v, n, w, false);
    const std::array<uint64_t, 5> got = naf_value(naf);
    for (int j = 0; j < 5; ++j) ASSERT_EQ(got[j], j < n ? v[j] : 0) << iter << " limb " << j;
    int last = -w;
    for (int i = 0; i < kNafLen; ++i) {
      const int d = naf.d[i];
      if (d == 0) continue;
      ASSERT_TRUE(d % 2 != 0 && d < (1 << (w - 1)) && d > -(1 << (w - 1))) << d;
      ASSERT_GE(i - last, w) << "two non-zero digits within one window";
      last = i;
    }
    EXPECT_EQ(last, naf.top);
  }
}

}  // namespace
}  // namespace stakepool::crypto::ed25519
