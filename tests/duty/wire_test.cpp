// The duty wire envelope and partial-signature bodies (doc/formats/duty.md), the same-message
// batch verification, and the slashing database's dry run the value hook relies on.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "duty/batch.hpp"
#include "stakepool/crypto/curve.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/duty/wire.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/threshold/shamir.hpp"

namespace stakepool::duty {
namespace {

TEST(DutyWire, EnvelopeRoundTripAndLayout) {
  const Envelope e{EnvelopeType::kPartials, 0x01020304, {0xaa, 0xbb}};
  const util::Bytes b = encode_envelope(e);
  EXPECT_EQ(b, (util::Bytes{kWireVersion, 2, 1, 2, 3, 4, 0xaa, 0xbb}));
  auto d = decode_envelope(b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, e);
}

TEST(DutyWire, EnvelopeRejectsBadInput) {
  EXPECT_FALSE(decode_envelope(util::Bytes{kWireVersion, 1, 0, 0}).has_value());  // truncated
  auto old = decode_envelope(util::Bytes{1, 1, 0, 0, 0, 0});  // version 1: compressed partials
  ASSERT_FALSE(old.has_value());
  EXPECT_NE(old.error().message.find("version 1"), std::string::npos);
  auto bad_type = decode_envelope(util::Bytes{kWireVersion, 9, 0, 0, 0, 0});
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_NE(bad_type.error().message.find("type"), std::string::npos);
  EXPECT_TRUE(decode_envelope(util::Bytes{kWireVersion, 1, 0, 0, 0, 0}).has_value());  // empty body
  auto combined = decode_envelope(util::Bytes{kWireVersion, 3, 0, 0, 0, 0});
  ASSERT_TRUE(combined.has_value());
  EXPECT_EQ(combined->type, EnvelopeType::kCombined);
  EXPECT_FALSE(decode_envelope(util::Bytes{kWireVersion, 4, 0, 0, 0, 0}).has_value());
}

TEST(DutyWire, PartialsRejectBadInput) {
  PartialsBody p{SigKind::kSyncMessage, eth::Slot{77}, {PartialEntry{eth::ValidatorIndex{5}, 0, {}}}};
  util::Bytes b = encode_partials(p);
  EXPECT_EQ(b.size(), 1u + 8 + 4 + 8 + 8 + 192);
  util::Bytes trailing = b;
  trailing.push_back(0);
  EXPECT_FALSE(decode_partials(trailing).has_value());
  util::Bytes short_b(b.begin(), b.end() - 1);
  EXPECT_FALSE(decode_partials(short_b).has_value());
  util::Bytes kind = b;
  kind[0] = 0;
  EXPECT_FALSE(decode_partials(kind).has_value());
  kind[0] = kSigKindMax + 1;
  EXPECT_FALSE(decode_partials(kind).has_value());
  PartialsBody empty{SigKind::kRandao, eth::Slot{1}, {}};
  EXPECT_FALSE(decode_partials(encode_partials(empty)).has_value());
}

RC_GTEST_PROP(DutyWire, PartialsRoundTrip,
              (uint8_t kind, uint64_t slot, std::vector<std::pair<uint64_t, uint64_t>> ids)) {
  RC_PRE(!ids.empty() && ids.size() < 50);
  PartialsBody p;
  p.kind = static_cast<SigKind>(1 + kind % kSigKindMax);
  p.slot = eth::Slot{slot};
  for (const auto& [v, sub] : ids) {
    PartialEntry e{eth::ValidatorIndex{v}, sub, {}};
    e.signature[0] = static_cast<uint8_t>(v);
    e.signature[191] = static_cast<uint8_t>(sub);
    p.entries.push_back(e);
  }
  auto d = decode_partials(encode_partials(p));
  RC_ASSERT(d.has_value());
  RC_ASSERT(*d == p);
}

// A partial signature travels uncompressed: decoding checks the length, the flags, canonical
// coordinates and the curve equation, and names what is wrong.
TEST(DutyWire, PartialSignatureUncompressed) {
  const crypto::G2Affine g = crypto::to_affine(crypto::g2_mul(crypto::g2_generator(), {12345, 0, 0, 0}));
  const PartialSignature enc = encode_partial_signature(g);
  EXPECT_EQ(enc, crypto::g2_serialize_uncompressed(g));
  auto d = decode_partial_signature(enc);
  ASSERT_TRUE(d.has_value()) << d.error().message;
  EXPECT_TRUE(*d == g);
  auto fails_with = [](std::span<const uint8_t> b, const std::string& what) {
    auto r = decode_partial_signature(b);
    ASSERT_FALSE(r.has_value()) << what;
    EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("partial signature"), std::string::npos);
  };
  const auto compressed = crypto::g2_compress(g);
  fails_with(compressed, "expected 192 bytes");
  PartialSignature b = enc;
  b[0] |= 0x80;
  fails_with(b, "compression flag");
  b = enc;
  b[0] |= 0x20;
  fails_with(b, "sign flag");
  b = enc;
  b[191] ^= 1;  // y no longer matches x
  fails_with(b, "not on the G2 curve");
  b.fill(0xff);
  b[0] = 0x1f;
  fails_with(b, "x.c1 is not a canonical");
  PartialSignature inf{};
  inf[0] = 0x40;
  auto i = decode_partial_signature(inf);
  ASSERT_TRUE(i.has_value());
  EXPECT_TRUE(i->infinity);
  inf[100] = 1;
  fails_with(inf, "infinity");
}

TEST(DutyBatch, FindsExactlyTheBadSignatures) {
  util::DeterministicRng rng(3, "batch");
  const eth::Root msg{1, 2, 3};
  const auto h = detail::hash_message_vartime(msg);
  std::vector<threshold::SecretShare> keys;
  std::vector<crypto::bls::PublicKey> pks;
  std::vector<crypto::bls::Signature> sigs;
  for (uint32_t i = 1; i <= 9; ++i) {
    keys.push_back({*threshold::ShareIndex::make(i), threshold::random_scalar(rng)});
    std::array<uint8_t, 32> b{};
    const auto canon = keys.back().value.expose().to_canonical();
    for (int w = 0; w < 4; ++w) {
      for (int k = 0; k < 8; ++k) b[31 - (w * 8 + k)] = static_cast<uint8_t>(canon[w] >> (8 * k));
    }
    auto sk = crypto::bls::SecretKey::parse(b);
    ASSERT_TRUE(sk.has_value());
    pks.push_back(crypto::bls::sk_to_pk(*sk));
    const auto sig = detail::sign_hashed(keys.back(), h);
    EXPECT_TRUE(crypto::bls::verify(pks.back(), msg, sig));  // sign_hashed is the BLS signature
    sigs.push_back(sig);
  }
  std::swap(sigs[2], sigs[3]);  // two wrong pairs
  sigs[7] = sigs[0];            // and a third
  std::vector<detail::SameMessagePair> pairs;
  for (std::size_t i = 0; i < pks.size(); ++i) pairs.push_back({&pks[i], &sigs[i]});
  EXPECT_EQ(detail::find_invalid_same_message(pairs, h, rng), (std::vector<std::size_t>{2, 3, 7}));
  std::swap(sigs[2], sigs[3]);
  sigs[7] = detail::sign_hashed(keys[7], h);
  EXPECT_TRUE(detail::find_invalid_same_message(pairs, h, rng).empty());
  // Several messages in one multi-pairing: keys 0..3 sign msg, 4..8 sign msg2.
  const eth::Root msg2{9, 9};
  const auto h2 = detail::hash_message_vartime(msg2);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].h = i < 4 ? &h : &h2;
    if (i >= 4) sigs[i] = detail::sign_hashed(keys[i], h2);
  }
  EXPECT_TRUE(detail::find_invalid_multi(pairs, rng).empty());
  sigs[5] = detail::sign_hashed(keys[5], h);  // right key, wrong message
  sigs[1] = sigs[6];
  EXPECT_EQ(detail::find_invalid_multi(pairs, rng), (std::vector<std::size_t>{1, 5}));
  // The same with prepared lines: for msg2 only (mixed), then for both messages.
  const crypto::G2Prepared l1 = crypto::prepare_g2(h), l2 = crypto::prepare_g2(h2);
  for (std::size_t i = 4; i < pairs.size(); ++i) pairs[i].lines = &l2;
  EXPECT_EQ(detail::find_invalid_multi(pairs, rng), (std::vector<std::size_t>{1, 5}));
  for (std::size_t i = 0; i < 4; ++i) pairs[i].lines = &l1;
  EXPECT_EQ(detail::find_invalid_multi(pairs, rng), (std::vector<std::size_t>{1, 5}));
  sigs[5] = detail::sign_hashed(keys[5], h2);
  sigs[1] = detail::sign_hashed(keys[1], h);
  EXPECT_TRUE(detail::find_invalid_multi(pairs, rng).empty());
  sigs[0] = detail::sign_hashed(keys[0], h2);  // a message-0 pair signing msg2: caught
  EXPECT_EQ(detail::find_invalid_multi(pairs, rng), (std::vector<std::size_t>{0}));
}

TEST(DutySlashingDryRun, CheckBatchRecordsNothing) {
  auto db = eth::SlashingDb::open(eth::SlashingDb::kMemoryPath, eth::SlashingMode::kComplete, {});
  ASSERT_TRUE(db.has_value());
  eth::PubkeyBytes pk{};
  pk[0] = 0xa0;
  const eth::SigningRoot r1{1}, r2{2};
  ASSERT_TRUE(db->check_and_record_attestation(pk, 10, 11, r1).has_value());
  std::vector<eth::SigningRequest> reqs{eth::AttestationRequest{pk, 9, 12, r2},   // surrounds
                                        eth::AttestationRequest{pk, 11, 12, r2},  // fine
                                        eth::BlockRequest{pk, 5, r1}};
  for (int round = 0; round < 2; ++round) {  // twice: the first dry run recorded nothing
    auto res = db->check_batch(reqs);
    ASSERT_TRUE(res.has_value());
    EXPECT_FALSE((*res)[0].has_value());
    EXPECT_EQ((*res)[0].error().code, Errc::kSlashable);
    EXPECT_TRUE((*res)[1].has_value());
    EXPECT_TRUE((*res)[2].has_value());
  }
  EXPECT_EQ(db->signed_attestations(pk)->size(), 1u);
  EXPECT_TRUE(db->signed_blocks(pk)->empty());
}

}  // namespace
}  // namespace stakepool::duty
