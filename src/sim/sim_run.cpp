// Simulation: the run loop and the fault schedule.
#include "sim_state.hpp"

namespace stakepool::sim {

namespace {

// kRecordLagSlots: a node finalises a slot's duty records this many slots after its start
// (duty::NodeConfig::duty_lifetime_slots), plus one slot of margin.
constexpr uint64_t kRecordLagSlots = 3;
// kTailSlots: slots run after the last simulated one, so the chain can include (and the nodes
// finalise the records of) the last slot's duties.
constexpr uint64_t kTailSlots = 2;

}  // namespace

void Simulation::State::schedule_faults() {
  const uint64_t total = cfg.total_slots();
  std::set<uint64_t> partition_edges;
  for (OperatorRuntime& op : ops) {
    if (!op.fault || !op.pool) continue;
    const OperatorFault f = *op.fault;
    const OperatorId id = op.id;
    switch (f.kind) {
      case FaultKind::kCrash:
        q.at({slot_time(f.from_slot)}, [this, id] {
          stop_node(ops[id]);
          net->set_down(id, true);
        });
        if (f.until_slot < total) {
          q.at({slot_time(f.until_slot)}, [this, id] {
            net->set_down(id, false);
            ++ops[id].restarts;
            note(start_node(ops[id]));
          });
        }
        break;
      case FaultKind::kSlow:
        q.at({slot_time(f.from_slot)}, [this, id] { net->set_extra_delay(id, cfg.slow_delay_ms); });
        q.at({slot_time(f.until_slot)}, [this, id] { net->set_extra_delay(id, 0); });
        break;
      case FaultKind::kPartition:
        partition_edges.insert(f.from_slot);
        partition_edges.insert(f.until_slot);
        break;
      case FaultKind::kByzantine:
        break;  // set when the node is built
    }
  }
  for (uint64_t edge : partition_edges) {
    q.at({slot_time(edge)}, [this, edge] { update_partition(edge); });
  }
}

void Simulation::State::update_partition(uint64_t offset) {
  // Each pool's partitioned members (those whose window covers `offset`) form one group, cut off
  // from their pool and from everyone else; no active window heals the network.
  std::map<uint32_t, std::set<NodeId>> by_pool;
  for (const OperatorRuntime& op : ops) {
    if (!op.fault || op.fault->kind != FaultKind::kPartition || !op.pool) continue;
    if (op.fault->from_slot <= offset && offset < op.fault->until_slot) by_pool[*op.pool].insert(op.id);
  }
  if (by_pool.empty()) {
    net->heal();
    return;
  }
  std::vector<std::set<NodeId>> groups;
  for (auto& [pool, members] : by_pool) groups.push_back(std::move(members));
  net->partition(groups);
}

void Simulation::State::note(Status st) {
  if (!st && !failure) failure = st.error();
}

void Simulation::State::on_slot(uint64_t offset, const Progress& progress) {
  for (OperatorRuntime& op : ops) collect_records(op);
  const uint64_t now_slot = first_slot + offset;
  if (now_slot > first_slot + kRecordLagSlots) collector.fold(now_slot - kRecordLagSlots);
  if (progress && offset <= cfg.total_slots()) progress(offset, cfg.total_slots());
}

Status Simulation::run(const Progress& progress) {
  State& s = *st_;
  if (!s.set_up || s.ran) return make_error(Errc::kInternal, "run needs setup() and runs once");
  s.ran = true;
  const uint64_t total = s.cfg.total_slots();
  const eth::Epoch last_epoch{eth::u64(s.chain->start_epoch()) + s.cfg.epochs - 1};
  s.chain->schedule(last_epoch);  // before the nodes: the chain's slot tick runs first
  s.build_first_nodes();
  if (s.failure) return *s.failure;
  for (OperatorRuntime& op : s.ops) {
    const OperatorId id = op.id;
    s.q.at({s.slot_time(0)}, [&s, id] { s.note(s.start_node(s.ops[id])); });
  }
  s.schedule_faults();
  for (uint64_t k = 0; k <= total + kTailSlots; ++k) {
    s.q.at({s.slot_time(k)}, [&s, k, &progress] { s.on_slot(k, progress); });
  }
  s.lookahead = s.net->min_latency();
  s.run_events({s.slot_time(total + kTailSlots)});
  for (OperatorRuntime& op : s.ops) s.collect_records(op);
  s.collector.fold(s.end_slot);
  s.chain->finish(last_epoch);
  if (s.failure) return *s.failure;
  return {};
}

SimReport Simulation::report() const { return st_->build_report(); }

}  // namespace stakepool::sim
