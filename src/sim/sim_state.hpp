#pragma once
// Simulation internals: the per-operator runtime and the collector that folds the nodes' duty
// and consensus records into report counters as slots finish.
#include <array>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <vector>

#include "stakepool/consensus/keys.hpp"
#include "stakepool/duty/operator_node.hpp"
#include "stakepool/eth/slashing_db.hpp"
#include "stakepool/sim/chain.hpp"
#include "stakepool/sim/network.hpp"
#include "stakepool/sim/simulation.hpp"
#include "stakepool/sim/workers.hpp"

namespace stakepool::sim {

// OperatorRuntime: one operator: its node (null while crashed), and what survives a crash.
struct OperatorRuntime {
  OperatorId id = 0;
  std::optional<uint32_t> pool;
  uint32_t position = 0;  // in its pool (share index - 1)
  std::optional<OperatorFault> fault;
  std::unique_ptr<eth::SlashingDb> db;
  std::unique_ptr<consensus::Ed25519Signer> signer;
  std::unique_ptr<util::DeterministicRng> rng;
  std::unique_ptr<duty::OperatorNode> node;
  uint64_t generation = 0;        // bumped on every (re)start; stale wake-ups are ignored
  std::set<int64_t> wakes;        // pending wake-up times of this generation
  duty::NodeStats past;           // stats of earlier incarnations
  uint64_t restarts = 0;
};

// add_node_stats adds the counters of `s` to `into`.
inline void add_node_stats(duty::NodeStats& into, const duty::NodeStats& s) {
  into.messages_in += s.messages_in;
  into.messages_out += s.messages_out;
  into.messages_dropped += s.messages_dropped;
  into.partials_signed += s.partials_signed;
  into.partials_received += s.partials_received;
  into.partials_invalid += s.partials_invalid;
  into.combined += s.combined;
  into.refused_slashable += s.refused_slashable;
  into.refused_invalid += s.refused_invalid;
  into.slashing_refusals += s.slashing_refusals;
  into.submissions += s.submissions;
  into.submission_errors += s.submission_errors;
  into.beacon_errors += s.beacon_errors;
}

// Collector: duty and consensus outcomes per duty, folded per operator once their slot is done.
class Collector {
 public:
  void init(const SimConfig& cfg, const Assignment& a, uint64_t first_slot, uint64_t end_slot);
  void add(OperatorId from, std::vector<duty::DutyRecord> records);
  void add(std::vector<duty::ConsensusRecord> records);
  // fold moves every duty of a slot < `before` into the counters.
  void fold(uint64_t before);

  // Per operator: duties of its pool that reached signing, and those its partial went into.
  std::vector<uint64_t> duties, contributed;
  ConsensusReport consensus;
  std::vector<int64_t> decide_ms;
  // First submission of each successful duty, ms from its slot start, by duty type.
  std::array<std::vector<int64_t>, 5> submit_ms;
  // Reward attribution: (validator, epoch, kind) -> contributions per member position, duties.
  struct Contribution {
    std::vector<uint32_t> by_position;
    uint32_t duties = 0;
  };
  std::map<std::tuple<uint64_t, uint64_t, int>, Contribution> contributions;

 private:
  struct DutyAgg {
    uint32_t pool = 0;
    uint64_t mask = 0;  // member positions whose partial was combined
    std::optional<int64_t> submitted_ms;  // earliest successful submission
  };
  struct InstanceAgg {
    bool decided = false;
    uint64_t round = 0;
    std::optional<int64_t> decided_ms;
  };
  using DutyKey = std::tuple<uint64_t, uint8_t, uint64_t, uint64_t>;  // slot, type, validator, sub
  using InstanceKey = std::tuple<uint64_t, uint32_t, uint8_t>;       // slot, pool, class
  const Assignment* a_ = nullptr;
  std::vector<uint32_t> position_;  // by operator
  uint64_t first_slot_ = 0, end_slot_ = 0, slots_per_epoch_ = 32;
  uint32_t pool_size_ = 0;
  std::map<DutyKey, DutyAgg> open_;
  std::map<InstanceKey, InstanceAgg> instances_;
};

struct Simulation::State {
  SimConfig cfg;
  Assignment assignment;
  std::vector<threshold::LocalOperator> identities;
  std::vector<DistributedValidator> dvs;
  EventQueue q;
  util::DeterministicRng chain_rng{0}, net_rng{0};
  std::unique_ptr<SimChain> chain;
  std::unique_ptr<SimNetwork> net;
  consensus::Ed25519Verifier verifier;
  std::unique_ptr<WorkerPool> workers;  // the nodes' BLS work (setup's `threads`)
  std::vector<OperatorRuntime> ops;
  Collector collector;
  uint64_t first_slot = 0, end_slot = 0;  // chain slot numbers; end exclusive
  uint64_t dkg_messages = 0;
  bool set_up = false, ran = false;
  std::optional<Error> failure;

  // start_node builds a fresh node for `op` (first start and restarts) and ticks it now.
  Status start_node(OperatorRuntime& op);
  void stop_node(OperatorRuntime& op);
  void dispatch(OperatorRuntime& op, duty::NodeOutputs out);
  void schedule_wake(OperatorRuntime& op, util::TimePoint t);
  void tick(OperatorId id, uint64_t generation, int64_t at);
  void deliver(OperatorId to, NodeId from, const util::Bytes& msg);
  void collect_records(OperatorRuntime& op);
  void schedule_faults();
  void update_partition(uint64_t offset);
  void on_slot(uint64_t offset, const Progress& progress);
  void note(Status st);  // keeps the first error of an event
  int64_t slot_time(uint64_t offset) const;  // virtual time of simulated slot `offset`
  SimReport build_report() const;
  void fill_safety(SimReport& r) const;
  void fill_operators(SimReport& r) const;
};

}  // namespace stakepool::sim
