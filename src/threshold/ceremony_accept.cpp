// Ceremony: authenticating and recording incoming messages, checking this member's shares.
#include <algorithm>
#include <cstring>

#include "stakepool/threshold/ceremony.hpp"
#include "stakepool/threshold/ceremony_build.hpp"
#include "stakepool/threshold/sig_batch.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::threshold {
namespace {

// parse_commitments validates k·t uncompressed points (curve equation, not identity; G1 membership
// is settled on the joint polynomials in compute_result) and splits them into k polynomials;
// empty optional + reason on failure.
// `cs` holds the G1Wire encodings back to back.
std::optional<std::vector<PublicPolynomial>> parse_commitments(std::span<const uint8_t> cs, uint32_t t,
                                                               uint32_t k,
                                                               std::vector<std::vector<G1Affine>>& affine,
                                                               std::string& why) {
  affine.clear();
  constexpr std::size_t kWire = sizeof(G1Wire);
  const std::size_t count = cs.size() / kWire;
  if (count != static_cast<std::size_t>(t) * k) {
    why = "wrong number of commitments (" + std::to_string(count) + ", expected " +
          std::to_string(static_cast<std::size_t>(t) * k) + ")";
    return std::nullopt;
  }
  std::vector<PublicPolynomial> pubs(k);
  affine.assign(k, {});
  for (auto& a : affine) a.reserve(t);
  for (auto& p : pubs) p.coeffs.reserve(t);
  for (std::size_t i = 0; i < count; ++i) {
    G1Wire w;
    std::memcpy(w.data(), cs.data() + kWire * i, kWire);
    auto p = g1_from_wire(w);
    if (!p) {
      why = "commitment is not a valid point on the curve";
      affine.clear();
      return std::nullopt;
    }
    affine[i / t].push_back(*p);
    pubs[i / t].coeffs.push_back(crypto::to_jacobian(*p));
  }
  return pubs;
}

// wire_bytes: the encodings of `v` back to back, as parse_commitments takes them.
std::span<const uint8_t> wire_bytes(const std::vector<G1Wire>& v) {
  static_assert(sizeof(G1Wire) == 96, "G1Wire is the 96 encoding bytes");
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * sizeof(G1Wire)};
}

// parse_shares: a box's plaintext as k scalars (canonical), or nullopt.
std::optional<std::vector<Fr>> parse_shares(std::span<const uint8_t> pt, uint32_t k) {
  if (pt.size() != 32 * static_cast<std::size_t>(k)) return std::nullopt;
  std::vector<Fr> out(k);
  for (uint32_t m = 0; m < k; ++m) {
    if (!Fr::from_bytes_be(out[m], std::span<const uint8_t, 32>(pt.data() + 32 * m, 32))) {
      for (Fr& x : out) util::secure_zero(&x, sizeof(x));
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace

bool Ceremony::deal_sig_ok(const Member& d, const Digest& body_hash, const util::Ed25519Signature& sig) {
  auto key = std::make_tuple(d.index, body_hash, sig);
  auto it = deal_sig_memo_.find(key);
  if (it != deal_sig_memo_.end()) return it->second;
  const bool ok = verify_one(d.sign_pk, deal_statement(cfg_.session, d.index, body_hash), sig, &sig_keys_);
  deal_sig_memo_.emplace(std::move(key), ok);
  return ok;
}

void Ceremony::accept(const EnvelopeView& env, std::span<const uint8_t> raw, util::TimePoint now) {
  // A message counts only while its phase is open, so every honest member (and an observer
  // replaying the transcript) decides on the same set: responses until the response phase ends,
  // justifications until QUAL is computed, deals likewise (late deals only prove equivocation).
  const bool before_finalize = phase_ < Phase::kFinalize;
  // Every other message is judged against the deals received before it.
  if (env.type != MsgType::kDeal) flush_deals();
  switch (env.type) {
    case MsgType::kDeal:
      if (before_finalize) accept_deal(env, raw);
      break;
    case MsgType::kResponse:
      if (phase_ <= Phase::kResponse) accept_response(env, raw);
      break;
    case MsgType::kJustification:
      if (before_finalize) accept_justification(env, raw);
      break;
    case MsgType::kFinalize:
      if (phase_ != Phase::kFailed) accept_finalize(env, raw);
      break;
    case MsgType::kErasure: accept_erasure(env, raw); break;
  }
}

// note_hash records a validly signed deal hash for `d`; a second, different one is equivocation.
static void note_hash(bool& equivocated, std::optional<Digest>& known, const Digest& h) {
  if (!known) known = h;
  else if (*known != h) equivocated = true;
}

void Ceremony::accept_deal(const EnvelopeView& env, std::span<const uint8_t> raw) {
  auto deal = view_deal(env.body);
  if (!deal || dealer(deal->dealer) == nullptr) return;
  const Digest h = deal->body_hash();
  pending_deals_.push_back(PendingDeal{deal->dealer, h, env.sig, util::Bytes(raw.begin(), raw.end())});
  // Bounded: a peer flooding deals makes the batch verified early, not memory grow.
  if (pending_deals_.size() > 2 * cfg_.dealers.size()) flush_deals();
}

// flush_deals verifies every held deal in one batch (signatures already judged are not checked
// again) and records the valid ones in arrival order.
void Ceremony::flush_deals() const {
  if (pending_deals_.empty()) return;
  std::vector<PendingDeal> held = std::move(pending_deals_);
  pending_deals_.clear();
  using Key = std::tuple<uint32_t, Digest, util::Ed25519Signature>;
  std::vector<SigItem> items;
  std::vector<Key> keys;
  for (const PendingDeal& p : held) {
    Key key{p.dealer, p.hash, p.sig};
    if (deal_sig_memo_.count(key) || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    items.push_back(SigItem{&dealer(p.dealer)->sign_pk, deal_statement(cfg_.session, p.dealer, p.hash), p.sig});
    keys.push_back(std::move(key));
  }
  const std::vector<bool> ok = verify_many(items, &sig_keys_);
  for (std::size_t i = 0; i < keys.size(); ++i) deal_sig_memo_.emplace(keys[i], ok[i]);
  for (PendingDeal& p : held) {
    if (deal_sig_memo_.at(Key{p.dealer, p.hash, p.sig})) record_deal(p.dealer, p.hash, p.sig, std::move(p.raw));
  }
}

// record_deal: a validly signed deal (the message `raw`, read by accept_deal), in arrival order.
void Ceremony::record_deal(uint32_t d, const Digest& h, const util::Ed25519Signature& sig, util::Bytes raw) const {
  DealInfo& info = deals_[d];
  if (info.deal) {
    if (info.body_hash != h) info.equivocated = true;
    return;
  }
  if (info.echoed_hash && *info.echoed_hash != h) info.equivocated = true;
  info.body_hash = h;
  info.sig = sig;
  info.raw = std::move(raw);
  const std::span<const uint8_t> body(info.raw.data() + 1, info.raw.size() - 65);
  auto view = view_deal(body);
  SP_CHECK(view.has_value());  // accept_deal read the same bytes
  std::string why;
  info.pub = parse_commitments(view->commitments, cfg_.threshold, cfg_.secrets, info.affine, why);
  if (!info.pub) info.bad_reason = why;
  if (info.pub && view->boxes.size() != cfg_.recipients.size()) info.bad_reason = "wrong number of shares";
  if (info.pub && cfg_.reshare) {
    auto it = cfg_.reshare->old_share_pubkeys.find(d);
    if (it == cfg_.reshare->old_share_pubkeys.end() || !crypto::eq((*info.pub)[0].coeffs[0], it->second)) {
      info.bad_reason = "constant term differs from the dealer's old share public key";
    }
  }
  if (me_.recipient_index) {
    std::size_t pos = 0;
    while (pos < cfg_.recipients.size() && cfg_.recipients[pos].index != *me_.recipient_index) ++pos;
    if (pos < view->boxes.size()) info.my_box.assign(view->boxes[pos].begin(), view->boxes[pos].end());
  }
  if (me_.dealer_index && *me_.dealer_index == d) {
    auto whole = decode_deal(body);
    SP_CHECK(whole.has_value());
    info.deal = std::move(*whole);
  } else {
    info.deal.emplace().dealer = d;
  }
  if (recorded_hash_.empty()) recorded_hash_.resize(cfg_.dealers.size());
  recorded_hash_[static_cast<std::size_t>(dealer(d) - cfg_.dealers.data())] = h;  // accept_deal checked d
}

void Ceremony::accept_response(const EnvelopeView& env, std::span<const uint8_t> raw_msg) {
  auto r = decode_response(env.body);
  if (!r || recipient(r->from) == nullptr || responses_.count(r->from)) return;
  // A second message for this sender: the pending one (earlier) is checked first.
  if (verify_pending_response(r->from)) return;
  util::Bytes raw(raw_msg.begin(), raw_msg.end());
  if (response_is_plain(*r)) {
    const uint32_t from = r->from;
    pending_responses_[from].push_back(PendingResponse{std::move(*r), std::move(raw)});
    return;
  }
  if (!verify_one(recipient(r->from)->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig, &sig_keys_)) {
    return;
  }
  apply_response(std::move(*r), std::move(raw));
}

bool Ceremony::response_is_plain(const Response& r) const {
  if (!r.complaints.empty()) return false;
  for (const Echo& e : r.echoes) {
    const Member* m = dealer(e.dealer);
    if (m == nullptr) continue;  // ignored by apply_response as well
    const auto pos = static_cast<std::size_t>(m - cfg_.dealers.data());
    if (pos >= recorded_hash_.size() || !recorded_hash_[pos] || *recorded_hash_[pos] != e.body_hash) return false;
  }
  return true;
}

void Ceremony::apply_response(Response r, util::Bytes raw) {
  for (const Echo& e : r.echoes) {
    const Member* d = dealer(e.dealer);
    if (d == nullptr) continue;
    auto known = deals_.find(e.dealer);
    // The hash of the deal we hold, echoed back: no effect whatever the signature, so not checked.
    if (known != deals_.end() && known->second.deal && known->second.body_hash == e.body_hash) continue;
    if (!deal_sig_ok(*d, e.body_hash, e.dealer_sig)) continue;
    DealInfo& info = deals_[e.dealer];
    if (info.deal && info.body_hash != e.body_hash) info.equivocated = true;
    if (!info.deal) {
      std::optional<Digest> known_hash = info.echoed_hash;
      note_hash(info.equivocated, known_hash, e.body_hash);
      info.echoed_hash = known_hash;
    }
  }
  raw_responses_[r.from] = std::move(raw);
  responses_[r.from] = std::move(r);
}

// verify_pending_response: checks the sender's pending (plain) responses in arrival order; the
// first valid one becomes its response (plain: its echoes have no effect, so nothing else changes).
// True if the sender now has a response.
bool Ceremony::verify_pending_response(uint32_t from) const {
  if (responses_.count(from)) return true;
  auto it = pending_responses_.find(from);
  if (it == pending_responses_.end()) return false;
  const Member* m = recipient(from);
  bool found = false;
  for (PendingResponse& p : it->second) {
    auto env = view_envelope(p.raw);
    if (env && verify_one(m->sign_pk, signed_bytes(cfg_.session, env->type, env->body), env->sig, &sig_keys_)) {
      raw_responses_[from] = std::move(p.raw);
      responses_[from] = std::move(p.r);
      found = true;
      break;
    }
  }
  pending_responses_.erase(it);
  return found;
}

// verify_pending_responses: verify_pending_response for every sender, all senders in one batch
// per round (round r: every unresolved sender's r-th pending message).
void Ceremony::verify_pending_responses() const {
  std::vector<uint32_t> senders;
  std::vector<std::vector<SigItem>> candidates;
  for (const auto& [from, list] : pending_responses_) {
    if (responses_.count(from)) continue;
    senders.push_back(from);
    candidates.emplace_back();
    for (const PendingResponse& p : list) {
      auto env = view_envelope(p.raw);
      SP_CHECK(env.has_value());  // sealed by accept_response
      candidates.back().push_back(
          SigItem{&recipient(from)->sign_pk, signed_bytes(cfg_.session, env->type, env->body), env->sig});
    }
  }
  const auto found = first_valid(candidates, &sig_keys_);
  for (std::size_t i = 0; i < senders.size(); ++i) {
    if (!found[i]) continue;
    PendingResponse& p = pending_responses_.at(senders[i])[*found[i]];
    raw_responses_[senders[i]] = std::move(p.raw);
    responses_[senders[i]] = std::move(p.r);
  }
  pending_responses_.clear();
}

void Ceremony::accept_justification(const EnvelopeView& env, std::span<const uint8_t> raw) {
  auto j = decode_justification(env.body);
  if (!j) return;
  const Member* d = dealer(j->dealer);
  if (d == nullptr) return;
  if (!verify_one(d->sign_pk, signed_bytes(cfg_.session, env.type, env.body), env.sig, &sig_keys_)) return;
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
    info.pub = parse_commitments(wire_bytes(j->commitments), cfg_.threshold, cfg_.secrets, info.affine, why);
    if (!info.pub) info.bad_reason = why;
  }
  info.raw_justification.assign(raw.begin(), raw.end());
  info.justification = std::move(*j);
}

void Ceremony::accept_finalize(const EnvelopeView& env, std::span<const uint8_t> raw) {
  auto f = decode_finalize(env.body);
  if (!f) return;
  const Member* m = f->role == Role::kRecipient ? recipient(f->from) : dealer(f->from);
  if (m == nullptr) return;
  auto key = std::make_pair(static_cast<uint8_t>(f->role), f->from);
  if (finalizes_.count(key)) return;
  // A peer flooding forged messages for one sender makes us check that sender's now, not grow.
  if (pending_finalizes_[key].size() >= kMaxPendingFinalizes && verify_finalize(key, false)) return;
  pending_finalizes_[key].push_back(PendingFinalize{std::move(*f), util::Bytes(raw.begin(), raw.end())});
}

// verify_finalize: checks the pending messages of one sender in arrival order; the first valid one
// becomes its confirmation. With only_matching, senders whose messages all name another result are
// left pending (they cannot count towards ours). True if the sender now has a confirmation.
bool Ceremony::verify_finalize(const FinalizeKey& key, bool only_matching) const {
  if (finalizes_.count(key)) return true;
  auto it = pending_finalizes_.find(key);
  if (it == pending_finalizes_.end()) return false;
  auto& list = it->second;
  if (only_matching && std::none_of(list.begin(), list.end(), [&](const PendingFinalize& p) {
        return result_ && p.f.result_hash == result_->result_hash;
      })) {
    return false;
  }
  const Member* m = key.first == static_cast<uint8_t>(Role::kRecipient) ? recipient(key.second) : dealer(key.second);
  for (PendingFinalize& p : list) {
    auto env = view_envelope(p.raw);
    if (env && verify_one(m->sign_pk, signed_bytes(cfg_.session, env->type, env->body), env->sig, &sig_keys_)) {
      finalizes_[key] = std::move(p.f);
      raw_finalizes_[key] = std::move(p.raw);
      pending_finalizes_.erase(it);
      return true;
    }
  }
  pending_finalizes_.erase(it);
  return false;
}

// verify_finalizes: verifies pending senders (in key order) until `enough` recipients confirmed
// our result (only_matching), or all of them. Senders are resolved in batches: with only_matching,
// the next (enough − have) eligible senders at a time, which is exactly the key-order prefix that
// checking one sender after another would have verified.
void Ceremony::verify_finalizes(bool only_matching, std::size_t enough) const {
  const auto recipient_role = static_cast<uint8_t>(Role::kRecipient);
  auto matches = [&](const Finalize& f) { return result_ && f.result_hash == result_->result_hash; };
  std::size_t have = 0;
  for (const auto& [key, f] : finalizes_) {
    if (key.first == recipient_role && matches(f)) ++have;
  }
  for (;;) {
    std::vector<FinalizeKey> pick;
    std::vector<std::vector<SigItem>> candidates;
    for (const auto& [key, list] : pending_finalizes_) {
      if (only_matching && have + pick.size() >= enough) break;
      if (only_matching && (key.first != recipient_role ||
                            std::none_of(list.begin(), list.end(), [&](const PendingFinalize& p) { return matches(p.f); }))) {
        continue;  // cannot count towards our result: left pending
      }
      const Member* m = key.first == recipient_role ? recipient(key.second) : dealer(key.second);
      pick.push_back(key);
      candidates.emplace_back();
      for (const PendingFinalize& p : list) {
        auto env = view_envelope(p.raw);
        SP_CHECK(env.has_value());  // sealed by accept_finalize
        candidates.back().push_back(SigItem{&m->sign_pk, signed_bytes(cfg_.session, env->type, env->body), env->sig});
      }
    }
    if (pick.empty()) return;
    const auto found = first_valid(candidates, &sig_keys_);
    for (std::size_t i = 0; i < pick.size(); ++i) {
      auto it = pending_finalizes_.find(pick[i]);
      if (found[i]) {
        PendingFinalize& p = it->second[*found[i]];
        if (pick[i].first == recipient_role && matches(p.f)) ++have;
        finalizes_[pick[i]] = std::move(p.f);
        raw_finalizes_[pick[i]] = std::move(p.raw);
      }
      pending_finalizes_.erase(it);
    }
  }
}

// enough_confirmations: whether at least t recipients confirmed our result (verifying pending
// messages lazily, only as many as that needs).
bool Ceremony::enough_confirmations() const {
  verify_finalizes(true, cfg_.threshold);
  std::size_t n = 0;
  for (const auto& [key, f] : finalizes_) {
    if (key.first == static_cast<uint8_t>(Role::kRecipient) && result_ && f.result_hash == result_->result_hash) ++n;
  }
  return n >= cfg_.threshold;
}

void Ceremony::accept_erasure(const EnvelopeView& env, std::span<const uint8_t> raw) {
  auto e = decode_erasure(env.body);
  if (!e || dealer(e->dealer) == nullptr || raw_erasures_.count(e->dealer)) return;
  // Erasure statements matter only to the record: verified lazily (erasures()), like Finalize.
  auto& pending = pending_erasures_[e->dealer];
  if (pending.size() >= kMaxPendingFinalizes) {
    verify_erasures();
    if (raw_erasures_.count(e->dealer)) return;
  }
  pending_erasures_[e->dealer].emplace_back(raw.begin(), raw.end());
}

// verify_erasures: per dealer, the first pending statement (arrival order) that verifies counts.
void Ceremony::verify_erasures() const {
  std::vector<uint32_t> senders;
  std::vector<std::vector<SigItem>> candidates;
  for (const auto& [d, list] : pending_erasures_) {
    senders.push_back(d);
    candidates.emplace_back();
    for (const util::Bytes& raw : list) {
      auto env = view_envelope(raw);
      SP_CHECK(env.has_value());  // sealed by accept_erasure
      candidates.back().push_back(
          SigItem{&dealer(d)->sign_pk, signed_bytes(cfg_.session, env->type, env->body), env->sig});
    }
  }
  const auto found = first_valid(candidates, &sig_keys_);
  for (std::size_t i = 0; i < senders.size(); ++i) {
    if (found[i]) raw_erasures_[senders[i]] = pending_erasures_.at(senders[i])[*found[i]];
  }
  pending_erasures_.clear();
}

void Ceremony::check_my_shares() {
  const uint32_t me = *me_.recipient_index;
  const uint32_t k = cfg_.secrets;
  // All K·n dealings to me in one batch: entry e is dealer dealers[e / k], secret e % k.
  std::vector<uint32_t> dealers;
  std::vector<std::span<const G1Affine>> polys;
  std::vector<Fr> shares;
  for (const Member& d : cfg_.dealers) {
    auto it = deals_.find(d.index);
    if (it == deals_.end() || !it->second.deal || !it->second.pub || !it->second.bad_reason.empty()) {
      my_complaints_.insert(d.index);  // missing or unusable deal: ask for a public reveal
      continue;
    }
    auto pt = pair_keys_->open(d.enc_pk, it->second.my_box, box_aad(cfg_.session, d.index, me));
    auto s = pt ? parse_shares(pt->expose(), k) : std::nullopt;
    if (!s) {
      my_complaints_.insert(d.index);
      continue;
    }
    dealers.push_back(d.index);
    for (uint32_t m = 0; m < k; ++m) {
      polys.push_back(it->second.affine[m]);
      shares.push_back((*s)[m]);
      util::secure_zero(&(*s)[m], sizeof(Fr));
    }
  }
  auto bad = batch_verify_shares(polys, *ShareIndex::make(me), shares, rng_);
  std::set<uint32_t> bad_dealers;
  for (std::size_t e : bad) bad_dealers.insert(dealers[e / k]);
  for (std::size_t i = 0; i < dealers.size(); ++i) {
    if (bad_dealers.count(dealers[i])) {
      my_complaints_.insert(dealers[i]);
      continue;
    }
    deals_[dealers[i]].my_share.assign(shares.begin() + i * k, shares.begin() + (i + 1) * k);
  }
  for (Fr& s : shares) util::secure_zero(&s, sizeof(s));
}

}  // namespace stakepool::threshold
