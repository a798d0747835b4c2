#pragma once
// SimReport: what `stakepool simulate` found (DESIGN.md §8, issue 6), and its three renderings:
// a text summary, report.json and report.html (inline hand-written SVG plots, no scripts).
// A report holds no wall-clock data: the same seed and configuration give byte-identical JSON and
// HTML. Timings go to a separate SimTiming (timing.json).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stakepool::sim {

// Percentiles of a sample (milliseconds); all zero when count == 0.
struct Percentiles {
  uint64_t count = 0;
  int64_t p50 = 0, p90 = 0, p99 = 0, max = 0;
};
// percentiles: nearest-rank percentiles of `v` (sorted in place).
Percentiles percentiles(std::vector<int64_t>& v);

// DutyCount: assigned / succeeded / missed duties of one type.
struct DutyCount {
  uint64_t assigned = 0, succeeded = 0, missed = 0;
};

// The duty types reported, in report order.
inline constexpr std::array<const char*, 5> kReportDutyTypes = {
    "attestation", "aggregation", "proposal", "sync_committee", "sync_contribution"};

struct DutyTypeReport {
  std::string type;
  DutyCount count;
  Percentiles latency_ms;  // successful duties: first submission of the signature - slot start
};

struct EpochReport {
  uint64_t epoch = 0;                  // relative to the first simulated epoch
  std::array<DutyCount, 5> by_type{};  // kReportDutyTypes order
};

struct PoolReport {
  uint32_t id = 0;
  std::vector<uint32_t> members;
  uint32_t threshold = 0;
  uint32_t validators = 0;
  uint32_t faulty = 0;
  DutyCount duties;  // all types together
};

struct OperatorReport {
  uint32_t id = 0;
  std::optional<uint32_t> pool;   // nullopt: standby
  std::string fault;              // "" honest, else "crash", "byzantine:equivocate", ...
  uint64_t duties = 0;            // duties of its pool that reached the signing stage
  uint64_t contributed = 0;       // of those, duties where another member combined its partial
  int64_t rewards_gwei = 0;       // its share of the validators' rewards
  int64_t penalties_gwei = 0;     // its share of the validators' penalties (<= 0)
  uint64_t messages_out = 0, partials_signed = 0, partials_invalid_received = 0;
  uint64_t refused_slashable = 0;  // proposals refused by its value hook (slashing DB)
  uint64_t restarts = 0;
  double participation() const {
    return duties == 0 ? 0.0 : static_cast<double>(contributed) / static_cast<double>(duties);
  }
};

struct FaultReport {
  uint32_t operator_id = 0, pool = 0;
  std::string kind, behaviour, spec;
  uint64_t from_slot = 0, until_slot = 0;
};

struct ConsensusReport {
  uint64_t instances = 0, decided = 0, undecided = 0, round_changes = 0;
  std::map<uint64_t, uint64_t> rounds_histogram;  // decision round -> instances
  Percentiles decide_ms;                          // decision time - slot start
  std::vector<uint64_t> latency_histogram;        // decide_ms by kLatencyBinMs bins
  static constexpr int64_t kLatencyBinMs = 250;
};

struct SafetyReport {
  uint64_t slashable_messages = 0;
  std::vector<std::string> slashable;  // one line per evidence
  uint64_t invalid_signatures_submitted = 0;
  std::vector<std::string> invalid;    // one line per invalid submission (first 20)
  bool group_keys_unchanged = true;
  uint64_t refused_slashable = 0;      // consensus values refused by honest value hooks
  uint64_t slashing_refusals = 0;      // signings refused by slashing databases
  uint64_t partials_invalid = 0;       // invalid partials detected (and dropped) by receivers
  bool ok() const { return slashable_messages == 0 && invalid_signatures_submitted == 0 && group_keys_unchanged; }
};

struct NetworkReport {
  uint64_t sent = 0, delivered = 0, dropped_loss = 0, dropped_partition = 0, dropped_down = 0,
           duplicated = 0, bytes = 0;
};

struct SimReport {
  // configuration
  uint32_t operators = 0, validators = 0, pool_size = 0, threshold = 0, epochs = 0;
  uint64_t seed = 0;
  std::string network, scenario, faults_spec;
  uint64_t first_slot = 0;  // the chain's slot number of simulated slot 0
  uint64_t slots = 0;       // simulated slots
  // results
  std::vector<DutyTypeReport> duties;  // kReportDutyTypes order
  std::vector<EpochReport> epochs_detail;
  ConsensusReport consensus;
  SafetyReport safety;
  std::vector<PoolReport> pools;
  std::vector<OperatorReport> operator_reports;
  std::vector<FaultReport> faults;
  NetworkReport net;
  uint64_t blocks = 0, chain_signatures_verified = 0, events = 0;
  // The chain's validator set: the pool's validators plus background validators (always honest,
  // never signing; their votes, sync bits and blocks are counted without BLS work).
  uint64_t chain_validators = 0, background_validators = 0;
  uint64_t background_blocks = 0, background_attestations = 0, background_sync_bits = 0;
  uint64_t dkg_messages = 0;

  DutyCount total_duties() const;
};

// render_text: the human summary printed by `stakepool simulate`.
std::string render_text(const SimReport& r);
// render_json: report.json (stable key order, 2-space indent, trailing newline).
std::string render_json(const SimReport& r);
// render_html: report.html — summary, safety checks, and SVG plots of duty success per epoch,
// consensus latency, rounds per instance and per-operator participation.
std::string render_html(const SimReport& r);

// SimTiming: wall and CPU time of the run's phases (timing.json; never part of the report).
struct SimTiming {
  double setup_wall_s = 0, run_wall_s = 0, total_wall_s = 0;
  double setup_cpu_s = 0, run_cpu_s = 0;
  unsigned threads = 1;
  uint64_t duties = 0, messages = 0;
};
std::string render_timing_json(const SimTiming& t);
// render_timing_text: one line for the text summary: wall and CPU seconds, CPU µs and operator
// messages per duty (duties: all assigned duties of the pools' validators).
std::string render_timing_text(const SimTiming& t);

}  // namespace stakepool::sim
