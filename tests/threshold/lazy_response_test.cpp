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

  explicit Members(bool bad_dealer = true) {
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
    if (bad_dealer) cs[3]->set_fault_for_testing(DealerFault::kBadShare);
  }
};

// type_of: the message type byte.
MsgType type_of(const util::Bytes& m) { return static_cast<MsgType>(m.at(0)); }

// exchange_deals starts every member, delivers every deal to every other member and returns the
// responses they answer with, in member order (member 1's response is the first).
std::vector<util::Bytes> exchange_deals(Members& g) {
  std::vector<util::Bytes> deals, responses;
  for (auto& c : g.cs) {
    for (auto& m : c->start({0}).broadcast) deals.push_back(m);
  }
  for (uint32_t i = 0; i < kN; ++i) {
    for (uint32_t d = 0; d < kN; ++d) {
      if (d == i) continue;
      for (auto& m : g.cs[i]->on_message(deals[d], {10}).broadcast) {
        if (type_of(m) == MsgType::kResponse) responses.push_back(m);
      }
    }
  }
  return responses;
}

// sealed_by: `body` as a message of `type` signed by the member at position `signer`.
util::Bytes sealed_by(Members& g, uint32_t signer, MsgType type, const util::Bytes& body) {
  return seal_envelope(type, body, g.ops[signer].sign.sign(signed_bytes(g.cfg.session, type, body)));
}

// forge_plain_response: member 2's own (plain) response, claimed to come from member 1, signed by
// member 3.
util::Bytes forge_plain_response(Members& g, const std::vector<util::Bytes>& responses) {
  auto own = decode_response(open_envelope(responses.at(1))->body);
  EXPECT_TRUE(own && own->complaints.empty());
  Response forged = *own;
  forged.from = 1;
  return sealed_by(g, 2, MsgType::kResponse, encode_body(forged));
}

TEST(LazyResponse, ForgedPlainResponseDoesNotHideTheRealComplaint) {
  Members g;
  const std::vector<util::Bytes> responses = exchange_deals(g);
  ASSERT_EQ(responses.size(), kN);
  auto real = open_envelope(responses[0]);
  ASSERT_TRUE(real);
  auto real_body = decode_response(real->body);
  ASSERT_TRUE(real_body);
  ASSERT_EQ(real_body->complaints, (std::vector<uint32_t>{4}));
  const util::Bytes fake = forge_plain_response(g, responses);
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

// A forged plain response must not count as the sender's response when deciding that everyone has
// responded: that would end the response phase early and shut out the real response (here member
// 1's complaint), so this member would not disqualify dealer 4 while the others do.
TEST(LazyResponse, ForgedPlainResponseDoesNotEndTheResponsePhaseEarly) {
  Members g;
  const std::vector<util::Bytes> responses = exchange_deals(g);
  ASSERT_EQ(responses.size(), kN);
  const util::Bytes fake = forge_plain_response(g, responses);
  Ceremony& m2 = *g.cs[1];
  (void)m2.on_message(fake, {20});
  (void)m2.on_message(responses[2], {21});
  (void)m2.on_message(responses[3], {22});
  EXPECT_EQ(m2.phase(), Phase::kResponse) << "member 1 has not really responded yet";
  (void)m2.on_message(responses[0], {23});  // the real one, with the complaint about dealer 4
  (void)m2.on_tick({3000});
  ASSERT_TRUE(m2.result().has_value()) << m2.failure();
  ASSERT_TRUE(m2.result()->disqualified.count(4));
  EXPECT_EQ(m2.result()->disqualified.at(4), "did not answer 1 complaint(s)");
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
  const util::Bytes fake = sealed_by(g, 0, MsgType::kResponse, encode_body(forged));
  (void)m2.on_message(fake, {20});
  const auto t = m2.transcript();
  EXPECT_EQ(std::find(t.begin(), t.end(), fake), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), responses[0]), t.end()) << "its own response is valid";
}

// Lazily checked confirmations: forged Finalize messages claiming to come from the recipients that
// have not confirmed yet must not make "everyone confirmed" true and so end the phase (which would
// fail the ceremony with too few valid confirmations before the real ones arrive).
TEST(LazyFinalize, ForgedConfirmationsDoNotEndTheFinalizePhaseEarly) {
  Members g(false);
  // Deliver everything except the other members' Finalize messages to member 2.
  std::vector<std::pair<uint32_t, util::Bytes>> queue;  // (sender position, message)
  std::vector<util::Bytes> held(kN);
  for (uint32_t i = 0; i < kN; ++i) {
    for (auto& m : g.cs[i]->start({0}).broadcast) queue.emplace_back(i, m);
  }
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [from, msg] = queue[q];
    for (uint32_t to = 0; to < kN; ++to) {
      if (to == from) continue;
      if (to == 1 && type_of(msg) == MsgType::kFinalize) {
        held[from] = msg;
        continue;
      }
      for (auto& m : g.cs[to]->on_message(msg, {10}).broadcast) queue.emplace_back(to, m);
    }
  }
  Ceremony& m2 = *g.cs[1];
  ASSERT_EQ(m2.phase(), Phase::kFinalize) << m2.failure();
  for (uint32_t i : {0u, 2u, 3u}) ASSERT_FALSE(held[i].empty());
  // Forgeries for members 3 and 4: their real bodies, signed by member 1's key.
  std::vector<util::Bytes> fakes;
  for (uint32_t i : {2u, 3u}) {
    fakes.push_back(sealed_by(g, 0, MsgType::kFinalize, open_envelope(held[i])->body));
  }
  (void)m2.on_message(fakes[0], {20});
  (void)m2.on_message(fakes[1], {21});
  (void)m2.on_message(held[0], {22});  // member 1's real confirmation: now everyone "has" one
  EXPECT_EQ(m2.phase(), Phase::kFinalize) << m2.failure();
  (void)m2.on_message(held[2], {23});
  (void)m2.on_message(held[3], {24});
  EXPECT_EQ(m2.phase(), Phase::kDone) << m2.failure();
  const auto t = m2.transcript();
  for (const auto& f : fakes) EXPECT_EQ(std::find(t.begin(), t.end(), f), t.end());
}

}  // namespace
}  // namespace stakepool::threshold
