// SimChain signature verification (batched) and the bookkeeping of accepted and refused
// submissions.
#include "chain_state.hpp"

namespace stakepool::sim {

std::vector<uint8_t> SimChain::State::verify(const std::vector<SigCheck>& checks) {
  std::vector<uint8_t> ok(checks.size(), 0);
  std::vector<std::size_t> idx;
  std::vector<bls::SignatureSet> sets;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].pk || !checks[i].sig) continue;
    sets.push_back(bls::SignatureSet{*checks[i].pk, checks[i].msg, *checks[i].sig});
    idx.push_back(i);
  }
  stats.signatures_verified += sets.size();
  if (cfg.batch_verify && sets.size() > 1) {
    ++stats.batches;
    if (bls::batch_verify(sets, rng)) {
      for (std::size_t i : idx) ok[i] = 1;
      return ok;
    }
  }
  // Single checks: no batching, one set, or a batch with a bad signature to pin down.
  for (std::size_t k = 0; k < sets.size(); ++k) {
    ok[idx[k]] = bls::verify(sets[k].pk, sets[k].msg, sets[k].sig) ? 1 : 0;
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
