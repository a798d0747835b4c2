// Simulation: the windowed event loop and the nodes' view of the chain.
//
// Conservative parallel discrete-event simulation. Nodes interact only through the network, whose
// every message takes at least `lookahead` ms (SimNetwork::min_latency), and through the chain.
// So the owned events (deliveries, wake-ups) of different nodes inside [T, T + lookahead), T the
// earliest pending event, cannot affect each other: each node handles its own in time order, on
// any thread, while messages it sends, wake-ups it asks for past the window and chain submissions
// are kept. When the window ends they are replayed in (time, operator, seq) order: sends draw
// their latency from the network's seeded RNG then, and submissions reach the chain with their
// own timestamps. Global events (chain ticks, faults, bookkeeping) run alone, between windows, and
// close a window early. The outcome does not depend on the number of threads: a run with one
// thread goes through exactly the same windows.
#include <algorithm>
#include <memory>

#include "sim_state.hpp"

namespace stakepool::sim {

// ---- BeaconProxy ----

namespace {

template <typename F>
auto locked(std::mutex& mu, F&& f) {
  std::lock_guard<std::mutex> lock(mu);
  return f();
}

template <typename T>
std::vector<T> copy_of(std::span<const T> s) {
  return std::vector<T>(s.begin(), s.end());
}

}  // namespace

Result<std::vector<duty::AttesterDuty>> BeaconProxy::attester_duties(
    eth::Epoch e, std::span<const eth::ValidatorIndex> ids) {
  return locked(mu_, [&] { return chain_.attester_duties(e, ids); });
}

Result<std::vector<duty::ProposerDuty>> BeaconProxy::proposer_duties(eth::Epoch e) {
  return locked(mu_, [&] { return chain_.proposer_duties(e); });
}

Result<std::vector<duty::SyncDuty>> BeaconProxy::sync_duties(eth::Epoch e,
                                                             std::span<const eth::ValidatorIndex> ids) {
  return locked(mu_, [&] { return chain_.sync_duties(e, ids); });
}

Result<eth::AttestationData> BeaconProxy::attestation_data(eth::Slot s, eth::CommitteeIndex c) {
  return locked(mu_, [&] { return chain_.attestation_data(s, c); });
}

Result<eth::AttestationElectra> BeaconProxy::aggregate_attestation(eth::Slot s, const eth::Root& r,
                                                                   eth::CommitteeIndex c) {
  return locked(mu_, [&] { return chain_.aggregate_attestation(s, r, c); });
}

Result<duty::BlockProposal> BeaconProxy::produce_block(eth::Slot s, const eth::BlsSignature& randao) {
  return locked(mu_, [&] { return chain_.produce_block(s, randao); });
}

Result<eth::Root> BeaconProxy::block_root(eth::Slot s) {
  return locked(mu_, [&] { return chain_.block_root(s); });
}

Result<eth::SyncCommitteeContribution> BeaconProxy::sync_committee_contribution(eth::Slot s, uint64_t sub,
                                                                                const eth::Root& r) {
  return locked(mu_, [&] { return chain_.sync_committee_contribution(s, sub, r); });
}

Status BeaconProxy::write(std::function<void()> apply,
                          std::function<std::vector<SigCheck>()> checks) {
  if (win_ == nullptr) {
    locked(mu_, [&] {
      apply();
      return 0;
    });
    return ok_status();
  }
  WindowCtx::Output o;
  o.t = now_;
  o.kind = WindowCtx::Kind::kChain;
  o.apply = std::move(apply);
  o.checks = std::move(checks);
  win_->emit(std::move(o));
  return ok_status();
}

// The selection endpoints' answer (whether the proof selects) is the node's own computation; the
// chain's verdict on the proof is counted by the chain.
Result<bool> BeaconProxy::report_beacon_committee_selection(eth::Slot s, eth::ValidatorIndex v,
                                                            const eth::BlsSignature& p) {
  SP_TRY(write([this, s, v, p] { (void)chain_.report_beacon_committee_selection(s, v, p); },
               [this, s, v, p] { return std::vector{chain_.check_of_beacon_selection(s, v, p)}; }));
  return true;
}

Result<bool> BeaconProxy::report_sync_committee_selection(eth::Slot s, eth::ValidatorIndex v, uint64_t sub,
                                                          const eth::BlsSignature& p) {
  SP_TRY(write(
      [this, s, v, sub, p] { (void)chain_.report_sync_committee_selection(s, v, sub, p); },
      [this, s, v, sub, p] { return std::vector{chain_.check_of_sync_selection(s, v, sub, p)}; }));
  return true;
}

Status BeaconProxy::submit_attestations(std::span<const eth::SingleAttestation> atts) {
  auto m = std::make_shared<const std::vector<eth::SingleAttestation>>(copy_of(atts));
  return write([this, m] { (void)chain_.submit_attestations(*m); },
               [this, m] { return chain_.checks_of_attestations(*m); });
}

Status BeaconProxy::submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) {
  return write([this, m = copy_of(aggs)] { (void)chain_.submit_aggregates(m); });
}

Status BeaconProxy::submit_block(const eth::SignedBeaconBlockHeader& block) {
  return write([this, block] { (void)chain_.submit_block(block); });
}

Status BeaconProxy::submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) {
  auto m = std::make_shared<const std::vector<eth::SyncCommitteeMessage>>(copy_of(msgs));
  return write([this, m] { (void)chain_.submit_sync_messages(*m); },
               [this, m] { return chain_.checks_of_sync_messages(*m); });
}

Status BeaconProxy::submit_contributions(std::span<const eth::SignedContributionAndProof> cs) {
  return write([this, m = copy_of(cs)] { (void)chain_.submit_contributions(m); });
}

Status BeaconProxy::submit_voluntary_exit(const eth::SignedVoluntaryExit& exit) {
  return write([this, exit] { (void)chain_.submit_voluntary_exit(exit); });
}

// ---- the windowed loop ----

void Simulation::State::run_events(TimePoint until) {
  while (!q.empty() && q.next().t <= until) {
    if (q.next().owner == EventQueue::kGlobal) {
      q.run_next();
    } else {
      run_window(until);
    }
  }
  q.set_now(until);
}

void Simulation::State::run_window(TimePoint until) {
  const TimePoint start = q.next().t;
  const int64_t limit = std::min(start.ms + lookahead, until.ms + 1);  // events before it
  std::map<OperatorId, std::vector<EventQueue::Event>> by_op;
  while (!q.empty() && q.next().owner != EventQueue::kGlobal && q.next().t.ms < limit) {
    EventQueue::Event e = q.pop();
    by_op[e.owner].push_back(std::move(e));
  }
  // A node's own wake-up inside the window runs in it, unless a global event comes first.
  const int64_t end = q.empty() ? limit : std::min(limit, q.next().t.ms);
  std::vector<OperatorId> ids;
  std::vector<WindowCtx> ctxs(by_op.size());
  for (auto& [id, events] : by_op) {
    WindowCtx& c = ctxs[ids.size()];
    c.end = end;
    for (EventQueue::Event& e : events) c.local.push(std::move(e));
    c.local_seq = std::numeric_limits<uint64_t>::max() / 2;  // after every queued event
    ids.push_back(id);
  }
  q.set_now(start);
  workers->run(ids.size(), [&](std::size_t k) {
    OperatorRuntime& op = ops[ids[k]];
    WindowCtx& c = ctxs[k];
    op.win = &c;
    const EventQueue::ClockOverride clock(&op.now);
    while (!c.local.empty()) {
      EventQueue::Event e = std::move(const_cast<EventQueue::Event&>(c.local.top()));
      c.local.pop();
      op.now = e.t;
      e.fn();
    }
    op.win = nullptr;
  });
  replay(ctxs, ids);
}

void Simulation::State::replay(std::vector<WindowCtx>& ctxs, const std::vector<OperatorId>& ids) {
  struct Ref {
    WindowCtx::Output* o;
    OperatorId id;
  };
  std::vector<Ref> all;
  for (std::size_t k = 0; k < ctxs.size(); ++k) {
    for (WindowCtx::Output& o : ctxs[k].out) all.push_back(Ref{&o, ids[k]});
  }
  std::sort(all.begin(), all.end(), [](const Ref& a, const Ref& b) {
    if (a.o->t != b.o->t) return a.o->t < b.o->t;
    return a.id != b.id ? a.id < b.id : a.o->seq < b.o->seq;
  });
  // The submissions' signatures are verified ahead, side by side (SimChain::preverify).
  std::vector<SigCheck> checks;
  for (const Ref& r : all) {
    if (r.o->kind != WindowCtx::Kind::kChain || !r.o->checks) continue;
    std::vector<SigCheck> c = r.o->checks();
    for (SigCheck& x : c) checks.push_back(std::move(x));
  }
  if (!checks.empty()) {
    chain->preverify(std::move(checks),
                     [this](std::size_t n, const std::function<void(std::size_t)>& fn) {
                       workers->run(n, fn);
                     });
  }
  for (const Ref& r : all) {
    WindowCtx::Output& o = *r.o;
    OperatorRuntime& op = ops[r.id];
    q.set_now(o.t);
    switch (o.kind) {
      case WindowCtx::Kind::kMessage:
        send(op, o.msg);
        break;
      case WindowCtx::Kind::kWake:
        q.at_owned(o.wake, op.id, wake_fn(op, o.wake));
        break;
      case WindowCtx::Kind::kChain:
        o.apply();
        break;
    }
  }
  chain->forget_preverified();
}

}  // namespace stakepool::sim
