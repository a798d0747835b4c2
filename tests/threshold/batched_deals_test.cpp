// Deals are held unverified and their signatures checked in one batch when needed. A deal whose
// signature fails inside such a batch is dropped exactly as if it had never arrived (its dealer is
// treated as silent by this member), the others in the batch are accepted, and a held deal never
// ends the deal phase before it is verified.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/sig_batch.hpp"

namespace stakepool::threshold {
namespace {

constexpr uint32_t kN = 5, kT = 3;

struct Members {
  std::vector<LocalOperator> ops;
  CeremonyConfig cfg;
  std::vector<std::unique_ptr<util::DeterministicRng>> rngs;
  std::vector<std::unique_ptr<Ceremony>> cs;
  std::vector<util::Bytes> deals;  // member i's deal at position i − 1

  Members() {
    util::DeterministicRng orng(92, "batched-deals-ops");
    ops = make_operators(kN, orng);
    cfg.session.fill(9);
    for (uint32_t i = 1; i <= kN; ++i) {
      cfg.dealers.push_back(Member{i, ops[i - 1].sign.public_key(), ops[i - 1].enc.public_key()});
    }
    cfg.recipients = cfg.dealers;
    cfg.threshold = kT;
    cfg.deadlines = Deadlines{{1000}, {2000}, {3000}, {4000}};
    for (uint32_t i = 1; i <= kN; ++i) {
      rngs.push_back(std::make_unique<util::DeterministicRng>(200 + i, "batched-deals"));
      Identity id{i, i, &ops[i - 1].sign, &ops[i - 1].enc};
      cs.push_back(std::make_unique<Ceremony>(cfg, id, std::nullopt, *rngs.back()));
    }
    for (auto& c : cs) {
      for (auto& m : c->start({0}).broadcast) deals.push_back(m);
    }
  }

  // forged: dealer `d`'s real deal (position d − 1) with the statement signed by member `signer`.
  util::Bytes forged(uint32_t d, uint32_t signer) const {
    auto env = open_envelope(deals.at(d - 1));
    auto deal = decode_deal(env->body);
    const auto sig =
        ops.at(signer - 1).sign.sign(deal_statement(cfg.session, d, deal->body_hash()));
    return seal_envelope(MsgType::kDeal, env->body, sig);
  }
};

std::optional<Response> response_in(const Ceremony::Outputs& out) {
  for (const auto& m : out.broadcast) {
    if (static_cast<MsgType>(m.at(0)) == MsgType::kResponse)
      return *decode_response(open_envelope(m)->body);
  }
  return std::nullopt;
}

std::vector<uint32_t> echoed(const Response& r) {
  std::vector<uint32_t> out;
  for (const Echo& e : r.echoes) out.push_back(e.dealer);
  return out;
}

TEST(BatchedDeals, ForgedDealInTheBatchIsTreatedAsSilentAndTheOthersAccepted) {
  Members g;
  Ceremony& m2 = *g.cs[1];
  const util::Bytes fake = g.forged(3, 1);
  std::optional<Response> r;
  for (uint32_t d : {1u, 4u, 5u}) r = response_in(m2.on_message(g.deals[d - 1], {5}));
  EXPECT_FALSE(r);
  r = response_in(m2.on_message(fake, {6}));  // every dealer now has a held deal: one batch
  EXPECT_FALSE(r) << "a forged deal must not end the deal phase";
  EXPECT_EQ(m2.phase(), Phase::kDeal);
  r = response_in(m2.on_tick({1000}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->complaints, std::vector<uint32_t>{3});
  EXPECT_EQ(echoed(*r), (std::vector<uint32_t>{1, 2, 4, 5}));
  const auto t = m2.transcript();
  EXPECT_EQ(std::find(t.begin(), t.end(), fake), t.end());
  for (uint32_t d : {1u, 2u, 4u, 5u})
    EXPECT_NE(std::find(t.begin(), t.end(), g.deals[d - 1]), t.end());
}

TEST(BatchedDeals, RealDealAfterAForgedOneCountsWithoutEquivocation) {
  Members g;
  Ceremony& m2 = *g.cs[1];
  std::optional<Response> r = response_in(m2.on_message(g.forged(4, 5), {5}));
  for (uint32_t d : {1u, 3u, 4u, 5u}) {
    EXPECT_FALSE(r);
    r = response_in(m2.on_message(g.deals[d - 1], {6}));
  }
  ASSERT_TRUE(r) << "every dealer's real deal is here: the phase ends";
  EXPECT_TRUE(r->complaints.empty());
  EXPECT_EQ(echoed(*r), (std::vector<uint32_t>{1, 2, 3, 4, 5}));
}

TEST(BatchedDeals, DealWithADifferentBodyAndABadSignatureIsNoEquivocation) {
  Members g;
  Ceremony& m2 = *g.cs[1];
  // Dealer 3's deal re-signed for dealer 4's index: a different body claimed by dealer 4, signed
  // by dealer 3 (invalid for dealer 4), held in the same batch as dealer 4's real deal.
  auto env = open_envelope(g.deals[2]);
  auto deal = decode_deal(env->body);
  deal->dealer = 4;
  const util::Bytes body = encode_body(*deal);
  const util::Bytes fake =
      seal_envelope(MsgType::kDeal, body,
                    g.ops[2].sign.sign(deal_statement(g.cfg.session, 4, deal->body_hash())));
  (void)m2.on_message(fake, {5});
  std::optional<Response> r;
  for (uint32_t d : {1u, 3u, 4u, 5u}) r = response_in(m2.on_message(g.deals[d - 1], {6}));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->complaints.empty());
  // Run the rest honestly: dealer 4 qualifies everywhere.
  std::vector<std::pair<uint32_t, util::Bytes>> queue;
  for (uint32_t i = 0; i < kN; ++i) {
    for (uint32_t d = 0; d < kN; ++d) {
      if (d == i || i == 1) continue;
      for (auto& m : g.cs[i]->on_message(g.deals[d], {6}).broadcast) queue.emplace_back(i, m);
    }
  }
  queue.emplace_back(1, seal_envelope(MsgType::kResponse, encode_body(*r),
                                      g.ops[1].sign.sign(signed_bytes(
                                          g.cfg.session, MsgType::kResponse, encode_body(*r)))));
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [from, msg] = queue[q];
    for (uint32_t to = 0; to < kN; ++to) {
      if (to == from) continue;
      for (auto& m : g.cs[to]->on_message(msg, {10}).broadcast) queue.emplace_back(to, m);
    }
  }
  for (auto& c : g.cs) {
    ASSERT_EQ(c->phase(), Phase::kDone) << c->failure();
    EXPECT_EQ(c->result()->qual, (std::vector<uint32_t>{1, 2, 3, 4, 5}));
  }
}

TEST(SigBatch, FirstValidMatchesOneByOneInArrivalOrder) {
  util::DeterministicRng rng(93, "sig-batch");
  auto ops = make_operators(3, rng);
  const util::Bytes msg{1, 2, 3};
  auto good = [&](std::size_t k) {
    return SigItem{&ops[k].sign.public_key(), msg, ops[k].sign.sign(msg)};
  };
  auto bad = [&](std::size_t k) {
    return SigItem{&ops[k].sign.public_key(), msg, ops[(k + 1) % 3].sign.sign(msg)};
  };
  const std::vector<std::vector<SigItem>> candidates = {
      {bad(0), bad(0), good(0), good(0)}, {good(1), bad(1)}, {bad(2)}, {}};
  const auto found = first_valid(candidates);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0], std::optional<std::size_t>(2));
  EXPECT_EQ(found[1], std::optional<std::size_t>(0));
  EXPECT_FALSE(found[2]);
  EXPECT_FALSE(found[3]);
  const std::vector<SigItem> flat = {good(0), bad(1), good(2), bad(0)};
  EXPECT_EQ(verify_many(flat), (std::vector<bool>{true, false, true, false}));
  SigKeys keys;
  EXPECT_EQ(verify_many(flat, &keys), (std::vector<bool>{true, false, true, false}));
  for (const SigItem& it : flat) {
    const bool want = util::ed25519_verify(*it.pk, it.msg, it.sig);  // OpenSSL agrees on these
    EXPECT_EQ(verify_one(*it.pk, it.msg, it.sig), want);
    EXPECT_EQ(verify_one(*it.pk, it.msg, it.sig, &keys), want);
  }
}

}  // namespace
}  // namespace stakepool::threshold
