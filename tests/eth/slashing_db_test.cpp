// SlashingDb: checks in both semantics, batches, persistence, and bad database files.
#include "stakepool/eth/slashing_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace stakepool::eth {
namespace {

namespace fs = std::filesystem;

PubkeyBytes key(uint8_t n) {
  PubkeyBytes k{};
  k.fill(n);
  return k;
}

SigningRoot root(uint8_t n) {
  SigningRoot r{};
  r[31] = n;
  return r;
}

const SigningRoot kGvr = root(0x42);

SlashingDb memdb(SlashingMode mode) {
  auto db = SlashingDb::open(SlashingDb::kMemoryPath, mode, kGvr);
  EXPECT_TRUE(db.has_value()) << db.error().message;
  return std::move(*db);
}

// TempDir: a fresh directory removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "sp_slashing_XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

void expect_slashable(const Status& s, const std::string& fragment) {
  ASSERT_FALSE(s.has_value()) << "expected a refusal containing '" << fragment << "'";
  EXPECT_EQ(s.error().code, Errc::kSlashable) << s.error().message;
  EXPECT_NE(s.error().message.find(fragment), std::string::npos) << s.error().message;
}

TEST(SlashingDb, CompleteBlocks) {
  auto db = memdb(SlashingMode::kComplete);
  auto k = key(1);
  ASSERT_TRUE(db.check_and_record_block(k, 10, root(1)));
  EXPECT_TRUE(db.check_and_record_block(k, 10, root(1)));  // identical re-sign
  expect_slashable(db.check_and_record_block(k, 10, root(2)), "double proposal: slot 10");
  expect_slashable(db.check_and_record_block(k, 9, root(3)), "low watermark slot 10");
  ASSERT_TRUE(db.check_and_record_block(k, 20, root(4)));
  EXPECT_TRUE(db.check_and_record_block(k, 15, root(5)));      // complete: gaps above the minimum
  EXPECT_TRUE(db.check_and_record_block(key(2), 1, root(1)));  // keys are independent
  auto blocks = db.signed_blocks(k);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 3u);
  EXPECT_EQ((*blocks)[0], (SignedBlock{10, root(1)}));
  EXPECT_EQ((*blocks)[1], (SignedBlock{15, root(5)}));
  EXPECT_EQ((*blocks)[2], (SignedBlock{20, root(4)}));
}

TEST(SlashingDb, CompleteAttestations) {
  auto db = memdb(SlashingMode::kComplete);
  auto k = key(1);
  ASSERT_TRUE(db.check_and_record_attestation(k, 2, 3, root(1)));
  EXPECT_TRUE(db.check_and_record_attestation(k, 2, 3, root(1)));  // identical re-sign
  expect_slashable(db.check_and_record_attestation(k, 2, 3, root(2)),
                   "double vote: target epoch 3");
  expect_slashable(db.check_and_record_attestation(k, 1, 3, root(1)), "double vote");
  ASSERT_TRUE(db.check_and_record_attestation(k, 5, 10, root(3)));
  expect_slashable(db.check_and_record_attestation(k, 6, 9, root(4)),
                   "surround vote: attestation (6 -> 9) is surrounded by recorded (5 -> 10)");
  expect_slashable(db.check_and_record_attestation(k, 4, 11, root(4)),
                   "surround vote: attestation (4 -> 11) surrounds recorded (5 -> 10)");
  expect_slashable(db.check_and_record_attestation(k, 1, 12, root(4)), "below the lowest");
  expect_slashable(db.check_and_record_attestation(k, 2, 2, root(4)), "low watermark target");
  EXPECT_TRUE(db.check_and_record_attestation(k, 3, 4, root(5)));  // between, no surround
  EXPECT_TRUE(db.check_and_record_attestation(k, 10, 11, root(6)));
  auto atts = db.signed_attestations(k);
  ASSERT_TRUE(atts);
  EXPECT_EQ(atts->size(), 4u);
}

TEST(SlashingDb, RefusalsWriteNothing) {
  auto db = memdb(SlashingMode::kComplete);
  auto k = key(7);
  ASSERT_TRUE(db.check_and_record_attestation(k, 5, 10, root(1)));
  ASSERT_FALSE(db.check_and_record_attestation(k, 4, 11, root(2)));
  auto s = db.check_and_record_attestation(key(8), 3, 2, root(1));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  auto ic = db.export_interchange();
  ASSERT_TRUE(ic);
  ASSERT_EQ(ic->data.size(), 1u);  // the refused key 8 got no row
  EXPECT_EQ(ic->data[0].signed_attestations.size(), 1u);
}

TEST(SlashingDb, MinimalWatermarks) {
  auto db = memdb(SlashingMode::kMinimal);
  auto k = key(1);
  ASSERT_TRUE(db.check_and_record_block(k, 10, root(1)));
  expect_slashable(db.check_and_record_block(k, 10, root(1)), "at or below the watermark slot 10");
  expect_slashable(db.check_and_record_block(k, 3, root(1)), "watermark");
  EXPECT_TRUE(db.check_and_record_block(k, 11, root(1)));
  ASSERT_TRUE(db.check_and_record_attestation(k, 5, 10, root(1)));
  expect_slashable(db.check_and_record_attestation(k, 5, 10, root(1)), "target epoch 10");
  expect_slashable(db.check_and_record_attestation(k, 4, 12, root(1)), "source epoch 4");
  EXPECT_TRUE(db.check_and_record_attestation(k, 5, 12, root(1)));
  auto blocks = db.signed_blocks(k);
  ASSERT_TRUE(blocks);
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ((*blocks)[0], (SignedBlock{11, std::nullopt}));
  auto atts = db.signed_attestations(k);
  ASSERT_TRUE(atts);
  ASSERT_EQ(atts->size(), 1u);
  EXPECT_EQ((*atts)[0], (SignedAttestation{5, 12, std::nullopt}));
}

TEST(SlashingDb, BadArguments) {
  auto db = memdb(SlashingMode::kComplete);
  uint8_t short_key[47] = {};
  auto s = db.check_and_record_block(short_key, 1, root(1));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
  EXPECT_NE(s.error().message.find("expected 48 bytes, got 47"), std::string::npos);
  s = db.check_and_record_block(key(1), uint64_t{1} << 63, root(1));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, Errc::kInvalidArgument);
}

TEST(SlashingDb, BatchSeesEarlierRequests) {
  auto db = memdb(SlashingMode::kComplete);
  std::vector<SigningRequest> reqs = {
      AttestationRequest{key(1), 1, 2, root(1)},
      AttestationRequest{key(1), 1, 2, root(2)},  // double vote with the first
      BlockRequest{key(2), 5, root(3)},
      AttestationRequest{key(1), 0, 3, root(4)},  // surrounds the first
      AttestationRequest{key(3), 4, 5, root(5)},
  };
  auto res = db.check_and_record_batch(reqs);
  ASSERT_TRUE(res) << res.error().message;
  ASSERT_EQ(res->size(), reqs.size());
  EXPECT_TRUE((*res)[0]);
  EXPECT_FALSE((*res)[1]);
  EXPECT_TRUE((*res)[2]);
  EXPECT_FALSE((*res)[3]);
  EXPECT_TRUE((*res)[4]);
  expect_slashable(db.check_and_record_block(key(2), 5, root(9)), "double proposal");
}

TEST(SlashingDb, BatchRefusalsRecordNothingAndSparesOthers) {
  for (SlashingMode mode : {SlashingMode::kComplete, SlashingMode::kMinimal}) {
    TempDir dir;
    const std::string path = (dir.path / "s.sqlite").string();
    {
      auto db = SlashingDb::open(path, mode, kGvr);
      ASSERT_TRUE(db) << db.error().message;
      ASSERT_TRUE(db->check_and_record_attestation(key(1), 3, 4, root(1)));
      std::vector<SigningRequest> reqs = {
          AttestationRequest{key(2), 1, 2, root(2)},
          AttestationRequest{key(1), 3, 4, root(7)},  // double vote with the recorded one
          AttestationRequest{key(3), 5, 4, root(3)},  // source > target
          BlockRequest{key(2), 9, root(4)},
          AttestationRequest{key(1), 4, 5, root(5)},
      };
      // A dry run answers the same and records nothing.
      auto dry = db->check_batch(reqs);
      ASSERT_TRUE(dry) << dry.error().message;
      auto res = db->check_and_record_batch(reqs);
      ASSERT_TRUE(res) << res.error().message;
      for (std::size_t i = 0; i < reqs.size(); ++i) {
        EXPECT_EQ((*dry)[i].has_value(), (*res)[i].has_value()) << i;
      }
      EXPECT_TRUE((*res)[0] && (*res)[3] && (*res)[4]);
      ASSERT_FALSE((*res)[1]);
      EXPECT_EQ((*res)[1].error().code, Errc::kSlashable);
      ASSERT_FALSE((*res)[2]);
      EXPECT_EQ((*res)[2].error().code, Errc::kInvalidArgument);
    }
    // Reported accepted -> on disk after reopening; refused ones left no trace.
    auto db = SlashingDb::open_existing(path);
    ASSERT_TRUE(db) << db.error().message;
    auto a1 = db->signed_attestations(key(1)).value();
    ASSERT_FALSE(a1.empty());
    EXPECT_EQ(a1.back().target_epoch, 5u);
    if (mode == SlashingMode::kComplete) {
      ASSERT_EQ(a1.size(), 2u);
      EXPECT_EQ(a1[0].signing_root, root(1));
    }
    EXPECT_EQ(db->signed_attestations(key(2)).value().size(), 1u);
    EXPECT_EQ(db->signed_blocks(key(2)).value().size(), 1u);
    EXPECT_TRUE(db->signed_attestations(key(3)).value().empty());
  }
}

TEST(SlashingDb, PersistsAcrossReopen) {
  TempDir dir;
  std::string path = (dir.path / "slashing.sqlite").string();
  {
    auto db = SlashingDb::open(path, SlashingMode::kComplete, kGvr);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->check_and_record_attestation(key(1), 3, 4, root(1)));
  }
  auto db = SlashingDb::open_existing(path);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->mode(), SlashingMode::kComplete);
  EXPECT_EQ(db->genesis_validators_root(), kGvr);
  expect_slashable(db->check_and_record_attestation(key(1), 3, 4, root(2)), "double vote");

  auto other_gvr = SlashingDb::open(path, SlashingMode::kComplete, root(1));
  ASSERT_FALSE(other_gvr);
  EXPECT_EQ(other_gvr.error().code, Errc::kInvalidArgument);
  EXPECT_NE(other_gvr.error().message.find("genesis_validators_root"), std::string::npos);
  auto other_mode = SlashingDb::open(path, SlashingMode::kMinimal, kGvr);
  ASSERT_FALSE(other_mode);
  EXPECT_NE(other_mode.error().message.find("uses complete slashing protection"),
            std::string::npos);
}

TEST(SlashingDb, WalAndFullSync) {
  TempDir dir;
  std::string path = (dir.path / "s.sqlite").string();
  auto db = SlashingDb::open(path, SlashingMode::kComplete, kGvr);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->check_and_record_block(key(1), 1, root(1)));
  EXPECT_TRUE(fs::exists(path + "-wal"));
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(h);
}

TEST(SlashingDb, MissingFile) {
  TempDir dir;
  auto db = SlashingDb::open_existing((dir.path / "none.sqlite").string());
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::kNotFound);
}

TEST(SlashingDb, CorruptFileIsRejected) {
  TempDir dir;
  std::string path = (dir.path / "corrupt.sqlite").string();
  std::mt19937_64 rng(1234);
  for (int size : {100, 4096, 50000}) {
    {
      std::ofstream f(path, std::ios::binary | std::ios::trunc);
      for (int i = 0; i < size; ++i) f.put(static_cast<char>(rng()));
    }
    for (int existing = 0; existing < 2; ++existing) {
      auto db = existing ? SlashingDb::open_existing(path)
                         : SlashingDb::open(path, SlashingMode::kComplete, kGvr);
      ASSERT_FALSE(db);
      EXPECT_EQ(db.error().code, Errc::kCorrupt) << db.error().message;
      EXPECT_NE(db.error().message.find("is not a stakepool slashing-protection database"),
                std::string::npos)
          << db.error().message;
    }
  }
}

TEST(SlashingDb, ForeignDatabaseIsRejected) {
  TempDir dir;
  std::string path = (dir.path / "foreign.sqlite").string();
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h,
                         "CREATE TABLE wallets(id INTEGER PRIMARY KEY, name TEXT);"
                         "INSERT INTO wallets(name) VALUES ('x');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(h);
  auto size_before = fs::file_size(path);
  auto db = SlashingDb::open(path, SlashingMode::kComplete, kGvr);
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::kCorrupt);
  EXPECT_NE(db.error().message.find("foreign SQLite database"), std::string::npos)
      << db.error().message;
  EXPECT_EQ(fs::file_size(path), size_before);  // untouched
  EXPECT_FALSE(fs::exists(path + "-wal"));
}

TEST(SlashingDb, EmptyFileIsInitialised) {
  TempDir dir;
  std::string path = (dir.path / "empty.sqlite").string();
  { std::ofstream f(path); }
  auto db = SlashingDb::open(path, SlashingMode::kMinimal, kGvr);
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(db->mode(), SlashingMode::kMinimal);
}

}  // namespace
}  // namespace stakepool::eth
