// Consensus runs: one QBFT instance per pool, slot and point of the slot — the proposer at the
// slot start, the attester instance at 1/3 (attestation data and sync message root together),
// the aggregator instance at 2/3 (aggregates and sync contributions together) — created when its
// point of the slot comes (or earlier, when a member's message for it arrives), fed with this
// node's duty data, and ticked at the wake-up times it asks for.
#include "duty/node_state.hpp"
#include "stakepool/consensus/codec.hpp"

namespace stakepool::duty {

namespace {

bool has_duties(const PoolSlotDuties& d, DutyClass cls, const NodeConfig& cfg) {
  switch (cls) {
    case DutyClass::kProposer: return d.proposer.has_value();
    case DutyClass::kAttester: return !d.attesters.empty() || !d.sync.empty();
    case DutyClass::kAggregator:
      return (cfg.aggregation && !d.attesters.empty()) ||
             (cfg.sync_contributions && !d.sync.empty());
    case DutyClass::kSyncMessage:       // decided by the attester instance
    case DutyClass::kSyncContribution:  // decided by the aggregator instance
      return false;
  }
  return false;
}

}  // namespace

Run* OperatorNode::State::run_for(SlotState& st, PoolId pool, DutyClass cls, TimePoint now) {
  const auto key = std::make_pair(pool, static_cast<uint8_t>(cls));
  auto it = st.runs.find(key);
  if (it != st.runs.end()) return &it->second;
  auto dit = st.duties.find(pool);
  if (dit == st.duties.end() || !has_duties(dit->second, cls, cfg)) return nullptr;
  const PoolState& ps = pools.at(pool);
  const consensus::RoundTiming rt = consensus::slot_timing(cls, TimePoint{st.start_ms}, timing.slot_ms);
  const consensus::InstanceId id{ps.tags[class_index(cls)], eth::u64(st.slot)};
  consensus::Config c(id, ps.committee);
  c.self = ps.self_pos;
  c.leader_offset = consensus::default_leader_offset(id);
  c.deadline = rt.deadline_fn();
  c.cutoff = rt.cutoff;
  c.max_round = rt.max_round;
  c.signer = cfg.signer;
  c.verifier = cfg.verifier;
  c.parallel_for = cfg.parallel_for;
  Run& r = st.runs[key];
  r.pool = pool;
  r.cls = cls;
  r.slot = st.slot;
  SlotState* stp = &st;
  Run* rp = &r;
  c.validate = [this, stp, rp](std::span<const uint8_t> value) { return validate(*stp, *rp, value); };
  auto inst = consensus::Instance::make(std::move(c));
  if (!inst) {  // a configuration bug: the pool was checked when added
    st.runs.erase(key);
    return nullptr;
  }
  r.qbft.emplace(std::move(*inst));
  return &r;
}

void OperatorNode::State::start_run(SlotState& st, Run& r, std::optional<util::Bytes> input,
                                    TimePoint now, NodeOutputs& out) {
  if (r.started) {
    if (input) provide_input(st, r, std::move(*input), now, out);
    return;
  }
  r.started = true;
  r.input_given = input.has_value();
  std::optional<consensus::Value> v;
  if (input) v.emplace(std::move(*input));
  absorb(st, r, r.qbft->start(now, std::move(v)), now, out);
}

void OperatorNode::State::provide_input(SlotState& st, Run& r, util::Bytes input, TimePoint now,
                                        NodeOutputs& out) {
  if (!r.started) return start_run(st, r, std::move(input), now, out);
  if (r.input_given || r.decided) return;
  r.input_given = true;
  absorb(st, r, r.qbft->provide_input(consensus::Value(std::move(input)), now), now, out);
}

void OperatorNode::State::absorb(SlotState& st, Run& r, consensus::Outputs o, TimePoint now,
                                 NodeOutputs& out) {
  for (const auto& m : o.broadcast) send_qbft(r.pool, m, out);
  r.wake = o.wake_at;
  if (o.decided && !r.decided) {
    r.decided = o.decided->value.data();
    r.round = o.decided->certificate.round;
    r.decided_ms = now.ms - st.start_ms;
    on_decided(st, r, now, out);
  }
}

void OperatorNode::State::on_qbft(PoolId pool, std::span<const uint8_t> body, TimePoint now,
                                  NodeOutputs& out) {
  auto m = consensus::decode(body);
  if (!m) {
    ++stats.messages_dropped;
    return;
  }
  const PoolState& ps = pools.at(pool);
  std::optional<DutyClass> cls;
  for (std::size_t c = 0; c < kDutyClassCount; ++c) {
    if (ps.tags[c] == m->msg.instance.tag) cls = static_cast<DutyClass>(c);
  }
  SlotState* st = cls ? slot_state(eth::Slot{m->msg.instance.height}, now) : nullptr;
  Run* r = st ? run_for(*st, pool, *cls, now) : nullptr;
  if (r == nullptr) {
    ++stats.messages_dropped;
    return;
  }
  absorb(*st, *r, r->qbft->on_message(*m, now), now, out);
}

void OperatorNode::State::tick_runs(TimePoint now, NodeOutputs& out) {
  for (auto& [slot, st] : slots) {
    for (auto& [key, r] : st.runs) {
      if (r.wake && *r.wake <= now) absorb(st, r, r.qbft->on_tick(now), now, out);
    }
  }
}

void OperatorNode::State::record_run(SlotState& st, Run& r) {
  if (r.recorded || !r.started) return;
  r.recorded = true;
  ConsensusRecord c;
  c.pool = r.pool;
  c.slot = r.slot;
  c.duty = r.cls;
  c.decided = r.decided.has_value();
  c.round = r.decided ? r.round : r.qbft->round();
  c.decided_ms = r.decided_ms;
  consensus_records.push_back(c);
}

void OperatorNode::State::on_decided(SlotState& st, Run& r, TimePoint now, NodeOutputs& out) {
  record_run(st, r);
  sign_decided(st, r, now, out);
  process_items(st, now, out);
  if (r.cls == DutyClass::kAttester) advance_aggregation(st, now, out);
}

bool OperatorNode::State::validate(SlotState& st, Run& r, std::span<const uint8_t> value) {
  const consensus::Hash32 h = consensus::value_hash(value);
  auto it = r.verdicts.find(h);
  if (it != r.verdicts.end()) return it->second;
  const bool ok = check_value(st, r, value);
  r.verdicts.emplace(h, ok);
  return ok;
}

// advance_aggregation starts the aggregator instance (aggregates and contributions) once the
// slot's 2/3 point has passed, the attester instance has decided the data they build on and at
// least one aggregator of the pool is known.
void OperatorNode::State::advance_aggregation(SlotState& st, TimePoint now, NodeOutputs& out) {
  if (!st.phases_done[2]) return;
  for (const auto& [pool, d] : st.duties) {
    const bool has_data = st.attestation_data.count(pool) != 0;
    const bool has_root = st.sync_root.count(pool) != 0;
    if ((!has_data && !has_root) || !has_duties(d, DutyClass::kAggregator, cfg)) continue;
    auto it = st.runs.find({pool, static_cast<uint8_t>(DutyClass::kAggregator)});
    if (it != st.runs.end() && (it->second.input_given || it->second.decided)) continue;
    Run* r = it != st.runs.end() ? &it->second : nullptr;
    if (r == nullptr) {
      // Only when some aggregator of this pool is known: otherwise there is nothing to agree on.
      bool any = false;
      for (const auto& [v, proof] : st.aggregators) {
        any = any || (has_data && d.attester(eth::ValidatorIndex{v}) != nullptr);
      }
      for (const auto& [vs, proof] : st.sync_aggregators) {
        any = any || (has_root && d.sync_member(eth::ValidatorIndex{vs.first}) != nullptr);
      }
      if (!any) continue;
      r = run_for(st, pool, DutyClass::kAggregator, now);
      if (r == nullptr) continue;
    }
    r->due = true;
    auto input = make_input(st, *r);
    if (input || !r->started) start_run(st, *r, std::move(input), now, out);
  }
}

}  // namespace stakepool::duty
