#include "consensus/net_harness.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <queue>
#include <thread>

#include "stakepool/consensus/codec.hpp"
#include "stakepool/crypto/sha256.hpp"
#include "support/fake_operator_keys.hpp"

namespace stakepool::consensus::test {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

Value text_value(const std::string& s) { return Value(util::Bytes(s.begin(), s.end())); }

bool honest_validate(std::span<const uint8_t> v) {
  const std::string s(v.begin(), v.end());
  return s.find("slashable") == std::string::npos;
}

enum class Kind : uint8_t { kStart, kDeliver, kWake };

struct Event {
  int64_t t;
  uint64_t seq;
  uint32_t to;
  Kind kind;
  std::shared_ptr<const SignedMessage> msg;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

class Network {
 public:
  explicit Network(const Scenario& s) : s_(s), rng_(s.seed, "qbft-net") {}
  Outcome run();

 private:
  void setup_keys();
  void setup_faults();
  Config node_config(uint32_t i, const Committee& committee);
  void push(int64_t t, uint32_t to, Kind kind, std::shared_ptr<const SignedMessage> m = nullptr);
  void send(uint32_t to, std::shared_ptr<const SignedMessage> m, int64_t now);
  void emit(uint32_t from, const SignedMessage& m, int64_t now);
  void emit_byzantine(const SignedMessage& m, int64_t now);
  void emit_noise(const SignedMessage& m, int64_t now);
  SignedMessage resign(SignedMessage m) const {
    return sign_message(*signers_[byz_], std::move(m));
  }
  void handle(uint32_t i, Outputs o, int64_t now);
  void step(const Event& e);
  bool alive(uint32_t i, int64_t t) const { return t < crash_at_[i]; }

  const Scenario& s_;
  util::DeterministicRng rng_;
  testing::FakeKeyring fake_;
  Ed25519Verifier ed_;
  const Verifier* verifier_ = nullptr;
  std::vector<std::unique_ptr<Signer>> signers_;
  std::vector<std::optional<Instance>> nodes_;
  std::vector<int64_t> crash_at_;
  std::vector<int64_t> scheduled_wake_;
  uint32_t byz_ = std::numeric_limits<uint32_t>::max();
  uint64_t leader_offset_ = 0;
  InstanceId id_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  uint64_t seq_ = 0;
  crypto::Sha256 transcript_;
  Outcome out_;
};

void Network::setup_keys() {
  for (uint32_t i = 0; i < s_.n; ++i) {
    if (s_.real_keys) {
      signers_.push_back(std::make_unique<Ed25519Signer>(Ed25519Signer::generate(rng_).value()));
    } else {
      signers_.push_back(fake_.make_signer(s_.seed * 1000 + i));
    }
  }
  verifier_ = s_.real_keys ? static_cast<const Verifier*>(&ed_) : &fake_;
}

// setup_faults picks the Byzantine member (leader of round 1 if asked) and the crashed ones.
void Network::setup_faults() {
  crash_at_.assign(s_.n, kNever);
  leader_offset_ = rng_.uniform(s_.n);
  std::vector<uint32_t> order(s_.n);
  for (uint32_t i = 0; i < s_.n; ++i) order[i] = i;
  for (uint32_t i = s_.n; i > 1; --i) std::swap(order[i - 1], order[rng_.uniform(i)]);
  std::size_t next = 0;
  if (s_.byzantine != Byzantine::kNone) {
    byz_ = order[next++];
    if (s_.byzantine_leads_round_1) leader_offset_ = (byz_ + s_.n - 1) % s_.n;
  }
  for (uint32_t k = 0; k < s_.crashed && next < order.size(); ++k) {
    crash_at_[order[next++]] = static_cast<int64_t>(rng_.uniform(s_.crash_window_ms + 1));
  }
}

Config Network::node_config(uint32_t i, const Committee& committee) {
  Config c{id_, committee};
  c.self = i;
  c.leader_offset = leader_offset_;
  const int64_t round_ms = s_.round_ms;
  c.deadline = [round_ms](const InstanceId&, uint64_t r) {
    return util::TimePoint{static_cast<int64_t>(r) * round_ms};
  };
  c.max_round = s_.max_round;
  c.cutoff = util::TimePoint{static_cast<int64_t>(s_.max_round + 1) * round_ms};
  c.validate = i == byz_ ? ValidateFn([](std::span<const uint8_t>) { return true; })
                         : ValidateFn(honest_validate);
  c.signer = signers_[i].get();
  c.verifier = verifier_;
  if (s_.parallel_hook) {
    c.parallel_for = [this](std::size_t n, const std::function<void(std::size_t)>& fn) {
      ++out_.hook_calls;
      std::thread helper([&] {  // odd indices, backwards
        for (std::size_t k = n - n % 2; k >= 2; k -= 2) fn(k - 1);
      });
      for (std::size_t k = 0; k < n; k += 2) fn(k);
      helper.join();
    };
  }
  return c;
}

void Network::push(int64_t t, uint32_t to, Kind kind, std::shared_ptr<const SignedMessage> m) {
  queue_.push(Event{t, seq_++, to, kind, std::move(m)});
}

void Network::send(uint32_t to, std::shared_ptr<const SignedMessage> m, int64_t now) {
  if (now < s_.gst_ms && rng_.bernoulli(s_.loss_permille, 1000)) return;
  const auto span = static_cast<uint64_t>(s_.max_delay_ms - s_.min_delay_ms + 1);
  push(now + s_.min_delay_ms + static_cast<int64_t>(rng_.uniform(span)), to, Kind::kDeliver,
       std::move(m));
}

void Network::emit(uint32_t from, const SignedMessage& m, int64_t now) {
  if (from == byz_ && s_.byzantine == Byzantine::kEquivocatingLeader) return emit_byzantine(m, now);
  if (from == byz_ && s_.byzantine == Byzantine::kNoise) emit_noise(m, now);
  auto shared = std::make_shared<const SignedMessage>(m);
  for (uint32_t to = 0; to < s_.n; ++to) {
    if (to != from) send(to, shared, now);
  }
}

// emit_byzantine: even members get the real message (value A), odd members a twin for value B.
void Network::emit_byzantine(const SignedMessage& m, int64_t now) {
  auto real = std::make_shared<const SignedMessage>(m);
  auto twin = real;
  const MsgType t = m.msg.type;
  if (t == MsgType::kProposal || t == MsgType::kPrepare || t == MsgType::kCommit) {
    SignedMessage b = m;
    const Value vb = text_value("byzantine-B");
    b.msg.value_hash = vb.hash();
    if (b.value) b.value = vb.data();
    twin = std::make_shared<const SignedMessage>(resign(std::move(b)));
  }
  for (uint32_t to = 0; to < s_.n; ++to) {
    if (to != byz_) send(to, to % 2 == 0 ? real : twin, now);
  }
}

// emit_noise sends junk along with each real message of the Byzantine member.
void Network::emit_noise(const SignedMessage& m, int64_t now) {
  std::vector<SignedMessage> junk;
  const uint64_t r = m.msg.round;
  Hash32 random{};
  rng_.fill(random);
  SignedMessage j;
  j.msg = Message{MsgType::kPrepare, id_, r, byz_, random, 0};
  junk.push_back(resign(j));  // conflicts with its real PREPARE of round r, if any
  j.msg.type = MsgType::kCommit;
  junk.push_back(resign(j));
  j.msg.sender = (byz_ + 1) % s_.n;  // forged sender: bad signature
  junk.push_back(resign(j));
  j.msg = Message{MsgType::kRoundChange, id_, r + 1 + rng_.uniform(s_.max_round), byz_, {}, 0};
  junk.push_back(resign(j));  // may be above the cutoff round
  const Value v = text_value("noise-" + std::to_string(rng_.next_u64()));
  j.msg = Message{MsgType::kProposal, id_, r + 1, byz_, v.hash(), 0};
  j.value = v.data();
  junk.push_back(resign(j));  // unjustified (and usually not from the leader)
  j.msg.instance.height -= 1;
  junk.push_back(resign(j));  // replay-style old height
  for (const SignedMessage& x : junk) {
    auto shared = std::make_shared<const SignedMessage>(x);
    for (uint32_t to = 0; to < s_.n; ++to) {
      if (to != byz_) send(to, shared, now);
    }
  }
}

void Network::handle(uint32_t i, Outputs o, int64_t now) {
  out_.dropped += o.dropped.size();
  for (const SignedMessage& m : o.broadcast) emit(i, m, now);
  if (o.decided) {
    out_.certificates_ok &=
        verify_commit_certificate(o.decided->certificate, nodes_[i]->config().committee, *verifier_)
            .has_value();
    out_.decided[i] = std::move(o.decided);
    out_.last_decision_ms = std::max(out_.last_decision_ms, now);
  }
  if (o.wake_at) {
    const int64_t at = std::max(o.wake_at->ms, now);
    if (at != scheduled_wake_[i]) {
      scheduled_wake_[i] = at;
      push(at, i, Kind::kWake);
    }
  }
}

void Network::step(const Event& e) {
  if (!alive(e.to, e.t)) return;
  Instance& node = *nodes_[e.to];
  switch (e.kind) {
    case Kind::kStart:
      return handle(e.to, node.start({e.t}, out_.inputs[e.to]), e.t);
    case Kind::kWake:
      if (scheduled_wake_[e.to] != e.t) return;  // superseded
      return handle(e.to, node.on_tick({e.t}), e.t);
    case Kind::kDeliver: {
      ++out_.delivered;
      const auto body = encode_body(e.msg->msg);
      transcript_.update(body).update(e.msg->signature);
      return handle(e.to, node.on_message(*e.msg, {e.t}), e.t);
    }
  }
}

Outcome Network::run() {
  id_.tag = crypto::sha256(util::Bytes{'n', 'e', 't'});
  id_.height = 100 + s_.seed;
  setup_keys();
  setup_faults();
  std::vector<OperatorKey> keys;
  for (const auto& sg : signers_) keys.push_back(sg->public_key());
  const Committee committee = Committee::make(keys).value();
  out_.decided.resize(s_.n);
  out_.byzantine_member = byz_;
  scheduled_wake_.assign(s_.n, kNever);
  for (uint32_t i = 0; i < s_.n; ++i) {
    out_.honest.push_back(i != byz_ && crash_at_[i] == kNever);
    out_.inputs.push_back(text_value(i == byz_ && s_.byzantine == Byzantine::kInvalidValueLeader
                                         ? "slashable-" + std::to_string(i)
                                         : "value-" + std::to_string(i)));
    nodes_.push_back(Instance::make(node_config(i, committee)).value());
    push(static_cast<int64_t>(rng_.uniform(s_.start_jitter_ms + 1)), i, Kind::kStart);
  }
  while (!queue_.empty()) {
    Event e = queue_.top();
    queue_.pop();
    step(e);
  }
  out_.transcript_digest = util::to_hex(transcript_.finish());
  for (const auto& node : nodes_) out_.verifications += node->verifications();
  return std::move(out_);
}

}  // namespace

Outcome run_network(const Scenario& s) { return Network(s).run(); }

}  // namespace stakepool::consensus::test
