// slashing_soak_child DB MODE GEN START...: the signer half of the slashing-protection durability
// test (slashing_durability_test.cpp). Opens DB (MODE "minimal" or "complete"), then for key k = 0,
// 1, ... (round robin over the START arguments, one "b:a" pair per key: the next block slot and the
// next attestation target) signs a block and an attestation and counts up, forever, until killed.
// Roots depend on GEN, so a re-attempt of a message an earlier generation recorded conflicts.
// It writes "READY" once the database is open, and after each database call RETURNS one line to
// stdout (a pipe), with a single write(2):
//   "OK B|A k v" (recorded) or "NO B|A k v" (refused as slashable); "ERR message" on any other
//   failure, then exits 2. Generation modes (gen % 3): 0 signs one request per database call; 1
//   records each key's block+attestation pair in one batch; 2 records one batch per round holding
//   every key's block and attestation plus a deliberate double vote (key 0's target again with a
//   foreign root), which must be refused without affecting the others (else "ERR"). Batch results
//   are reported only after check_and_record_batch returned, i.e. after its one commit.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "soak_common.hpp"
#include "stakepool/eth/slashing_db.hpp"

using namespace stakepool;
using namespace stakepool::eth;

namespace {

void emit(const std::string& line) {
  std::string l = line + "\n";
  if (::write(STDOUT_FILENO, l.data(), l.size()) != static_cast<ssize_t>(l.size())) std::_Exit(3);
}

[[noreturn]] void fail(const std::string& msg) {
  emit("ERR " + msg);
  std::_Exit(2);
}

void report(const Status& s, char kind, int k, uint64_t v) {
  std::string tail = std::string(1, kind) + " " + std::to_string(k) + " " + std::to_string(v);
  if (s) return emit("OK " + tail);
  if (s.error().code == Errc::kSlashable) return emit("NO " + tail);
  fail(tail + ": " + s.error().message);
}

// round_batch signs every key's next block and attestation in ONE batch (one transaction), with
// a conflicting vote for key 0 placed after key 0's attestation: it must be refused as slashable
// and the other requests judged as if it were absent (each is reported as usual).
void round_batch(SlashingDb& db, uint32_t gen, std::vector<uint64_t>& next_block,
                 std::vector<uint64_t>& next_att) {
  std::vector<SigningRequest> reqs;
  SigningRoot foreign{};
  foreign.fill(0xee);
  for (std::size_t i = 0; i < next_block.size(); ++i) {
    const int k = static_cast<int>(i);
    const auto pk = soak::key(k);
    reqs.push_back(BlockRequest{pk, next_block[i], soak::root('B', k, next_block[i], gen)});
    reqs.push_back(
        AttestationRequest{pk, next_att[i] - 1, next_att[i], soak::root('A', k, next_att[i], gen)});
    if (k == 0) reqs.push_back(AttestationRequest{pk, next_att[i] - 1, next_att[i], foreign});
  }
  auto res = db.check_and_record_batch(reqs);
  if (!res) fail("batch: " + res.error().message);
  const Status& conflict = (*res)[2];
  if (conflict || conflict.error().code != Errc::kSlashable) {
    fail("double vote inside a batch was not refused as slashable");
  }
  for (std::size_t i = 0, r = 0; i < next_block.size(); ++i, r += 2) {
    const int k = static_cast<int>(i);
    report((*res)[r], 'B', k, next_block[i]++);
    report((*res)[r + 1], 'A', k, next_att[i]++);
    if (k == 0) ++r;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) fail("usage: slashing_soak_child DB MODE GEN B:A...");
  const std::string path = argv[1];
  const SlashingMode mode =
      std::string(argv[2]) == "minimal" ? SlashingMode::kMinimal : SlashingMode::kComplete;
  const uint32_t gen = static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10));
  std::vector<uint64_t> next_block, next_att;
  for (int i = 4; i < argc; ++i) {
    char* colon = nullptr;
    next_block.push_back(std::strtoull(argv[i], &colon, 10));
    next_att.push_back(std::strtoull(colon + 1, nullptr, 10));
  }
  auto db = SlashingDb::open(path, mode, soak::kGvr);
  if (!db) fail("open: " + db.error().message);
  emit("READY");
  const int style = static_cast<int>(gen % 3);
  if (style == 2) {
    for (;;) round_batch(*db, gen, next_block, next_att);
  }
  for (std::size_t i = 0;; i = (i + 1) % next_block.size()) {
    const int k = static_cast<int>(i);
    const uint64_t slot = next_block[i]++, target = next_att[i]++;
    const auto pk = soak::key(k);
    if (style == 1) {
      std::vector<SigningRequest> reqs = {
          BlockRequest{pk, slot, soak::root('B', k, slot, gen)},
          AttestationRequest{pk, target - 1, target, soak::root('A', k, target, gen)}};
      auto res = db->check_and_record_batch(reqs);
      if (!res) fail("batch: " + res.error().message);
      report((*res)[0], 'B', k, slot);
      report((*res)[1], 'A', k, target);
    } else {
      report(db->check_and_record_block(pk, slot, soak::root('B', k, slot, gen)), 'B', k, slot);
      report(
          db->check_and_record_attestation(pk, target - 1, target, soak::root('A', k, target, gen)),
          'A', k, target);
    }
  }
}
