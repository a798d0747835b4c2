// report.html: one self-contained page (inline CSS and hand-written SVG, no scripts).
#include <algorithm>
#include <array>
#include <cmath>
#include <cinttypes>
#include <cstdio>

#include "stakepool/sim/report.hpp"

namespace stakepool::sim {

namespace {

std::string fmt(const char* f, auto... args) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

constexpr std::array<const char*, 5> kTypeColors = {"#2b6cb0", "#38a169", "#d69e2e", "#805ad5", "#dd6b20"};

// Series: one set of bars; colors (optional) overrides the colour per bar.
struct Series {
  std::string name, color;
  std::vector<double> values;
  std::vector<std::string> colors;
};

struct Chart {
  std::string title, y_unit;
  std::vector<std::string> labels;
  std::vector<Series> series;
  double y_max = 0;  // 0: the largest value
  int label_every = 1;
};

std::string axes(const Chart& c, double y_max, int w, int h, int left, int bottom) {
  std::string o;
  for (int k = 0; k <= 4; ++k) {
    const double v = y_max * k / 4;
    const int y = h - bottom - (h - bottom - 30) * k / 4;
    o += fmt("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#ddd'/>", left, y, w - 10, y);
    o += fmt("<text x='%d' y='%d' text-anchor='end' font-size='11'>%g%s</text>", left - 4, y + 4,
             std::round(v * 10) / 10, c.y_unit.c_str());
  }
  return o;
}

std::string legend(const Chart& c, int left) {
  std::string o;
  int x = left;
  for (const Series& s : c.series) {
    if (s.name.empty()) continue;
    o += fmt("<rect x='%d' y='%d' width='10' height='10' fill='%s'/>", x, 22, s.color.c_str());
    o += fmt("<text x='%d' y='%d' font-size='11'>%s</text>", x + 14, 31, esc(s.name).c_str());
    x += 24 + 7 * static_cast<int>(s.name.size());
  }
  return o;
}

// bar_chart draws grouped vertical bars: one group per label, one bar per series.
std::string bar_chart(const Chart& c) {
  const int w = 720, h = 280, left = 52, bottom = 40;
  double y_max = c.y_max;
  for (const Series& s : c.series) {
    for (double v : s.values) y_max = std::max(y_max, v);
  }
  if (y_max <= 0) y_max = 1;
  std::string o = fmt("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                      "font-family='sans-serif'><text x='%d' y='14' font-size='13' "
                      "font-weight='bold'>%s</text>",
                      w, h, left, esc(c.title).c_str());
  o += axes(c, y_max, w, h, left, bottom) + legend(c, left + 260);
  const std::size_t groups = std::max<std::size_t>(1, c.labels.size());
  const double gw = static_cast<double>(w - 10 - left) / static_cast<double>(groups);
  const double bw = std::max(1.0, gw * 0.8 / static_cast<double>(std::max<std::size_t>(1, c.series.size())));
  for (std::size_t g = 0; g < c.labels.size(); ++g) {
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      const Series& se = c.series[s];
      if (g >= se.values.size()) continue;
      const double bh = (h - bottom - 30) * se.values[g] / y_max;
      const double x = left + gw * static_cast<double>(g) + gw * 0.1 + bw * static_cast<double>(s);
      const std::string& col = g < se.colors.size() ? se.colors[g] : se.color;
      o += fmt("<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %g</title></rect>",
               x, h - bottom - bh, bw, bh, col.c_str(), esc(c.labels[g]).c_str(), esc(se.name).c_str(),
               se.values[g]);
      if (c.labels.size() * c.series.size() <= 40 && bw >= 12) {  // value on top when it fits
        o += fmt("<text x='%.1f' y='%.1f' text-anchor='middle' font-size='9'>%g</text>", x + bw / 2,
                 h - bottom - bh - 2, std::round(se.values[g] * 10) / 10);
      }
    }
    if (g % static_cast<std::size_t>(c.label_every) == 0) {
      o += fmt("<text x='%.1f' y='%d' text-anchor='middle' font-size='10'>%s</text>",
               left + gw * (static_cast<double>(g) + 0.5), h - bottom + 14, esc(c.labels[g]).c_str());
    }
  }
  return o + "</svg>\n";
}

double rate(const DutyCount& c) {
  return c.assigned == 0 ? 0.0 : 100.0 * static_cast<double>(c.succeeded) / static_cast<double>(c.assigned);
}

std::string success_chart(const SimReport& r) {
  Chart c{"Duty success per epoch (% of assigned duties)", "%", {}, {}, 100, 1};
  for (const EpochReport& e : r.epochs_detail) c.labels.push_back("epoch " + std::to_string(e.epoch));
  for (std::size_t t = 0; t < kReportDutyTypes.size(); ++t) {
    Series s{kReportDutyTypes[t], kTypeColors[t], {}, {}};
    for (const EpochReport& e : r.epochs_detail) s.values.push_back(rate(e.by_type[t]));
    c.series.push_back(s);
  }
  return bar_chart(c);
}

std::string latency_chart(const SimReport& r) {
  const auto& h = r.consensus.latency_histogram;
  Chart c{"Consensus decision time from slot start (instances per 250 ms)", "", {}, {}, 0, 4};
  Series s{"", "#2b6cb0", {}, {}};
  for (std::size_t i = 0; i < h.size(); ++i) {
    c.labels.push_back(fmt("%.2fs", static_cast<double>(i * ConsensusReport::kLatencyBinMs) / 1000.0));
    s.values.push_back(static_cast<double>(h[i]));
  }
  c.series.push_back(s);
  return bar_chart(c);
}

std::string rounds_chart(const SimReport& r) {
  Chart c{"QBFT rounds per decided instance", "", {}, {}, 0, 1};
  Series s{"", "#805ad5", {}, {}};
  for (const auto& [round, n] : r.consensus.rounds_histogram) {
    c.labels.push_back("round " + std::to_string(round));
    s.values.push_back(static_cast<double>(n));
  }
  if (r.consensus.undecided > 0) {
    c.labels.push_back("undecided");
    s.values.push_back(static_cast<double>(r.consensus.undecided));
    s.colors.assign(s.values.size() - 1, s.color);
    s.colors.push_back("#e53e3e");
  }
  c.series.push_back(s);
  return bar_chart(c);
}

std::string fault_color(const std::string& fault) {
  if (fault.empty()) return "#38a169";
  if (fault.rfind("byzantine", 0) == 0) return "#e53e3e";
  if (fault == "crash") return "#718096";
  if (fault == "partition") return "#d69e2e";
  return "#dd6b20";  // slow
}

std::string participation_chart(const SimReport& r) {
  Chart c{"Per-operator participation (% of pool duties where a peer combined its partial); "
          "green honest, grey crash, yellow partition, orange slow, red Byzantine", "%", {}, {}, 100,
          static_cast<int>(std::max<std::size_t>(1, r.operator_reports.size() / 32))};
  Series s{"", "#38a169", {}, {}};
  for (const OperatorReport& o : r.operator_reports) {
    c.labels.push_back(std::to_string(o.id));
    s.values.push_back(100.0 * o.participation());
    s.colors.push_back(fault_color(o.fault));
  }
  c.series.push_back(s);
  return bar_chart(c);
}

std::string check_row(const char* name, bool ok, const std::string& value) {
  return fmt("<tr><td>%s</td><td class='%s'>%s</td><td>%s</td></tr>", name, ok ? "ok" : "bad",
             ok ? "pass" : "FAIL", esc(value).c_str());
}

std::string safety_table(const SimReport& r) {
  const SafetyReport& s = r.safety;
  std::string o = "<h2>Safety checks</h2><table><tr><th>check</th><th>result</th><th>value</th></tr>";
  o += check_row("slashable messages seen by the chain", s.slashable_messages == 0,
                 std::to_string(s.slashable_messages));
  o += check_row("invalid signatures submitted", s.invalid_signatures_submitted == 0,
                 std::to_string(s.invalid_signatures_submitted));
  o += check_row("group keys unchanged", s.group_keys_unchanged, s.group_keys_unchanged ? "yes" : "no");
  o += "</table>";
  for (const std::string& e : s.slashable) o += "<p class='bad'>" + esc(e) + "</p>";
  for (const std::string& e : s.invalid) o += "<p class='bad'>" + esc(e) + "</p>";
  o += fmt("<p>Refused by honest value hooks: %" PRIu64 " proposals; slashing-DB refusals: %" PRIu64
           "; invalid partial signatures dropped: %" PRIu64 ".</p>",
           s.refused_slashable, s.slashing_refusals, s.partials_invalid);
  return o;
}

std::string duty_table(const SimReport& r) {
  std::string o = "<h2>Duties</h2><table><tr><th>duty</th><th>assigned</th><th>succeeded</th>"
                  "<th>missed</th><th>success</th><th>latency p50 / p90 / p99 / max (ms from slot "
                  "start)</th></tr>";
  for (const DutyTypeReport& d : r.duties) {
    const auto& l = d.latency_ms;
    o += fmt("<tr><td>%s</td><td>%" PRIu64 "</td><td>%" PRIu64 "</td><td>%" PRIu64
             "</td><td>%.2f%%</td><td>%" PRId64 " / %" PRId64 " / %" PRId64 " / %" PRId64 "</td></tr>",
             d.type.c_str(), d.count.assigned, d.count.succeeded, d.count.missed, rate(d.count), l.p50,
             l.p90, l.p99, l.max);
  }
  return o + "</table>";
}

std::string faults_table(const SimReport& r) {
  if (r.faults.empty()) return "<h2>Faults injected</h2><p>none</p>";
  std::string o = "<h2>Faults injected</h2><table><tr><th>operator</th><th>pool</th><th>kind</th>"
                  "<th>behaviour</th><th>slots</th><th>spec</th></tr>";
  for (const FaultReport& f : r.faults) {
    o += fmt("<tr><td>%u</td><td>%u</td><td>%s</td><td>%s</td><td>%" PRIu64 "&ndash;%" PRIu64
             "</td><td>%s</td></tr>",
             f.operator_id, f.pool, esc(f.kind).c_str(), esc(f.behaviour).c_str(), f.from_slot,
             f.until_slot, esc(f.spec).c_str());
  }
  return o + "</table>";
}

std::string operators_table(const SimReport& r) {
  std::string o = "<h2>Operators</h2><table><tr><th>operator</th><th>pool</th><th>fault</th>"
                  "<th>participation</th><th>rewards (gwei)</th><th>penalties (gwei)</th>"
                  "<th>messages sent</th></tr>";
  for (const OperatorReport& op : r.operator_reports) {
    o += fmt("<tr><td>%u</td><td>%s</td><td>%s</td><td>%.1f%%</td><td>%" PRId64 "</td><td>%" PRId64
             "</td><td>%" PRIu64 "</td></tr>",
             op.id, op.pool ? std::to_string(*op.pool).c_str() : "standby",
             op.fault.empty() ? "honest" : esc(op.fault).c_str(), 100.0 * op.participation(),
             op.rewards_gwei, op.penalties_gwei, op.messages_out);
  }
  return o + "</table>";
}

constexpr const char* kStyle =
    "body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#1a202c}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #cbd5e0;padding:3px 8px;"
    "text-align:right}th{background:#edf2f7}td:first-child{text-align:left}"
    ".ok{color:#276749;font-weight:bold}.bad{color:#c53030;font-weight:bold}"
    ".banner{font-size:1.3em;padding:.5em 1em;border-radius:6px}";

}  // namespace

std::string render_html(const SimReport& r) {
  const DutyCount t = r.total_duties();
  std::string o = "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>stakepool simulate report"
                  "</title><style>";
  o += kStyle;
  o += "</style></head><body>\n<h1>stakepool simulate</h1>\n";
  o += fmt("<p>%u operators, %u validators in %zu pools of %u (threshold %u), %u epochs, seed %" PRIu64
           ", network %s, faults: %s%s.</p>\n",
           r.operators, r.validators, r.pools.size(), r.pool_size, r.threshold, r.epochs, r.seed,
           esc(r.network).c_str(), esc(r.faults_spec.empty() ? "none" : r.faults_spec).c_str(),
           r.scenario.empty() ? "" : (" (scenario " + esc(r.scenario) + ")").c_str());
  o += fmt("<p class='banner %s'>Safety %s &mdash; %.2f%% of %" PRIu64 " duties succeeded</p>\n",
           r.safety.ok() ? "ok" : "bad", r.safety.ok() ? "OK" : "VIOLATED", rate(t), t.assigned);
  o += safety_table(r) + "\n" + duty_table(r) + "\n";
  o += "<h2>Plots</h2>\n" + success_chart(r) + latency_chart(r) + rounds_chart(r) + participation_chart(r);
  o += faults_table(r) + "\n" + operators_table(r) + "\n";
  o += fmt("<p>Network: %" PRIu64 " messages sent, %" PRIu64 " delivered, %" PRIu64
           " lost, %" PRIu64 " cut by partitions, %" PRIu64 " to or from crashed nodes. Chain: %" PRIu64
           " blocks, %" PRIu64 " signatures verified.</p>\n",
           r.net.sent, r.net.delivered, r.net.dropped_loss, r.net.dropped_partition, r.net.dropped_down,
           r.blocks, r.chain_signatures_verified);
  return o + "</body></html>\n";
}

}  // namespace stakepool::sim
