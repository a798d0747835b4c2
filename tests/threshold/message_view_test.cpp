// view_envelope / view_deal read ceremony messages without copying: they must accept exactly the
// messages open_envelope / decode_deal accept, and see the same fields and the same deal hash.
#include <gtest/gtest.h>

#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::threshold {
namespace {

// real_deal: a genuine deal message of dealer 2 in a 4-member, t = 3 ceremony with k secrets.
util::Bytes real_deal(uint32_t k) {
  util::DeterministicRng rng(31, "message-view");
  const auto ops = make_operators(4, rng);
  CeremonyConfig cfg;
  cfg.session.fill(3);
  for (uint32_t i = 1; i <= 4; ++i) {
    cfg.dealers.push_back(Member{i, ops[i - 1].sign.public_key(), ops[i - 1].enc.public_key()});
  }
  cfg.recipients = cfg.dealers;
  cfg.threshold = 3;
  cfg.secrets = k;
  cfg.deadlines = Deadlines{{1000}, {2000}, {3000}, {4000}};
  Identity id{2, 2, &ops[1].sign, &ops[1].enc};
  Ceremony c(cfg, id, std::nullopt, rng);
  return c.start({0}).broadcast.at(0);
}

void expect_same_envelope(std::span<const uint8_t> msg) {
  auto e = open_envelope(msg);
  auto v = view_envelope(msg);
  ASSERT_EQ(e.has_value(), v.has_value());
  if (!e) return;
  EXPECT_EQ(e->type, v->type);
  EXPECT_EQ(e->sig, v->sig);
  EXPECT_TRUE(std::equal(e->body.begin(), e->body.end(), v->body.begin(), v->body.end()));
  EXPECT_EQ(seal_envelope(v->type, v->body, v->sig), util::Bytes(msg.begin(), msg.end()));
}

void expect_same_deal(std::span<const uint8_t> body) {
  auto d = decode_deal(body);
  auto v = view_deal(body);
  ASSERT_EQ(d.has_value(), v.has_value());
  if (!d) return;
  EXPECT_EQ(d->dealer, v->dealer);
  ASSERT_EQ(d->commitments.size() * 96, v->commitments.size());
  for (std::size_t i = 0; i < d->commitments.size(); ++i) {
    EXPECT_TRUE(std::equal(d->commitments[i].begin(), d->commitments[i].end(), v->commitments.begin() + 96 * i));
  }
  ASSERT_EQ(d->boxes.size(), v->boxes.size());
  for (std::size_t i = 0; i < d->boxes.size(); ++i) {
    EXPECT_TRUE(std::equal(d->boxes[i].begin(), d->boxes[i].end(), v->boxes[i].begin(), v->boxes[i].end()));
  }
  EXPECT_EQ(d->body_hash(), v->body_hash());
}

TEST(MessageView, RealDealsReadTheSameAsCopyingDecoders) {
  for (uint32_t k : {1u, 3u}) {
    const util::Bytes msg = real_deal(k);
    expect_same_envelope(msg);
    auto v = view_envelope(msg);
    ASSERT_TRUE(v.has_value());
    ASSERT_EQ(v->type, MsgType::kDeal);
    auto deal = view_deal(v->body);
    ASSERT_TRUE(deal.has_value());
    EXPECT_EQ(deal->dealer, 2u);
    EXPECT_EQ(deal->commitments.size(), 96u * 3 * k);
    EXPECT_EQ(deal->boxes.size(), 4u);
    expect_same_deal(v->body);
  }
}

TEST(MessageView, EveryTruncationAndCorruptionIsJudgedAlike) {
  const util::Bytes msg = real_deal(2);
  const std::span<const uint8_t> body(msg.data() + 1, msg.size() - 65);
  for (std::size_t n = 0; n <= msg.size(); n += 7) expect_same_envelope(std::span(msg).first(n));
  std::size_t rejected = 0;
  for (std::size_t n = 0; n < body.size(); n += 5) {
    expect_same_deal(body.first(n));
    rejected += decode_deal(body.first(n)).has_value() ? 0 : 1;
  }
  EXPECT_GT(rejected, 0u);
  // Corrupt each length / count byte position in the header region and around the boxes.
  for (std::size_t i = 0; i < body.size(); i += 3) {
    util::Bytes bad(body.begin(), body.end());
    bad[i] ^= 0x80;
    expect_same_deal(bad);
  }
  util::Bytes longer(body.begin(), body.end());
  longer.push_back(0);
  EXPECT_FALSE(view_deal(longer).has_value());
  expect_same_deal(longer);
  const util::Bytes bad_type = [&] { util::Bytes m = msg; m[0] = 9; return m; }();
  EXPECT_FALSE(view_envelope(bad_type).has_value());
}

}  // namespace
}  // namespace stakepool::threshold
