// EIP-3076 interchange: strict parsing, round trips, and import/export through SlashingDb.
#include "stakepool/eth/interchange.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "stakepool/eth/slashing_db.hpp"

namespace stakepool::eth {
namespace {

const std::string kGvrHex = "0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673";
const std::string kPk =
    "0xb845089a1457f811bfc000588fbb4e713669be8ce060ea6be3c6ece09afc3794106c91ca73acda5e5457122d5872"
    "3bed";

// The example instance of EIP-3076.
std::string example(const std::string& data_override = "") {
  std::string data = data_override.empty() ? R"([{"pubkey": ")" + kPk + R"(",
      "signed_blocks": [{"slot": "81952", "signing_root":
        "0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b"}, {"slot": "81951"}],
      "signed_attestations": [{"source_epoch": "2290", "target_epoch": "3007", "signing_root":
        "0x587d6a4f59a58fe24f406e0502413e77fe1babddee641fda30034ed37ecc884d"},
        {"source_epoch": "2290", "target_epoch": "3008"}]}])"
                                           : data_override;
  return R"({"metadata": {"interchange_format_version": "5", "genesis_validators_root": ")" +
         kGvrHex + R"("}, "data": )" + data + "}";
}

std::string record(const std::string& blocks, const std::string& atts,
                   const std::string& pk = kPk) {
  return R"([{"pubkey": ")" + pk + R"(", "signed_blocks": )" + blocks +
         R"(, "signed_attestations": )" + atts + "}]";
}

void expect_invalid(const std::string& json, const std::string& fragment) {
  auto r = parse_interchange(json);
  ASSERT_FALSE(r) << "accepted: " << json;
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find(fragment), std::string::npos) << r.error().message;
}

TEST(Interchange, ParsesEipExample) {
  auto ic = parse_interchange(example());
  ASSERT_TRUE(ic) << ic.error().message;
  EXPECT_EQ(ic->genesis_validators_root[0], 0x04);
  ASSERT_EQ(ic->data.size(), 1u);
  const auto& rec = ic->data[0];
  EXPECT_EQ(rec.pubkey[0], 0xb8);
  ASSERT_EQ(rec.signed_blocks.size(), 2u);
  EXPECT_EQ(rec.signed_blocks[0].slot, 81952u);
  ASSERT_TRUE(rec.signed_blocks[0].signing_root);
  EXPECT_EQ((*rec.signed_blocks[0].signing_root)[0], 0x4f);
  EXPECT_FALSE(rec.signed_blocks[1].signing_root);
  ASSERT_EQ(rec.signed_attestations.size(), 2u);
  EXPECT_EQ(rec.signed_attestations[1].source_epoch, 2290u);
  EXPECT_EQ(rec.signed_attestations[1].target_epoch, 3008u);
  auto again = parse_interchange(serialize_interchange(*ic));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *ic);
}

TEST(Interchange, RejectsMalformed) {
  expect_invalid("{", "not valid JSON");
  expect_invalid("[]", "expected object");
  expect_invalid(R"({"data": []})", "$.metadata: missing");
  std::string v4 = example();
  v4.replace(v4.find("\"5\""), 3, "\"4\"");
  expect_invalid(v4, "unsupported version '4'");
  std::string vnum = example();
  vnum.replace(vnum.find("\"5\""), 3, "5");
  expect_invalid(vnum, "interchange_format_version: expected string, got number");
  expect_invalid(example(record(R"([{"slot": 5}])", "[]")),
                 "$.data[0].signed_blocks[0].slot: expected a decimal string, got number");
  expect_invalid(example(record(R"([{"slot": "-5"}])", "[]")), "not a decimal integer");
  expect_invalid(example(record(R"([{"slot": "0x10"}])", "[]")), "not a decimal integer");
  expect_invalid(example(record(R"([{"slot": "9223372036854775808"}])", "[]")),
                 "larger than 2^63-1");
  expect_invalid(example(record("[]", R"([{"source_epoch": "1"}])")),
                 "signed_attestations[0].target_epoch: missing");
  expect_invalid(example(record(R"([{"slot": "1", "signing_root": "0x12"}])", "[]")),
                 "signing_root: expected 32 bytes, got 1");
  expect_invalid(example(record(R"([{"slot": "1", "signing_root": "0xzz"}])", "[]")),
                 "signed_blocks[0].signing_root");
  expect_invalid(example(record("[]", "[]", "0xb845")), "pubkey: expected 48 bytes, got 2");
  expect_invalid(example(record("[]", "[]", kPk.substr(2))), "pubkey: missing 0x prefix");
  expect_invalid(example(R"([{"pubkey": ")" + kPk + R"(", "signed_blocks": []}])"),
                 "$.data[0].signed_attestations: missing");
  expect_invalid(example(R"({})"), "$.data: expected array, got object");
}

TEST(Interchange, ImportRejectsOtherGenesisWithoutWriting) {
  SigningRoot other{};
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, SlashingMode::kComplete, other);
  ASSERT_TRUE(db);
  auto ic = parse_interchange(example());
  ASSERT_TRUE(ic);
  auto r = db->import_interchange(*ic);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  EXPECT_NE(r.error().message.find("does not match"), std::string::npos);
  auto out = db->export_interchange();
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->data.empty());
}

TEST(Interchange, CompleteRoundTrip) {
  auto ic = parse_interchange(example());
  ASSERT_TRUE(ic);
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, SlashingMode::kComplete,
                             ic->genesis_validators_root);
  ASSERT_TRUE(db);
  auto sum = db->import_interchange(*ic);
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(sum->validators, 1u);
  EXPECT_EQ(sum->blocks, 2u);
  EXPECT_EQ(sum->attestations, 2u);
  auto out = db->export_interchange();
  ASSERT_TRUE(out);
  // Export sorts messages by slot / target.
  Interchange want = *ic;
  std::swap(want.data[0].signed_blocks[0], want.data[0].signed_blocks[1]);
  EXPECT_EQ(*out, want);
  // Import is idempotent.
  ASSERT_TRUE(db->import_interchange(*ic));
  auto out2 = db->export_interchange();
  ASSERT_TRUE(out2);
  EXPECT_EQ(*out2, want);
}

TEST(Interchange, MinimalImportKeepsMaxima) {
  auto ic = parse_interchange(example());
  ASSERT_TRUE(ic);
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, SlashingMode::kMinimal,
                             ic->genesis_validators_root);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->import_interchange(*ic));
  auto out = db->export_interchange();
  ASSERT_TRUE(out);
  ASSERT_EQ(out->data.size(), 1u);
  EXPECT_EQ(out->data[0].signed_blocks, (std::vector<SignedBlock>{{81952, std::nullopt}}));
  EXPECT_EQ(out->data[0].signed_attestations,
            (std::vector<SignedAttestation>{{2290, 3008, std::nullopt}}));
  // An older file does not lower the watermarks.
  Interchange old = *ic;
  old.data[0].signed_blocks = {{5, std::nullopt}};
  old.data[0].signed_attestations = {{1, 2, std::nullopt}};
  ASSERT_TRUE(db->import_interchange(old));
  auto out2 = db->export_interchange();
  ASSERT_TRUE(out2);
  EXPECT_EQ(*out2, *out);
}

TEST(Interchange, ConflictingImportKeepsUnknownRoot) {
  SigningRoot gvr{};
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, SlashingMode::kComplete, gvr);
  ASSERT_TRUE(db);
  PubkeyBytes pk{};
  SigningRoot r1{}, r2{};
  r1[0] = 1;
  r2[0] = 2;
  ASSERT_TRUE(db->check_and_record_block(pk, 7, r1));
  Interchange ic{gvr, {{pk, {{7, r2}}, {}}}};
  ASSERT_TRUE(db->import_interchange(ic));
  auto blocks = db->signed_blocks(pk);
  ASSERT_TRUE(blocks);
  EXPECT_EQ(*blocks, (std::vector<SignedBlock>{{7, std::nullopt}}));
  EXPECT_FALSE(db->check_and_record_block(pk, 7, r1));  // no longer a safe re-sign
}

std::optional<SigningRoot> opt_root() {
  if (*rc::gen::arbitrary<bool>()) return std::nullopt;
  return *rc::gen::arbitrary<SigningRoot>();
}

// Round trip of arbitrary documents through the serializer and the parser.
RC_GTEST_PROP(Interchange, SerializeParseRoundTrip, ()) {
  Interchange ic;
  ic.genesis_validators_root = *rc::gen::arbitrary<SigningRoot>();
  auto n = *rc::gen::inRange<std::size_t>(0, 4);
  auto int63 = rc::gen::inRange<uint64_t>(0, uint64_t{1} << 63);  // values <= 2^63-1
  for (std::size_t i = 0; i < n; ++i) {
    InterchangeRecord rec;
    rec.pubkey = *rc::gen::arbitrary<PubkeyBytes>();
    for (auto j = *rc::gen::inRange(0, 4); j > 0; --j) {
      rec.signed_blocks.push_back({*int63, opt_root()});
    }
    for (auto j = *rc::gen::inRange(0, 4); j > 0; --j) {
      rec.signed_attestations.push_back({*int63, *int63, opt_root()});
    }
    ic.data.push_back(std::move(rec));
  }
  auto back = parse_interchange(serialize_interchange(ic));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == ic);
}

}  // namespace
}  // namespace stakepool::eth
