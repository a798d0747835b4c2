// Named scenarios and the scenario file format (doc/formats/scenario.md).
#include <charconv>
#include <utility>

#include "stakepool/sim/config.hpp"

namespace stakepool::sim {

namespace {

Scenario named(std::string name, std::string description, std::string_view spec,
               std::optional<std::string> network = std::nullopt) {
  Scenario s;
  s.name = std::move(name);
  s.description = std::move(description);
  s.network = std::move(network);
  auto faults = parse_fault_spec(spec);
  SP_CHECK(faults.has_value());
  s.faults = std::move(*faults);
  return s;
}

std::vector<Scenario> build_named() {
  return {
      named("no-faults", "every operator honest and online", ""),
      named("crash-f", "f operators of every committee crashed for the whole run", "crash:f"),
      named("crash-f-plus-1", "f+1 operators of every committee crashed: no quorum, duties missed",
            "crash:f+1"),
      named("crash-restart",
            "f+1 operators of every committee crash in the second quarter of the run and "
            "restart with their slashing databases",
            "crash:f+1@25%-50%"),
      named("slow-f", "f operators of every committee 1.5 s slower each way", "slow:f"),
      named("byzantine-mix", "f Byzantine operators per committee, behaviours cycling across pools",
            "byzantine:f:mix"),
      named("byzantine-equivocate", "f operators per committee equivocate in consensus",
            "byzantine:f:equivocate"),
      named("byzantine-invalid-partial", "f operators per committee send invalid partial signatures",
            "byzantine:f:invalid-partial"),
      named("byzantine-slashable", "f operators per committee propose slashable duty data",
            "byzantine:f:slashable"),
      named("byzantine-withhold", "f operators per committee withhold their messages",
            "byzantine:f:withhold"),
      named("partition-heal",
            "f operators of every committee cut off in the middle half of the run, then healed",
            "partition:f"),
      named("lossy", "2% message loss and 1% duplication on every link", "", "lossy"),
  };
}

Error bad_line(std::string_view origin, std::size_t line, const std::string& msg) {
  return make_error(Errc::kInvalidArgument,
                    std::string(origin) + ":" + std::to_string(line) + ": " + msg);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Result<uint64_t> number(std::string_view v, std::string_view key, uint64_t max) {
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty() || out > max) {
    return make_error(Errc::kInvalidArgument, "'" + std::string(key) + "' needs a number up to " +
                                                  std::to_string(max) + ", got '" + std::string(v) + "'");
  }
  return out;
}

// set_key applies one `key = value` line.
Status set_key(Scenario& s, std::string_view key, std::string_view v) {
  auto u32 = [&](std::optional<uint32_t>& field) -> Status {
    auto n = number(v, key, 1u << 20);
    if (!n) return n.error();
    field = static_cast<uint32_t>(*n);
    return {};
  };
  if (key == "name") s.name = std::string(v);
  else if (key == "description") s.description = std::string(v);
  else if (key == "operators") return u32(s.operators);
  else if (key == "validators") return u32(s.validators);
  else if (key == "chain-validators") return u32(s.chain_validators);
  else if (key == "pool-size") return u32(s.pool_size);
  else if (key == "threshold") return u32(s.threshold);
  else if (key == "epochs") return u32(s.epochs);
  else if (key == "network") s.network = std::string(v);
  else if (key == "seed") {
    auto n = number(v, key, ~uint64_t{0});
    if (!n) return n.error();
    s.seed = *n;
  } else if (key == "faults") {
    auto f = parse_fault_spec(v);
    if (!f) return f.error();
    s.faults.insert(s.faults.end(), f->begin(), f->end());
  } else {
    return make_error(Errc::kInvalidArgument,
                      "unknown key '" + std::string(key) +
                          "' (known: name, description, operators, validators, chain-validators, "
                          "pool-size, threshold, epochs, seed, network, faults)");
  }
  return {};
}

}  // namespace

const std::vector<Scenario>& named_scenarios() {
  static const std::vector<Scenario> all = build_named();
  return all;
}

Result<Scenario> parse_scenario(std::string_view text, std::string_view origin) {
  Scenario s;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos) return bad_line(origin, line_no, "expected 'key = value'");
    auto st = set_key(s, trim(line.substr(0, eq)), trim(line.substr(eq + 1)));
    if (!st) return bad_line(origin, line_no, st.error().message);
  }
  if (s.name.empty()) s.name = std::string(origin);
  return s;
}

Status apply_scenario(const Scenario& s, SimConfig& cfg) {
  if (s.operators) cfg.operators = *s.operators;
  if (s.validators) cfg.validators = *s.validators;
  if (s.chain_validators) cfg.chain_validators = *s.chain_validators;
  if (s.pool_size) cfg.pool_size = *s.pool_size;
  if (s.threshold) cfg.threshold = *s.threshold;
  if (s.epochs) cfg.epochs = *s.epochs;
  if (s.seed) cfg.seed = *s.seed;
  if (s.network) {
    auto p = network_profile(*s.network);
    if (!p) return p.error();
    cfg.network = *p;
  }
  cfg.faults = s.faults;
  cfg.scenario = s.name;
  return {};
}

}  // namespace stakepool::sim
