// slashing_soak_child DB MODE GEN START...: the signer half of the slashing-protection durability
// test (slashing_durability_test.cpp). Opens DB (MODE "minimal" or "complete"), then for key k = 0,
// 1, ... (round robin over the START arguments, one "b:a" pair per key: the next block slot and the
// next attestation target) signs a block and an attestation and counts up, forever, until killed.
// Roots depend on GEN, so a re-attempt of a message an earlier generation recorded conflicts.
// It writes "READY" once the database is open, and after each database call RETURNS one line to
// stdout (a pipe), with a single write(2):
//   "OK B|A k v" (recorded) or "NO B|A k v" (refused as slashable); "ERR message" on any other
//   failure, then exits 2. Odd generations record each block+attestation pair in one batch.
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
  const bool batch = gen % 2 == 1;
  for (std::size_t i = 0;; i = (i + 1) % next_block.size()) {
    const int k = static_cast<int>(i);
    const uint64_t slot = next_block[i]++, target = next_att[i]++;
    const auto pk = soak::key(k);
    if (batch) {
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
