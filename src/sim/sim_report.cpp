// Simulation::State::build_report: the chain's verdicts plus the collector's per-operator view.
#include <algorithm>

#include "sim_state.hpp"
#include "stakepool/util/hex.hpp"

namespace stakepool::sim {

namespace {

void add_count(DutyCount& c, uint64_t assigned, uint64_t done) {
  const uint64_t ok = std::min(assigned, done);
  c.assigned += assigned;
  c.succeeded += ok;
  c.missed += assigned - ok;
}

// epoch_counts: the chain's scoring (SimChain::totals) for one epoch's records.
// Only the pool's validators (indices below `scored`) count; background validators do not.
std::array<DutyCount, 5> epoch_counts(const std::vector<ValidatorEpochRecord>& recs, uint64_t scored) {
  std::array<DutyCount, 5> c{};
  for (const ValidatorEpochRecord& r : recs) {
    if (eth::u64(r.validator) >= scored) continue;
    add_count(c[0], r.attestation.assigned ? 1 : 0, r.attestation.assigned && r.attestation.included ? 1 : 0);
    add_count(c[1], r.aggregations_selected, r.aggregations_submitted);
    add_count(c[2], r.proposals_assigned, r.proposals_made);
    add_count(c[3], r.sync_slots_assigned, r.sync_messages);
    add_count(c[4], r.contributions_selected, r.contributions_submitted);
  }
  return c;
}

DutyCount sum(const std::array<DutyTotals, kDutyTypeCount>& t) {
  DutyCount c;
  for (std::size_t i = 0; i < 5; ++i) add_count(c, t[i].assigned, t[i].succeeded);
  return c;
}

std::string fault_label(const std::optional<OperatorFault>& f) {
  if (!f) return "";
  if (f->kind == FaultKind::kByzantine) return "byzantine:" + std::string(behaviour_name(f->behaviour));
  return std::string(fault_kind_name(f->kind));
}

// split shares `amount` gwei of one validator duty kind among the pool's members: rewards by the
// duties each contributed to, penalties by the duties each missed (equally when nobody is to
// credit or blame). Integer gwei; the remainder goes to the first member with weight.
void split(int64_t amount, const Collector::Contribution* c, const Pool& pool, std::vector<int64_t>& rewards,
           std::vector<int64_t>& penalties) {
  if (amount == 0) return;
  const std::size_t n = pool.members.size();
  std::vector<int64_t> w(n, 0);
  int64_t total = 0;
  for (std::size_t i = 0; c && i < n && i < c->by_position.size(); ++i) {
    w[i] = amount > 0 ? c->by_position[i] : c->duties - c->by_position[i];
    total += w[i];
  }
  if (total == 0) {
    std::fill(w.begin(), w.end(), 1);
    total = static_cast<int64_t>(n);
  }
  std::vector<int64_t>& into = amount > 0 ? rewards : penalties;
  int64_t given = 0;
  std::size_t first = n;
  for (std::size_t i = 0; i < n; ++i) {
    const int64_t share = amount * w[i] / total;
    into[pool.members[i]] += share;
    given += share;
    if (first == n && w[i] > 0) first = i;
  }
  into[pool.members[first]] += amount - given;
}

std::string slashing_line(const SlashingEvidence& e) {
  return std::string(slashing_kind_name(e.kind)) + " by validator " + std::to_string(eth::u64(e.validator)) +
         " detected at " + std::to_string(e.detected_ms) + " ms";
}

}  // namespace

SimReport Simulation::State::build_report() const {
  SimReport r;
  r.operators = cfg.operators;
  r.validators = cfg.validators;
  r.pool_size = cfg.pool_size;
  r.threshold = cfg.effective_threshold();
  r.epochs = cfg.epochs;
  r.seed = cfg.seed;
  r.network = cfg.network.name;
  r.scenario = cfg.scenario;
  for (const FaultSpec& f : cfg.faults) r.faults_spec += (r.faults_spec.empty() ? "" : ",") + f.to_string();
  r.first_slot = first_slot;
  r.slots = cfg.total_slots();
  const auto totals = chain->totals();
  for (std::size_t t = 0; t < kReportDutyTypes.size(); ++t) {
    DutyTypeReport d{kReportDutyTypes[t], {totals[t].assigned, totals[t].succeeded, totals[t].missed}, {}};
    std::vector<int64_t> lat = collector.submit_ms[t];
    d.latency_ms = percentiles(lat);
    r.duties.push_back(d);
  }
  const uint64_t start_epoch = eth::u64(chain->start_epoch());
  for (Epoch e : chain->processed_epochs()) {
    r.epochs_detail.push_back(EpochReport{eth::u64(e) - start_epoch, epoch_counts(chain->epoch_records(e), dvs.size())});
  }
  r.consensus = collector.consensus;
  std::vector<int64_t> decide = collector.decide_ms;
  r.consensus.decide_ms = percentiles(decide);
  for (int64_t ms : decide) {
    const auto bin = static_cast<std::size_t>(std::max<int64_t>(0, ms) / ConsensusReport::kLatencyBinMs);
    if (r.consensus.latency_histogram.size() <= bin) r.consensus.latency_histogram.resize(bin + 1);
    ++r.consensus.latency_histogram[bin];
  }
  fill_safety(r);
  fill_operators(r);
  const NetworkStats& ns = net->stats();
  r.net = NetworkReport{ns.sent, ns.delivered, ns.dropped_loss, ns.dropped_partition, ns.dropped_down,
                        ns.duplicated, ns.bytes};
  r.blocks = chain->stats().blocks;
  r.chain_signatures_verified = chain->stats().signatures_verified;
  r.chain_validators = chain->validator_count();
  r.background_validators = chain->background_count();
  r.background_blocks = chain->stats().background_blocks;
  r.background_attestations = chain->stats().background_attestations;
  r.background_sync_bits = chain->stats().background_sync_bits;
  r.events = q.executed();
  r.dkg_messages = dkg_messages;
  return r;
}

void Simulation::State::fill_safety(SimReport& r) const {
  const ChainStats& cs = chain->stats();
  SafetyReport& s = r.safety;
  s.slashable_messages = cs.slashable.size();
  for (const SlashingEvidence& e : cs.slashable) s.slashable.push_back(slashing_line(e));
  s.invalid_signatures_submitted = cs.invalid_signatures;
  for (std::size_t i = 0; i < cs.invalid.size() && i < 20; ++i) {
    const InvalidSignatureRecord& x = cs.invalid[i];
    s.invalid.push_back(std::string(duty_type_name(x.type)) + " of validator " +
                        std::to_string(eth::u64(x.validator)) + " at slot " + std::to_string(eth::u64(x.slot)) +
                        ": " + x.what);
  }
  std::set<eth::BlsPubkey> distinct;
  for (const DistributedValidator& dv : dvs) {
    if (chain->pubkey(eth::ValidatorIndex{dv.ordinal}) != dv.group_key) s.group_keys_unchanged = false;
    distinct.insert(dv.group_key);
  }
  if (distinct.size() != dvs.size()) s.group_keys_unchanged = false;
  for (const OperatorRuntime& op : ops) {
    duty::NodeStats st = op.past;
    if (op.node) add_node_stats(st, op.node->stats());
    const bool honest = !op.fault || op.fault->kind != FaultKind::kByzantine;
    if (honest) s.refused_slashable += st.refused_slashable;
    s.slashing_refusals += st.slashing_refusals;
    s.partials_invalid += st.partials_invalid;
  }
}

void Simulation::State::fill_operators(SimReport& r) const {
  std::vector<int64_t> rewards(cfg.operators, 0), penalties(cfg.operators, 0);
  for (Epoch e : chain->processed_epochs()) {
    for (const ValidatorEpochRecord& rec : chain->epoch_records(e)) {
      const uint64_t v = eth::u64(rec.validator);
      if (v >= dvs.size()) continue;
      const Pool& pool = assignment.pools[dvs[v].pool];
      const int64_t amounts[3] = {rec.reward_attestation, rec.reward_sync, rec.reward_proposer};
      for (int kind = 0; kind < 3; ++kind) {
        auto it = collector.contributions.find({v, eth::u64(e), kind});
        split(amounts[kind], it == collector.contributions.end() ? nullptr : &it->second, pool, rewards,
              penalties);
      }
      split(rec.penalty_slashing, nullptr, pool, rewards, penalties);
    }
  }
  for (const OperatorRuntime& op : ops) {
    OperatorReport o;
    o.id = op.id;
    o.pool = op.pool;
    o.fault = fault_label(op.fault);
    o.duties = collector.duties[op.id];
    o.contributed = collector.contributed[op.id];
    o.rewards_gwei = rewards[op.id];
    o.penalties_gwei = penalties[op.id];
    duty::NodeStats st = op.past;
    if (op.node) add_node_stats(st, op.node->stats());
    o.messages_out = st.messages_out;
    o.partials_signed = st.partials_signed;
    o.partials_invalid_received = st.partials_invalid;
    o.refused_slashable = st.refused_slashable;
    o.restarts = op.restarts;
    r.operator_reports.push_back(o);
    if (op.fault && op.pool) {
      const OperatorFault& f = *op.fault;
      r.faults.push_back(FaultReport{op.id, *op.pool, std::string(fault_kind_name(f.kind)),
                                     std::string(behaviour_name(f.behaviour)), f.spec, f.from_slot,
                                     f.until_slot});
    }
  }
  for (const Pool& p : assignment.pools) {
    std::vector<ValidatorIndex> vs;
    for (uint32_t v : p.validators) vs.push_back(ValidatorIndex{v});
    uint32_t faulty = 0;
    for (OperatorId m : p.members) faulty += assignment.fault[m] ? 1 : 0;
    r.pools.push_back(PoolReport{p.id, p.members, cfg.effective_threshold(),
                                 static_cast<uint32_t>(p.validators.size()), faulty,
                                 vs.empty() ? DutyCount{} : sum(chain->totals(vs))});
  }
}

}  // namespace stakepool::sim
