#pragma once
// A small deterministic network for QBFT instances: one thread, a virtual clock, an event queue
// ordered by (time, sequence), seeded delays and loss, crashed nodes and one Byzantine member.
// Same scenario, same outcome, byte for byte.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stakepool/consensus/qbft.hpp"

namespace stakepool::consensus::test {

// Byzantine behaviours of the faulty member.
enum class Byzantine : uint8_t {
  kNone,
  kEquivocatingLeader,  // as leader of round 1, proposes A to even and B to odd members, and
                        // prepares/commits A to the first and B to the second
  kInvalidValueLeader,  // as leader, proposes a value the validation hook refuses
  kNoise,               // sends junk: forged senders, bogus rounds, unjustified proposals,
                        // conflicting prepares/commits, round changes for high rounds
};

struct Scenario {
  uint32_t n = 4;
  uint64_t seed = 1;
  int64_t min_delay_ms = 1;
  int64_t max_delay_ms = 40;
  uint32_t loss_permille = 0;     // message loss before `gst_ms`
  int64_t gst_ms = 0;             // after it nothing is lost
  int64_t start_jitter_ms = 20;   // nodes start at a random time in [0, jitter]
  uint32_t crashed = 0;           // number of crashed members (chosen by seed)
  int64_t crash_window_ms = 500;  // each crashes at a random time in [0, window]
  Byzantine byzantine = Byzantine::kNone;
  bool byzantine_leads_round_1 = true;  // place the Byzantine member as leader of round 1
  bool real_keys = false;               // Ed25519 instead of the fast fake keyring
  int64_t round_ms = 300;               // round r times out at r * round_ms
  uint64_t max_round = 30;
  bool parallel_hook = false;  // verify signature batches on two threads (Config::parallel_for)
};

struct Outcome {
  std::vector<std::optional<Decided>> decided;  // per member
  std::vector<bool> honest;                     // not crashed, not Byzantine
  uint32_t byzantine_member = UINT32_MAX;       // UINT32_MAX when none
  std::vector<Value> inputs;                    // per member
  uint64_t delivered = 0;
  int64_t last_decision_ms = 0;
  std::string transcript_digest;  // hex SHA-256 over every delivered message (determinism)
  bool certificates_ok = true;    // every decision's certificate verified against the committee
  uint64_t verifications = 0;     // signatures verified, summed over the members
  uint64_t dropped = 0;           // held messages found invalid later (Outputs::dropped)
  uint64_t hook_calls = 0;        // calls of the parallel hook
};

// run_network runs one instance on every member until every event is processed.
Outcome run_network(const Scenario& s);

}  // namespace stakepool::consensus::test
