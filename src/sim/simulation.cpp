// Simulation: set-up (pools, DKGs, chain, nodes), the event loop, and fault injection.
#include "stakepool/sim/simulation.hpp"

#include <algorithm>

#include "sim_state.hpp"

namespace stakepool::sim {

namespace {

duty::Behaviour node_behaviour(const std::optional<OperatorFault>& f) {
  if (!f || f->kind != FaultKind::kByzantine) return duty::Behaviour::kHonest;
  switch (f->behaviour) {
    case Behaviour::kEquivocate: return duty::Behaviour::kEquivocate;
    case Behaviour::kInvalidPartial: return duty::Behaviour::kInvalidPartial;
    case Behaviour::kSlashable: return duty::Behaviour::kSlashable;
    case Behaviour::kWithhold: return duty::Behaviour::kWithhold;
    case Behaviour::kNone:
    case Behaviour::kMix: break;
  }
  return duty::Behaviour::kHonest;
}


}  // namespace

Simulation::Simulation(std::unique_ptr<State> st) : st_(std::move(st)) {}
Simulation::~Simulation() = default;

Result<std::unique_ptr<Simulation>> Simulation::make(SimConfig cfg) {
  SP_TRY(validate(cfg));
  for (const FaultSpec& f : cfg.faults) {
    if (f.kind == FaultKind::kByzantine && f.from) {
      return make_error(Errc::kInvalidArgument,
                        "fault '" + f.to_string() + "': byzantine faults last the whole run (no window)");
    }
  }
  auto st = std::make_unique<State>();
  st->cfg = std::move(cfg);
  return std::unique_ptr<Simulation>(new Simulation(std::move(st)));
}

const SimConfig& Simulation::config() const { return st_->cfg; }
const Assignment& Simulation::assignment() const { return st_->assignment; }
const std::vector<DistributedValidator>& Simulation::validators() const { return st_->dvs; }

Status Simulation::setup(unsigned threads) {
  State& s = *st_;
  if (s.set_up) return make_error(Errc::kInternal, "setup called twice");
  s.assignment = assign_pools(s.cfg);
  s.identities = operator_identities(s.cfg);
  auto dvs = create_validators(s.cfg, s.assignment, s.identities, threads);
  if (!dvs) return dvs.error();
  s.dvs = std::move(*dvs);
  s.chain_rng = util::DeterministicRng(s.cfg.seed, "sim-chain");
  s.net_rng = util::DeterministicRng(s.cfg.seed, "sim-network");
  s.chain = std::make_unique<SimChain>(SimChainConfig::mainnet_electra(s.cfg.seed), s.q, s.chain_rng);
  for (const DistributedValidator& dv : s.dvs) {
    s.dkg_messages += dv.dkg_messages;
    auto idx = s.chain->add_validator(dv.group_key);
    if (!idx) return idx.error();
    if (eth::u64(*idx) != dv.ordinal) return make_error(Errc::kInternal, "validator index mismatch");
  }
  SP_TRY(s.chain->add_background_validators(s.cfg.background_validators()));
  s.workers = std::make_unique<WorkerPool>(threads);
  s.net = std::make_unique<SimNetwork>(s.q, s.net_rng, s.cfg.network.link);
  s.first_slot = eth::u64(s.chain->start_slot());
  s.end_slot = s.first_slot + s.cfg.total_slots();
  s.collector.init(s.cfg, s.assignment, s.first_slot, s.end_slot);
  s.ops.resize(s.cfg.operators);
  for (OperatorId id = 0; id < s.cfg.operators; ++id) {
    OperatorRuntime& op = s.ops[id];
    op.id = id;
    op.pool = s.assignment.pool_of[id];
    op.fault = s.assignment.fault[id];
    if (op.pool) {
      const auto& m = s.assignment.pools[*op.pool].members;
      op.position = static_cast<uint32_t>(std::find(m.begin(), m.end(), id) - m.begin());
    }
    auto signer = consensus::Ed25519Signer::from_seed(s.identities[id].sign.seed());
    if (!signer) return signer.error();
    op.signer = std::make_unique<consensus::Ed25519Signer>(std::move(*signer));
    auto db = eth::SlashingDb::open(eth::SlashingDb::kMemoryPath, eth::SlashingMode::kComplete,
                                    s.chain->chain().genesis_validators_root);
    if (!db) return db.error();
    op.db = std::make_unique<eth::SlashingDb>(std::move(*db));
    s.net->attach(id, [&s, id](NodeId from, const util::Bytes& msg) { s.deliver(id, from, msg); });
  }
  s.set_up = true;
  return {};
}

Status Simulation::State::start_node(OperatorRuntime& op) {
  if (!op.pool) return {};  // standby operators run no duties
  if (!op.built) SP_TRY(build_node(op));
  op.node = std::move(op.built);
  op.now = q.now();
  schedule_wake(op, q.now());
  return {};
}

void Simulation::State::build_first_nodes() {
  std::vector<Status> st(ops.size());
  workers->run(ops.size(), [&](std::size_t i) {
    if (ops[i].pool) st[i] = build_node(ops[i]);
  });
  for (Status& s : st) note(s);
}

Status Simulation::State::build_node(OperatorRuntime& op) {
  ++op.generation;
  op.wakes.clear();
  op.rng = std::make_unique<util::DeterministicRng>(
      cfg.seed, "sim-node-" + std::to_string(op.id) + "-" + std::to_string(op.generation));
  duty::NodeConfig nc;
  nc.self = op.id;
  if (!op.beacon) op.beacon = std::make_unique<BeaconProxy>(*chain, chain_mu, op.win, op.now);
  nc.beacon = op.beacon.get();
  nc.slashing = op.db.get();
  nc.signer = op.signer.get();
  nc.verifier = &verifier;
  nc.rng = op.rng.get();
  nc.behaviour = node_behaviour(op.fault);
  nc.aggregation = cfg.aggregation;
  nc.sync_contributions = cfg.sync_contributions;
  nc.parallel_for = [w = workers.get()](std::size_t n, const std::function<void(std::size_t)>& f) {
    w->run(n, f);
  };
  auto node = duty::OperatorNode::make(nc);
  if (!node) return node.error();
  const Pool& pool = assignment.pools[*op.pool];
  duty::PoolConfig pc;
  pc.id = pool.id;
  pc.members = pool.members;
  for (OperatorId m : pool.members) pc.keys.push_back(ops[m].signer->public_key());
  pc.threshold = cfg.effective_threshold();
  SP_TRY((*node)->add_pool(pc));
  std::vector<duty::ValidatorShare> shares;
  for (uint32_t v : pool.validators) {
    const DistributedValidator& dv = dvs[v];
    std::vector<eth::BlsPubkey> share_pks;
    for (const auto& k : dv.share_keys) share_pks.push_back(k.pk.to_bytes());
    const threshold::SecretShare& mine = dv.shares[op.position];
    duty::ValidatorShare vs{pool.id, eth::ValidatorIndex{v}, dv.group_key, std::move(share_pks),
                            threshold::SecretShare{mine.index, mine.value.clone()}, {}};
    for (const auto& k : dv.share_keys) vs.share_keys.push_back(k.pk);
    shares.push_back(std::move(vs));
  }
  SP_TRY((*node)->add_validators(std::move(shares)));
  op.built = std::move(*node);
  return {};
}

void Simulation::State::stop_node(OperatorRuntime& op) {
  if (!op.node) return;
  collect_records(op);
  add_node_stats(op.past, op.node->stats());
  op.node.reset();
  op.wakes.clear();
  ++op.generation;
}

void Simulation::State::collect_records(OperatorRuntime& op) {
  if (!op.node) return;
  collector.add(op.id, op.node->take_records());
  collector.add(op.node->take_consensus_records());
}

void Simulation::State::schedule_wake(OperatorRuntime& op, util::TimePoint t) {
  const TimePoint now = op.win != nullptr ? op.now : q.now();
  if (t < now) t = now;
  if (!op.wakes.insert(t.ms).second) return;
  if (op.win != nullptr && t.ms < op.win->end) {
    op.win->local.push(EventQueue::Event{t, op.win->local_seq++, op.id, wake_fn(op, t)});
  } else if (op.win != nullptr) {
    WindowCtx::Output o;
    o.t = op.now;
    o.kind = WindowCtx::Kind::kWake;
    o.wake = t;
    op.win->emit(std::move(o));
  } else {
    q.at_owned(t, op.id, wake_fn(op, t));
  }
}

EventQueue::Fn Simulation::State::wake_fn(const OperatorRuntime& op, util::TimePoint t) {
  return [this, id = op.id, gen = op.generation, at = t.ms] { tick(id, gen, at); };
}

void Simulation::State::tick(OperatorId id, uint64_t generation, int64_t at) {
  OperatorRuntime& op = ops[id];
  if (op.generation != generation) return;
  op.wakes.erase(at);
  if (!op.node) return;
  dispatch(op, op.node->on_tick(op.now));
}

void Simulation::State::deliver(OperatorId to, NodeId from, const util::Bytes& msg) {
  OperatorRuntime& op = ops[to];
  if (!op.node) return;
  dispatch(op, op.node->on_message(from, msg, op.now));
}

void Simulation::State::send(const OperatorRuntime& op, const duty::Outbound& m) {
  if (m.pool >= assignment.pools.size()) return;
  if (m.to) {
    net->send(op.id, *m.to, m.bytes);
    return;
  }
  for (OperatorId member : assignment.pools[m.pool].members) {
    if (member != op.id) net->send(op.id, member, m.bytes);
  }
}

void Simulation::State::dispatch(OperatorRuntime& op, duty::NodeOutputs out) {
  for (duty::Outbound& m : out.messages) {
    if (op.win == nullptr) {
      send(op, m);
      continue;
    }
    WindowCtx::Output o;
    o.t = op.now;
    o.msg = std::move(m);
    op.win->emit(std::move(o));
  }
  if (out.wake_at) {
    // A wake-up at or before now is run 1 ms later, so a node cannot stall the clock.
    schedule_wake(op, *out.wake_at <= op.now ? op.now + 1 : *out.wake_at);
  }
}

int64_t Simulation::State::slot_time(uint64_t offset) const {
  return chain->slot_start_ms(eth::Slot{first_slot + offset});
}

}  // namespace stakepool::sim
