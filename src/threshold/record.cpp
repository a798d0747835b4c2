#include "stakepool/threshold/record.hpp"

#include <algorithm>
#include <set>
#include <string_view>

namespace stakepool::threshold {
namespace {

Error mismatch(const std::string& what) { return make_error(Errc::kCorrupt, "ceremony record: " + what); }

// replay feeds the transcript phase by phase to an observer, ticking each deadline in between.
Ceremony replay(const CeremonyRecord& r, util::Rng& rng) {
  Ceremony obs(r.config, Identity{}, std::nullopt, rng);
  (void)obs.start({0});
  const MsgType order[] = {MsgType::kDeal, MsgType::kResponse, MsgType::kJustification, MsgType::kFinalize};
  const util::TimePoint ticks[] = {r.config.deadlines.deal, r.config.deadlines.response,
                                   r.config.deadlines.justification, r.config.deadlines.finalize};
  for (std::size_t k = 0; k < 4; ++k) {
    for (const auto& m : r.transcript) {
      if (!m.empty() && m[0] == static_cast<uint8_t>(order[k])) (void)obs.on_message(m, {0});
    }
    (void)obs.on_tick(ticks[k]);
  }
  return obs;
}

}  // namespace

std::vector<Digest> transcript_hash_chain(const SessionId& session, const std::vector<util::Bytes>& transcript) {
  constexpr std::string_view kTag = "stakepool-ceremony-transcript-v1";
  std::vector<Digest> chain;
  chain.push_back(crypto::Sha256()
                      .update({reinterpret_cast<const uint8_t*>(kTag.data()), kTag.size()})
                      .update(session)
                      .finish());
  for (const auto& m : transcript) {
    Digest hm = crypto::sha256(m);
    chain.push_back(crypto::Sha256().update(chain.back()).update(hm).finish());
  }
  return chain;
}

CeremonyRecord make_record(const CeremonyConfig& cfg, const Ceremony& c) {
  CeremonyRecord r;
  r.config = cfg;
  r.transcript = c.transcript();
  r.finalizes = c.matching_finalizes();
  r.erasures = c.erasures();
  if (c.result()) {
    r.qual = c.result()->qual;
    r.pub = c.result()->pub;
    r.result_hash = c.result()->result_hash;
  }
  r.transcript_hash = transcript_hash_chain(cfg.session, r.transcript).back();
  return r;
}

Status verify_record(const CeremonyRecord& r) {
  if (transcript_hash_chain(r.config.session, r.transcript).back() != r.transcript_hash) {
    return mismatch("transcript hash does not match the transcript");
  }
  util::DeterministicRng rng(0, "record-replay");
  Ceremony obs = replay(r, rng);
  if (obs.phase() != Phase::kDone) {
    return mismatch(std::string("replay did not finish (") + to_string(obs.phase()) +
                    (obs.failure().empty() ? "" : ": " + obs.failure()) + ")");
  }
  const CeremonyResult& res = *obs.result();
  if (res.qual != r.qual) return mismatch("QUAL differs from the replayed QUAL");
  if (res.pub.coeffs.size() != r.pub.coeffs.size()) return mismatch("public polynomial has the wrong degree");
  for (std::size_t k = 0; k < res.pub.coeffs.size(); ++k) {
    if (!crypto::eq(res.pub.coeffs[k], r.pub.coeffs[k])) {
      return mismatch("public polynomial coefficient " + std::to_string(k) + " differs from the replay");
    }
  }
  if (res.result_hash != r.result_hash) return mismatch("result hash differs from the replay");
  // Confirmations: the observer accepted the finalizes in the transcript; count the distinct new
  // members among the record's confirmations that signed this result.
  const std::vector<util::Bytes> accepted = obs.matching_finalizes();
  const std::set<util::Bytes> confirmed(accepted.begin(), accepted.end());
  std::size_t valid = 0;
  for (const auto& f : r.finalizes) valid += confirmed.count(f);
  if (valid < r.config.threshold) {
    return mismatch("only " + std::to_string(valid) + " valid confirmations, need " +
                    std::to_string(r.config.threshold));
  }
  for (const auto& e : r.erasures) {
    auto env = open_envelope(e);
    auto body = env ? decode_erasure(env->body) : Result<Erasure>(env.error());
    if (!body || body->result_hash != r.result_hash) return mismatch("an erasure statement is for another result");
    (void)obs.on_message(e, r.config.deadlines.finalize);
  }
  if (obs.erasures().size() != r.erasures.size()) return mismatch("an erasure statement has an invalid signature");
  return {};
}

}  // namespace stakepool::threshold
