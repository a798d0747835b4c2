#pragma once
// SimConfig: what `stakepool simulate` runs — the network's size, the pools' (n, t), the length of
// the run, the seed, the network profile and the injected faults (DESIGN.md §8, issue 6).
//
// Fault SPEC (flags and scenario files): a comma-separated list of
//   KIND:COUNT[:BEHAVIOUR][@FROM-UNTIL]
// KIND is crash | slow | partition | byzantine; COUNT is per committee: a number, `f` (the
// committee's fault tolerance, (n-1)/3) or `f+1`; BEHAVIOUR is required for byzantine and only
// allowed there: equivocate | invalid-partial | slashable | withhold | mix (mix cycles through the
// four over the Byzantine operators); FROM-UNTIL is a window counted from the first simulated slot
// (UNTIL exclusive), each bound a slot number or a percentage of the run ("25%"). Default windows:
// the whole run, except partition (25%-75%: it isolates COUNT members of each pool, then heals).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stakepool/sim/network.hpp"
#include "stakepool/util/result.hpp"

namespace stakepool::sim {

enum class FaultKind : uint8_t { kCrash, kSlow, kPartition, kByzantine };
// Behaviour: what a Byzantine operator does (kNone for honest operators and other fault kinds).
enum class Behaviour : uint8_t { kNone, kEquivocate, kInvalidPartial, kSlashable, kWithhold, kMix };

std::string_view fault_kind_name(FaultKind k);   // "crash", "slow", "partition", "byzantine"
std::string_view behaviour_name(Behaviour b);    // "none", "equivocate", "invalid-partial", ...

// FaultCount: COUNT of a fault entry — a number, or f / f+1 resolved against the pool size.
struct FaultCount {
  enum class Kind : uint8_t { kNumber, kF, kFPlusOne } kind = Kind::kNumber;
  uint32_t number = 0;
  // resolve returns the count for committees of `pool_size` members.
  uint32_t resolve(uint32_t pool_size) const;
  std::string to_string() const;
};

// WindowBound: a slot offset from the first simulated slot, or a percentage of the run.
struct WindowBound {
  uint64_t value = 0;
  bool percent = false;
  uint64_t resolve(uint64_t total_slots) const { return percent ? total_slots * value / 100 : value; }
  std::string to_string() const { return std::to_string(value) + (percent ? "%" : ""); }
};

// FaultSpec: one entry of a fault SPEC.
struct FaultSpec {
  FaultKind kind{};
  FaultCount count{};
  Behaviour behaviour = Behaviour::kNone;
  std::optional<WindowBound> from{}, until{};  // both or neither
  // window returns [from, until) in slots from the first simulated slot, with the kind's default.
  std::pair<uint64_t, uint64_t> window(uint64_t total_slots) const;
  // to_string gives back the canonical SPEC entry.
  std::string to_string() const;
};

// parse_fault_spec parses a SPEC ("" is no faults). Errors name the bad entry and why: unknown
// kind or behaviour, byzantine without behaviour, a behaviour on another kind, bad COUNT or window.
Result<std::vector<FaultSpec>> parse_fault_spec(std::string_view spec);

// NetworkProfile: a named LinkProfile for every operator-to-operator link.
struct NetworkProfile {
  std::string name = "wan";
  LinkProfile link{40, 40, 2000, 0, 0};
};
// network_profile: "lan" (5 ms + 5 ms tail), "wan" (40 ms + 40 ms tail), "lossy" (wan with 2%
// loss and 1% duplication). Fails on other names, listing the known ones.
Result<NetworkProfile> network_profile(std::string_view name);

// SimConfig: the whole run. threshold 0 means default_threshold(pool_size).
struct SimConfig {
  uint32_t operators = 16;
  uint32_t validators = 64;
  // chain_validators: the simulated chain's whole validator set; the pool's validators plus
  // background validators up to this total (0 or <= validators: the pool's validators only).
  // Committees, proposers and sync committees are drawn over all of them (sim/chain.hpp).
  uint32_t chain_validators = kDefaultChainValidators;
  uint32_t pool_size = 4;
  uint32_t threshold = 0;
  uint32_t epochs = 4;
  uint64_t seed = 1;
  std::vector<FaultSpec> faults;
  NetworkProfile network;
  int64_t slow_delay_ms = 1500;  // extra one-way delay of a slow operator
  // The optional duties (duty::NodeConfig): selection proofs and aggregates; sync selection
  // proofs and contributions. Off only to make tiny test runs cheaper.
  bool aggregation = true;
  bool sync_contributions = true;
  // slots_for_testing: stop after this many slots (0: all). The chain still scores whole epochs,
  // so duties of the slots not run count as missed; for cheap safety sweeps only.
  uint32_t slots_for_testing = 0;
  std::string scenario;          // name or file it came from ("" = flags only)

  static constexpr uint32_t kDefaultChainValidators = 16384;

  uint32_t effective_threshold() const;
  // background_validators: max(chain_validators, validators) - validators.
  uint32_t background_validators() const {
    return chain_validators > validators ? chain_validators - validators : 0;
  }
  uint32_t pools() const;            // operators / pool_size (disjoint committees)
  uint64_t total_slots() const;      // epochs * 32, or slots_for_testing when set (and smaller)
};

// default_threshold: the QBFT quorum ceil((n+f+1)/2), f = (n-1)/3 — 3 of 4, 5 of 7, 7 of 10, 9 of
// 13, 11 of 16 — so f faulty members can neither sign alone nor stop the others.
uint32_t default_threshold(uint32_t pool_size);
// fault_tolerance: f = (n-1)/3.
inline uint32_t fault_tolerance(uint32_t pool_size) { return pool_size == 0 ? 0 : (pool_size - 1) / 3; }

// validate checks the whole configuration and names the first problem: sizes out of range, a
// threshold outside [1, pool_size], more faulty than members in a committee, windows past the end.
Status validate(const SimConfig& cfg);

// ---- scenarios ----
// Scenario: a named or file-described configuration. Fields left unset keep the flags' values.
struct Scenario {
  std::string name;
  std::string description;
  std::optional<uint32_t> operators, validators, chain_validators, pool_size, threshold, epochs;
  std::optional<uint64_t> seed;
  std::optional<std::string> network;
  std::vector<FaultSpec> faults;
};

// named_scenarios: the built-in ones (no-faults, crash-f, crash-f-plus-1, crash-restart, slow-f,
// byzantine-mix, byzantine-equivocate, byzantine-invalid-partial, byzantine-slashable,
// byzantine-withhold, partition-heal, lossy).
const std::vector<Scenario>& named_scenarios();
// parse_scenario parses the text format of doc/formats/scenario.md; `origin` names the source in
// errors ("file.txt:3: ...").
Result<Scenario> parse_scenario(std::string_view text, std::string_view origin);
// apply_scenario copies the scenario's set fields into `cfg` (network by profile name).
Status apply_scenario(const Scenario& s, SimConfig& cfg);

}  // namespace stakepool::sim
