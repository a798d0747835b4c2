// SSZ core: known roots, strict decoding errors, virtual padding for huge limits, and round-trip /
// canonical-encoding properties over the duty containers.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstring>

#include "eth/ssz_gen.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "stakepool/eth/ssz.hpp"
#include "stakepool/eth/types.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::eth {
namespace {

using ssz::Bytes;

// A container with every kind of variable-size field, for offset tests.
struct Inner {
  uint16_t a = 0;
  ssz::List<uint16_t, 8> b;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("a", &Inner::a), ssz::field("b", &Inner::b)};
  }
  friend bool operator==(const Inner&, const Inner&) = default;
};

struct Outer {
  uint8_t x = 0;
  ssz::List<uint8_t, 16> bytes;
  Inner inner;
  ssz::Bitlist<10> bits;
  std::array<Inner, 2> pair;
  ssz::List<bool, 5> flags;
  static constexpr auto ssz_fields() {
    return std::tuple{ssz::field("x", &Outer::x), ssz::field("bytes", &Outer::bytes),
                      ssz::field("inner", &Outer::inner), ssz::field("bits", &Outer::bits),
                      ssz::field("pair", &Outer::pair), ssz::field("flags", &Outer::flags)};
  }
  friend bool operator==(const Outer&, const Outer&) = default;
};

std::string decode_error(const Bytes& b) {
  auto r = ssz::decode<Outer>(b);
  return r ? std::string("ok") : r.error().message;
}

Outer sample_outer() {
  Outer o;
  o.x = 7;
  (void)o.bytes.assign({1, 2, 3});
  o.inner.a = 9;
  o.inner.b.push_back(5);
  o.bits = ssz::Bitlist<10>(4);
  o.bits.set(1, true);
  o.pair[1].b.push_back(77);
  o.flags.push_back(true);
  return o;
}

Root chunk_of(uint64_t v) {
  Root r{};
  for (int i = 0; i < 8; ++i) r[i] = static_cast<uint8_t>(v >> (8 * i));
  return r;
}

Root hash_pair(const Root& a, const Root& b) {
  uint8_t buf[64];
  std::memcpy(buf, a.data(), 32);
  std::memcpy(buf + 32, b.data(), 32);
  return crypto::sha256_64(buf);
}

TEST(Ssz, BasicEncodingAndRoots) {
  EXPECT_EQ(ssz::encode(uint64_t{0x0102030405060708}),
            (Bytes{8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(ssz::hash_tree_root(uint64_t{5}), chunk_of(5));
  EXPECT_EQ(ssz::encode(true), Bytes{1});
  // zero_hash(1) = sha256(0^64), a well-known constant.
  EXPECT_EQ(util::to_hex(ssz::zero_hash(1)),
            "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
  EXPECT_EQ(ssz::zero_hash(2), hash_pair(ssz::zero_hash(1), ssz::zero_hash(1)));
}

TEST(Ssz, ContainerRootIsMerkleOfFieldRoots) {
  const Checkpoint cp{Epoch{3}, Root{}};
  EXPECT_EQ(ssz::hash_tree_root(cp), hash_pair(chunk_of(3), Root{}));
  const VoluntaryExit exit{Epoch{1}, ValidatorIndex{2}};
  EXPECT_EQ(ssz::hash_tree_root(exit), hash_pair(chunk_of(1), chunk_of(2)));
}

TEST(Ssz, HugeListLimitUsesVirtualPadding) {
  // List[uint64, 2^40]: 2^38 chunks of padding would be 8 TiB if materialised.
  ssz::List<uint64_t, (uint64_t{1} << 40)> list;
  list.push_back(1);
  list.push_back(2);
  Root expect = [] {
    Bytes packed(32, 0);
    packed[0] = 1;
    packed[8] = 2;
    Root r;
    std::memcpy(r.data(), packed.data(), 32);
    return r;
  }();
  for (std::size_t d = 0; d < 38; ++d) expect = hash_pair(expect, ssz::zero_hash(d));
  EXPECT_EQ(ssz::hash_tree_root(list), ssz::mix_in_length(expect, 2));
  const ssz::List<uint64_t, (uint64_t{1} << 40)> empty;
  EXPECT_EQ(ssz::hash_tree_root(empty), ssz::mix_in_length(ssz::zero_hash(38), 0));
}

TEST(Ssz, RoundTripSample) {
  const Outer o = sample_outer();
  const Bytes enc = ssz::encode(o);
  auto dec = ssz::decode<Outer>(enc);
  ASSERT_TRUE(dec) << dec.error().message;
  EXPECT_EQ(*dec, o);
}

TEST(Ssz, RejectsMalformedOffsets) {
  const Bytes good = ssz::encode(sample_outer());
  // Fixed part: x(1) | off bytes(4) | off inner(4) | off bits(4) | off pair(4) | off flags(4).
  Bytes b = good;
  b[1] += 1;  // first offset no longer equals the fixed part size (21)
  EXPECT_NE(decode_error(b).find("first offset 22 is not the end of the fixed part (21)"),
            std::string::npos) << decode_error(b);
  b = good;
  b[5] = 0;  // offset of `inner` before the offset of `bytes`
  EXPECT_NE(decode_error(b).find("before the previous offset"), std::string::npos);
  b = good;
  b[17] = 0xff;  // offset of `flags` past the end
  EXPECT_NE(decode_error(b).find("past the end of the input"), std::string::npos);
  b = good;
  b.resize(10);
  EXPECT_NE(decode_error(b).find("container fixed part: expected 21 bytes, got 10"),
            std::string::npos);
}

TEST(Ssz, ErrorsNameTheFieldPath) {
  Outer o = sample_outer();
  Bytes b = ssz::encode(o);
  b.push_back(0);  // trailing byte lands in `flags`: 2 is not a boolean
  b.back() = 2;
  EXPECT_EQ(decode_error(b), "at flags[1]: boolean: byte 2 is neither 0 nor 1");
  // Break the inner list's length: 3 bytes is not a multiple of 2.
  o.flags.clear();
  b = ssz::encode(o);
  const uint32_t inner_off = ssz::detail::load_u32(b.data() + 5);
  const uint32_t bits_off = ssz::detail::load_u32(b.data() + 9);
  ASSERT_EQ(bits_off - inner_off, 8u);  // a(2) + offset(4) + one uint16
  b.insert(b.begin() + bits_off, 0xAA);
  for (int k : {9, 13, 17}) {
    ssz::detail::store_u32(b.data() + k, ssz::detail::load_u32(b.data() + k) + 1);
  }
  EXPECT_EQ(decode_error(b), "at inner.b: list: 3 bytes is not a multiple of the element size 2");
}

TEST(Ssz, RejectsBadBitsAndLengths) {
  EXPECT_FALSE(ssz::decode<ssz::Bitlist<8>>(Bytes{}));
  EXPECT_EQ(ssz::decode<ssz::Bitlist<8>>(Bytes{0x01, 0x00}).error().message,
            "bitlist: last byte is zero (no delimiter bit)");
  EXPECT_EQ(ssz::decode<ssz::Bitlist<8>>(Bytes{0xff, 0x02}).error().message,
            "bitlist: 9 bits exceed the limit 8");
  EXPECT_TRUE(ssz::decode<ssz::Bitlist<8>>(Bytes{0xff, 0x01}));
  EXPECT_FALSE(ssz::decode<ssz::Bitvector<3>>(Bytes{0x08}));  // bit 3 set past the length
  EXPECT_TRUE(ssz::decode<ssz::Bitvector<3>>(Bytes{0x07}));
  EXPECT_FALSE(ssz::decode<bool>(Bytes{2}));
  EXPECT_FALSE(ssz::decode<uint32_t>(Bytes{1, 2, 3}));
  EXPECT_FALSE(ssz::decode<Checkpoint>(Bytes(41, 0)));  // trailing byte
  EXPECT_FALSE((ssz::decode<ssz::List<uint16_t, 2>>(Bytes(6, 0))));  // 3 > limit 2
  // A list of variable-size items whose first offset is not a multiple of 4.
  EXPECT_FALSE((ssz::decode<ssz::List<Inner, 4>>(Bytes{5, 0, 0, 0, 0})));
}

TEST(Ssz, BitlistEncoding) {
  ssz::Bitlist<16> bl;
  EXPECT_EQ(ssz::encode(bl), Bytes{0x01});
  for (int i = 0; i < 8; ++i) bl.push_back(i % 2 == 0);
  EXPECT_EQ(ssz::encode(bl), (Bytes{0x55, 0x01}));
  EXPECT_EQ(bl.count(), 4u);
}

// ---- properties ----

template <typename T>
void check_round_trip() {
  const T v = testing_gen::random_value<T>();
  const Bytes enc = ssz::encode(v);
  auto dec = ssz::decode<T>(enc);
  RC_ASSERT(dec.has_value());
  RC_ASSERT(*dec == v);
  RC_ASSERT(ssz::hash_tree_root(*dec) == ssz::hash_tree_root(v));
  if constexpr (ssz::is_fixed_size<T>()) RC_ASSERT(enc.size() == ssz::fixed_size<T>());
}

RC_GTEST_PROP(SszProp, RoundTripAttestationData, ()) { check_round_trip<AttestationData>(); }
RC_GTEST_PROP(SszProp, RoundTripAttestation, ()) { check_round_trip<Attestation>(); }
RC_GTEST_PROP(SszProp, RoundTripAttestationElectra, ()) {
  check_round_trip<AttestationElectraT<MinimalPreset>>();
}
RC_GTEST_PROP(SszProp, RoundTripSignedAggregate, ()) {
  check_round_trip<SignedAggregateAndProofT<MinimalPreset>>();
}
RC_GTEST_PROP(SszProp, RoundTripContribution, ()) {
  check_round_trip<SignedContributionAndProof>();
}
RC_GTEST_PROP(SszProp, RoundTripIndexedAttestation, ()) {
  check_round_trip<IndexedAttestationT<MinimalPreset>>();
}
RC_GTEST_PROP(SszProp, RoundTripOuter, ()) { check_round_trip<Outer>(); }

// Any input that decodes is the canonical encoding of what it decodes to.
template <typename T>
void check_canonical(const std::vector<uint8_t>& bytes) {
  auto dec = ssz::decode<T>(bytes);
  if (dec) RC_ASSERT(ssz::encode(*dec) == bytes);
}

RC_GTEST_PROP(SszProp, DecodeIsCanonicalOnRandomBytes, (const std::vector<uint8_t>& bytes)) {
  check_canonical<Outer>(bytes);
  check_canonical<Attestation>(bytes);
  check_canonical<ssz::Bitlist<20>>(bytes);
  check_canonical<ssz::List<bool, 40>>(bytes);
}

RC_GTEST_PROP(SszProp, DecodeIsCanonicalOnMutatedEncodings, ()) {
  Bytes b = ssz::encode(testing_gen::random_value<Outer>());
  const auto pos = *rc::gen::inRange<std::size_t>(0, b.size());
  b[pos] = *rc::gen::arbitrary<uint8_t>();
  if (*rc::gen::arbitrary<bool>()) b.resize(*rc::gen::inRange<std::size_t>(0, b.size() + 1));
  check_canonical<Outer>(b);
}

}  // namespace
}  // namespace stakepool::eth
