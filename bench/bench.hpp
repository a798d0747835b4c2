#pragma once
// Benchmark operations for `stakepool bench` (ids and definitions as in ../shared/perf-anchors.md).
// Each area adds its ops in bench/ops_<area>.cpp through an add_<area>_ops function listed below
// and called from registry.cpp.
#include <functional>
#include <string>
#include <vector>

namespace stakepool::bench {

// Op: `make` performs all set-up from fixed deterministic inputs (pools of 64–128 values cycled by
// the closure) and returns the closure that performs exactly ONE operation per call. The runner
// calls it once to warm up, then either times batches or (with --iterations N) calls it exactly N
// times so callgrind instruction counts can be differenced. `inner` > 1 when one call performs
// that many operations (cheap field ops loop 1000 times inside a call; results are divided back).
struct Op {
  std::string id;
  std::string description;
  std::function<std::function<void()>()> make;
  int inner = 1;
};
using Ops = std::vector<Op>;

// do_not_optimize keeps a result alive so the compiler cannot drop the work producing it.
template <typename T>
inline void do_not_optimize(const T& v) {
  asm volatile("" : : "r"(&v) : "memory");
}

void add_field_ops(Ops& ops);      // bench/ops_field.cpp
void add_curve_ops(Ops& ops);      // bench/ops_curve.cpp
void add_h2c_ops(Ops& ops);        // bench/ops_h2c.cpp
void add_pairing_ops(Ops& ops);    // bench/ops_pairing.cpp
void add_bls_ops(Ops& ops);        // bench/ops_bls.cpp
void add_eth_ops(Ops& ops);        // bench/ops_eth.cpp
void add_threshold_ops(Ops& ops);  // bench/ops_threshold.cpp
void add_consensus_ops(Ops& ops);  // bench/ops_consensus.cpp
void add_keys_ops(Ops& ops);       // bench/ops_keys.cpp
void add_slashing_ops(Ops& ops);   // bench/ops_slashing.cpp
void add_ed25519_ops(Ops& ops);    // bench/ops_ed25519.cpp

Ops all_ops();  // registry.cpp

}  // namespace stakepool::bench
