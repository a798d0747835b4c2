// Slashing-protection benchmark ops: check+record of attestations against an on-disk complete
// database (WAL, synchronous=FULL) holding 10,000 validators' history (32 epochs each), as the duty
// pipeline does it: all attestations of a slot in one transaction (one fsync), or one at a time.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "bench/bench.hpp"
#include "stakepool/eth/slashing_db.hpp"

namespace stakepool::bench {
namespace {

using eth::AttestationRequest;
using eth::SigningRequest;
using eth::SlashingDb;

constexpr int kValidators = 10000;
constexpr uint64_t kHistoryEpochs = 32;
constexpr int kBatch = 128;
constexpr int kBatch64 = 64;

eth::PubkeyBytes validator_key(int v) {
  eth::PubkeyBytes k{};
  for (int i = 0; i < 4; ++i) k[i] = static_cast<uint8_t>(v >> (8 * i));
  k[47] = 0xb1;
  return k;
}

eth::SigningRoot vote_root(int v, uint64_t target) {
  eth::SigningRoot r{};
  for (int i = 0; i < 4; ++i) r[i] = static_cast<uint8_t>(v >> (8 * i));
  for (int i = 0; i < 8; ++i) r[4 + i] = static_cast<uint8_t>(target >> (8 * i));
  return r;
}

// Fixture: a temporary database with the history loaded; removed when the op is dropped.
struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<SlashingDb> db;
  std::vector<uint64_t> next_target;  // per validator
  int cursor = 0;

  Fixture() {
    std::string t = (std::filesystem::temp_directory_path() / "sp_bench_slashing_XXXXXX").string();
    if (::mkdtemp(t.data()) == nullptr) std::abort();
    dir = t;
    eth::SigningRoot gvr{};
    auto opened =
        SlashingDb::open((dir / "slashing.sqlite").string(), eth::SlashingMode::kComplete, gvr);
    if (!opened) fail(opened.error().message);
    db = std::make_unique<SlashingDb>(std::move(*opened));
    eth::Interchange ic;
    ic.genesis_validators_root = gvr;
    for (int v = 0; v < kValidators; ++v) {
      eth::InterchangeRecord rec;
      rec.pubkey = validator_key(v);
      for (uint64_t e = 1; e <= kHistoryEpochs; ++e) {
        rec.signed_attestations.push_back({e - 1, e, vote_root(v, e)});
      }
      ic.data.push_back(std::move(rec));
    }
    auto imported = db->import_interchange(ic);
    if (!imported) fail(imported.error().message);
    next_target.assign(kValidators, kHistoryEpochs + 1);
  }
  ~Fixture() {
    db.reset();
    std::filesystem::remove_all(dir);
  }

  [[noreturn]] static void fail(const std::string& msg) {
    std::fprintf(stderr, "ops_slashing: %s\n", msg.c_str());
    std::abort();
  }

  // next_request: the next validator attests source = target - 1. Validators come in a scattered
  // order (stride 7919, coprime to 10,000) like a slot's committees, not clustered in the tables.
  SigningRequest next_request() {
    const int v = static_cast<int>((static_cast<int64_t>(cursor) * 7919) % kValidators);
    cursor = (cursor + 1) % kValidators;
    const uint64_t t = next_target[v]++;
    return AttestationRequest{validator_key(v), t - 1, t, vote_root(v, t)};
  }
};

// make_batched: one call checks and records `n` attestations in one transaction (one fsync).
std::function<void()> make_batched(int n) {
  auto f = std::make_shared<Fixture>();
  return [f, n] {
    std::vector<SigningRequest> reqs;
    reqs.reserve(n);
    for (int i = 0; i < n; ++i) reqs.push_back(f->next_request());
    auto res = f->db->check_and_record_batch(reqs);
    if (!res) Fixture::fail(res.error().message);
    for (const auto& s : *res) {
      if (!s) Fixture::fail(s.error().message);
    }
  };
}

std::function<void()> make_single() {
  auto f = std::make_shared<Fixture>();
  return [f] {
    SigningRequest req = f->next_request();
    auto res = f->db->check_and_record_batch({&req, 1});
    if (!res || !(*res)[0]) Fixture::fail("single attestation refused or failed");
  };
}

}  // namespace

void add_slashing_ops(Ops& ops) {
  ops.push_back({"slashing_check_attestation",
                 "slashing check+record of one attestation, 128 per transaction (one fsync), "
                 "10k validators x 32 epochs of history",
                 [] { return make_batched(kBatch); }, kBatch});
  ops.push_back({"slashing_check_attestation_batch64",
                 "slashing check+record of one attestation, 64 per transaction (one fsync; a call "
                 "is 64 attestations, the figure is per call / 64), 10k validators x 32 epochs",
                 [] { return make_batched(kBatch64); }, kBatch64});
  ops.push_back({"slashing_check_attestation_single",
                 "slashing check+record of one attestation in its own transaction (one fsync)",
                 make_single, 1});
}

}  // namespace stakepool::bench
