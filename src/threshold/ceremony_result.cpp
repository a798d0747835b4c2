// Ceremony: deciding QUAL and computing the new sharing.
#include <algorithm>

#include "stakepool/threshold/ceremony.hpp"
#include "stakepool/crypto/g1_small.hpp"
#include "stakepool/crypto/point_encoding.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::threshold {
namespace {

// From this many joint coefficients on, lockstep affine sums beat Jacobian additions.
constexpr std::size_t kLockstepSums = 32;

}  // namespace

// disqualification_reason: why dealer `d` is excluded, or "" if it qualifies. When this member
// complained and the dealer's public reveal is valid, the revealed share becomes its share.
std::string Ceremony::judge_dealer(uint32_t d) {
  auto it = deals_.find(d);
  if (it == deals_.end()) return "sent no deal";
  DealInfo& info = it->second;
  if (info.equivocated) return "equivocated (two different signed deals)";
  if (!info.bad_reason.empty()) return info.bad_reason;
  if (!info.pub) return "sent no deal";
  std::vector<uint32_t> complainers;
  for (const auto& [from, resp] : responses_) {
    if (std::find(resp.complaints.begin(), resp.complaints.end(), d) != resp.complaints.end()) {
      complainers.push_back(from);
    }
  }
  if (complainers.empty()) return info.deal ? "" : "sent no deal";
  if (!info.justification) return "did not answer " + std::to_string(complainers.size()) + " complaint(s)";
  for (uint32_t j : complainers) {
    const auto& rv = info.justification->reveals;
    auto r = std::find_if(rv.begin(), rv.end(), [&](const Reveal& x) { return x.recipient == j; });
    if (r == rv.end()) return "did not answer the complaint of member " + std::to_string(j);
    if (r->shares.size() != cfg_.secrets) return "revealed the wrong number of shares for member " + std::to_string(j);
    std::vector<Fr> revealed;
    for (std::size_t m = 0; m < r->shares.size(); ++m) {
      auto s = fr_from_bytes(r->shares[m]);
      if (!s || !verify_share((*info.pub)[m], *ShareIndex::make(j), *s)) {
        return "revealed an invalid share for member " + std::to_string(j);
      }
      revealed.push_back(*s);
    }
    if (me_.recipient_index && *me_.recipient_index == j) info.my_share = revealed;
  }
  return "";
}

void Ceremony::compute_qual() {
  result_.emplace();
  for (const Member& d : cfg_.dealers) {
    std::string why = judge_dealer(d.index);
    if (why.empty()) result_->qual.push_back(d.index);
    else result_->disqualified[d.index] = why;
  }
  const uint32_t need = cfg_.reshare ? cfg_.reshare->old_threshold : cfg_.threshold;
  if (result_->qual.size() < need) {
    std::string detail;
    for (const auto& [d, why] : result_->disqualified) {
      detail += (detail.empty() ? "" : "; ") + ("dealer " + std::to_string(d) + ": " + why);
    }
    fail("only " + std::to_string(result_->qual.size()) + " dealers qualified, need " + std::to_string(need) +
         " (" + detail + ")");
  }
}

// drop_dealers_outside_g1: commitments are parsed without the subgroup check (n·t checks per
// member would dominate the ceremony). A sum of G1 points is in G1, so when the joint polynomial
// is not, some used dealer's commitments leave G1: every qualified dealer is checked alone and the
// offenders are disqualified (public data, so all honest members agree). Returns false, after
// failing the ceremony, if too few dealers remain.
bool Ceremony::drop_dealers_outside_g1() {
  std::vector<uint32_t> keep;
  for (uint32_t d : result_->qual) {
    const auto& pubs = *deals_[d].pub;
    if (in_subgroup_vartime(std::span<const PublicPolynomial>(pubs))) {
      keep.push_back(d);
    } else {
      result_->disqualified[d] = "commitment is not in the G1 subgroup";
      deals_[d].my_share.clear();
    }
  }
  if (keep.size() == result_->qual.size()) {  // cannot happen: a sum of G1 points is in G1
    fail("joint public polynomial is not in G1");
    return false;
  }
  result_->qual = keep;
  const uint32_t need = cfg_.reshare ? cfg_.reshare->old_threshold : cfg_.threshold;
  if (keep.size() < need) {
    fail("only " + std::to_string(keep.size()) + " dealers qualified, need " + std::to_string(need) +
         " (commitments outside the G1 subgroup)");
    return false;
  }
  return true;
}

// key_result: this member's share of secret m, given its joint public polynomial out.pub (already
// checked in G1). False when it failed.
bool Ceremony::key_result(std::size_t m, const std::vector<Fr>& weights, KeyResult& out) {
  const CeremonyResult& res = *result_;
  if (m == 0 && cfg_.reshare && !crypto::eq(out.pub.coeffs[0], cfg_.reshare->group_key)) {
    fail("resharing changed the group public key");
    return false;
  }
  if (!me_.recipient_index) return true;
  Fr x = Fr::zero();
  for (std::size_t i = 0; i < res.used.size(); ++i) {
    const DealInfo& info = deals_[res.used[i]];
    if (info.my_share.size() != cfg_.secrets) {
      fail("no valid share from qualified dealer " + std::to_string(res.used[i]));
      return false;
    }
    x = x + (weights.empty() ? info.my_share[m] : weights[i] * info.my_share[m]);
  }
  out.my_share = SecretShare{*ShareIndex::make(*me_.recipient_index), SecretScalar(x)};
  util::secure_zero(&x, sizeof(x));
  return true;  // checked against its share public key in own_shares_match
}

// own_shares_match: x_m·G1 == F_m(me) for every secret m, in one random linear combination (the
// share public keys F_m(me) are already computed).
bool Ceremony::own_shares_match(const std::vector<KeyResult>& keys) {
  const uint32_t me = *me_.recipient_index;
  std::vector<G1> pks;
  std::vector<Fr> xs;
  for (const KeyResult& k : keys) {
    pks.push_back(k.share_pubkeys[me - 1]);
    xs.push_back(k.my_share->value.expose());
  }
  std::vector<G1Affine> affine(pks.size());
  crypto::batch_to_affine_vartime<crypto::Fp>(pks, affine);
  std::vector<std::span<const G1Affine>> single;
  for (const G1Affine& a : affine) single.push_back(std::span<const G1Affine>(&a, 1));
  const bool ok = batch_verify_shares(single, *ShareIndex::make(me), xs, rng_).empty();
  for (Fr& x : xs) util::secure_zero(&x, sizeof(x));
  return ok;
}

// joint_polynomials: Σ_{d∈used} w_d·C_{d,m} for every secret m (w_d = 1 in a DKG). Without
// weights and with enough coefficients, the dealers' affine commitments are added in lockstep (one
// inversion per dealer for all K·t sums).
std::vector<PublicPolynomial> Ceremony::joint_polynomials(const std::vector<Fr>& weights) {
  const std::vector<uint32_t>& used = result_->used;
  const std::size_t kt = static_cast<std::size_t>(cfg_.secrets) * cfg_.threshold;
  std::vector<PublicPolynomial> joint(cfg_.secrets);
  if (weights.empty() && kt >= kLockstepSums && used.size() >= 2) {
    std::vector<std::vector<G1Affine>> rows;
    for (uint32_t d : used) {
      rows.emplace_back();
      for (const auto& poly : deals_[d].affine) rows.back().insert(rows.back().end(), poly.begin(), poly.end());
      SP_CHECK(rows.back().size() == kt);  // parse_commitments accepted exactly K·t points
    }
    const std::vector<std::span<const G1Affine>> spans(rows.begin(), rows.end());
    std::vector<G1Affine> sums(kt);
    crypto::g1_sum_batch_vartime(spans, sums);
    for (std::size_t i = 0; i < kt; ++i) joint[i / cfg_.threshold].coeffs.push_back(crypto::to_jacobian(sums[i]));
    return joint;
  }
  for (std::size_t m = 0; m < joint.size(); ++m) {
    std::vector<PublicPolynomial> polys;
    for (uint32_t d : used) polys.push_back((*deals_[d].pub)[m]);
    joint[m] = sum_vartime(polys, weights);
  }
  return joint;
}

// compute_result: false when it disqualified dealers (call again) or failed.
bool Ceremony::compute_result() {
  CeremonyResult& res = *result_;
  const uint32_t need = cfg_.reshare ? cfg_.reshare->old_threshold : static_cast<uint32_t>(res.qual.size());
  res.used.assign(res.qual.begin(), res.qual.begin() + need);
  std::vector<Fr> weights;
  if (cfg_.reshare) {
    std::vector<ShareIndex> idx;
    for (uint32_t d : res.used) idx.push_back(*ShareIndex::make(d));
    (void)lagrange_at_zero(idx, weights);
  }
  std::vector<KeyResult> keys(cfg_.secrets);
  std::vector<PublicPolynomial> joint = joint_polynomials(weights);
  // The published polynomials must be in G1 (K·t points tested once, instead of the n·K·t dealt;
  // many keys: random subset sums, see feldman.hpp). A member's batched share check judged the G1
  // components of its shares; with the joint polynomials in G1 those are exactly what its final
  // shares are checked against.
  // The randomised test needs subsets the dealers cannot predict: a member's own RNG. An observer
  // (record replay, whose RNG is public) runs the exact test; both decide the same, bar 2^-64.
  const bool member = me_.dealer_index.has_value() || me_.recipient_index.has_value();
  if (!(member ? in_subgroup_vartime(joint, rng_) : in_subgroup_vartime(joint))) {
    (void)drop_dealers_outside_g1();
    return false;
  }
  std::vector<std::vector<G1>> pks = share_pubkeys_vartime(joint, cfg_.recipients.size());
  for (std::size_t m = 0; m < keys.size(); ++m) {
    keys[m].pub = std::move(joint[m]);
    keys[m].share_pubkeys = std::move(pks[m]);
    if (!key_result(m, weights, keys[m])) return false;
  }
  if (me_.recipient_index && !own_shares_match(keys)) {
    fail("own share does not match the joint public polynomial");
    return false;
  }
  crypto::Sha256 h;
  h.update(cfg_.session);
  for (uint32_t d : res.used) {
    uint8_t b[4] = {static_cast<uint8_t>(d >> 24), static_cast<uint8_t>(d >> 16), static_cast<uint8_t>(d >> 8),
                    static_cast<uint8_t>(d)};
    h.update(b);
  }
  std::vector<G1> all;
  for (const KeyResult& k : keys) all.insert(all.end(), k.pub.coeffs.begin(), k.pub.coeffs.end());
  std::vector<G1Affine> affine(all.size());
  crypto::batch_to_affine_vartime<crypto::Fp>(all, affine);  // one inversion for K·t points
  for (const G1Affine& c : affine) h.update(crypto::g1_compress(c));
  res.result_hash = h.finish();
  res.pub = std::move(keys[0].pub);
  res.share_pubkeys = std::move(keys[0].share_pubkeys);
  res.my_share = std::move(keys[0].my_share);
  res.more.clear();
  for (std::size_t m = 1; m < keys.size(); ++m) res.more.push_back(std::move(keys[m]));
  return true;
}

}  // namespace stakepool::threshold
