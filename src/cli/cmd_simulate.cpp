// `stakepool simulate`: the whole pool network in one process under a virtual clock (sim/), with
// injected faults, and its report (text, report.json, report.html, timing.json).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "commands.hpp"
#include "stakepool/sim/simulation.hpp"
#include "stakepool/util/fs.hpp"

namespace stakepool::cli {
namespace {

struct SimulateArgs {
  sim::SimConfig cfg;
  std::string faults, scenario, out, network;
  bool json = false, list = false, no_contributions = false;
  unsigned threads = 0;
};

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// load_scenario: a built-in name, else a scenario file.
sim::Scenario load_scenario(const std::string& name_or_file) {
  for (const sim::Scenario& s : sim::named_scenarios()) {
    if (s.name == name_or_file) return s;
  }
  if (!std::filesystem::exists(name_or_file)) {
    std::string names;
    for (const sim::Scenario& s : sim::named_scenarios()) names += (names.empty() ? "" : ", ") + s.name;
    throw CliError("--scenario '" + name_or_file + "' is neither a built-in scenario (" + names +
                   ") nor a file");
  }
  auto text = util::read_file(name_or_file);
  if (!text) throw CliError(text.error().message);
  auto s = sim::parse_scenario(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()),
                               name_or_file);
  if (!s) throw CliError(s.error().message);
  return *s;
}

// resolve: defaults < scenario < flags given on the command line.
sim::SimConfig resolve(const SimulateArgs& a, const CLI::App& cmd) {
  sim::SimConfig cfg;
  if (!a.scenario.empty()) {
    auto st = sim::apply_scenario(load_scenario(a.scenario), cfg);
    if (!st) throw CliError(st.error().message);
  }
  auto given = [&](const char* flag) { return cmd.count(flag) > 0; };
  if (given("--operators")) cfg.operators = a.cfg.operators;
  if (given("--validators")) cfg.validators = a.cfg.validators;
  if (given("--chain-validators")) cfg.chain_validators = a.cfg.chain_validators;
  if (given("--pool-size")) cfg.pool_size = a.cfg.pool_size;
  if (given("--threshold")) cfg.threshold = a.cfg.threshold;
  if (given("--epochs")) cfg.epochs = a.cfg.epochs;
  if (given("--seed")) cfg.seed = a.cfg.seed;
  if (given("--no-sync-contributions")) cfg.sync_contributions = false;
  if (given("--faults")) {
    auto f = sim::parse_fault_spec(a.faults);
    if (!f) throw CliError("--faults: " + f.error().message);
    cfg.faults = *f;
  }
  if (given("--network")) {
    auto p = sim::network_profile(a.network);
    if (!p) throw CliError("--network: " + p.error().message);
    cfg.network = *p;
  }
  return cfg;
}

// Progress: a bar on a terminal, a line per epoch otherwise (stderr).
class Progress {
 public:
  Progress() : tty_(isatty(STDERR_FILENO) == 1) {}
  void operator()(uint64_t done, uint64_t total) {
    if (tty_) {
      const int width = 40;
      const auto fill = static_cast<int>(done * width / std::max<uint64_t>(1, total));
      std::fprintf(stderr, "\r  [%.*s%*s] slot %llu/%llu", fill, "########################################",
                   width - fill, "", static_cast<unsigned long long>(done),
                   static_cast<unsigned long long>(total));
      if (done == total) std::fprintf(stderr, "\n");
    } else if (done % 32 == 0 && done > 0) {
      std::fprintf(stderr, "simulate: epoch %llu/%llu done\n", static_cast<unsigned long long>(done / 32),
                   static_cast<unsigned long long>(total / 32));
    }
  }

 private:
  bool tty_;
};

void write_out(const std::filesystem::path& dir, const char* name, const std::string& text) {
  auto st = util::write_text_file_atomic(dir / name, text);
  if (!st) throw CliError("writing " + (dir / name).string() + ": " + st.error().message);
}

void list_scenarios() {
  for (const sim::Scenario& s : sim::named_scenarios()) {
    std::string spec;
    for (const auto& f : s.faults) spec += (spec.empty() ? "" : ",") + f.to_string();
    std::printf("%-26s %s%s\n", s.name.c_str(), s.description.c_str(),
                spec.empty() ? "" : (" [" + spec + "]").c_str());
  }
}

void run_simulate(const SimulateArgs& a, const CLI::App& cmd) {
  if (a.list) return list_scenarios();
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  auto sim = sim::Simulation::make(resolve(a, cmd));
  if (!sim) throw CliError(sim.error().message);
  const sim::SimConfig& cfg = (*sim)->config();
  sim::SimTiming timing;
  timing.threads = a.threads != 0 ? a.threads : std::max(1u, std::thread::hardware_concurrency());
  std::fprintf(stderr, "simulate: creating %u validators by DKG in %u pools of %u (%u threads)\n",
               cfg.validators, cfg.pools(), cfg.pool_size, timing.threads);
  if (auto st = (*sim)->setup(timing.threads); !st) throw CliError("set-up: " + st.error().message);
  timing.setup_wall_s = since(t0);
  timing.setup_cpu_s = cpu_seconds() - c0;
  std::fprintf(stderr, "simulate: running %u epochs (%llu slots of virtual time)\n", cfg.epochs,
               static_cast<unsigned long long>(cfg.total_slots()));
  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = cpu_seconds();
  Progress progress;
  if (auto st = (*sim)->run(std::ref(progress)); !st) throw CliError("run: " + st.error().message);
  timing.run_wall_s = since(t1);
  timing.run_cpu_s = cpu_seconds() - c1;
  const sim::SimReport report = (*sim)->report();
  timing.total_wall_s = since(t0);
  timing.duties = report.total_duties().assigned;
  timing.messages = report.net.sent;
  const std::string json = sim::render_json(report);
  std::printf("%s", a.json ? json.c_str() : sim::render_text(report).c_str());
  if (!a.json) std::printf("%s", sim::render_timing_text(timing).c_str());
  if (!a.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(a.out, ec);
    if (ec) throw CliError("--out " + a.out + ": " + ec.message());
    write_out(a.out, "report.json", json);
    write_out(a.out, "report.html", sim::render_html(report));
    write_out(a.out, "timing.json", sim::render_timing_json(timing));
    std::fprintf(stderr, "simulate: wrote %s/report.json, report.html, timing.json\n", a.out.c_str());
  }
  if (!report.safety.ok()) throw CliError("safety check failed (see the report)", 3);
}

}  // namespace

void register_simulate(CLI::App& app) {
  auto a = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand("simulate", "Simulate a whole staking-pool network (virtual time, injected faults)");
  cmd->add_option("--operators", a->cfg.operators, "Number of operators")->default_val(16);
  cmd->add_option("--validators", a->cfg.validators, "Number of distributed validators")->default_val(64);
  cmd->add_option("--chain-validators", a->cfg.chain_validators,
                  "Validators on the simulated chain: the pools' plus always-honest background "
                  "validators up to this total (0: the pools' only)")
      ->default_val(sim::SimConfig::kDefaultChainValidators);
  cmd->add_option("--pool-size", a->cfg.pool_size, "Operators per pool committee (4, 7, 10, 13, 16, ...)")
      ->default_val(4);
  cmd->add_option("--threshold", a->cfg.threshold, "Signing threshold (default: the QBFT quorum of the pool size)");
  cmd->add_option("--epochs", a->cfg.epochs, "Epochs to simulate (32 slots of 12 s each)")->default_val(4);
  cmd->add_option("--seed", a->cfg.seed, "Seed: same seed and flags, same report.json")->default_val(1);
  auto* faults = cmd->add_option("--faults", a->faults,
                                 "Faults per committee: KIND:COUNT[:BEHAVIOUR][@FROM-UNTIL],... with KIND "
                                 "crash|slow|partition|byzantine, COUNT a number, f or f+1, BEHAVIOUR "
                                 "equivocate|invalid-partial|slashable|withhold|mix");
  auto* scen = cmd->add_option("--scenario", a->scenario, "A built-in scenario name or a scenario file "
                                                          "(doc/formats/scenario.md)");
  faults->excludes(scen);
  cmd->add_option("--network", a->network, "Network profile: lan, wan (default) or lossy");
  cmd->add_flag("--no-sync-contributions", a->no_contributions, "Skip sync selection proofs and contributions (faster)");
  cmd->add_option("--out", a->out, "Write report.json, report.html and timing.json to this directory");
  cmd->add_flag("--json", a->json, "Print report.json instead of the text summary");
  cmd->add_option("--threads", a->threads, 
                  "Threads for the DKGs at set-up and the nodes' BLS work (default: all cores; the "
                  "report does not depend on it)");
  cmd->add_flag("--list-scenarios", a->list, "List the built-in scenarios and exit");
  cmd->callback([a, cmd] { run_simulate(*a, *cmd); });
}

}  // namespace stakepool::cli
