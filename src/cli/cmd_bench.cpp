// `stakepool bench`: single-threaded benchmarks of the ops in ../shared/perf-anchors.md.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "bench/runner.hpp"
#include "commands.hpp"

namespace stakepool::cli {
namespace {

std::string format_ns(double ns) {
  char buf[32];
  if (ns >= 1e6) {
    std::snprintf(buf, sizeof(buf), "%.2f ms", ns / 1e6);
  } else if (ns >= 1e3) {
    std::snprintf(buf, sizeof(buf), "%.2f us", ns / 1e3);
  } else {
    std::snprintf(buf, sizeof(buf), "%.1f ns", ns);
  }
  return buf;
}

void print_results(const std::vector<bench::OpResult>& results, bool json) {
  if (json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& r : results) {
      arr.push_back({{"id", r.id}, {"median_ns", r.median_ns}, {"min_ns", r.min_ns},
                     {"max_ns", r.max_ns}, {"calls_per_batch", r.calls_per_batch},
                     {"description", r.description}});
    }
    std::printf("%s\n", arr.dump(2).c_str());
    return;
  }
  std::printf("%-26s %12s %12s %12s  %s\n", "op", "median", "min", "max", "what");
  for (const auto& r : results) {
    std::printf("%-26s %12s %12s %12s  %s\n", r.id.c_str(), format_ns(r.median_ns).c_str(),
                format_ns(r.min_ns).c_str(), format_ns(r.max_ns).c_str(), r.description.c_str());
  }
}

}  // namespace

void register_bench(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Single-threaded benchmarks (ids as in perf-anchors.md)");
  auto opt = std::make_shared<bench::RunOptions>();
  auto iterations = std::make_shared<uint64_t>(0);
  auto list = std::make_shared<bool>(false);
  cmd->add_option("--filter", opt->filter, "Regex matched against whole op ids");
  cmd->add_option("--iterations", *iterations,
                  "Run exactly N calls of each selected op (after one warm-up), no timing; for callgrind");
  cmd->add_option("--batch-ms", opt->batch_ms, "Target duration of one timed batch")->check(CLI::PositiveNumber);
  cmd->add_option("--batches", opt->batches, "Number of timed batches")->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", opt->json, "Print results as JSON");
  cmd->add_flag("--list", *list, "List op ids and exit");
  cmd->callback([cmd, opt, iterations, list] {
    bench::Ops ops = bench::all_ops();
    if (*list && opt->json) {  // ids with the operations per call (tools/perf_table.sh)
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& op : ops) {
        arr.push_back({{"id", op.id}, {"inner", op.inner}, {"description", op.description}});
      }
      std::printf("%s\n", arr.dump(2).c_str());
      return;
    }
    if (*list) {
      for (const auto& op : ops) std::printf("%-26s %s\n", op.id.c_str(), op.description.c_str());
      return;
    }
    if (cmd->count("--iterations") > 0) opt->iterations = *iterations;
    std::string err;
    auto results = bench::run_ops(ops, *opt, err);
    if (!results) throw CliError(err);
    if (opt->iterations) {
      std::printf("ran %llu iterations of each selected op\n",
                  static_cast<unsigned long long>(*opt->iterations));
      return;
    }
    print_results(*results, opt->json);
  });
}

}  // namespace stakepool::cli
