// Values of the merged duty instances (src/duty/value_codec.hpp): round trips of every part
// combination, the implied sync root, and strict refusal of malformed encodings.
#include "duty/value_codec.hpp"

#include <gtest/gtest.h>

#include "stakepool/eth/ssz.hpp"

namespace stakepool::duty {
namespace {

eth::AttestationData data_at(uint64_t slot) {
  eth::AttestationData d;
  d.slot = eth::Slot{slot};
  d.beacon_block_root[0] = 0xaa;
  d.source.epoch = eth::Epoch{2};
  d.target.epoch = eth::Epoch{3};
  return d;
}

eth::Root root_of(uint8_t b) {
  eth::Root r{};
  r[31] = b;
  return r;
}

TEST(ValueCodec, AttesterPartsRoundTrip) {
  const eth::AttestationData d = data_at(100);
  for (int parts = 1; parts <= 3; ++parts) {
    AttesterValue v;
    if (parts & 1) v.data = d;
    if (parts & 2) v.sync_root = parts == 3 ? d.beacon_block_root : root_of(7);
    auto bytes = encode_attester_value(v);
    ASSERT_TRUE(bytes.has_value()) << parts;
    EXPECT_EQ((*bytes)[0], parts);
    EXPECT_EQ(bytes->size(), 1 + (parts & 1 ? 128u : 32u));
    auto back = decode_attester_value(*bytes);
    ASSERT_TRUE(back.has_value()) << parts;
    EXPECT_EQ(back->data.has_value(), (parts & 1) != 0);
    if (back->data) {
      EXPECT_EQ(*back->data, d);
    }
    ASSERT_EQ(back->sync_root.has_value(), (parts & 2) != 0);
    if (back->sync_root) {
      EXPECT_EQ(*back->sync_root, *v.sync_root);
    }
    EXPECT_EQ(encode_attester_value(*back), bytes);
  }
}

TEST(ValueCodec, AttesterSyncRootIsTheHeadVoteWhenBothArePresent) {
  AttesterValue v{data_at(5), root_of(9)};  // a sync root other than the data's head: refused
  EXPECT_FALSE(encode_attester_value(v).has_value());
  EXPECT_FALSE(encode_attester_value(AttesterValue{}).has_value());
}

TEST(ValueCodec, MalformedAttesterValuesAreRefused) {
  const util::Bytes data = eth::ssz::encode(data_at(5));
  auto with = [&](uint8_t parts, std::span<const uint8_t> body) {
    util::Bytes b{parts};
    b.insert(b.end(), body.begin(), body.end());
    return decode_attester_value(b).has_value();
  };
  const util::Bytes root(32, 1);
  EXPECT_TRUE(with(1, data));
  EXPECT_TRUE(with(2, root));
  EXPECT_TRUE(with(3, data));
  EXPECT_FALSE(with(0, data));  // no part
  EXPECT_FALSE(with(4, data));  // unknown part
  EXPECT_FALSE(with(7, data));
  EXPECT_FALSE(with(2, data));  // a root of 128 bytes
  EXPECT_FALSE(with(1, root));  // data of 32 bytes
  util::Bytes longer = data;
  longer.push_back(0);
  EXPECT_FALSE(with(1, longer));  // trailing byte
  EXPECT_FALSE(with(2, util::Bytes(31, 1)));
  EXPECT_FALSE(decode_attester_value({}).has_value());
}

TEST(ValueCodec, AggregatorListsRoundTripAndAtLeastOneEntry) {
  eth::AggregateAndProofElectra a;
  a.aggregator_index = eth::ValidatorIndex{12};
  a.aggregate.data = data_at(5);
  a.aggregate.committee_bits.set(3, true);
  eth::ContributionAndProof c;
  c.aggregator_index = eth::ValidatorIndex{40};
  c.contribution.slot = eth::Slot{5};
  c.contribution.subcommittee_index = 2;
  for (int parts = 1; parts <= 3; ++parts) {
    AggregatorValue v;
    if (parts & 1) v.aggregates = {a, a};
    if (parts & 2) v.contributions = {c};
    auto bytes = encode_aggregator_value(v);
    ASSERT_TRUE(bytes.has_value());
    auto back = decode_aggregator_value(*bytes);
    ASSERT_TRUE(back.has_value()) << parts;
    EXPECT_EQ(back->aggregates.size(), parts & 1 ? 2u : 0u);
    EXPECT_EQ(back->contributions.size(), parts & 2 ? 1u : 0u);
    EXPECT_EQ(encode_aggregator_value(*back), bytes);
    util::Bytes longer = *bytes;
    longer.push_back(0);
    EXPECT_FALSE(decode_aggregator_value(longer).has_value());  // trailing byte
    for (std::size_t cut = 0; cut < bytes->size(); cut += 7) {
      EXPECT_FALSE(decode_aggregator_value(std::span(*bytes).first(cut)).has_value()) << cut;
    }
  }
  EXPECT_FALSE(encode_aggregator_value(AggregatorValue{}).has_value());
  const util::Bytes empty_lists(8, 0);  // two zero counts
  EXPECT_FALSE(decode_aggregator_value(empty_lists).has_value());
}

}  // namespace
}  // namespace stakepool::duty
