#include "stakepool/sim/pools.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/threshold/local_ceremony.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::sim {

namespace th = threshold;

namespace {

// shuffle: Fisher–Yates with the simulation's deterministic stream.
template <typename T>
void shuffle(std::vector<T>& v, util::Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    std::swap(v[i - 1], v[rng.uniform(i)]);
  }
}

std::vector<uint32_t> iota(uint32_t n) {
  std::vector<uint32_t> v(n);
  for (uint32_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

Behaviour mix_behaviour(std::size_t k) {
  constexpr Behaviour kCycle[] = {Behaviour::kEquivocate, Behaviour::kInvalidPartial,
                                  Behaviour::kSlashable, Behaviour::kWithhold};
  return kCycle[k % 4];
}

// place_faults gives each fault entry COUNT healthy members of every pool, drawn at random.
void place_faults(const SimConfig& cfg, Assignment& a, util::Rng& rng) {
  std::size_t mixed = 0;
  for (const Pool& p : a.pools) {
    std::vector<OperatorId> order = p.members;
    shuffle(order, rng);
    std::size_t next = 0;
    for (const FaultSpec& f : cfg.faults) {
      const auto [from, until] = f.window(cfg.total_slots());
      for (uint32_t c = 0; c < f.count.resolve(cfg.pool_size) && next < order.size(); ++c) {
        OperatorFault of{f.kind, f.behaviour, from, until, f.to_string()};
        if (of.behaviour == Behaviour::kMix) of.behaviour = mix_behaviour(mixed++);
        a.fault[order[next++]] = of;
      }
    }
  }
}

}  // namespace

Assignment assign_pools(const SimConfig& cfg) {
  util::DeterministicRng rng(cfg.seed, "sim-pools");
  Assignment a;
  a.pool_of.assign(cfg.operators, std::nullopt);
  a.fault.assign(cfg.operators, std::nullopt);
  std::vector<uint32_t> ops = iota(cfg.operators);
  shuffle(ops, rng);
  for (uint32_t p = 0; p < cfg.pools(); ++p) {
    Pool pool{p, {}, {}};
    for (uint32_t i = 0; i < cfg.pool_size; ++i) {
      const OperatorId op = ops[p * cfg.pool_size + i];
      pool.members.push_back(op);
      a.pool_of[op] = p;
    }
    a.pools.push_back(std::move(pool));
  }
  std::vector<uint32_t> vals = iota(cfg.validators);
  shuffle(vals, rng);
  for (std::size_t i = 0; i < vals.size(); ++i) a.pools[i % a.pools.size()].validators.push_back(vals[i]);
  for (Pool& p : a.pools) std::sort(p.validators.begin(), p.validators.end());
  util::DeterministicRng fault_rng(cfg.seed, "sim-faults");
  place_faults(cfg, a, fault_rng);
  return a;
}

std::vector<th::LocalOperator> operator_identities(const SimConfig& cfg) {
  util::DeterministicRng rng(cfg.seed, "sim-operator-keys");
  return th::make_operators(cfg.operators, rng);
}

namespace {

th::LocalOperator copy_identity(const th::LocalOperator& op) {
  return th::LocalOperator{util::Ed25519SecretKey::from_seed(op.sign.seed().expose()), op.enc.clone()};
}

uint64_t dkg_seed(uint64_t seed, uint32_t ordinal) {
  util::DeterministicRng rng(seed, "sim-dkg-" + std::to_string(ordinal));
  return rng.next_u64();
}

// kKeysPerCeremony: validators of one pool created by one multi-secret DKG (a constant, so the
// keys do not depend on the thread count).
constexpr std::size_t kKeysPerCeremony = 128;

// DkgJob: one multi-secret ceremony of a pool for the validators `ordinals`.
struct DkgJob {
  uint32_t pool = 0;
  std::vector<uint32_t> ordinals;
};

Error dkg_error(const DkgJob& job, const std::string& why) {
  return make_error(Errc::kInternal, "DKG of validators " + std::to_string(job.ordinals.front()) +
                                         ".." + std::to_string(job.ordinals.back()) + " (pool " +
                                         std::to_string(job.pool) + ") failed: " + why);
}

// pool_dkg creates the validators of `job` with one multi-secret DKG among the pool's members
// (threshold::run_local_dkg_multi: K independent keys). The ceremony's message count goes to
// its first validator.
Result<std::vector<DistributedValidator>> pool_dkg(const SimConfig& cfg, const Pool& pool,
                                                   const DkgJob& job,
                                                   const std::vector<th::LocalOperator>& all) {
  std::vector<th::LocalOperator> members;
  for (OperatorId op : pool.members) members.push_back(copy_identity(all[op]));
  const auto n = static_cast<uint32_t>(pool.members.size());
  const auto k = static_cast<uint32_t>(job.ordinals.size());
  th::LocalOutcome out = th::run_local_dkg_multi(n, cfg.effective_threshold(), k,
                                                 dkg_seed(cfg.seed, job.ordinals.front()), {},
                                                 members);
  if (!out.ok || !out.result) return dkg_error(job, out.failure);
  std::vector<th::LocalKey> keys = th::take_keys(out);
  if (keys.size() != k) return dkg_error(job, "expected " + std::to_string(k) + " keys");
  std::vector<DistributedValidator> dvs;
  for (uint32_t j = 0; j < k; ++j) {
    th::LocalKey& key = keys[j];
    if (key.shares.size() != n || key.share_pubkeys.size() != n) {
      return dkg_error(job, "missing shares");
    }
    DistributedValidator dv;
    dv.ordinal = job.ordinals[j];
    dv.pool = pool.id;
    dv.group_key = th::g1_to_bytes(key.pub.coeffs[0]);
    for (uint32_t i = 0; i < n; ++i) {
      // The DKG checked every commitment (on the curve, in G1), so share keys derived from them
      // are in G1 too; from_point still refuses the identity.
      auto pk = crypto::bls::PublicKey::from_point_unchecked_subgroup(
          crypto::to_affine(key.share_pubkeys[i]));
      if (!pk) return dkg_error(job, "share key " + std::to_string(i + 1) + " is the identity");
      dv.share_keys.push_back({*th::ShareIndex::make(i + 1), *pk});
      auto& s = key.shares.at(i + 1);
      dv.shares.push_back(th::SecretShare{s.index, s.value.clone()});
    }
    dv.dkg_messages = j == 0 ? out.messages : 0;
    dvs.push_back(std::move(dv));
  }
  return dvs;
}

}  // namespace

Result<std::vector<DistributedValidator>> create_validators(const SimConfig& cfg, const Assignment& a,
                                                            const std::vector<th::LocalOperator>& ops,
                                                            unsigned threads) {
  std::vector<DkgJob> jobs;
  for (const Pool& p : a.pools) {
    for (std::size_t i = 0; i < p.validators.size(); i += kKeysPerCeremony) {
      const std::size_t end = std::min(p.validators.size(), i + kKeysPerCeremony);
      jobs.push_back(DkgJob{p.id, {p.validators.begin() + static_cast<long>(i),
                                   p.validators.begin() + static_cast<long>(end)}});
    }
  }
  std::vector<std::optional<Result<std::vector<DistributedValidator>>>> out(jobs.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      out[i] = pool_dkg(cfg, a.pools[jobs[i].pool], jobs[i], ops);
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<DistributedValidator> dvs(cfg.validators);
  for (auto& r : out) {
    if (!r->has_value()) return r->error();
    for (DistributedValidator& dv : r->value()) dvs[dv.ordinal] = std::move(dv);
  }
  return dvs;
}

}  // namespace stakepool::sim
