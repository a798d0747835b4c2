// SimReport: percentiles, the text summary and report.json / timing.json.
#include "stakepool/sim/report.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace stakepool::sim {

using Json = nlohmann::ordered_json;

Percentiles percentiles(std::vector<int64_t>& v) {
  Percentiles p;
  p.count = v.size();
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  // Nearest rank: the smallest value with at least q% of the sample at or below it.
  auto rank = [&](uint64_t q) { return v[(q * v.size() + 99) / 100 - 1]; };
  p.p50 = rank(50);
  p.p90 = rank(90);
  p.p99 = rank(99);
  p.max = v.back();
  return p;
}

DutyCount SimReport::total_duties() const {
  DutyCount t;
  for (const DutyTypeReport& d : duties) {
    t.assigned += d.count.assigned;
    t.succeeded += d.count.succeeded;
    t.missed += d.count.missed;
  }
  return t;
}

namespace {

std::string fmt(const char* f, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

std::string pct(uint64_t num, uint64_t den) {
  return den == 0 ? "-" : fmt("%.2f%%", 100.0 * static_cast<double>(num) / static_cast<double>(den));
}

void text_duties(const SimReport& r, std::string& o) {
  o += fmt("%-18s %9s %9s %9s %9s   %s\n", "duty", "assigned", "succeeded", "missed", "success",
           "latency from slot start p50/p90/p99/max ms");
  for (const DutyTypeReport& d : r.duties) {
    const auto& l = d.latency_ms;
    o += fmt("%-18s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9s   %" PRId64 "/%" PRId64 "/%" PRId64
             "/%" PRId64 "\n",
             d.type.c_str(), d.count.assigned, d.count.succeeded, d.count.missed,
             pct(d.count.succeeded, d.count.assigned).c_str(), l.p50, l.p90, l.p99, l.max);
  }
  const DutyCount t = r.total_duties();
  o += fmt("%-18s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9s\n", "all", t.assigned, t.succeeded,
           t.missed, pct(t.succeeded, t.assigned).c_str());
}

void text_consensus(const SimReport& r, std::string& o) {
  const ConsensusReport& c = r.consensus;
  o += fmt("consensus: %" PRIu64 " QBFT instances, %" PRIu64 " decided, %" PRIu64
           " undecided, %" PRIu64 " with round changes; decided at p50 %" PRId64 " ms, p99 %" PRId64
           " ms from slot start\n",
           c.instances, c.decided, c.undecided, c.round_changes, c.decide_ms.p50, c.decide_ms.p99);
  o += "  rounds:";
  for (const auto& [round, n] : c.rounds_histogram) o += fmt(" r%" PRIu64 "=%" PRIu64, round, n);
  o += "\n";
}

void text_safety(const SimReport& r, std::string& o) {
  const SafetyReport& s = r.safety;
  o += fmt("safety: %s\n", s.ok() ? "OK" : "VIOLATED");
  o += fmt("  slashable messages seen by the chain: %" PRIu64 "%s\n", s.slashable_messages,
           s.slashable_messages == 0 ? "" : "  <-- must be 0");
  for (const std::string& e : s.slashable) o += "    " + e + "\n";
  o += fmt("  invalid signatures submitted:         %" PRIu64 "%s\n", s.invalid_signatures_submitted,
           s.invalid_signatures_submitted == 0 ? "" : "  <-- must be 0");
  for (const std::string& e : s.invalid) o += "    " + e + "\n";
  o += fmt("  group keys unchanged:                 %s\n", s.group_keys_unchanged ? "yes" : "NO");
  o += fmt("  refused by honest value hooks: %" PRIu64 " proposals; slashing-DB refusals: %" PRIu64
           "; invalid partials dropped: %" PRIu64 "\n",
           s.refused_slashable, s.slashing_refusals, s.partials_invalid);
}

void text_operators(const SimReport& r, std::string& o) {
  o += "operators (participation = duties where a peer combined its partial / duties of its pool):\n";
  for (const OperatorReport& op : r.operator_reports) {
    o += fmt("  op %3u  pool %-4s %6.1f%%  rewards %+" PRId64 " gwei  penalties %+" PRId64 " gwei%s%s\n",
             op.id, op.pool ? std::to_string(*op.pool).c_str() : "-", 100.0 * op.participation(),
             op.rewards_gwei, op.penalties_gwei, op.fault.empty() ? "" : "  fault: ",
             op.fault.c_str());
  }
}

}  // namespace

std::string render_text(const SimReport& r) {
  std::string o;
  o += fmt("stakepool simulate: %u operators, %u validators, pools of %u (threshold %u), %u epochs, "
           "seed %" PRIu64 ", network %s\n",
           r.operators, r.validators, r.pool_size, r.threshold, r.epochs, r.seed, r.network.c_str());
  o += "faults: " + (r.faults_spec.empty() ? std::string("none") : r.faults_spec) +
       (r.scenario.empty() ? "" : " (scenario " + r.scenario + ")") + "\n";
  o += fmt("%zu pools; %" PRIu64 " blocks; %" PRIu64 " signatures checked by the chain; %" PRIu64
           " operator messages\n",
           r.pools.size(), r.blocks, r.chain_signatures_verified, r.net.sent);
  if (r.background_validators > 0) {
    o += fmt("chain: %" PRIu64 " validators = %u of the pools + %" PRIu64
             " background (always honest, not signed or verified: %" PRIu64 " blocks, %" PRIu64
             " attestations included, %" PRIu64 " sync bits)\n",
             r.chain_validators, r.validators, r.background_validators, r.background_blocks,
             r.background_attestations, r.background_sync_bits);
  }
  text_duties(r, o);
  text_consensus(r, o);
  text_safety(r, o);
  text_operators(r, o);
  return o;
}

namespace {

Json count_json(const DutyCount& c) {
  return Json{{"assigned", c.assigned}, {"succeeded", c.succeeded}, {"missed", c.missed}};
}

Json pct_json(const Percentiles& p) {
  return Json{{"count", p.count}, {"p50", p.p50}, {"p90", p.p90}, {"p99", p.p99}, {"max", p.max}};
}

Json duties_json(const SimReport& r) {
  Json d = Json::object(), lat = Json::object();
  for (const DutyTypeReport& t : r.duties) {
    d[t.type] = count_json(t.count);
    lat[t.type] = pct_json(t.latency_ms);
  }
  d["total"] = count_json(r.total_duties());
  Json epochs = Json::array();
  for (const EpochReport& e : r.epochs_detail) {
    Json by = Json::object();
    for (std::size_t i = 0; i < e.by_type.size(); ++i) by[kReportDutyTypes[i]] = count_json(e.by_type[i]);
    epochs.push_back(Json{{"epoch", e.epoch}, {"duties", by}});
  }
  return Json{{"duties", d}, {"latency_ms_from_slot_start", lat}, {"epochs", epochs}};
}

Json consensus_json(const ConsensusReport& c) {
  Json hist = Json::object();
  for (const auto& [round, n] : c.rounds_histogram) hist[std::to_string(round)] = n;
  return Json{{"instances", c.instances},
              {"decided", c.decided},
              {"undecided", c.undecided},
              {"round_changes", c.round_changes},
              {"rounds_histogram", hist},
              {"decided_ms_from_slot_start", pct_json(c.decide_ms)},
              {"latency_bin_ms", ConsensusReport::kLatencyBinMs},
              {"latency_histogram", c.latency_histogram}};
}

Json safety_json(const SafetyReport& s) {
  return Json{{"ok", s.ok()},
              {"slashable_messages", s.slashable_messages},
              {"slashable", s.slashable},
              {"invalid_signatures_submitted", s.invalid_signatures_submitted},
              {"invalid", s.invalid},
              {"group_keys_unchanged", s.group_keys_unchanged},
              {"refused_slashable_proposals", s.refused_slashable},
              {"slashing_db_refusals", s.slashing_refusals},
              {"invalid_partials_dropped", s.partials_invalid}};
}

Json operators_json(const SimReport& r) {
  Json ops = Json::array();
  for (const OperatorReport& o : r.operator_reports) {
    ops.push_back(Json{{"id", o.id},
                       {"pool", o.pool ? Json(*o.pool) : Json(nullptr)},
                       {"fault", o.fault},
                       {"duties", o.duties},
                       {"contributed", o.contributed},
                       {"participation", o.participation()},
                       {"rewards_gwei", o.rewards_gwei},
                       {"penalties_gwei", o.penalties_gwei},
                       {"messages_out", o.messages_out},
                       {"partials_signed", o.partials_signed},
                       {"invalid_partials_received", o.partials_invalid_received},
                       {"refused_slashable_proposals", o.refused_slashable},
                       {"restarts", o.restarts}});
  }
  return ops;
}

Json pools_faults_json(const SimReport& r, Json& faults) {
  Json pools = Json::array();
  for (const PoolReport& p : r.pools) {
    pools.push_back(Json{{"id", p.id}, {"members", p.members}, {"threshold", p.threshold},
                         {"validators", p.validators}, {"faulty", p.faulty},
                         {"duties", count_json(p.duties)}});
  }
  faults = Json::array();
  for (const FaultReport& f : r.faults) {
    faults.push_back(Json{{"operator", f.operator_id}, {"pool", f.pool}, {"kind", f.kind},
                          {"behaviour", f.behaviour}, {"from_slot", f.from_slot},
                          {"until_slot", f.until_slot}, {"spec", f.spec}});
  }
  return pools;
}

Json network_json(const SimReport& r) {
  const NetworkReport& n = r.net;
  const uint64_t duties = r.total_duties().assigned;
  return Json{{"messages_sent", n.sent},          {"delivered", n.delivered},
              {"dropped_loss", n.dropped_loss},   {"dropped_partition", n.dropped_partition},
              {"dropped_down", n.dropped_down},   {"duplicated", n.duplicated},
              {"bytes", n.bytes},
              {"messages_per_duty", duties == 0 ? 0.0 : static_cast<double>(n.sent) / static_cast<double>(duties)}};
}

}  // namespace

std::string render_json(const SimReport& r) {
  Json j;
  j["format"] = "stakepool-simulate-report/1";
  j["config"] = Json{{"operators", r.operators}, {"validators", r.validators},
                     {"pool_size", r.pool_size}, {"threshold", r.threshold},
                     {"epochs", r.epochs},       {"seed", r.seed},
                     {"network", r.network},     {"scenario", r.scenario},
                     {"faults", r.faults_spec},  {"first_slot", r.first_slot},
                     {"slots", r.slots}};
  Json d = duties_json(r);
  j["duties"] = d["duties"];
  j["latency_ms_from_slot_start"] = d["latency_ms_from_slot_start"];
  j["epochs"] = d["epochs"];
  j["consensus"] = consensus_json(r.consensus);
  j["safety"] = safety_json(r.safety);
  Json faults;
  j["pools"] = pools_faults_json(r, faults);
  j["faults"] = faults;
  j["operators"] = operators_json(r);
  j["network"] = network_json(r);
  j["chain"] = Json{{"blocks", r.blocks},
                    {"signatures_verified", r.chain_signatures_verified},
                    {"validators", r.chain_validators},
                    {"background_validators", r.background_validators},
                    {"background_blocks", r.background_blocks},
                    {"background_attestations", r.background_attestations},
                    {"background_sync_bits", r.background_sync_bits}};
  j["simulation"] = Json{{"events", r.events}, {"dkg_messages", r.dkg_messages}};
  return j.dump(2) + "\n";
}

std::string render_timing_text(const SimTiming& t) {
  const double duties = static_cast<double>(t.duties);
  return fmt("timing: %.1f s wall (set-up %.1f s, run %.1f s) on %u threads; run CPU %.1f s = %.0f "
             "us per duty; %.1f operator messages per duty\n",
             t.total_wall_s, t.setup_wall_s, t.run_wall_s, t.threads, t.run_cpu_s,
             t.duties == 0 ? 0.0 : t.run_cpu_s * 1e6 / duties,
             t.duties == 0 ? 0.0 : static_cast<double>(t.messages) / duties);
}

std::string render_timing_json(const SimTiming& t) {
  const double per_duty = t.duties == 0 ? 0.0 : t.run_cpu_s * 1e6 / static_cast<double>(t.duties);
  Json j{{"setup_wall_s", t.setup_wall_s}, {"run_wall_s", t.run_wall_s},
         {"total_wall_s", t.total_wall_s}, {"setup_cpu_s", t.setup_cpu_s},
         {"run_cpu_s", t.run_cpu_s},       {"threads", t.threads},
         {"duties", t.duties},             {"run_cpu_us_per_duty", per_duty},
         {"messages", t.messages},
         {"messages_per_duty", t.duties == 0 ? 0.0 : static_cast<double>(t.messages) / static_cast<double>(t.duties)}};
  return j.dump(2) + "\n";
}

}  // namespace stakepool::sim
