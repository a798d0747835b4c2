#include "stakepool/sim/config.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace stakepool::sim {

namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 4> kKinds{{
    {FaultKind::kCrash, "crash"},
    {FaultKind::kSlow, "slow"},
    {FaultKind::kPartition, "partition"},
    {FaultKind::kByzantine, "byzantine"},
}};

constexpr std::array<std::pair<Behaviour, std::string_view>, 6> kBehaviours{{
    {Behaviour::kNone, "none"},
    {Behaviour::kEquivocate, "equivocate"},
    {Behaviour::kInvalidPartial, "invalid-partial"},
    {Behaviour::kSlashable, "slashable"},
    {Behaviour::kWithhold, "withhold"},
    {Behaviour::kMix, "mix"},
}};

Error bad(std::string msg) { return make_error(Errc::kInvalidArgument, std::move(msg)); }

std::optional<uint64_t> parse_u64(std::string_view s) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Result<FaultCount> parse_count(std::string_view s, std::string_view entry) {
  if (s == "f") return FaultCount{FaultCount::Kind::kF, 0};
  if (s == "f+1") return FaultCount{FaultCount::Kind::kFPlusOne, 0};
  auto v = parse_u64(s);
  if (!v || *v == 0 || *v > 1024) {
    return bad("fault '" + std::string(entry) + "': COUNT '" + std::string(s) +
               "' is not a number in 1..1024, 'f' or 'f+1'");
  }
  return FaultCount{FaultCount::Kind::kNumber, static_cast<uint32_t>(*v)};
}

std::optional<WindowBound> parse_bound(std::string_view s) {
  WindowBound b;
  if (!s.empty() && s.back() == '%') {
    b.percent = true;
    s.remove_suffix(1);
  }
  auto v = parse_u64(s);
  if (!v || (b.percent && *v > 100)) return std::nullopt;
  b.value = *v;
  return b;
}

Status parse_window(std::string_view w, std::string_view entry, FaultSpec& out) {
  auto dash = w.find('-');
  auto from = parse_bound(w.substr(0, dash));
  auto until = dash == std::string_view::npos ? std::nullopt : parse_bound(w.substr(dash + 1));
  const bool same_unit = from && until && from->percent == until->percent;
  if (!same_unit || until->value <= from->value) {
    return bad("fault '" + std::string(entry) + "': window '@" + std::string(w) +
               "' is not FROM-UNTIL (slots, or percentages of the run) with FROM < UNTIL");
  }
  out.from = from;
  out.until = until;
  return {};
}

Result<FaultSpec> parse_entry(std::string_view entry) {
  FaultSpec f;
  std::string_view body = entry;
  if (auto at = entry.find('@'); at != std::string_view::npos) {
    body = entry.substr(0, at);
    SP_TRY(parse_window(entry.substr(at + 1), entry, f));
  }
  auto parts = split(body, ':');
  if (parts.size() < 2 || parts.size() > 3) {
    return bad("fault '" + std::string(entry) + "' is not KIND:COUNT[:BEHAVIOUR]");
  }
  auto kind = std::find_if(kKinds.begin(), kKinds.end(), [&](auto& k) { return k.second == parts[0]; });
  if (kind == kKinds.end()) {
    return bad("fault '" + std::string(entry) + "': unknown kind '" + std::string(parts[0]) +
               "' (known: crash, slow, partition, byzantine)");
  }
  f.kind = kind->first;
  auto count = parse_count(parts[1], entry);
  if (!count) return count.error();
  f.count = *count;
  if (parts.size() == 3) {
    auto b = std::find_if(kBehaviours.begin() + 1, kBehaviours.end(),
                          [&](auto& k) { return k.second == parts[2]; });
    if (b == kBehaviours.end()) {
      return bad("fault '" + std::string(entry) + "': unknown behaviour '" + std::string(parts[2]) +
                 "' (known: equivocate, invalid-partial, slashable, withhold, mix)");
    }
    if (f.kind != FaultKind::kByzantine) {
      return bad("fault '" + std::string(entry) + "': only byzantine takes a behaviour");
    }
    f.behaviour = b->first;
  } else if (f.kind == FaultKind::kByzantine) {
    return bad("fault '" + std::string(entry) +
               "': byzantine needs a behaviour (byzantine:COUNT:equivocate|invalid-partial|"
               "slashable|withhold|mix)");
  }
  return f;
}

}  // namespace

std::string_view fault_kind_name(FaultKind k) {
  for (auto& [kk, name] : kKinds) {
    if (kk == k) return name;
  }
  return "?";
}

std::string_view behaviour_name(Behaviour b) {
  for (auto& [bb, name] : kBehaviours) {
    if (bb == b) return name;
  }
  return "?";
}

uint32_t FaultCount::resolve(uint32_t pool_size) const {
  switch (kind) {
    case Kind::kF: return fault_tolerance(pool_size);
    case Kind::kFPlusOne: return fault_tolerance(pool_size) + 1;
    case Kind::kNumber: break;
  }
  return number;
}

std::string FaultCount::to_string() const {
  switch (kind) {
    case Kind::kF: return "f";
    case Kind::kFPlusOne: return "f+1";
    case Kind::kNumber: break;
  }
  return std::to_string(number);
}

std::string FaultSpec::to_string() const {
  std::string s = std::string(fault_kind_name(kind)) + ":" + count.to_string();
  if (behaviour != Behaviour::kNone) s += ":" + std::string(behaviour_name(behaviour));
  if (from) s += "@" + from->to_string() + "-" + until->to_string();
  return s;
}

std::pair<uint64_t, uint64_t> FaultSpec::window(uint64_t total_slots) const {
  if (from) return {from->resolve(total_slots), until->resolve(total_slots)};
  if (kind == FaultKind::kPartition) return {total_slots / 4, total_slots * 3 / 4};
  return {0, total_slots};
}

Result<std::vector<FaultSpec>> parse_fault_spec(std::string_view spec) {
  std::vector<FaultSpec> out;
  spec = trim(spec);
  if (spec.empty() || spec == "none") return out;
  for (std::string_view entry : split(spec, ',')) {
    entry = trim(entry);
    if (entry.empty()) return bad("fault spec '" + std::string(spec) + "' has an empty entry");
    auto f = parse_entry(entry);
    if (!f) return f.error();
    out.push_back(*f);
  }
  return out;
}

Result<NetworkProfile> network_profile(std::string_view name) {
  if (name == "lan") return NetworkProfile{"lan", LinkProfile{5, 5, 200, 0, 0}};
  if (name == "wan") return NetworkProfile{"wan", LinkProfile{40, 40, 2000, 0, 0}};
  if (name == "lossy") return NetworkProfile{"lossy", LinkProfile{40, 40, 2000, 20000, 10000}};
  return bad("unknown network profile '" + std::string(name) + "' (known: lan, wan, lossy)");
}

uint32_t default_threshold(uint32_t pool_size) {
  const uint32_t f = fault_tolerance(pool_size);
  return (pool_size + f + 2) / 2;
}

uint32_t SimConfig::effective_threshold() const {
  return threshold == 0 ? default_threshold(pool_size) : threshold;
}

uint32_t SimConfig::pools() const { return pool_size == 0 ? 0 : operators / pool_size; }

uint64_t SimConfig::total_slots() const {
  const uint64_t all = uint64_t{epochs} * 32;
  return slots_for_testing != 0 && slots_for_testing < all ? slots_for_testing : all;
}

Status validate(const SimConfig& cfg) {
  if (cfg.pool_size < 1 || cfg.pool_size > 64) return bad("--pool-size must be in 1..64");
  if (cfg.operators < cfg.pool_size || cfg.operators > 4096) {
    return bad("--operators must be at least --pool-size (" + std::to_string(cfg.pool_size) +
               ") and at most 4096");
  }
  if (cfg.validators < 1 || cfg.validators > 100000) return bad("--validators must be in 1..100000");
  if (cfg.chain_validators > (1u << 20)) return bad("--chain-validators must be at most 1048576");
  if (cfg.epochs < 1 || cfg.epochs > 1024) return bad("--epochs must be in 1..1024");
  const uint32_t t = cfg.effective_threshold();
  if (t < 1 || t > cfg.pool_size) {
    return bad("--threshold " + std::to_string(t) + " must be in 1..--pool-size (" +
               std::to_string(cfg.pool_size) + ")");
  }
  uint32_t faulty = 0;
  std::string sum;
  for (const FaultSpec& f : cfg.faults) {
    const uint32_t c = f.count.resolve(cfg.pool_size);
    faulty += c;
    sum += (sum.empty() ? "" : " + ") + std::to_string(c) + " " + std::string(fault_kind_name(f.kind));
    if (f.until && f.until->resolve(cfg.total_slots()) > cfg.total_slots()) {
      return bad("fault '" + f.to_string() + "': window ends after the last slot (" +
                 std::to_string(cfg.total_slots()) + ")");
    }
  }
  if (faulty > cfg.pool_size) {
    return bad("faults: " + sum + " = " + std::to_string(faulty) +
               " faulty operators per committee, but committees have only " +
               std::to_string(cfg.pool_size) + " members");
  }
  return {};
}

}  // namespace stakepool::sim
