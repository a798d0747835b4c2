// Plain responses (no complaints, echoes equal to the deals held) are signature-checked lazily. A
// forged plain response must not take the place of the sender's real response, and must never
// reach the transcript.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "stakepool/threshold/local_ceremony.hpp"

namespace stakepool::threshold {
namespace {

constexpr uint32_t kN = 4, kT = 3;

// Members: kN ceremonies driven by hand (member i at position i − 1). Dealer 4 deals a bad share to
// member 1, so member 1's real response complains about dealer 4.
struct Members {
  std::vector<LocalOperator> ops;
  CeremonyConfig cfg;
  std::vector<std::unique_ptr<util::DeterministicRng>> rngs;
  std::vector<std::unique_ptr<Ceremony>> cs;

  Members() {
    util::DeterministicRng orng(91, "lazy-response-ops");
    ops = make_operators(kN, orng);
    cfg.session.fill(7);
    for (uint32_t i = 1; i <= kN; ++i) {
      cfg.dealers.push_back(Member{i, ops[i - 1].sign.public_key(), ops[i - 1].enc.public_key()});
    }
    cfg.recipients = cfg.dealers;
    cfg.threshold = kT;
    cfg.deadlines = Deadlines{{1000}, {2000}, {3000}, {4000}};
    for (uint32_t i = 1; i <= kN; ++i) {
      rngs.push_back(std::make_unique<util::DeterministicRng>(100 + i, "lazy-response"));
      Identity id{i, i, &ops[i - 1].sign, &ops[i - 1].enc};
      cs.push_back(std::make_unique<Ceremony>(cfg, id, std::nullopt, *rngs.back()));
    }
    cs[3]->set_fault_for_testing(DealerFault::kBadShare);
  }
};

// type_of: the message type byte.
MsgType type_of(const util::Bytes& m) { return static_cast<MsgType>(m.at(0)); }

TEST(LazyResponse, ForgedPlainResponseDoesNotHideTheRealComplaint) {
  Members g;
  std::vector<util::Bytes> deals, responses;
  for (auto& c : g.cs) {
    for (auto& m : c->start({0}).broadcast) deals.push_back(m);
  }
  ASSERT_EQ(deals.size(), kN);
  // Every member gets every deal; once it has all of them it answers with its response.
  for (uint32_t i = 0; i < kN; ++i) {
    for (uint32_t d = 0; d < kN; ++d) {
      if (d == i) continue;
      for (auto& m : g.cs[i]->on_message(deals[d], {10}).broadcast) {
        if (type_of(m) == MsgType::kResponse) responses.push_back(m);
      }
    }
  }
  ASSERT_EQ(responses.size(), kN);  // in member order: member 1's response is responses[0]
  auto real = open_envelope(responses[0]);
  ASSERT_TRUE(real);
  auto real_body = decode_response(real->body);
  ASSERT_TRUE(real_body);
  ASSERT_EQ(real_body->complaints, (std::vector<uint32_t>{4}));
  // The forgery: member 2's own (plain) echoes, claimed to come from member 1, signed by member 3.
  auto own = decode_response(open_envelope(responses[1])->body);
  ASSERT_TRUE(own && own->complaints.empty());
  Response forged = *own;
  forged.from = 1;
  const util::Bytes body = encode_body(forged);
  const util::Bytes fake = seal_envelope(MsgType::kResponse, body,
                                         g.ops[2].sign.sign(signed_bytes(g.cfg.session, MsgType::kResponse, body)));
  Ceremony& m2 = *g.cs[1];
  (void)m2.on_message(fake, {20});
  (void)m2.on_message(responses[0], {21});
  (void)m2.on_message(responses[2], {22});
  (void)m2.on_message(responses[3], {23});
  // Dealer 4's justification is never delivered: member 1's complaint goes unanswered.
  (void)m2.on_tick({3000});
  ASSERT_TRUE(m2.result().has_value()) << m2.failure();
  ASSERT_TRUE(m2.result()->disqualified.count(4));
  EXPECT_EQ(m2.result()->disqualified.at(4), "did not answer 1 complaint(s)");
  const auto t = m2.transcript();
  EXPECT_NE(std::find(t.begin(), t.end(), responses[0]), t.end()) << "the real response counts";
  EXPECT_EQ(std::find(t.begin(), t.end(), fake), t.end()) << "the forgery is never recorded";
}

TEST(LazyResponse, LoneForgedPlainResponseIsDroppedFromTheTranscript) {
  Members g;
  std::vector<util::Bytes> deals, responses;
  for (auto& c : g.cs) {
    for (auto& m : c->start({0}).broadcast) deals.push_back(m);
  }
  Ceremony& m2 = *g.cs[1];
  for (uint32_t d : {0u, 2u, 3u}) {
    for (auto& m : m2.on_message(deals[d], {10}).broadcast) {
      if (type_of(m) == MsgType::kResponse) responses.push_back(m);
    }
  }
  ASSERT_EQ(responses.size(), 1u);
  auto own = decode_response(open_envelope(responses[0])->body);
  ASSERT_TRUE(own);
  Response forged = *own;
  forged.from = 3;
  const util::Bytes body = encode_body(forged);
  const util::Bytes fake = seal_envelope(MsgType::kResponse, body,
                                         g.ops[0].sign.sign(signed_bytes(g.cfg.session, MsgType::kResponse, body)));
  (void)m2.on_message(fake, {20});
  const auto t = m2.transcript();
  EXPECT_EQ(std::find(t.begin(), t.end(), fake), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), responses[0]), t.end()) << "its own response is valid";
}

}  // namespace
}  // namespace stakepool::threshold
