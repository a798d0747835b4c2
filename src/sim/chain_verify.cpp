// SimChain signature verification and the bookkeeping of accepted and refused submissions.
//
// Verification is batched per submission call. Most signatures in a call share their message
// (a committee signs one AttestationData, a sync committee one block root), so sets are grouped by
// signing root first: a group {(pk_i, m, sig_i)} becomes the single set
// (sum r_i pk_i, m, sum r_i sig_i) with random non-zero 64-bit r_i — one hash-to-G2 and one
// pairing for the whole group, sound for the same reason as batch_verify's randomisation. The
// combined sets then go through bls::batch_verify. When a batch fails, each group is checked
// alone, and the members of a failing group one by one, to pin down the culprits.
//
// A signature already verified (same key, root and bytes) is not verified again: every member of
// a pool submits the same signed messages.
//
// Large calls are split over cfg.verify_threads workers (groups, and halves of big groups), each
// with its own DeterministicRng keyed by SHA-256(salt || worker || the keys, roots and signatures
// it checks), the salt drawn once from the chain's rng: which signatures are valid does not
// depend on the split, the scheduling or the order of calls.
//
// The windowed simulation verifies a window's submissions ahead (preverify), in parallel, before
// they reach the chain one by one; only valid signatures are kept, and a submission carrying one
// counts it as verified, so every outcome and count is the same as verifying it then.
#include <map>
#include <set>
#include <string_view>
#include <thread>

#include "chain_state.hpp"
#include "stakepool/crypto/msm.hpp"
#include "stakepool/crypto/sha256.hpp"

namespace stakepool::sim {
namespace {

constexpr std::size_t kMinPerThread = 8;  // smaller calls stay on the calling thread

// Unit: signatures sharing one signing root, as indices into the caller's checks.
struct Unit {
  Root msg{};
  std::vector<std::size_t> members;
};

// combine builds (sum r_i pk_i, msg, sum r_i sig_i) over the members whose signature parsed;
// nullopt when there are none or the key sum is the identity (then members are checked alone).
std::optional<bls::SignatureSet> combine(const std::vector<SigCheck>& checks, const Unit& u,
                                         util::Rng& rng) {
  std::vector<crypto::G1Affine> pks;
  std::vector<crypto::G2Affine> sigs;
  std::vector<crypto::Scalar> r;
  for (std::size_t i : u.members) {
    if (!checks[i].sig) continue;
    pks.push_back(checks[i].pk->point());
    sigs.push_back(checks[i].sig->point());
    uint64_t x = 0;
    while (x == 0) x = rng.next_u64();
    r.push_back(crypto::Scalar{x, 0, 0, 0});
  }
  if (pks.empty()) return std::nullopt;
  if (pks.size() == 1) {
    const SigCheck* c = nullptr;
    for (std::size_t i : u.members) {
      if (checks[i].sig) c = &checks[i];
    }
    return bls::SignatureSet{*c->pk, u.msg, *c->sig};
  }
  auto pk = bls::PublicKey::from_point_unchecked_subgroup(
      crypto::to_affine(crypto::msm_vartime(std::span<const crypto::G1Affine>(pks), r)));
  if (!pk) return std::nullopt;
  const auto sig = bls::Signature::from_point_unchecked_subgroup(
      crypto::to_affine(crypto::msm_vartime(std::span<const crypto::G2Affine>(sigs), r)));
  return bls::SignatureSet{*pk, u.msg, sig};
}

bool verify_set(const bls::SignatureSet& s) { return bls::verify(s.pk, s.msg, s.sig); }

// cache_key: SHA-256(pk || signing root || signature bytes).
eth::Bytes32 cache_key(const SigCheck& c) {
  crypto::Sha256 h;
  h.update(c.pk->to_bytes());
  h.update(c.msg);
  h.update(c.raw);
  return h.finish();
}

void mark_parsed(const std::vector<SigCheck>& checks, const Unit& u, std::vector<uint8_t>& ok) {
  for (std::size_t i : u.members) ok[i] = checks[i].sig ? 1 : 0;
}

// run_worker parses and verifies its units, writing ok[i] for their members only.
void run_worker(std::vector<SigCheck>& checks, const std::vector<const Unit*>& units,
                util::Rng& rng, bool batch, std::vector<uint8_t>& ok) {
  for (const Unit* u : units) {
    for (std::size_t i : u->members) {
      auto s = bls::Signature::parse(checks[i].raw);
      if (s) checks[i].sig = *s;
    }
  }
  std::vector<std::optional<bls::SignatureSet>> combined(units.size());
  if (batch) {
    std::vector<bls::SignatureSet> sets;
    bool all = true;
    for (std::size_t k = 0; k < units.size(); ++k) {
      combined[k] = combine(checks, *units[k], rng);
      if (combined[k]) sets.push_back(*combined[k]);
      all = all && (combined[k].has_value() ||
                    std::none_of(units[k]->members.begin(), units[k]->members.end(),
                                 [&](std::size_t i) { return checks[i].sig.has_value(); }));
    }
    const bool good = all && !sets.empty() &&
                      (sets.size() == 1 ? verify_set(sets[0]) : bls::batch_verify(sets, rng));
    if (good) {
      for (const Unit* u : units) mark_parsed(checks, *u, ok);
      return;
    }
  }
  for (std::size_t k = 0; k < units.size(); ++k) {
    const Unit& u = *units[k];
    if (combined[k] && u.members.size() > 1 && verify_set(*combined[k])) {
      mark_parsed(checks, u, ok);
      continue;
    }
    for (std::size_t i : u.members) {
      ok[i] = checks[i].sig && bls::verify(*checks[i].pk, checks[i].msg, *checks[i].sig) ? 1 : 0;
    }
  }
}

// hash_units feeds the keys, roots and signatures of `units` to h (batch weights depend on them).
void hash_units(crypto::Sha256& h, const std::vector<SigCheck>& checks,
                const std::vector<const Unit*>& units) {
  for (const Unit* u : units) {
    for (std::size_t i : u->members) {
      if (checks[i].pk) h.update(checks[i].pk->to_bytes());
      h.update(checks[i].msg);
      h.update(checks[i].raw);
    }
  }
}

// unit_key: the seed of one unit's batch weights, SHA-256(salt || tag || its content).
eth::Bytes32 unit_key(std::span<const uint8_t, 32> salt, std::string_view tag,
                      const std::vector<SigCheck>& checks, const Unit& u) {
  crypto::Sha256 h;
  h.update(salt);
  h.update(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(tag.data()), tag.size()));
  hash_units(h, checks, {&u});
  return h.finish();
}

// make_units groups by signing root and splits big groups so `workers` threads share the load.
std::vector<Unit> make_units(const std::vector<SigCheck>& checks,
                             const std::vector<std::size_t>& todo, std::size_t workers,
                             std::size_t& counted) {
  std::map<Root, std::vector<std::size_t>> by_msg;
  for (std::size_t i : todo) {
    by_msg[checks[i].msg].push_back(i);
    ++counted;
  }
  std::vector<Unit> units;
  for (auto& [msg, members] : by_msg) {
    const std::size_t parts = members.size() >= workers * kMinPerThread ? workers : 1;
    for (std::size_t p = 0; p < parts; ++p) {
      Unit u{msg, {}};
      for (std::size_t k = p; k < members.size(); k += parts) u.members.push_back(members[k]);
      units.push_back(std::move(u));
    }
  }
  return units;
}

}  // namespace

std::vector<uint8_t> SimChain::State::verify(std::vector<SigCheck>& checks) {
  std::vector<uint8_t> ok(checks.size(), 0);
  // Copies of signatures verified before are taken from the cache (and not checked again).
  std::vector<eth::Bytes32> keys(checks.size());
  std::vector<std::size_t> todo, ahead;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].pk) continue;
    keys[i] = cache_key(checks[i]);
    const bls::Signature* hit = nullptr;
    for (const auto& gen : sig_cache) {
      if (auto it = gen.find(keys[i]); it != gen.end()) hit = &it->second;
    }
    if (hit) {
      checks[i].sig = *hit;
      ok[i] = 1;
      ++stats.signatures_cached;
    } else if (auto a = preverified.find(keys[i]); a != preverified.end()) {
      checks[i].sig = a->second;  // verified ahead: counted as verified here
      ok[i] = 1;
      ++stats.signatures_verified;
      ahead.push_back(i);
    } else {
      todo.push_back(i);
    }
  }
  verify_uncached(checks, todo, ok);
  todo.insert(todo.end(), ahead.begin(), ahead.end());
  for (std::size_t i : todo) {
    if (ok[i]) sig_cache[0].emplace(keys[i], *checks[i].sig);
  }
  return ok;
}

void SimChain::State::preverify(std::vector<SigCheck>& checks, const SimChain::ParallelFor& par) {
  std::vector<std::size_t> todo;
  std::vector<eth::Bytes32> keys(checks.size());
  std::set<eth::Bytes32> seen;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].pk) continue;
    keys[i] = cache_key(checks[i]);
    const bool done = sig_cache[0].count(keys[i]) || sig_cache[1].count(keys[i]) ||
                      preverified.count(keys[i]);
    if (!done && seen.insert(keys[i]).second) todo.push_back(i);
  }
  std::size_t counted = 0;
  const std::vector<Unit> units = make_units(checks, todo, 1, counted);
  std::vector<uint8_t> ok(checks.size(), 0);
  if (cfg.batch_verify) stats.batches += units.size();
  par(units.size(), [&](std::size_t k) {
    // Weights from the salt and the unit's own content: the same whatever thread runs it.
    const eth::Bytes32 key = unit_key(verify_salt, "ahead", checks, units[k]);
    util::DeterministicRng rng{std::span<const uint8_t, 32>(key)};
    run_worker(checks, {&units[k]}, rng, cfg.batch_verify, ok);
  });
  for (std::size_t i : todo) {
    if (ok[i]) preverified.emplace(keys[i], *checks[i].sig);
  }
}

void SimChain::State::verify_uncached(std::vector<SigCheck>& checks,
                                      const std::vector<std::size_t>& todo,
                                      std::vector<uint8_t>& ok) {
  std::size_t counted = 0;
  const std::size_t want = std::max<std::size_t>(1, cfg.verify_threads);
  std::vector<Unit> units = make_units(checks, todo, want, counted);
  stats.signatures_verified += counted;
  if (units.empty()) return;
  const std::size_t workers = counted >= want * kMinPerThread ? std::min(want, units.size()) : 1;
  // Deterministic assignment: each unit to the least-loaded worker, in order.
  std::vector<std::vector<const Unit*>> plan(workers);
  std::vector<std::size_t> load(workers, 0);
  for (const Unit& u : units) {
    const std::size_t w =
        static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    plan[w].push_back(&u);
    load[w] += u.members.size();
  }
  std::vector<util::DeterministicRng> rngs;
  for (std::size_t w = 0; w < workers; ++w) {
    const std::array<uint8_t, 1> index{static_cast<uint8_t>(w)};
    crypto::Sha256 h;
    h.update(verify_salt);
    h.update(index);
    hash_units(h, checks, plan[w]);
    const eth::Bytes32 key = h.finish();
    rngs.emplace_back(std::span<const uint8_t, 32>(key));
  }
  if (cfg.batch_verify) stats.batches += workers;
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] { run_worker(checks, plan[w], rngs[w], cfg.batch_verify, ok); });
  }
  run_worker(checks, plan[0], rngs[0], cfg.batch_verify, ok);
  for (auto& t : threads) t.join();
}

void SimChain::preverify(std::vector<SigCheck> checks, const ParallelFor& par) {
  st_->preverify(checks, par);
}

void SimChain::forget_preverified() { st_->preverified.clear(); }

bool SimChain::State::verify_one(SigCheck check) {
  std::vector<SigCheck> one{std::move(check)};
  return verify(one)[0] != 0;
}

std::optional<bls::PublicKey> SimChain::State::aggregate_pks(
    std::span<const ValidatorIndex> vs) const {
  std::vector<bls::PublicKey> pks;
  pks.reserve(vs.size());
  for (ValidatorIndex v : vs) {
    if (!val(v).pk) return std::nullopt;  // a background validator: it never signs
    pks.push_back(*val(v).pk);
  }
  auto agg = bls::aggregate_pubkeys(pks);
  if (!agg) return std::nullopt;
  return *agg;
}

void SimChain::State::count_invalid(DutyType t, ValidatorIndex v, Slot s, std::string what) {
  ++stats.invalid_signatures;
  stats.invalid.push_back(InvalidSignatureRecord{t, v, s, now_ms(), std::move(what)});
  if (known(v) && eth::u64(s) >= eth::u64(start_slot())) ++rec(v, epoch_of(s)).invalid_signatures;
}

void SimChain::State::accept(DutyType t, Slot s) {
  ++stats.accepted[static_cast<std::size_t>(t)];
  latencies[static_cast<std::size_t>(t)].push_back(since_slot_start(s));
}

std::string fail_summary(std::size_t failed, std::size_t total, const std::string& first) {
  return std::to_string(failed) + " of " + std::to_string(total) + " rejected; first: " + first;
}

Status batch_status(const std::vector<std::string>& errors, std::size_t total, Errc code) {
  if (errors.empty()) return ok_status();
  return make_error(code, fail_summary(errors.size(), total, errors.front()));
}

}  // namespace stakepool::sim
