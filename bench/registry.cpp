#include "bench/bench.hpp"

// Areas still in development may not have their ops file yet; weak declarations let the registry
// link without them (a missing area simply has no ops).
#define SP_BENCH_AREA(fn) extern void fn(Ops&) __attribute__((weak));

namespace stakepool::bench {

SP_BENCH_AREA(add_field_ops)
SP_BENCH_AREA(add_curve_ops)
SP_BENCH_AREA(add_h2c_ops)
SP_BENCH_AREA(add_pairing_ops)
SP_BENCH_AREA(add_bls_ops)
SP_BENCH_AREA(add_eth_ops)
SP_BENCH_AREA(add_threshold_ops)
SP_BENCH_AREA(add_consensus_ops)
SP_BENCH_AREA(add_slashing_ops)
SP_BENCH_AREA(add_keys_ops)
SP_BENCH_AREA(add_ed25519_ops)

Ops all_ops() {
  Ops ops;
  for (auto* fn : {add_field_ops, add_curve_ops, add_h2c_ops, add_pairing_ops, add_bls_ops,
                   add_eth_ops, add_threshold_ops, add_consensus_ops, add_slashing_ops,
                   add_keys_ops, add_ed25519_ops}) {
    if (fn != nullptr) fn(ops);
  }
  return ops;
}

}  // namespace stakepool::bench
