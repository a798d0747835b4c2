// ZCash/IETF point encodings: known answers, round trips, every rejection class, and the
// Ethereum bls12-381-tests deserialization_G1 / deserialization_G2 vectors.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/curve_test_util.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::crypto {
namespace {

using testing::random_curve_point;
using testing::random_subgroup_point;

// Per-group dispatch so that each check is written once.
auto compress(const G1Affine& p) { return g1_compress(p); }
auto compress(const G2Affine& p) { return g2_compress(p); }
auto uncompressed(const G1Affine& p) { return g1_serialize_uncompressed(p); }
auto uncompressed(const G2Affine& p) { return g2_serialize_uncompressed(p); }
PointError decompress(std::span<const uint8_t> in, G1Affine& out) { return g1_decompress(in, out); }
PointError decompress(std::span<const uint8_t> in, G2Affine& out) { return g2_decompress(in, out); }
PointError decompress_unchecked(std::span<const uint8_t> in, G1Affine& out) {
  return g1_decompress_unchecked(in, out);
}
PointError decompress_unchecked(std::span<const uint8_t> in, G2Affine& out) {
  return g2_decompress_unchecked(in, out);
}
PointError deserialize(std::span<const uint8_t> in, G1Affine& out) {
  return g1_deserialize_uncompressed(in, out);
}
PointError deserialize(std::span<const uint8_t> in, G2Affine& out) {
  return g2_deserialize_uncompressed(in, out);
}

std::vector<uint8_t> vec(std::span<const uint8_t> s) { return {s.begin(), s.end()}; }

// The modulus p, big-endian.
const std::vector<uint8_t>& modulus_be() {
  static const std::vector<uint8_t> p =
      util::from_hex("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffff"
                     "b9feffffffffaaab")
          .value();
  return p;
}

TEST(CurveEncoding, GeneratorsKnownAnswers) {
  EXPECT_EQ(util::to_hex(g1_compress(g1_generator_affine())),
            "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af0"
            "0adb22c6bb");
  EXPECT_EQ(util::to_hex(g2_compress(g2_generator_affine())),
            "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d"
            "055d042b7e024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805"
            "bbefd48056c8c121bdb8");
  EXPECT_EQ(util::to_hex(g1_compress(G1Affine{})), "c0" + std::string(94, '0'));
  EXPECT_EQ(util::to_hex(g2_serialize_uncompressed(G2Affine{})), "40" + std::string(382, '0'));
}

template <typename F>
class CurveEncodingT : public ::testing::Test {};
using Fields = ::testing::Types<Fp, Fp2>;
TYPED_TEST_SUITE(CurveEncodingT, Fields);

TYPED_TEST(CurveEncodingT, RoundTrips) {
  using F = TypeParam;
  EXPECT_TRUE(rc::check("encode/decode round trip", [](uint64_t seed) {
    util::DeterministicRng rng(seed, "enc");
    const AffinePoint<F> p = to_affine(random_subgroup_point<F>(rng));
    const auto c = compress(p);
    AffinePoint<F> q;
    RC_ASSERT(decompress(c, q) == PointError::kOk);
    RC_ASSERT(q == p);
    RC_ASSERT(compress(q) == c);
    const auto u = uncompressed(p);
    AffinePoint<F> r;
    RC_ASSERT(deserialize(u, r) == PointError::kOk);
    RC_ASSERT(r == p);
    // The sign flag selects -P.
    auto flipped = c;
    flipped[0] ^= 0x20;
    RC_ASSERT(decompress(flipped, q) == PointError::kOk);
    RC_ASSERT(q == neg(p));
  }));
  AffinePoint<F> inf;
  inf.infinity = false;
  ASSERT_EQ(decompress(compress(AffinePoint<F>{}), inf), PointError::kOk);
  EXPECT_TRUE(inf.infinity);
  inf.infinity = false;
  ASSERT_EQ(deserialize(uncompressed(AffinePoint<F>{}), inf), PointError::kOk);
  EXPECT_TRUE(inf.infinity);
}

TYPED_TEST(CurveEncodingT, RejectsEveryInvalidClass) {
  using F = TypeParam;
  util::DeterministicRng rng(7, "enc-bad");
  const AffinePoint<F> p = to_affine(random_subgroup_point<F>(rng));
  const std::vector<uint8_t> good = vec(compress(p));
  const std::vector<uint8_t> good_u = vec(uncompressed(p));
  const std::size_t n = good.size();
  AffinePoint<F> out = p;
  auto expect = [&out, &p](PointError got, PointError want, const char* what) {
    EXPECT_EQ(got, want) << what << ": " << to_string(got);
    EXPECT_TRUE(out == p) << what << ": output modified on failure";
  };
  auto mutated = [](std::vector<uint8_t> b, std::size_t i, uint8_t x) {
    b[i] ^= x;
    return b;
  };
  // Lengths.
  expect(decompress(std::span(good).first(n - 1), out), PointError::kBadLength, "short");
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  expect(decompress(longer, out), PointError::kBadLength, "long");
  expect(decompress(std::span<const uint8_t>(), out), PointError::kBadLength, "empty");
  expect(deserialize(good, out), PointError::kBadLength, "compressed to uncompressed parser");
  expect(decompress(good_u, out), PointError::kBadLength, "uncompressed to compressed parser");
  // Flags.
  expect(decompress(mutated(good, 0, 0x80), out), PointError::kNotCompressed, "c = 0");
  expect(deserialize(mutated(good_u, 0, 0x80), out), PointError::kBadCompressionFlag, "c = 1");
  expect(deserialize(mutated(good_u, 0, 0x20), out), PointError::kBadSignFlag, "s = 1");
  std::vector<uint8_t> inf(n, 0);
  inf[0] = 0xc0;
  expect(decompress(mutated(inf, 0, 0x20), out), PointError::kBadInfinityEncoding, "inf s = 1");
  expect(decompress(mutated(inf, 0, 0x01), out), PointError::kBadInfinityEncoding, "inf x bit");
  expect(decompress(mutated(inf, n - 1, 0x01), out), PointError::kBadInfinityEncoding, "inf lsb");
  std::vector<uint8_t> inf_u(2 * n, 0);
  inf_u[0] = 0x40;
  expect(deserialize(mutated(inf_u, 2 * n - 1, 1), out), PointError::kBadInfinityEncoding,
         "uncompressed inf y bit");
  // Non-canonical coordinates: every 48-byte field slot set to p (flags kept).
  for (std::size_t off = 0; off < n; off += 48) {
    std::vector<uint8_t> b = good;
    std::copy(modulus_be().begin(), modulus_be().end(), b.begin() + off);
    b[0] |= good[0] & 0xe0;
    expect(decompress(b, out), PointError::kNonCanonical, "x slot = p");
  }
  for (std::size_t off = 0; off < 2 * n; off += 48) {
    std::vector<uint8_t> b = good_u;
    std::copy(modulus_be().begin(), modulus_be().end(), b.begin() + off);
    expect(deserialize(b, out), PointError::kNonCanonical, "uncompressed slot = p");
  }
  // Off the curve: y + 1 in the uncompressed form; an x with x^3 + b not a square.
  std::vector<uint8_t> off_u = good_u;
  off_u.back() ^= 1;
  expect(deserialize(off_u, out), PointError::kNotOnCurve, "uncompressed y tampered");
  for (uint8_t x = 1;; ++x) {
    std::vector<uint8_t> b(n, 0);
    b[0] = 0x80;
    b[n - 1] = x;
    AffinePoint<F> tmp;
    const PointError e = decompress_unchecked(b, tmp);
    if (e == PointError::kNotOnCurve) {
      expect(decompress(b, out), PointError::kNotOnCurve, "x^3 + b not square");
      break;
    }
    ASSERT_EQ(e, PointError::kOk);
  }
  // On the curve, outside the subgroup: only the checked decoders reject it.
  const AffinePoint<F> c = to_affine(random_curve_point<F>(rng));
  expect(decompress(compress(c), out), PointError::kNotInSubgroup, "outside subgroup");
  expect(deserialize(uncompressed(c), out), PointError::kNotInSubgroup, "outside subgroup (u)");
  AffinePoint<F> cu;
  ASSERT_EQ(decompress_unchecked(compress(c), cu), PointError::kOk);
  EXPECT_TRUE(cu == c);
}

TEST(CurveEncoding, ErrorStringsAreDistinct) {
  std::set<std::string> seen;
  for (int e = 0; e <= static_cast<int>(PointError::kNotInSubgroup); ++e) {
    seen.insert(to_string(static_cast<PointError>(e)));
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(PointError::kNotInSubgroup) + 1);
}

// ---- official vectors ----

const char* kDeserDir =
    SP_VECTORS_DIR "/bls12-381-tests/via-constantine/tests/"
                   "protocol_blssig_pop_on_bls12381_g2_test_vectors_v0.1.1/";

// expected_errors: the rejection classes the case name allows (empty for accepting cases).
std::set<PointError> expected_errors(const std::string& name) {
  using E = PointError;
  static const std::vector<std::pair<std::string, std::set<E>>> kByName = {
      {"too_few_bytes", {E::kBadLength}},
      {"too_many_bytes", {E::kBadLength}},
      {"wrong_c_flag", {E::kNotCompressed}},
      {"b_flag_and_a_flag_true", {E::kBadInfinityEncoding}},
      {"b_flag_and_x_nonzero", {E::kBadInfinityEncoding}},
      {"fails_infinity_with_true_b_flag", {E::kBadInfinityEncoding}},
      {"fails_infinity_with_false_b_flag", {E::kNotOnCurve, E::kNotInSubgroup}},
      {"modulus", {E::kNonCanonical}},
      {"not_in_curve", {E::kNotOnCurve}},
      {"not_in_G", {E::kNotInSubgroup}},
      {"succeeds", {E::kOk}},
  };
  for (const auto& [key, errs] : kByName) {
    if (name.find(key) != std::string::npos) return errs;
  }
  return {};
}

template <typename Point>
void run_deserialization_dir(const std::string& sub, const char* field, std::size_t want_count) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(kDeserDir) + sub)) {
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(sub + "/" + name);
    ASSERT_EQ(entry.path().extension(), ".json");
    std::ifstream f(entry.path());
    const nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    ASSERT_EQ(j.size(), 2u);
    ASSERT_EQ(j.at("input").size(), 1u);
    const auto bytes = util::from_hex(j.at("input").at(field).template get<std::string>());
    ASSERT_TRUE(bytes.has_value());
    const bool want = j.at("output").template get<bool>();
    Point p;
    const PointError e = decompress(*bytes, p);
    EXPECT_EQ(e == PointError::kOk, want) << to_string(e);
    const std::set<PointError> allowed = expected_errors(name);
    ASSERT_FALSE(allowed.empty()) << "unknown case name";
    EXPECT_TRUE(allowed.count(e)) << to_string(e);
    if (want) {
      EXPECT_EQ(vec(compress(p)), *bytes);  // canonical encodings re-encode identically
    }
    ++count;
  }
  EXPECT_EQ(count, want_count);
  std::printf("%s: %zu/%zu cases run\n", sub.c_str(), count, want_count);
}

TEST(CurveEncodingVectors, DeserializationG1) {
  run_deserialization_dir<G1Affine>("deserialization_G1", "pubkey", 13);
}

TEST(CurveEncodingVectors, DeserializationG2) {
  run_deserialization_dir<G2Affine>("deserialization_G2", "signature", 15);
}

}  // namespace
}  // namespace stakepool::crypto
