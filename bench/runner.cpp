#include "bench/runner.hpp"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>

namespace stakepool::bench {
namespace {

using Clock = std::chrono::steady_clock;

void pin_to_current_cpu() {
  int cpu = sched_getcpu();
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  sched_setaffinity(0, sizeof(set), &set);  // best effort
}

double time_calls(const std::function<void()>& fn, uint64_t n) {
  auto t0 = Clock::now();
  for (uint64_t i = 0; i < n; ++i) fn();
  return std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
}

OpResult time_op(const Op& op, const RunOptions& opt) {
  auto fn = op.make();
  fn();  // warm-up
  // Calibrate: grow the call count until one batch lasts about batch_ms.
  uint64_t n = 1;
  double ns = time_calls(fn, n);
  const double target = opt.batch_ms * 1e6;
  while (ns < target / 4 && n < (uint64_t{1} << 40)) {
    n *= 2;
    ns = time_calls(fn, n);
  }
  n = std::max<uint64_t>(1, static_cast<uint64_t>(static_cast<double>(n) * target / std::max(ns, 1.0)));
  std::vector<double> per_op;
  for (int b = 0; b < opt.batches; ++b) {
    per_op.push_back(time_calls(fn, n) / static_cast<double>(n) / op.inner);
  }
  std::sort(per_op.begin(), per_op.end());
  OpResult r{op.id, op.description};
  r.median_ns = per_op[per_op.size() / 2];
  r.min_ns = per_op.front();
  r.max_ns = per_op.back();
  r.calls_per_batch = n;
  return r;
}

}  // namespace

std::optional<std::vector<OpResult>> run_ops(const Ops& ops, const RunOptions& opt, std::string& err) {
  std::regex re;
  try {
    re = std::regex(opt.filter, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    err = "invalid --filter regex '" + opt.filter + "': " + e.what();
    return std::nullopt;
  }
  std::vector<const Op*> selected;
  for (const Op& op : ops) {
    if (std::regex_match(op.id, re)) selected.push_back(&op);
  }
  if (selected.empty()) {
    err = "--filter '" + opt.filter + "' matches no benchmark op";
    return std::nullopt;
  }
  pin_to_current_cpu();
  std::vector<OpResult> results;
  for (const Op* op : selected) {
    if (opt.iterations) {
      auto fn = op->make();
      fn();  // warm-up, so one-time lazy initialisation is not counted
      for (uint64_t i = 0; i < *opt.iterations; ++i) fn();
      continue;
    }
    results.push_back(time_op(*op, opt));
  }
  return results;
}

}  // namespace stakepool::bench
