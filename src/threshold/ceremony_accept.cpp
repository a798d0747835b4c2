// Ceremony: authenticating and recording incoming messages, checking this member's shares.
#include <algorithm>

#include "stakepool/threshold/ceremony.hpp"
#include "stakepool/threshold/ceremony_build.hpp"

namespace stakepool::threshold {
namespace {

// parse_commitments validates t uncompressed points (curve equation, not identity; G1 membership is
// settled on the joint polynomial in compute_result); empty optional + reason on failure.
std::optional<PublicPolynomial> parse_commitments(const std::vector<G1Wire>& cs, uint32_t t,
                                                  std::vector<G1Affine>& affine, std::string& why) {
  if (cs.size() != t) {
    why = "wrong number of commitments (" + std::to_string(cs.size()) + ", expected " + std::to_string(t) + ")";
    return std::nullopt;
  }
  PublicPolynomial pub;
  affine.clear();
  for (const G1Wire& b : cs) {
    auto p = g1_from_wire(b);
    if (!p) {
      why = "commitment is not a valid point on the curve";
      affine.clear();
      return std::nullopt;
    }
    affine.push_back(*p);
    pub.coeffs.push_back(crypto::to_jacobian(*p));
  }
  return pub;
}

}  // namespace

bool Ceremony::deal_sig_ok(const Member& d, const Digest& body_hash, const util::Ed25519Signature& sig) {
  auto key = std::make_tuple(d.index, body_hash, sig);
  auto it = deal_sig_memo_.find(key);
  if (it != deal_sig_memo_.end()) return it->second;
  const bool ok = util::ed25519_verify(d.sign_pk, deal_statement(cfg_.session, d.index, body_hash), sig);
  deal_sig_memo_.emplace(std::move(key), ok);
  return ok;
}

void Ceremony::accept(const Envelope& env, util::TimePoint now) {
  // A message counts only while its phase is open, so every honest member (and an observer
  // replaying the transcript) decides on the same set: responses until the response phase ends,
  // justifications until QUAL is computed, deals likewise (late deals only prove equivocation).
  const bool before_finalize = phase_ < Phase::kFinalize;
  switch (env.type) {
    case MsgType::kDeal:
      if (before_finalize) accept_deal(env);
      break;
    case MsgType::kResponse:
      if (phase_ <= Phase::kResponse) accept_response(env);
      break;
    case MsgType::kJustification:
      if (before_finalize) accept_justification(env);
      break;
    case MsgType::kFinalize:
      if (phase_ != Phase::kFailed) accept_finalize(env);
      break;
    case MsgType::kErasure: accept_erasure(env); break;
  }
}

// note_hash records a validly signed deal hash for `d`; a second, different one is equivocation.
static void note_hash(bool& equivocated, std::optional<Digest>& known, const Digest& h) {
  if (!known) known = h;
  else if (*known != h) equivocated = true;
}

void Ceremony::accept_deal(const Envelope& env) {
  auto deal = decode_deal(env.body);
  if (!deal) return;
  const Member* m = dealer(deal->dealer);
  if (m == nullptr) return;
  const Digest h = deal->body_hash();
  if (!deal_sig_ok(*m, h, env.sig)) return;
  DealInfo& info = deals_[deal->dealer];
  if (info.deal) {
    if (info.body_hash != h) info.equivocated = true;
    return;
  }
  if (info.echoed_hash && *info.echoed_hash != h) info.equivocated = true;
  info.body_hash = h;
  info.sig = env.sig;
  info.raw = seal_envelope(env.type, env.body, env.sig);
  std::string why;
  info.pub = parse_commitments(deal->commitments, cfg_.threshold, info.affine, why);
  if (!info.pub) info.bad_reason = why;
  if (info.pub && deal->boxes.size() != cfg_.recipients.size()) info.bad_reason = "wrong number of shares";
  if (info.pub && cfg_.reshare) {
    auto it = cfg_.reshare->old_share_pubkeys.find(deal->dealer);
    if (it == cfg_.reshare->old_share_pubkeys.end() || !crypto::eq(info.pub->coeffs[0], it->second)) {
      info.bad_reason = "constant term differs from the dealer's old share public key";
    }
  }
  info.deal = std::move(*deal);
}

void Ceremony::accept_response(const Envelope& env) {
  auto r = decode_response(env.body);
  if (!r || recipient(r->from) == nullptr || responses_.count(r->from)) return;
  if (!util::ed25519_verify(recipient(r->from)->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig)) {
    return;
  }
  for (const Echo& e : r->echoes) {
    const Member* d = dealer(e.dealer);
    if (d == nullptr) continue;
    if (!deal_sig_ok(*d, e.body_hash, e.dealer_sig)) continue;
    DealInfo& info = deals_[e.dealer];
    if (info.deal && info.body_hash != e.body_hash) info.equivocated = true;
    if (!info.deal) {
      std::optional<Digest> known = info.echoed_hash;
      note_hash(info.equivocated, known, e.body_hash);
      info.echoed_hash = known;
    }
  }
  raw_responses_[r->from] = seal_envelope(env.type, env.body, env.sig);
  responses_[r->from] = std::move(*r);
}

void Ceremony::accept_justification(const Envelope& env) {
  auto j = decode_justification(env.body);
  if (!j) return;
  const Member* d = dealer(j->dealer);
  if (d == nullptr) return;
  if (!util::ed25519_verify(d->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig)) return;
  DealInfo& info = deals_[j->dealer];
  if (info.justification) return;
  // The commitments must be those of the signed deal.
  Deal probe;
  probe.commitments = j->commitments;
  const Digest h = crypto::Sha256().update(probe.commitments_hash()).update(j->boxes_hash).finish();
  if (!deal_sig_ok(*d, h, j->deal_sig)) return;
  if (info.deal && info.body_hash != h) info.equivocated = true;
  if (!info.deal && !info.pub) {
    std::string why;
    info.pub = parse_commitments(j->commitments, cfg_.threshold, info.affine, why);
    if (!info.pub) info.bad_reason = why;
  }
  info.raw_justification = seal_envelope(env.type, env.body, env.sig);
  info.justification = std::move(*j);
}

void Ceremony::accept_finalize(const Envelope& env) {
  auto f = decode_finalize(env.body);
  if (!f) return;
  const Member* m = f->role == Role::kRecipient ? recipient(f->from) : dealer(f->from);
  if (m == nullptr) return;
  if (!util::ed25519_verify(m->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig)) return;
  auto key = std::make_pair(static_cast<uint8_t>(f->role), f->from);
  if (finalizes_.count(key)) return;
  raw_finalizes_[key] = seal_envelope(env.type, env.body, env.sig);
  finalizes_[key] = std::move(*f);
}

void Ceremony::accept_erasure(const Envelope& env) {
  auto e = decode_erasure(env.body);
  if (!e || dealer(e->dealer) == nullptr || raw_erasures_.count(e->dealer)) return;
  if (!util::ed25519_verify(dealer(e->dealer)->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig)) {
    return;
  }
  raw_erasures_[e->dealer] = seal_envelope(env.type, env.body, env.sig);
}

void Ceremony::check_my_shares() {
  const uint32_t me = *me_.recipient_index;
  std::size_t pos = 0;
  for (const Member& r : cfg_.recipients) {
    if (r.index == me) break;
    ++pos;
  }
  std::vector<uint32_t> dealers;
  std::vector<std::vector<G1Affine>> polys;
  std::vector<Fr> shares;
  for (const Member& d : cfg_.dealers) {
    auto it = deals_.find(d.index);
    if (it == deals_.end() || !it->second.deal || !it->second.pub || !it->second.bad_reason.empty()) {
      my_complaints_.insert(d.index);  // missing or unusable deal: ask for a public reveal
      continue;
    }
    const Deal& deal = *it->second.deal;
    auto pt = pair_keys_->open(d.enc_pk, deal.boxes[pos], box_aad(cfg_.session, d.index, me));
    std::optional<Fr> s;
    if (pt && pt->size() == 32) {
      ScalarBytes b{};
      std::copy(pt->expose().begin(), pt->expose().end(), b.begin());
      s = fr_from_bytes(b);
      util::secure_zero(b.data(), b.size());
    }
    if (!s) {
      my_complaints_.insert(d.index);
      continue;
    }
    dealers.push_back(d.index);
    polys.push_back(it->second.affine);
    shares.push_back(*s);
  }
  auto bad = batch_verify_shares(polys, *ShareIndex::make(me), shares, rng_);
  for (std::size_t i = 0, b = 0; i < dealers.size(); ++i) {
    if (b < bad.size() && bad[b] == i) {
      my_complaints_.insert(dealers[i]);
      ++b;
      continue;
    }
    deals_[dealers[i]].my_share = shares[i];
  }
  for (Fr& s : shares) util::secure_zero(&s, sizeof(s));
}

}  // namespace stakepool::threshold
