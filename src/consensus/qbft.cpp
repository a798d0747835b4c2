#include "stakepool/consensus/qbft.hpp"

#include <algorithm>
#include <string>

#include "consensus/qbft_state.hpp"
#include "stakepool/consensus/codec.hpp"

namespace stakepool::consensus {

// ---------------------------------------------------------------------------------------------
// State helpers

SignedMessage Instance::State::make(MsgType type, uint64_t r, const Hash32& hash, uint64_t prepared,
                                    std::optional<util::Bytes> value,
                                    std::vector<SignedMessage> justification) {
  SignedMessage m;
  m.msg = Message{type, cfg.instance, r, cfg.self, hash, prepared};
  m.value = std::move(value);
  m.justification = std::move(justification);
  return sign_message(*cfg.signer, std::move(m));
}

void Instance::State::insert(const SignedMessage& m) {
  auto [it, fresh] = store.emplace(store_key(m.msg), m);
  if (!fresh) return;
  // A held message with this key can only be the node's own (a replay of a message it signed
  // before a restart, or a forgery): its own copy wins, so the sender is not counted twice.
  if (auto h = held.find(store_key(m.msg)); h != held.end()) {
    auto t = tally.find(tally_key(h->second.msg));
    if (t != tally.end() && --t->second == 0) tally.erase(t);
    held.erase(h);
  }
  if (is_lazy(m.msg.type)) ++tally[tally_key(m.msg)];
  if (m.value && (m.msg.type == MsgType::kProposal || m.msg.type == MsgType::kRoundChange)) {
    values.emplace(m.msg.value_hash, Value(*m.value));
  }
}

// hold keeps a PREPARE/COMMIT whose signature is not verified yet (see Instance).
void Instance::State::hold(const SignedMessage& m) {
  if (held.emplace(store_key(m.msg), m).second) ++tally[tally_key(m.msg)];
}

// drop removes a held message found invalid and reports it: as the verdict when it is the
// current call's message, else in out.dropped.
void Instance::State::drop(std::map<StoreKey, SignedMessage>::iterator it, Reason why,
                           Outputs& out) {
  const SignedMessage& m = it->second;
  auto t = tally.find(tally_key(m.msg));
  if (t != tally.end() && --t->second == 0) tally.erase(t);
  if (current != nullptr && current->msg == m.msg && current->signature == m.signature) {
    current_dropped = why;
  } else {
    out.dropped.push_back(Dropped{m.msg, verdict_for(why)});
  }
  held.erase(it);
}

uint32_t Instance::State::count(MsgType type, uint64_t r, const Hash32& hash) const {
  auto it = tally.find({static_cast<uint8_t>(type), r, hash});
  return it == tally.end() ? 0 : it->second;
}

// settle verifies held messages of (type, round, hash), in sender order and only as many as the
// quorum still lacks, all at once, until the verified ones make a quorum (true) or the held and
// verified ones together no longer can (false). Invalid ones are dropped.
bool Instance::State::settle(MsgType type, uint64_t r, const Hash32& hash, Outputs& out) {
  const auto t = static_cast<uint8_t>(type);
  for (;;) {
    const std::size_t have = collect(type, r, &hash).size();
    if (have >= quorum()) return true;
    if (count(type, r, hash) < quorum()) return false;
    std::vector<std::map<StoreKey, SignedMessage>::iterator> picks;
    for (auto it = held.lower_bound({t, r, 0});
         it != held.end() && std::get<0>(it->first) == t && std::get<1>(it->first) == r &&
         picks.size() < quorum() - have;
         ++it) {
      if (it->second.msg.value_hash == hash) picks.push_back(it);
    }
    if (picks.empty()) return false;  // tally out of step with store + held: never spin
    std::vector<const SignedMessage*> msgs;
    for (auto it : picks) msgs.push_back(&it->second);
    const std::vector<Reason> res = validator.check_signatures(msgs, cfg.parallel_for);
    for (std::size_t i = 0; i < picks.size(); ++i) {
      if (res[i] != Reason::kOk) {
        drop(picks[i], res[i], out);
        continue;
      }
      store.emplace(picks[i]->first, std::move(picks[i]->second));  // already in the tally
      held.erase(picks[i]);
    }
  }
}

void Instance::State::broadcast(SignedMessage m, Outputs& out) {
  insert(m);
  out.broadcast.push_back(std::move(m));
}

// collect returns the stored messages of (type, round), optionally only those for `hash`, in
// sender order.
std::vector<SignedMessage> Instance::State::collect(MsgType type, uint64_t r,
                                                    const Hash32* hash) const {
  std::vector<SignedMessage> res;
  const auto t = static_cast<uint8_t>(type);
  for (auto it = store.lower_bound({t, r, 0}); it != store.end(); ++it) {
    if (std::get<0>(it->first) != t || std::get<1>(it->first) != r) break;
    if (hash == nullptr || it->second.msg.value_hash == *hash) res.push_back(it->second);
  }
  return res;
}

void Instance::State::decide(const Value& v, CommitCertificate cert, Outputs& out) {
  phase = Phase::kDecided;
  decided = Decided{v, std::move(cert)};
  out.decided = decided;
  decided_msg = make(MsgType::kDecided, decided->certificate.round, v.hash(), 0, v.data(),
                     decided->certificate.commits);
}

void Instance::State::finish(Outputs& out) const {
  out.wake_at.reset();
  if (phase == Phase::kRunning) out.wake_at = std::min(deadline(round), cfg.cutoff);
}

// ---------------------------------------------------------------------------------------------
// Message intake

namespace {

bool same_signed(const SignedMessage& a, const SignedMessage& b) {
  return a.msg == b.msg && a.signature == b.signature;
}

}  // namespace

// answer_round_change: a decided node answers each fresh ROUND_CHANGE with its commit
// certificate, so that members that missed the commits decide too.
Reason Instance::State::answer_round_change(const SignedMessage& m, Outputs& out) {
  State& s = *this;
  if (m.msg.type != MsgType::kRoundChange) return Reason::kAlreadyDecided;
  if (Reason r = s.validator.check_signature(m); r != Reason::kOk) return r;
  if (Reason r = s.validator.check_justification(m); r != Reason::kOk) return r;
  if (m.msg.round <= s.decided_replied[m.msg.sender]) return Reason::kAlreadyDecided;
  s.decided_replied[m.msg.sender] = m.msg.round;
  out.broadcast.push_back(*s.decided_msg);
  return Reason::kOk;
}

// accept_decided: a valid DECIDED message (value + commit quorum) decides the instance.
Reason Instance::State::accept_decided(const SignedMessage& m, Outputs& out) {
  State& s = *this;
  if (Reason r = s.validator.check_signature(m); r != Reason::kOk) return r;
  if (Reason r = s.validator.check_justification(m); r != Reason::kOk) return r;
  CommitCertificate cert{s.cfg.instance, m.msg.round, m.msg.value_hash, m.justification};
  s.decide(Value(*m.value), std::move(cert), out);
  return Reason::kOk;
}

// take_conflicting: `m`, whose signature is valid, has the (type, round, sender) of a held
// message with another body or signature. The held one is checked now: if invalid it is dropped
// and `m` takes its place, if valid `m` is an equivocation.
Reason Instance::State::take_conflicting(const SignedMessage& m, Outputs& out) {
  auto h = held.find(store_key(m.msg));
  if (validator.check_signature(h->second) == Reason::kOk) return Reason::kEquivocation;
  drop(h, Reason::kBadSignature, out);
  insert(m);
  return Reason::kOk;
}

// intake checks one message and stores it. Order: cheap checks, staleness, exact duplicates,
// holding a fresh PREPARE/COMMIT unverified, signature, equivocation, justification, then the
// caller's value hook.
Reason Instance::State::intake(const SignedMessage& m, Outputs& out) {
  State& s = *this;
  if (Reason r = s.validator.check_envelope(m); r != Reason::kOk) return r;
  if (s.phase == Phase::kDecided) return answer_round_change(m, out);
  if (m.msg.type == MsgType::kDecided) return accept_decided(m, out);
  if (m.msg.type != MsgType::kCommit && m.msg.round < s.round) return Reason::kOldRound;
  auto existing = s.store.find(store_key(m.msg));
  if (existing != s.store.end() && same_signed(existing->second, m)) return Reason::kDuplicate;
  auto held = s.held.find(store_key(m.msg));
  if (held != s.held.end() && same_signed(held->second, m)) return Reason::kDuplicate;
  if (is_lazy(m.msg.type) && existing == s.store.end() && held == s.held.end()) {
    s.hold(m);
    return Reason::kOk;
  }
  if (Reason r = s.validator.check_signature(m); r != Reason::kOk) return r;
  if (existing != s.store.end()) return Reason::kEquivocation;
  if (held != s.held.end()) return take_conflicting(m, out);
  if (Reason r = s.validator.check_justification(m); r != Reason::kOk) return r;
  if (m.msg.type == MsgType::kProposal && !s.cfg.validate(*m.value)) return Reason::kInvalidValue;
  s.insert(m);
  return Reason::kOk;
}

// ---------------------------------------------------------------------------------------------
// Instance API

Result<Instance> Instance::make(Config c) {
  auto bad = [](const std::string& what) {
    return make_error(Errc::kInvalidArgument, "qbft config: " + what);
  };
  if (c.self >= c.committee.size()) return bad("self index outside the committee");
  if (c.signer == nullptr || c.verifier == nullptr) return bad("signer and verifier are required");
  if (!(c.signer->public_key() == c.committee.member(c.self))) {
    return bad("signer key is not the committee key at the self index");
  }
  if (!c.deadline) return bad("deadline function is required");
  if (!c.validate) return bad("value validation hook is required");
  if (c.max_round == 0) return bad("max_round must be at least 1");
  return Instance(std::make_unique<State>(std::move(c)));
}

Instance::Instance(std::unique_ptr<State> s) : s_(std::move(s)) {}
Instance::~Instance() = default;
Instance::Instance(Instance&&) noexcept = default;
Instance& Instance::operator=(Instance&&) noexcept = default;

Outputs Instance::start(util::TimePoint now, std::optional<Value> input) {
  Outputs out;
  State& s = *s_;
  if (s.phase != Phase::kIdle) {
    s.finish(out);
    return out;
  }
  s.phase = Phase::kRunning;
  if (input && s.cfg.validate(input->data())) s.input = std::move(input);
  if (now >= s.cfg.cutoff) {
    s.phase = Phase::kStopped;
  } else if (s.deadline(s.round) <= now) {
    s.timeout(now, out);  // joined late: enter the round whose window contains `now`
  }
  if (s.phase == Phase::kRunning) s.run_rules(out);
  s.finish(out);
  return out;
}

Outputs Instance::provide_input(Value input, util::TimePoint now) {
  Outputs out;
  State& s = *s_;
  if (s.phase == Phase::kIdle || s.phase == Phase::kRunning) {
    if (s.cfg.validate(input.data())) s.input = std::move(input);
  }
  if (s.phase == Phase::kRunning) {
    if (now >= s.cfg.cutoff) {
      s.phase = Phase::kStopped;
    } else {
      s.run_rules(out);
    }
  }
  s.finish(out);
  return out;
}

Outputs Instance::on_message(const SignedMessage& m, util::TimePoint now) {
  Outputs out;
  State& s = *s_;
  if (s.phase != Phase::kDecided && now >= s.cfg.cutoff) s.phase = Phase::kStopped;
  if (s.phase == Phase::kStopped) {
    out.verdict = verdict_for(Reason::kStopped);
    return out;
  }
  s.current = &m;
  s.current_dropped = Reason::kOk;
  const Reason r = s.intake(m, out);
  out.verdict = verdict_for(r);
  if (r == Reason::kOk && s.phase == Phase::kRunning) s.run_rules(out);
  if (s.current_dropped != Reason::kOk) out.verdict = verdict_for(s.current_dropped);
  s.current = nullptr;
  s.finish(out);
  return out;
}

Outputs Instance::on_tick(util::TimePoint now) {
  Outputs out;
  State& s = *s_;
  if (s.phase == Phase::kRunning || s.phase == Phase::kIdle) {
    if (now >= s.cfg.cutoff) {
      s.phase = Phase::kStopped;
    } else if (s.phase == Phase::kRunning && s.deadline(s.round) <= now) {
      s.timeout(now, out);
      if (s.phase == Phase::kRunning) s.run_rules(out);
    }
  }
  s.finish(out);
  return out;
}

Phase Instance::phase() const { return s_->phase; }
uint64_t Instance::round() const { return s_->round; }
uint64_t Instance::prepared_round() const { return s_->prepared_round; }
const std::optional<Decided>& Instance::decided() const { return s_->decided; }
const Config& Instance::config() const { return s_->cfg; }
uint64_t Instance::verifications() const { return s_->validator.verifications(); }

}  // namespace stakepool::consensus
