// Wire format (doc/formats/qbft.md): golden bytes, round trips and strict decoding; committee
// arithmetic; Ed25519 against RFC 8032; round timing.
#include "stakepool/consensus/codec.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/consensus/timing.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::consensus {
namespace {

std::string rep(const std::string& byte, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += byte;
  return s;
}

SignedMessage golden_prepare() {
  SignedMessage m;
  m.msg.type = MsgType::kPrepare;
  m.msg.instance.tag.fill(0x11);
  m.msg.instance.height = 0x0102030405060708;
  m.msg.round = 3;
  m.msg.sender = 2;
  m.msg.value_hash.fill(0x22);
  m.signature.fill(0x33);
  return m;
}

const std::string kGoldenBody = "02" + rep("11", 32) + "0807060504030201" + "0300000000000000" +
                                "02000000" + rep("22", 32) + "0000000000000000";

TEST(QbftCodec, GoldenPrepare) {
  const SignedMessage m = golden_prepare();
  EXPECT_EQ(util::to_hex(encode_body(m.msg)), kGoldenBody);
  EXPECT_EQ(util::to_hex(encode(m)), kGoldenBody + rep("33", 64) + "00" + "0000");
  EXPECT_EQ(util::to_hex(signing_bytes(m.msg)),
            util::to_hex(util::Bytes{'s', 't', 'a', 'k', 'e', 'p', 'o', 'o', 'l', '/', 'q', 'b',
                                     'f', 't', '/', 'v', '1'}) +
                kGoldenBody);
}

TEST(QbftCodec, GoldenProposalWithValueAndJustification) {
  SignedMessage p = golden_prepare();
  p.msg.type = MsgType::kProposal;
  p.value = util::Bytes{'a', 'b', 'c'};
  p.justification.push_back(golden_prepare());
  const std::string nested = kGoldenBody + rep("33", 64) + "00" + "0000";
  EXPECT_EQ(util::to_hex(encode(p)), "01" + kGoldenBody.substr(2) + rep("33", 64) + "01" +
                                         "03000000" + "616263" + "0100" + nested);
  auto back = decode(encode(p));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(encode(*back), encode(p));
}

TEST(QbftCodec, EveryTruncationFails) {
  SignedMessage p = golden_prepare();
  p.msg.type = MsgType::kRoundChange;
  p.value = util::Bytes{1, 2, 3, 4};
  p.justification = {golden_prepare(), golden_prepare()};
  const util::Bytes wire = encode(p);
  ASSERT_TRUE(decode(wire).has_value());
  for (std::size_t len = 0; len < wire.size(); ++len) {
    auto r = decode(std::span(wire.data(), len));
    ASSERT_FALSE(r.has_value()) << "prefix of " << len << " bytes decoded";
    EXPECT_NE(r.error().message.find("truncated"), std::string::npos) << r.error().message;
  }
}

TEST(QbftCodec, StrictDecodingErrorsNameThePart) {
  const util::Bytes good = encode(golden_prepare());
  auto expect_error = [](util::Bytes b, const std::string& needle) {
    auto r = decode(b);
    ASSERT_FALSE(r.has_value()) << needle;
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  };
  util::Bytes b = good;
  b.push_back(0);
  expect_error(b, "trailing");
  for (uint8_t t : {0, 6, 255}) {
    b = good;
    b[0] = t;
    expect_error(b, "unknown type");
  }
  b = good;
  b[kBodyBytes + 64] = 0x02;
  expect_error(b, "flag");
  // A value length above the cap.
  b = util::Bytes(good.begin(), good.begin() + kBodyBytes + 64);
  b.insert(b.end(), {0x01, 0x01, 0x00, 0x10, 0x00});  // 0x100001 bytes
  expect_error(b, "exceeds");
  // An embedded message that carries a value.
  SignedMessage p = golden_prepare();
  SignedMessage inner = golden_prepare();
  inner.value = util::Bytes{9};
  p.justification.push_back(inner);
  expect_error(encode(p), "embedded message carries a value");
  inner.value.reset();
  inner.justification.push_back(golden_prepare());
  p.justification = {inner};
  expect_error(encode(p), "embedded message carries a justification");
}

TEST(QbftCodec, TooManyJustificationEntriesFail) {
  util::Bytes b = encode(golden_prepare());
  b[b.size() - 2] = 0x01;  // 2049 entries
  b[b.size() - 1] = 0x08;
  auto r = decode(b);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("justification entries exceed"), std::string::npos);
}

RC_GTEST_PROP(QbftCodec, RoundTrip, ()) {
  SignedMessage m;
  m.msg.type = static_cast<MsgType>(*rc::gen::inRange(1, 6));
  m.msg.instance.height = *rc::gen::arbitrary<uint64_t>();
  m.msg.round = *rc::gen::arbitrary<uint64_t>();
  m.msg.sender = *rc::gen::arbitrary<uint32_t>();
  m.msg.prepared_round = *rc::gen::arbitrary<uint64_t>();
  m.msg.instance.tag[*rc::gen::inRange(0, 32)] = *rc::gen::arbitrary<uint8_t>();
  m.msg.value_hash[*rc::gen::inRange(0, 32)] = *rc::gen::arbitrary<uint8_t>();
  m.signature[*rc::gen::inRange(0, 64)] = *rc::gen::arbitrary<uint8_t>();
  if (*rc::gen::arbitrary<bool>()) m.value = *rc::gen::arbitrary<util::Bytes>();
  const int nj = *rc::gen::inRange(0, 4);
  for (int i = 0; i < nj; ++i) {
    SignedMessage j;
    j.msg.type = MsgType::kPrepare;
    j.msg.round = *rc::gen::arbitrary<uint64_t>();
    m.justification.push_back(j);
  }
  const util::Bytes wire = encode(m);
  auto back = decode(wire);
  RC_ASSERT(back.has_value());
  RC_ASSERT(back->msg == m.msg);
  RC_ASSERT(back->signature == m.signature);
  RC_ASSERT(back->value == m.value);
  RC_ASSERT(back->justification.size() == m.justification.size());
  RC_ASSERT(encode(*back) == wire);
}

TEST(QbftCommittee, SizesFaultsAndQuorums) {
  struct Row {
    uint32_t n, f, q;
  };
  for (Row r : {Row{1, 0, 1}, Row{2, 0, 2}, Row{3, 0, 2}, Row{4, 1, 3}, Row{5, 1, 4}, Row{6, 1, 4},
                Row{7, 2, 5}, Row{10, 3, 7}, Row{13, 4, 9}, Row{100, 33, 67}}) {
    std::vector<OperatorKey> keys(r.n);
    for (uint32_t i = 0; i < r.n; ++i) keys[i].bytes[0] = i, keys[i].bytes[1] = i >> 8;
    auto c = Committee::make(keys).value();
    EXPECT_EQ(c.faulty(), r.f) << r.n;
    EXPECT_EQ(c.quorum(), r.q) << r.n;
  }
}

TEST(QbftCommittee, QuorumsIntersectInAnHonestMember) {
  for (uint32_t n = 1; n <= 300; ++n) {
    std::vector<OperatorKey> keys(n);
    for (uint32_t i = 0; i < n; ++i) keys[i].bytes[0] = i, keys[i].bytes[1] = i >> 8;
    auto c = Committee::make(keys).value();
    // Two quorums share at least f+1 members; and a quorum survives f crashes.
    EXPECT_GE(2 * c.quorum(), n + c.faulty() + 1) << n;
    EXPECT_LE(c.quorum(), n - c.faulty()) << n;
  }
}

TEST(QbftCommittee, LeaderRotatesWithOffsetAndRound) {
  std::vector<OperatorKey> keys(4);
  for (int i = 0; i < 4; ++i) keys[i].bytes[0] = i;
  auto c = Committee::make(keys).value();
  EXPECT_EQ(c.leader(0, 1), 1u);
  EXPECT_EQ(c.leader(0, 4), 0u);
  EXPECT_EQ(c.leader(7, 1), 0u);
  EXPECT_EQ(c.leader(UINT64_MAX, UINT64_MAX), ((UINT64_MAX % 4) * 2) % 4);
  InstanceId id;
  id.height = 5;
  id.tag[0] = 2;
  EXPECT_EQ(default_leader_offset(id), 7u);
}

TEST(QbftCommittee, RejectsEmptyOversizedAndRepeatedKeys) {
  EXPECT_FALSE(Committee::make({}).has_value());
  EXPECT_FALSE(Committee::make(std::vector<OperatorKey>(2)).has_value());
  std::vector<OperatorKey> many(kMaxMembers + 1);
  for (uint32_t i = 0; i < many.size(); ++i) many[i].bytes[0] = i, many[i].bytes[1] = i >> 8;
  EXPECT_FALSE(Committee::make(many).has_value());
}

TEST(QbftEd25519, Rfc8032TestVectors) {
  struct Vec {
    const char *sk, *pk, *msg, *sig;
  };
  const Vec vecs[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
       "701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f36"
       "13d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
  };
  Ed25519Verifier verifier;
  for (const Vec& v : vecs) {
    auto seed = util::from_hex_fixed<32>(v.sk, "sk").value();
    auto signer = Ed25519Signer::from_seed(util::Secret<32>(seed)).value();
    EXPECT_EQ(util::to_hex(signer.public_key().bytes), v.pk);
    const util::Bytes msg = util::from_hex(v.msg).value();
    const Sig64 sig = signer.sign(msg);
    EXPECT_EQ(util::to_hex(sig), v.sig);
    EXPECT_TRUE(verifier.verify(signer.public_key(), msg, sig));
    Sig64 bad = sig;
    bad[3] ^= 1;
    EXPECT_FALSE(verifier.verify(signer.public_key(), msg, bad));
    util::Bytes other = msg;
    other.push_back(0);
    EXPECT_FALSE(verifier.verify(signer.public_key(), other, sig));
  }
}

TEST(QbftEd25519, WrongKeyAndUndecodableKeyFail) {
  util::DeterministicRng rng(3);
  auto a = Ed25519Signer::generate(rng).value();
  auto b = Ed25519Signer::generate(rng).value();
  const util::Bytes msg{1, 2, 3};
  Ed25519Verifier v;
  EXPECT_FALSE(v.verify(b.public_key(), msg, a.sign(msg)));
  OperatorKey junk;
  junk.bytes.fill(0xff);  // y >= p: not a valid encoding
  EXPECT_FALSE(v.verify(junk, msg, a.sign(msg)));
}

TEST(QbftTiming, LinearDeadlines) {
  RoundTiming t;
  t.start = {1000};
  t.base_ms = 500;
  t.increment_ms = 200;
  EXPECT_EQ(t.deadline(1).ms, 1700);
  EXPECT_EQ(t.deadline(4).ms, 2300);
  EXPECT_EQ(t.deadline_fn()(InstanceId{}, 2).ms, 1900);
}

TEST(QbftTiming, SlotAlignedDutyTiming) {
  const util::TimePoint slot{120000};
  RoundTiming att = slot_timing(DutyClass::kAttester, slot, 12000);
  EXPECT_EQ(att.start.ms, 124000);
  EXPECT_EQ(att.deadline(1).ms, 125000);
  EXPECT_EQ(att.cutoff.ms, 136000);
  EXPECT_EQ(att.max_round, 12u);
  EXPECT_LE(att.deadline(att.max_round), att.cutoff);
  EXPECT_EQ(slot_timing(DutyClass::kProposer, slot, 12000).start.ms, 120000);
  EXPECT_EQ(slot_timing(DutyClass::kAggregator, slot, 12000).start.ms, 128000);
  EXPECT_EQ(slot_timing(DutyClass::kSyncContribution, slot, 6000).increment_ms, 500);
}

}  // namespace
}  // namespace stakepool::consensus
