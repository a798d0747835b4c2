// `stakepool dkg`: run a distributed key generation or a resharing locally (every member in one
// process, deterministic from --seed, with injected faults), write and verify ceremony records.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "ceremony_json.hpp"
#include "commands.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/threshold/signing.hpp"
#include "stakepool/util/fs.hpp"

namespace stakepool::cli {
namespace {

namespace th = threshold;
namespace bls = crypto::bls;

// parse_faults: "2:bad-share,5:silent" → {2: kBadShare, 5: kSilent}; indices in 1..n, distinct.
std::map<uint32_t, th::FaultKind> parse_faults(const std::string& spec, uint32_t n) {
  std::map<uint32_t, th::FaultKind> out;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    auto colon = item.find(':');
    if (colon == std::string::npos) throw CliError("--faulty: '" + item + "' is not INDEX:KIND");
    uint32_t idx = 0;
    try {
      idx = static_cast<uint32_t>(std::stoul(item.substr(0, colon)));
    } catch (const std::exception&) {
      throw CliError("--faulty: '" + item.substr(0, colon) + "' is not a member index");
    }
    if (idx < 1 || idx > n) throw CliError("--faulty: member " + std::to_string(idx) + " is not in 1.." + std::to_string(n));
    auto kind = th::parse_fault(item.substr(colon + 1));
    if (!kind) {
      throw CliError("--faulty: unknown fault '" + item.substr(colon + 1) +
                     "' (bad-share, silent, equivocate, bad-justification, wrong-constant, torsion)");
    }
    if (!out.emplace(idx, *kind).second) throw CliError("--faulty: member " + std::to_string(idx) + " listed twice");
  }
  return out;
}

std::string join(const std::vector<uint32_t>& v) {
  std::string s;
  for (uint32_t x : v) s += (s.empty() ? "" : ",") + std::to_string(x);
  return s;
}

std::string g1_hex(const th::G1& p) { return util::to_hex0x(th::g1_to_bytes(p)); }

std::vector<th::SharePublicKey> share_keys(const th::CeremonyResult& r) {
  std::vector<th::SharePublicKey> keys;
  for (std::size_t i = 0; i < r.share_pubkeys.size(); ++i) {
    auto pk = bls::PublicKey::parse(th::g1_to_bytes(r.share_pubkeys[i]));
    if (pk) keys.push_back({*th::ShareIndex::make(i + 1), *pk});
  }
  return keys;
}

// threshold_sign signs `text` with the first t of `shares` and combines; returns whether the
// result verifies under `group`.
bool threshold_sign(const std::map<uint32_t, th::SecretShare>& shares, const std::vector<th::SharePublicKey>& keys,
                    const th::G1& group, std::size_t t, const std::string& text, uint64_t seed) {
  std::span<const uint8_t> msg(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::vector<th::Partial> partials;
  for (const auto& [idx, s] : shares) {
    if (partials.size() == t) break;
    auto sig = th::partial_sign(s, msg);
    if (sig) partials.push_back({s.index, *sig});
  }
  auto gk = bls::PublicKey::parse(th::g1_to_bytes(group));
  if (!gk || partials.size() < t) return false;
  util::DeterministicRng rng(seed, "combine");
  bls::Signature out = bls::Signature::from_point_unchecked_subgroup({});
  return th::combine_verified(partials, keys, *gk, msg, t, rng, out) == th::ThresholdError::kOk;
}

void write_record(const std::string& path, const th::LocalOutcome& out) {
  if (path.empty() || !out.record) return;
  auto st = util::write_text_file_atomic(path, record_to_json(*out.record).dump(2) + "\n");
  if (!st) throw CliError(st.error().message);
  std::printf("record written to %s\n", path.c_str());
}

void print_outcome(const th::LocalOutcome& out) {
  for (const auto& [d, why] : out.result->disqualified) std::printf("  dealer %u excluded: %s\n", d, why.c_str());
  std::printf("QUAL: {%s}\n", join(out.result->qual).c_str());
  std::printf("group public key: %s\n", g1_hex(out.result->pub.coeffs[0]).c_str());
  std::printf("messages delivered: %zu\n", out.messages);
}

struct DkgOptions {
  uint32_t n = 7, t = 5;
  uint64_t seed = 1;
  uint32_t keys = 1;  // K independent keys from one multi-secret ceremony
  std::string faulty, record;
};

void run_dkg(const DkgOptions& o) {
  if (o.t < 1 || o.t > o.n) throw CliError("--t must be between 1 and --n");
  auto faults = parse_faults(o.faulty, o.n);
  util::DeterministicRng rng(o.seed, "dkg-operators");
  auto ops = th::make_operators(o.n, rng);
  std::printf("DKG: %u members, threshold %u, seed %llu, %zu faulty\n", o.n, o.t,
              static_cast<unsigned long long>(o.seed), faults.size());
  auto out = th::run_local_dkg({o.n, o.t, o.seed, faults, o.keys}, ops);
  if (!out.ok) throw CliError("DKG failed: " + out.failure);
  print_outcome(out);
  if (o.keys > 1) {
    std::printf("keys dealt: %u (group public keys 2..%u:", o.keys, o.keys);
    for (const auto& k : out.result->more) std::printf(" %s", g1_hex(k.pub.coeffs[0]).substr(0, 18).c_str());
    std::printf(")\n");
  }
  write_record(o.record, out);
  if (out.shares.size() < o.t) {
    // More than n − t faulty members: the honest ones alone cannot sign (the faulty ones that
    // stayed in QUAL hold shares too, but this check uses honest members only).
    std::printf("threshold signature check skipped: only %zu honest members hold shares, threshold %u\n",
                out.shares.size(), o.t);
    return;
  }
  bool ok = threshold_sign(out.shares, share_keys(*out.result), out.result->pub.coeffs[0], o.t,
                           "stakepool dkg check", o.seed);
  std::printf("threshold signature by %u honest members verifies under the group key: %s\n", o.t, ok ? "yes" : "NO");
  if (!ok) throw CliError("the threshold signature check failed");
}


struct ReshareOptions {
  std::string from = "7/5", to = "10/7", faulty, record;
  uint32_t overlap = 0;
  uint64_t seed = 1;
};

std::pair<uint32_t, uint32_t> parse_nt(const std::string& s, const char* flag) {
  auto slash = s.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument(s);
    auto n = static_cast<uint32_t>(std::stoul(s.substr(0, slash)));
    auto t = static_cast<uint32_t>(std::stoul(s.substr(slash + 1)));
    if (t < 1 || t > n || n > 1024) throw std::invalid_argument(s);
    return {n, t};
  } catch (const std::exception&) {
    throw CliError(std::string(flag) + ": '" + s + "' is not N/T with 1 <= T <= N <= 1024");
  }
}

// below_threshold_fails: t−1 old shares — the excluded dealers' first, as they are the ones
// trying — combined as if they were enough, do not give a signature under the group key.
bool below_threshold_fails(const std::map<uint32_t, th::SecretShare>& old, const th::CeremonyResult& res,
                           uint32_t old_t, const th::G1& group) {
  std::map<uint32_t, th::SecretShare> pick;
  auto take = [&](uint32_t idx) {
    if (pick.size() + 1 < old_t && old.count(idx) && !pick.count(idx)) {
      pick.emplace(idx, th::SecretShare{old.at(idx).index, old.at(idx).value.clone()});
    }
  };
  for (const auto& [d, why] : res.disqualified) take(d);
  for (const auto& [idx, s] : old) take(idx);
  if (pick.empty()) return true;  // t = 1: no proper subset can sign
  std::string text = "stakepool reshare check";
  std::span<const uint8_t> msg(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::vector<th::Partial> parts;
  for (const auto& [idx, s] : pick) parts.push_back({s.index, *th::partial_sign(s, msg)});
  bls::Signature sig = bls::Signature::from_point_unchecked_subgroup({});
  if (th::combine(parts, parts.size(), sig) != th::ThresholdError::kOk) return true;
  auto gk = bls::PublicKey::parse(th::g1_to_bytes(group));
  return !bls::verify(*gk, msg, sig);
}

void run_reshare(const ReshareOptions& o) {
  auto [n, t] = parse_nt(o.from, "--from");
  auto [n2, t2] = parse_nt(o.to, "--to");
  if (o.overlap > std::min(n, n2)) throw CliError("--overlap cannot exceed the smaller committee");
  auto faults = parse_faults(o.faulty, n);
  util::DeterministicRng rng(o.seed, "dkg-operators");
  auto ops = th::make_operators(n + n2 - o.overlap, rng);
  std::printf("DKG: %u members, threshold %u\n", n, t);
  auto dkg = th::run_local_dkg({n, t, o.seed, {}}, ops);
  if (!dkg.ok) throw CliError("initial DKG failed: " + dkg.failure);
  const th::G1 group = dkg.result->pub.coeffs[0];
  std::printf("group public key: %s\n", g1_hex(group).c_str());
  std::map<uint32_t, th::SecretShare> old_copy;  // kept only to demonstrate (c) below
  for (const auto& [idx, s] : dkg.shares) old_copy.emplace(idx, th::SecretShare{s.index, s.value.clone()});
  th::LocalReshareParams p;
  p.old_t = t;
  p.new_n = n2;
  p.new_t = t2;
  p.seed = o.seed + 1;
  p.faults = faults;
  for (std::size_t i = 0; i < n; ++i) p.old_members.push_back(i);
  for (std::size_t k = 0; k < n2; ++k) p.new_members.push_back(n - o.overlap + k);
  std::printf("reshare: %u/%u -> %u/%u, %u members in both sets, %zu faulty old holders\n", n, t, n2, t2, o.overlap,
              faults.size());
  auto out = th::run_local_reshare(p, ops, *dkg.result, dkg.shares);
  if (!out.ok) throw CliError("resharing failed: " + out.failure);
  print_outcome(out);
  bool same = crypto::eq(out.result->pub.coeffs[0], group);
  bool signs = threshold_sign(out.shares, share_keys(*out.result), group, t2, "stakepool reshare", o.seed);
  bool below = below_threshold_fails(old_copy, *out.result, t, group);
  std::printf("(a) group public key unchanged: %s\n", same ? "yes" : "NO");
  std::printf("(b) %u new shares produce a signature that verifies under it: %s\n", t2, signs ? "yes" : "NO");
  std::printf("(c) %u old shares (excluded dealers' first) cannot sign for it: %s\n", t - 1, below ? "yes" : "NO");
  std::printf("old holders' signed erasure statements: %zu of %u\n", out.erasures.size(), n);
  write_record(o.record, out);
  if (!same || !signs || !below) throw CliError("a resharing check failed");
}

}  // namespace

void register_dkg_reshare(CLI::App* dkg) {
  auto* cmd = dkg->add_subcommand("reshare", "Run a DKG, then reshare its key to a new committee locally");
  auto o = std::make_shared<ReshareOptions>();
  cmd->add_option("--from", o->from, "Old committee N/T");
  cmd->add_option("--to", o->to, "New committee N/T");
  cmd->add_option("--overlap", o->overlap, "Members in both committees");
  cmd->add_option("--seed", o->seed, "Seed");
  cmd->add_option("--faulty", o->faulty, "Faulty OLD holders, e.g. 2:wrong-constant,3:silent");
  cmd->add_option("--record", o->record, "Write the resharing record (JSON) to this file");
  cmd->callback([o] { run_reshare(*o); });
}

void register_dkg(CLI::App& app) {
  auto* cmd = app.add_subcommand("dkg", "Run a distributed key generation locally (all members in one process)");
  auto o = std::make_shared<DkgOptions>();
  cmd->add_option("--n", o->n, "Number of members")->check(CLI::Range(1u, 1024u));
  cmd->add_option("--t", o->t, "Threshold");
  cmd->add_option("--seed", o->seed, "Seed for keys, polynomials and nonces");
  cmd->add_option("--faulty", o->faulty, "Faulty members, e.g. 2:bad-share,5:silent,6:equivocate");
  cmd->add_option("--keys", o->keys, "Independent keys dealt by one multi-secret ceremony")
      ->check(CLI::Range(1u, th::kMaxSecrets));
  cmd->add_option("--record", o->record, "Write the ceremony record (JSON) to this file");
  cmd->require_subcommand(0, 1);
  auto* verify = cmd->add_subcommand("verify", "Verify a ceremony record by replaying its transcript");
  auto file = std::make_shared<std::string>();
  verify->add_option("FILE", *file, "Record written by `stakepool dkg --record`")->required();
  verify->callback([file] {
    auto text = util::read_text_file(*file);
    if (!text) throw CliError(text.error().message);
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded()) throw CliError(*file + ": not valid JSON");
    auto r = record_from_json(j);
    auto st = th::verify_record(r);
    if (!st) throw CliError(*file + ": " + st.error().message);
    const std::string kind = std::string(r.config.reshare ? "reshare" : "dkg") +
                             (r.config.secrets > 1 ? ", " + std::to_string(r.config.secrets) + " keys" : "");
    std::printf("record OK: %s, QUAL {%s}, group public key %s, %zu messages, %zu confirmations, %zu erasures\n",
                kind.c_str(), join(r.qual).c_str(), g1_hex(r.pub.coeffs[0]).c_str(),
                r.transcript.size(), r.finalizes.size(), r.erasures.size());
  });
  register_dkg_reshare(cmd);
  cmd->callback([cmd, o] {
    if (cmd->get_subcommands().empty()) run_dkg(*o);
  });
}

}  // namespace stakepool::cli
