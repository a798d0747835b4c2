#pragma once
// The `stakepool bench` runner: median wall time per op, or a fixed number of calls for callgrind.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench.hpp"

namespace stakepool::bench {

struct RunOptions {
  std::string filter = ".*";          // ECMAScript regex matched against the whole op id
  std::optional<uint64_t> iterations; // fixed-iteration mode (no timing)
  double batch_ms = 30.0;             // target duration of one timed batch
  int batches = 7;                    // number of timed batches (median reported)
  bool json = false;
};

struct OpResult {
  std::string id;
  std::string description;
  double median_ns = 0, min_ns = 0, max_ns = 0;  // per operation
  uint64_t calls_per_batch = 0;
};

// run_ops returns results for the selected ops (empty in fixed-iteration mode). Fails (returns
// nullopt, error in `err`) if the filter is not a valid regex or matches no op.
std::optional<std::vector<OpResult>> run_ops(const Ops& ops, const RunOptions& opt, std::string& err);

}  // namespace stakepool::bench
