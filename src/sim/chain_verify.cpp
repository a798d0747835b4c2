// SimChain signature verification and the bookkeeping of accepted and refused submissions.
//
// Verification is batched per submission call. Most signatures in a call share their message
// (a committee signs one AttestationData, a sync committee one block root), so sets are grouped by
// signing root first: a group {(pk_i, m, sig_i)} becomes the single set
// (sum r_i pk_i, m, sum r_i sig_i) with random non-zero 64-bit r_i — one hash-to-G2 and one
// pairing for the whole group, sound for the same reason as batch_verify's randomisation. The
// combined sets then go through bls::batch_verify. When a batch fails, each group is checked
// alone, and the members of a failing group one by one, to pin down the culprits.
#include <map>

#include "chain_state.hpp"
#include "stakepool/crypto/msm.hpp"

namespace stakepool::sim {
namespace {

// Group: the sets sharing one signing root, as indices into the caller's checks.
struct Group {
  Root msg{};
  std::vector<std::size_t> members;
  std::optional<bls::SignatureSet> combined;
};

// combine builds (sum r_i pk_i, msg, sum r_i sig_i); nullopt when the key sum is the identity
// (then the members are checked one by one).
std::optional<bls::SignatureSet> combine(const std::vector<SigCheck>& checks, const Group& g,
                                         util::Rng& rng) {
  if (g.members.size() == 1) {
    const SigCheck& c = checks[g.members[0]];
    return bls::SignatureSet{*c.pk, c.msg, *c.sig};
  }
  std::vector<crypto::G1Affine> pks;
  std::vector<crypto::G2Affine> sigs;
  std::vector<crypto::Scalar> r;
  for (std::size_t i : g.members) {
    pks.push_back(checks[i].pk->point());
    sigs.push_back(checks[i].sig->point());
    uint64_t x = 0;
    while (x == 0) x = rng.next_u64();
    r.push_back(crypto::Scalar{x, 0, 0, 0});
  }
  auto pk = bls::PublicKey::from_point_unchecked_subgroup(
      crypto::to_affine(crypto::msm_vartime(std::span<const crypto::G1Affine>(pks), r)));
  if (!pk) return std::nullopt;
  const auto sig = bls::Signature::from_point_unchecked_subgroup(
      crypto::to_affine(crypto::msm_vartime(std::span<const crypto::G2Affine>(sigs), r)));
  return bls::SignatureSet{*pk, g.msg, sig};
}

bool verify_set(const bls::SignatureSet& s) { return bls::verify(s.pk, s.msg, s.sig); }

}  // namespace

std::vector<uint8_t> SimChain::State::verify(const std::vector<SigCheck>& checks) {
  std::vector<uint8_t> ok(checks.size(), 0);
  std::map<Root, Group> by_msg;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].pk || !checks[i].sig) continue;
    Group& g = by_msg[checks[i].msg];
    g.msg = checks[i].msg;
    g.members.push_back(i);
    ++stats.signatures_verified;
  }
  std::vector<Group*> groups;
  std::vector<bls::SignatureSet> sets;
  for (auto& [msg, g] : by_msg) {
    if (cfg.batch_verify) g.combined = combine(checks, g, rng);
    groups.push_back(&g);
    if (g.combined) sets.push_back(*g.combined);
  }
  const bool all_combined = sets.size() == groups.size();
  if (cfg.batch_verify && !sets.empty() && all_combined) {
    ++stats.batches;
    const bool good = sets.size() == 1 ? verify_set(sets[0]) : bls::batch_verify(sets, rng);
    if (good) {
      for (Group* g : groups) {
        for (std::size_t i : g->members) ok[i] = 1;
      }
      return ok;
    }
  }
  // Pin down: a group that verifies as a whole is good; otherwise check its members alone.
  for (Group* g : groups) {
    if (g->combined && g->members.size() > 1 && verify_set(*g->combined)) {
      for (std::size_t i : g->members) ok[i] = 1;
      continue;
    }
    for (std::size_t i : g->members) {
      ok[i] = bls::verify(*checks[i].pk, checks[i].msg, *checks[i].sig) ? 1 : 0;
    }
  }
  return ok;
}

std::optional<bls::Signature> SimChain::State::parse_sig(const eth::BlsSignature& b) const {
  auto s = bls::Signature::parse(b);
  if (!s) return std::nullopt;
  return *s;
}

std::optional<bls::PublicKey> SimChain::State::aggregate_pks(
    std::span<const ValidatorIndex> vs) const {
  std::vector<bls::PublicKey> pks;
  pks.reserve(vs.size());
  for (ValidatorIndex v : vs) pks.push_back(val(v).pk);
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
