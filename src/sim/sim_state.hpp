#pragma once
// Simulation internals: the per-operator runtime and the collector that folds the nodes' duty
// and consensus records into report counters as slots finish.
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <queue>
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

// WindowCtx: what one node's events produce while a window runs (sim_window.cpp): its own
// wake-ups inside the window run at once; messages, later wake-ups and chain submissions are
// kept with their time and replayed in (time, operator, seq) order when the window ends.
struct WindowCtx {
  enum class Kind : uint8_t { kMessage, kWake, kChain };
  struct Output {
    TimePoint t;
    uint64_t seq = 0;
    Kind kind = Kind::kMessage;
    duty::Outbound msg;              // kMessage
    TimePoint wake;                  // kWake
    std::function<void()> apply{};   // kChain: the submission, run against the chain
    // kChain: the signature checks the submission will make (verified ahead, in parallel)
    std::function<std::vector<SigCheck>()> checks{};
  };
  int64_t end = 0;  // wake-ups before this time run inside the window
  // local: this node's events of the window, in queue order.
  std::priority_queue<EventQueue::Event, std::vector<EventQueue::Event>, EventQueue::Later> local;
  uint64_t local_seq = 0;
  std::vector<Output> out;
  void emit(Output o) {
    o.seq = out.size();
    out.push_back(std::move(o));
  }
};

// BeaconProxy: an operator's view of the chain. Reads go to the chain under the simulation's
// chain lock (at the caller's virtual time); submissions made inside a window are kept and
// reach the chain, with their own timestamps, when the window ends (in deterministic order), so
// nodes running side by side never see each other's writes early. The caller gets the beacon
// node's acknowledgement (accepted for processing); what the chain then does with the message
// (verification, inclusion, the slashing detector) is the chain's to count.
class BeaconProxy final : public duty::BeaconNode {
 public:
  BeaconProxy(SimChain& chain, std::mutex& mu, WindowCtx*& win, const TimePoint& now)
      : chain_(chain), mu_(mu), win_(win), now_(now) {}
  const eth::ChainConfig& chain() const override { return chain_.chain(); }
  duty::Timing timing() const override { return chain_.timing(); }
  Result<std::vector<duty::AttesterDuty>> attester_duties(eth::Epoch e, std::span<const eth::ValidatorIndex> ids) override;
  Result<std::vector<duty::ProposerDuty>> proposer_duties(eth::Epoch e) override;
  Result<std::vector<duty::SyncDuty>> sync_duties(eth::Epoch e, std::span<const eth::ValidatorIndex> ids) override;
  Result<eth::AttestationData> attestation_data(eth::Slot s, eth::CommitteeIndex c) override;
  Result<eth::AttestationElectra> aggregate_attestation(eth::Slot s, const eth::Root& r, eth::CommitteeIndex c) override;
  Result<duty::BlockProposal> produce_block(eth::Slot s, const eth::BlsSignature& randao) override;
  Result<eth::Root> block_root(eth::Slot s) override;
  Result<eth::SyncCommitteeContribution> sync_committee_contribution(eth::Slot s, uint64_t sub, const eth::Root& r) override;
  Result<bool> report_beacon_committee_selection(eth::Slot s, eth::ValidatorIndex v, const eth::BlsSignature& p) override;
  Result<bool> report_sync_committee_selection(eth::Slot s, eth::ValidatorIndex v, uint64_t sub, const eth::BlsSignature& p) override;
  Status submit_attestations(std::span<const eth::SingleAttestation> atts) override;
  Status submit_aggregates(std::span<const eth::SignedAggregateAndProofElectra> aggs) override;
  Status submit_block(const eth::SignedBeaconBlockHeader& block) override;
  Status submit_sync_messages(std::span<const eth::SyncCommitteeMessage> msgs) override;
  Status submit_contributions(std::span<const eth::SignedContributionAndProof> cs) override;
  Status submit_voluntary_exit(const eth::SignedVoluntaryExit& exit) override;

 private:
  // write runs `apply` now (outside a window) or keeps it for the window's end.
  Status write(std::function<void()> apply,
               std::function<std::vector<SigCheck>()> checks = nullptr);
  SimChain& chain_;
  std::mutex& mu_;
  WindowCtx*& win_;
  const TimePoint& now_;
};

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
  std::unique_ptr<duty::OperatorNode> built;  // made ahead of its start (build_first_nodes)
  uint64_t generation = 0;        // bumped on every (re)start; stale wake-ups are ignored
  std::set<int64_t> wakes;        // pending wake-up times of this generation
  TimePoint now{0};               // the time of the event the node is handling
  WindowCtx* win = nullptr;       // set while a window runs this operator's events
  std::unique_ptr<BeaconProxy> beacon;
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
  std::mutex chain_mu;  // serialises the nodes' chain reads inside a window
  int64_t lookahead = 1;  // window length: the network's minimum latency
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
  // build_node makes a fresh node for `op` (its next generation) into op.built; touches only op.
  Status build_node(OperatorRuntime& op);
  // build_first_nodes builds every operator's first node side by side before the run (checking
  // 'validators' shares is the heavy part); start_node then only starts them.
  void build_first_nodes();
  void stop_node(OperatorRuntime& op);
  void dispatch(OperatorRuntime& op, duty::NodeOutputs out);
  void schedule_wake(OperatorRuntime& op, util::TimePoint t);
  EventQueue::Fn wake_fn(const OperatorRuntime& op, util::TimePoint t);
  void send(const OperatorRuntime& op, const duty::Outbound& m);
  void tick(OperatorId id, uint64_t generation, int64_t at);
  void deliver(OperatorId to, NodeId from, const util::Bytes& msg);
  // run_events runs every event up to `until` (sim_window.cpp): global events one by one, owned
  // events of different nodes side by side in windows.
  void run_events(TimePoint until);
  void run_window(TimePoint until);
  void replay(std::vector<WindowCtx>& ctxs, const std::vector<OperatorId>& ids);
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
