// Ceremony flow: phases, deadlines and the messages this participant sends.
#include "stakepool/threshold/ceremony.hpp"

#include <algorithm>

#include "stakepool/threshold/ceremony_build.hpp"

namespace stakepool::threshold {

const char* to_string(Phase p) {
  switch (p) {
    case Phase::kDeal: return "deal";
    case Phase::kResponse: return "response";
    case Phase::kJustification: return "justification";
    case Phase::kFinalize: return "finalize";
    case Phase::kDone: return "done";
    case Phase::kFailed: return "failed";
  }
  return "?";
}

Ceremony::Ceremony(CeremonyConfig cfg, Identity me, std::optional<SecretScalar> old_share, util::Rng& rng)
    : cfg_(std::move(cfg)), me_(me), old_share_(std::move(old_share)), rng_(rng) {
  if (me_.enc_key != nullptr) {
    pair_keys_.emplace(*me_.enc_key, &pair_key_x25519);
    precompute_pair_keys(*pair_keys_, cfg_, me_);  // all X25519 of this member in one batch
  }
  if (cfg_.secrets == 0 || cfg_.secrets > kMaxSecrets || (cfg_.reshare && cfg_.secrets != 1)) {
    fail("bad number of secrets " + std::to_string(cfg_.secrets) +
         " (1.." + std::to_string(kMaxSecrets) + "; resharing moves exactly one)");
  }
}

// dealer / recipient: members are usually listed by index 1..n, so position idx − 1 is tried
// first (every response echoes every dealer: this lookup runs n² times per member).
const Member* Ceremony::dealer(uint32_t idx) const {
  if (idx >= 1 && idx <= cfg_.dealers.size() && cfg_.dealers[idx - 1].index == idx) return &cfg_.dealers[idx - 1];
  for (const Member& m : cfg_.dealers) {
    if (m.index == idx) return &m;
  }
  return nullptr;
}

const Member* Ceremony::recipient(uint32_t idx) const {
  if (idx >= 1 && idx <= cfg_.recipients.size() && cfg_.recipients[idx - 1].index == idx) {
    return &cfg_.recipients[idx - 1];
  }
  for (const Member& m : cfg_.recipients) {
    if (m.index == idx) return &m;
  }
  return nullptr;
}

void Ceremony::fail(std::string reason) {
  phase_ = Phase::kFailed;
  failure_ = std::move(reason);
}

Ceremony::Outputs Ceremony::start(util::TimePoint now) {
  Outputs out;
  if (phase_ == Phase::kFailed) return out;
  if (me_.dealer_index) make_deal(out, now);
  Outputs more = advance(now);
  out.broadcast.insert(out.broadcast.end(), more.broadcast.begin(), more.broadcast.end());
  out.wake_at = more.wake_at;
  return out;
}

void Ceremony::make_deal(Outputs& out, util::TimePoint now) {
  SecretScalar secret;
  if (cfg_.reshare && old_share_ && fault_ != DealerFault::kWrongConstant) {
    secret = old_share_->clone();
  } else {
    secret = random_scalar(rng_);
  }
  my_polys_.clear();
  my_polys_.push_back(SecretPolynomial::random(secret, cfg_.threshold, rng_));
  for (uint32_t m = 1; m < cfg_.secrets; ++m) {
    SecretScalar more = random_scalar(rng_);  // independent secrets, never derived from each other
    my_polys_.push_back(SecretPolynomial::random(more, cfg_.threshold, rng_));
  }
  std::optional<uint32_t> corrupt;
  if (fault_ == DealerFault::kBadShare || fault_ == DealerFault::kBadJustification) {
    for (const Member& r : cfg_.recipients) {
      if (!me_.recipient_index || r.index != *me_.recipient_index) {
        corrupt = r.index;
        break;
      }
    }
  }
  util::Bytes msg = build_deal(cfg_, *me_.dealer_index, *me_.sign_key, *pair_keys_, my_polys_, rng_, corrupt,
                               fault_ == DealerFault::kTorsion);
  auto env = view_envelope(msg);
  if (env) accept(*env, msg, now);
  out.broadcast.push_back(std::move(msg));
}

Ceremony::Outputs Ceremony::broadcast_self(MsgType type, util::Bytes body, util::TimePoint now) {
  Outputs out;
  util::Ed25519Signature sig = me_.sign_key->sign(signed_bytes(cfg_.session, type, body));
  util::Bytes msg = seal_envelope(type, body, sig);
  auto env = view_envelope(msg);
  if (env) accept(*env, msg, now);
  out.broadcast.push_back(std::move(msg));
  return out;
}

Ceremony::Outputs Ceremony::on_message(std::span<const uint8_t> msg, util::TimePoint now) {
  auto env = view_envelope(msg);
  if (env) accept(*env, msg, now);
  return advance(now);
}

Ceremony::Outputs Ceremony::on_tick(util::TimePoint now) { return advance(now); }

std::optional<util::TimePoint> Ceremony::next_deadline() const {
  switch (phase_) {
    case Phase::kDeal: return cfg_.deadlines.deal;
    case Phase::kResponse: return cfg_.deadlines.response;
    case Phase::kJustification: return cfg_.deadlines.justification;
    case Phase::kFinalize: return cfg_.deadlines.finalize;
    default: return std::nullopt;
  }
}

Ceremony::Outputs Ceremony::advance(util::TimePoint now) {
  Outputs out;
  for (;;) {
    Phase before = phase_;
    Outputs step;
    if (phase_ != Phase::kDeal) flush_deals();  // late deals (equivocation evidence)
    switch (phase_) {
      case Phase::kDeal: {
        auto have_all = [&] {
          return std::all_of(cfg_.dealers.begin(), cfg_.dealers.end(), [&](const Member& m) {
            auto it = deals_.find(m.index);
            return it != deals_.end() && it->second.deal.has_value();
          });
        };
        // Held (unverified) deals count only once verified: all of them in one batch as soon as
        // every dealer's deal is here, verified or held.
        // Keys of deals_ and of held deals are dealers: fewer of them than dealers settles it
        // without the lookups.
        bool all = deals_.size() + pending_deals_.size() >= cfg_.dealers.size();
        if (all) {
          std::set<uint32_t> held;
          for (const PendingDeal& p : pending_deals_) held.insert(p.dealer);
          all = std::all_of(cfg_.dealers.begin(), cfg_.dealers.end(), [&](const Member& m) {
            auto it = deals_.find(m.index);
            return (it != deals_.end() && it->second.deal.has_value()) || held.count(m.index) > 0;
          });
        }
        if (all) {
          flush_deals();
          all = have_all();
        }
        if (all || now >= cfg_.deadlines.deal) step = enter_response(now);
        break;
      }
      case Phase::kResponse: {
        // A pending (unverified) response counts only once verified: a forged one must not end
        // the phase early and so shut out the sender's real response (e.g. with a complaint).
        auto have_all = [&](bool with_pending) {
          // Keys are recipients: fewer of them than recipients settles it without the lookups.
          if (responses_.size() + (with_pending ? pending_responses_.size() : 0) < cfg_.recipients.size()) {
            return false;
          }
          return std::all_of(cfg_.recipients.begin(), cfg_.recipients.end(), [&](const Member& m) {
            return responses_.count(m.index) > 0 || (with_pending && pending_responses_.count(m.index) > 0);
          });
        };
        bool all = have_all(true);
        if (all) {
          verify_pending_responses();  // all pending senders in one batch
          all = have_all(false);
        }
        if (all || now >= cfg_.deadlines.response) step = enter_justification(now);
        break;
      }
      case Phase::kJustification: {
        bool all = true;
        for (const auto& [idx, resp] : responses_) {
          for (uint32_t d : resp.complaints) {
            auto it = deals_.find(d);
            bool equivocated = it != deals_.end() && it->second.equivocated;
            if (!equivocated && (it == deals_.end() || !it->second.justification)) all = false;
          }
        }
        if (all || now >= cfg_.deadlines.justification) step = enter_finalize(now);
        break;
      }
      case Phase::kFinalize: {
        auto have_all = [&] {
          // Keys are members (recipients and dealers): too few settles it without the lookups.
          if (finalizes_.size() + pending_finalizes_.size() < cfg_.recipients.size()) return false;
          return std::all_of(cfg_.recipients.begin(), cfg_.recipients.end(), [&](const Member& m) {
            const FinalizeKey key{static_cast<uint8_t>(Role::kRecipient), m.index};
            return finalizes_.count(key) > 0 || pending_finalizes_.count(key) > 0;
          });
        };
        bool all = have_all();
        if (all && now < cfg_.deadlines.finalize && !enough_confirmations()) {
          // Pending (unverified) messages count only once verified: forged ones must not end the
          // phase before the real confirmations arrive (finish would then fail the ceremony).
          verify_finalizes(false, 0);
          all = have_all();
        }
        if (all || now >= cfg_.deadlines.finalize) step = finish(now);
        break;
      }
      case Phase::kDone:
      case Phase::kFailed:
        break;
    }
    out.broadcast.insert(out.broadcast.end(), std::make_move_iterator(step.broadcast.begin()),
                         std::make_move_iterator(step.broadcast.end()));
    if (phase_ == before) break;
  }
  out.wake_at = next_deadline();
  return out;
}

Ceremony::Outputs Ceremony::enter_response(util::TimePoint now) {
  phase_ = Phase::kResponse;
  flush_deals();
  if (!me_.recipient_index) return {};
  check_my_shares();
  Response r;
  r.from = *me_.recipient_index;
  for (const auto& [idx, info] : deals_) {
    if (info.deal) r.echoes.push_back(Echo{idx, info.body_hash, info.sig});
  }
  r.complaints.assign(my_complaints_.begin(), my_complaints_.end());
  return broadcast_self(MsgType::kResponse, encode_body(r), now);
}

Ceremony::Outputs Ceremony::enter_justification(util::TimePoint now) {
  phase_ = Phase::kJustification;
  if (!me_.dealer_index || my_polys_.empty()) return {};
  const uint32_t me = *me_.dealer_index;
  const DealInfo& mine = deals_[me];
  Justification j;
  j.dealer = me;
  if (mine.deal) {
    j.commitments = mine.deal->commitments;
    j.boxes_hash = mine.deal->boxes_hash();
    j.deal_sig = mine.sig;
  }
  for (const auto& [from, resp] : responses_) {
    if (std::find(resp.complaints.begin(), resp.complaints.end(), me) == resp.complaints.end()) continue;
    Reveal rv{from, {}};
    for (const SecretPolynomial& poly : my_polys_) {
      SecretScalar s = poly.evaluate(*ShareIndex::make(from));
      Fr v = s.expose();
      if (fault_ == DealerFault::kBadJustification && rv.shares.empty()) v = v + Fr::one();
      rv.shares.push_back(fr_to_bytes(v));
      util::secure_zero(&v, sizeof(v));
    }
    j.reveals.push_back(std::move(rv));
  }
  if (j.reveals.empty()) return {};
  return broadcast_self(MsgType::kJustification, encode_body(j), now);
}

Ceremony::Outputs Ceremony::enter_finalize(util::TimePoint now) {
  phase_ = Phase::kFinalize;
  compute_qual();
  if (phase_ == Phase::kFailed) return {};
  // Each retry disqualified at least one dealer, so this ends.
  while (!compute_result() && phase_ != Phase::kFailed) {
  }
  if (phase_ == Phase::kFailed || me_.sign_key == nullptr) return {};  // observers only watch
  Finalize f;
  f.role = me_.recipient_index ? Role::kRecipient : Role::kDealer;
  f.from = me_.recipient_index ? *me_.recipient_index : *me_.dealer_index;
  f.qual = result_->qual;
  f.result_hash = result_->result_hash;
  return broadcast_self(MsgType::kFinalize, encode_body(f), now);
}

Ceremony::Outputs Ceremony::finish(util::TimePoint now) {
  verify_finalizes(true, cfg_.threshold);
  std::size_t matching = 0;
  for (const auto& [key, f] : finalizes_) {
    if (key.first == static_cast<uint8_t>(Role::kRecipient) && f.result_hash == result_->result_hash) ++matching;
  }
  if (matching < cfg_.threshold) {
    fail("only " + std::to_string(matching) + " new members confirmed the result, need " +
         std::to_string(cfg_.threshold));
    return {};
  }
  phase_ = Phase::kDone;
  if (!cfg_.reshare || !old_share_) return {};
  // The new sharing is confirmed by at least t' members: erase the old share and say so.
  old_share_->wipe();
  old_share_.reset();
  my_polys_.clear();
  erased_ = true;
  Erasure e{*me_.dealer_index, result_->result_hash};
  return broadcast_self(MsgType::kErasure, encode_body(e), now);
}

std::vector<util::Bytes> Ceremony::transcript() const {
  flush_deals();
  std::vector<util::Bytes> t;
  for (const auto& [idx, info] : deals_) {
    if (!info.raw.empty()) t.push_back(info.raw);
  }
  verify_pending_responses();
  for (const auto& [idx, raw] : raw_responses_) t.push_back(raw);
  for (const auto& [idx, info] : deals_) {
    if (!info.raw_justification.empty()) t.push_back(info.raw_justification);
  }
  verify_finalizes(false, 0);
  for (const auto& [key, raw] : raw_finalizes_) t.push_back(raw);
  return t;
}

std::vector<util::Bytes> Ceremony::matching_finalizes() const {
  std::vector<util::Bytes> out;
  if (!result_) return out;
  verify_finalizes(false, 0);
  for (const auto& [key, f] : finalizes_) {
    if (f.result_hash == result_->result_hash) out.push_back(raw_finalizes_.at(key));
  }
  return out;
}

std::vector<util::Bytes> Ceremony::erasures() const {
  std::vector<util::Bytes> out;
  verify_erasures();
  for (const auto& [idx, raw] : raw_erasures_) out.push_back(raw);
  return out;
}

}  // namespace stakepool::threshold
