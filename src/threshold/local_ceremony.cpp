#include "stakepool/threshold/local_ceremony.hpp"

#include <algorithm>
#include <memory>
#include <queue>

#include "stakepool/threshold/ceremony_build.hpp"

namespace stakepool::threshold {
namespace {

constexpr int64_t kLatencyMs = 5;

struct Participant {
  std::unique_ptr<Ceremony> ceremony;
  bool silent = false;
  std::optional<uint32_t> equivocate_as;  // dealer index, if this participant equivocates
};

// Delivery: one message to one participant. A broadcast's copies share one buffer.
struct Delivery {
  int64_t at;
  uint64_t seq;
  std::size_t to;
  std::shared_ptr<const util::Bytes> msg;
  bool operator>(const Delivery& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

// Network: delivers each broadcast to every other participant after a fixed latency.
class Network {
 public:
  explicit Network(std::vector<Participant>& ps) : ps_(ps) {}
  void broadcast(std::size_t from, util::Bytes m, int64_t now) {
    auto shared = std::make_shared<const util::Bytes>(std::move(m));
    for (std::size_t to = 0; to < ps_.size(); ++to) {
      if (to != from) q_.push(Delivery{now + kLatencyMs, seq_++, to, shared});
    }
  }
  void send(std::size_t to, std::shared_ptr<const util::Bytes> msg, int64_t now) {
    q_.push(Delivery{now + kLatencyMs, seq_++, to, std::move(msg)});
  }
  bool empty() const { return q_.empty(); }
  const Delivery& top() const { return q_.top(); }
  Delivery pop() {
    Delivery d = q_.top();
    q_.pop();
    return d;
  }

 private:
  std::vector<Participant>& ps_;
  std::priority_queue<Delivery, std::vector<Delivery>, std::greater<>> q_;
  uint64_t seq_ = 0;
};

Deadlines default_deadlines() { return Deadlines{{1000}, {2000}, {3000}, {4000}}; }

// Driver: one ceremony run over the in-memory network.
class Driver {
 public:
  Driver(std::vector<Participant>& ps, const CeremonyConfig& cfg, const std::vector<const LocalOperator*>& keys,
         util::Rng& rng)
      : ps_(ps), net_(ps), cfg_(cfg), keys_(keys), rng_(rng) {}

  void run() {
    for (std::size_t i = 0; i < ps_.size(); ++i) {
      if (!ps_[i].silent) emit(i, ps_[i].ceremony->start({0}), 0);
    }
    const int64_t ticks[] = {cfg_.deadlines.deal.ms, cfg_.deadlines.response.ms,
                             cfg_.deadlines.justification.ms, cfg_.deadlines.finalize.ms,
                             cfg_.deadlines.finalize.ms + 10 * kLatencyMs};
    std::size_t next_tick = 0;
    const int64_t kNever = INT64_MAX;
    for (;;) {
      int64_t tm = net_.empty() ? kNever : net_.top().at;
      int64_t tt = next_tick < std::size(ticks) ? ticks[next_tick] : kNever;
      if (tm == kNever && tt == kNever) break;
      if (tm <= tt) {
        Delivery d = net_.pop();
        ++delivered;
        if (!ps_[d.to].silent) emit(d.to, ps_[d.to].ceremony->on_message(*d.msg, {d.at}), d.at);
      } else {
        for (std::size_t i = 0; i < ps_.size(); ++i) {
          if (!ps_[i].silent) emit(i, ps_[i].ceremony->on_tick({tt}), tt);
        }
        ++next_tick;
      }
    }
  }
  std::size_t delivered = 0;

 private:
  void emit(std::size_t from, Ceremony::Outputs out, int64_t now) {
    for (auto& m : out.broadcast) {
      if (ps_[from].equivocate_as && !m.empty() && m[0] == static_cast<uint8_t>(MsgType::kDeal)) {
        equivocate(from, std::move(m), now);
        continue;
      }
      net_.broadcast(from, std::move(m), now);
    }
  }
  // equivocate: half of the others get the real deal, half a different, validly signed one.
  void equivocate(std::size_t from, util::Bytes real_msg, int64_t now) {
    std::vector<SecretPolynomial> polys;
    for (uint32_t m = 0; m < cfg_.secrets; ++m) {
      SecretScalar other = random_scalar(rng_);
      polys.push_back(SecretPolynomial::random(other, cfg_.threshold, rng_));
    }
    util::PairKeys boxes(keys_[from]->enc, &pair_key_x25519);
    auto alt = std::make_shared<const util::Bytes>(
        build_deal(cfg_, *ps_[from].equivocate_as, keys_[from]->sign, boxes, polys, rng_));
    auto real = std::make_shared<const util::Bytes>(std::move(real_msg));
    for (std::size_t to = 0; to < ps_.size(); ++to) {
      if (to != from) net_.send(to, to % 2 == 0 ? real : alt, now);
    }
  }

  std::vector<Participant>& ps_;
  Network net_;
  const CeremonyConfig& cfg_;
  const std::vector<const LocalOperator*>& keys_;
  util::Rng& rng_;
};

SessionId session_from(uint64_t seed, std::string_view label) {
  util::DeterministicRng r(seed, label);
  SessionId s{};
  r.fill(s);
  return s;
}

Member member_of(uint32_t index, const LocalOperator& op) {
  return Member{index, op.sign.public_key(), op.enc.public_key()};
}

// collect gathers the outcome from honest participants (those without faults).
LocalOutcome collect(const CeremonyConfig& cfg, std::vector<Participant>& ps,
                     const std::vector<std::optional<uint32_t>>& new_index, const std::vector<bool>& honest,
                     std::size_t delivered) {
  LocalOutcome out;
  out.messages = delivered;
  out.ok = true;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!honest[i]) continue;
    Ceremony& c = *ps[i].ceremony;
    if (c.phase() != Phase::kDone) {
      out.ok = false;
      if (out.failure.empty()) {
        out.failure = c.phase() == Phase::kFailed ? c.failure() : std::string("stuck in phase ") + to_string(c.phase());
      }
      continue;
    }
    if (!out.result) {
      out.result.emplace();
      const CeremonyResult& r = *c.result();
      out.result->qual = r.qual;
      out.result->used = r.used;
      out.result->pub = r.pub;
      out.result->share_pubkeys = r.share_pubkeys;
      out.result->result_hash = r.result_hash;
      out.result->disqualified = r.disqualified;
      for (const KeyResult& k : r.more) out.result->more.push_back(KeyResult{k.pub, k.share_pubkeys, std::nullopt});
      out.more_shares.resize(r.more.size());
      out.transcript = c.transcript();
      out.finalizes = c.matching_finalizes();
      out.record = make_record(cfg, c);
    }
    if (new_index[i] && c.result()->my_share) {
      const SecretShare& s = *c.result()->my_share;
      out.shares.emplace(*new_index[i], SecretShare{s.index, s.value.clone()});
      const auto& more = c.result()->more;
      for (std::size_t m = 0; m < more.size() && m < out.more_shares.size(); ++m) {
        const SecretShare& sm = *more[m].my_share;
        out.more_shares[m].emplace(*new_index[i], SecretShare{sm.index, sm.value.clone()});
      }
    }
  }
  // Every honest participant received every broadcast: the first honest one's erasures are all.
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (!honest[i] || ps[i].silent) continue;
    out.erasures = ps[i].ceremony->erasures();
    break;
  }
  if (out.record) out.record->erasures = out.erasures;
  if (!out.ok) {
    out.result.reset();
    out.record.reset();
  }
  return out;
}

void apply_fault(Participant& p, std::optional<FaultKind> f, uint32_t dealer_index) {
  if (!f) return;
  switch (*f) {
    case FaultKind::kSilent: p.silent = true; break;
    case FaultKind::kEquivocate: p.equivocate_as = dealer_index; break;
    case FaultKind::kBadShare: p.ceremony->set_fault_for_testing(DealerFault::kBadShare); break;
    case FaultKind::kBadJustification:
      p.ceremony->set_fault_for_testing(DealerFault::kBadJustification);
      break;
    case FaultKind::kWrongConstant: p.ceremony->set_fault_for_testing(DealerFault::kWrongConstant); break;
    case FaultKind::kTorsion: p.ceremony->set_fault_for_testing(DealerFault::kTorsion); break;
  }
}

}  // namespace

const char* to_string(FaultKind f) {
  switch (f) {
    case FaultKind::kBadShare: return "bad-share";
    case FaultKind::kSilent: return "silent";
    case FaultKind::kEquivocate: return "equivocate";
    case FaultKind::kBadJustification: return "bad-justification";
    case FaultKind::kWrongConstant: return "wrong-constant";
    case FaultKind::kTorsion: return "torsion";
  }
  return "?";
}

std::optional<FaultKind> parse_fault(std::string_view s) {
  for (FaultKind f : {FaultKind::kBadShare, FaultKind::kSilent, FaultKind::kEquivocate,
                      FaultKind::kBadJustification, FaultKind::kWrongConstant, FaultKind::kTorsion}) {
    if (s == to_string(f)) return f;
  }
  return std::nullopt;
}

std::vector<LocalOperator> make_operators(std::size_t n, util::Rng& rng) {
  std::vector<LocalOperator> ops;
  for (std::size_t i = 0; i < n; ++i) {
    ops.push_back(LocalOperator{util::Ed25519SecretKey::generate(rng), util::X25519SecretKey::generate(rng)});
  }
  return ops;
}

LocalOutcome run_local_dkg(const LocalDkgParams& p, const std::vector<LocalOperator>& ops) {
  util::DeterministicRng rng(p.seed, "local-dkg");
  CeremonyConfig cfg;
  cfg.session = session_from(p.seed, "dkg-session");
  cfg.threshold = p.t;
  cfg.secrets = p.secrets;
  cfg.deadlines = default_deadlines();
  for (uint32_t i = 1; i <= p.n; ++i) cfg.dealers.push_back(member_of(i, ops[i - 1]));
  cfg.recipients = cfg.dealers;
  std::vector<Participant> ps(p.n);
  std::vector<const LocalOperator*> keys;
  std::vector<std::optional<uint32_t>> new_index;
  std::vector<bool> honest;
  for (uint32_t i = 1; i <= p.n; ++i) {
    Identity id{i, i, &ops[i - 1].sign, &ops[i - 1].enc};
    ps[i - 1].ceremony = std::make_unique<Ceremony>(cfg, id, std::nullopt, rng);
    auto f = p.faults.find(i);
    apply_fault(ps[i - 1], f == p.faults.end() ? std::nullopt : std::optional(f->second), i);
    keys.push_back(&ops[i - 1]);
    new_index.push_back(i);
    honest.push_back(f == p.faults.end());
  }
  Driver d(ps, cfg, keys, rng);
  d.run();
  return collect(cfg, ps, new_index, honest, d.delivered);
}

LocalOutcome run_local_reshare(const LocalReshareParams& p, const std::vector<LocalOperator>& ops,
                               const CeremonyResult& old_result, std::map<uint32_t, SecretShare>& old_shares) {
  util::DeterministicRng rng(p.seed, "local-reshare");
  CeremonyConfig cfg;
  cfg.session = session_from(p.seed, "reshare-session");
  cfg.threshold = p.new_t;
  cfg.deadlines = default_deadlines();
  ReshareInfo info{p.old_t, old_result.pub.coeffs[0], {}};
  for (std::size_t i = 0; i < p.old_members.size(); ++i) {
    uint32_t idx = static_cast<uint32_t>(i + 1);
    cfg.dealers.push_back(member_of(idx, ops[p.old_members[i]]));
    info.old_share_pubkeys[idx] = old_result.share_pubkeys[i];
  }
  cfg.reshare = info;
  for (std::size_t k = 0; k < p.new_members.size(); ++k) {
    cfg.recipients.push_back(member_of(static_cast<uint32_t>(k + 1), ops[p.new_members[k]]));
  }
  // One participant per operator: dealer role, recipient role, or both.
  std::map<std::size_t, Identity> ids;
  for (std::size_t i = 0; i < p.old_members.size(); ++i) {
    if (std::find(p.absent_old.begin(), p.absent_old.end(), i + 1) != p.absent_old.end()) continue;
    ids[p.old_members[i]].dealer_index = static_cast<uint32_t>(i + 1);
  }
  for (std::size_t k = 0; k < p.new_members.size(); ++k) ids[p.new_members[k]].recipient_index = static_cast<uint32_t>(k + 1);
  std::vector<Participant> ps;
  std::vector<const LocalOperator*> keys;
  std::vector<std::optional<uint32_t>> new_index;
  std::vector<bool> honest;
  for (auto& [op, id] : ids) {
    id.sign_key = &ops[op].sign;
    id.enc_key = &ops[op].enc;
    std::optional<SecretScalar> share;
    if (id.dealer_index) {
      auto it = old_shares.find(*id.dealer_index);
      if (it != old_shares.end()) share = it->second.value.clone();
    }
    Participant part;
    part.ceremony = std::make_unique<Ceremony>(cfg, id, std::move(share), rng);
    std::optional<FaultKind> f;
    if (id.dealer_index && p.faults.count(*id.dealer_index)) f = p.faults.at(*id.dealer_index);
    apply_fault(part, f, id.dealer_index.value_or(0));
    ps.push_back(std::move(part));
    keys.push_back(&ops[op]);
    new_index.push_back(id.recipient_index);
    honest.push_back(!f.has_value());
  }
  Driver d(ps, cfg, keys, rng);
  d.run();
  LocalOutcome out = collect(cfg, ps, new_index, honest, d.delivered);
  if (out.ok) {
    for (auto& [idx, s] : old_shares) s.value.wipe();  // the old holders erased theirs
  }
  return out;
}

LocalOutcome run_local_dkg_multi(uint32_t n, uint32_t t, uint32_t k, uint64_t seed,
                                 const std::map<uint32_t, FaultKind>& faults,
                                 const std::vector<LocalOperator>& ops) {
  LocalDkgParams p{n, t, seed, faults};
  p.secrets = k;
  return run_local_dkg(p, ops);
}

std::vector<LocalKey> take_keys(LocalOutcome& out) {
  std::vector<LocalKey> keys;
  if (!out.ok || !out.result) return keys;
  keys.push_back(LocalKey{out.result->pub, out.result->share_pubkeys, std::move(out.shares)});
  for (std::size_t m = 0; m < out.result->more.size(); ++m) {
    const KeyResult& k = out.result->more[m];
    keys.push_back(LocalKey{k.pub, k.share_pubkeys, std::move(out.more_shares[m])});
  }
  out.shares.clear();
  out.more_shares.clear();
  return keys;
}

}  // namespace stakepool::threshold
