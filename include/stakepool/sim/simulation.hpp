#pragma once
// Simulation: `stakepool simulate`'s engine (DESIGN.md §8, issue 6). One process, one thread, one
// virtual clock: operators in pools (sim/pools.hpp), validators created by DKG, one
// duty::OperatorNode per operator talking over a SimNetwork to its pool and to a SimChain, and the
// faults of the configuration injected on schedule:
//   crash      the node is destroyed and the network drops its messages; at the end of the window
//              it restarts from scratch but with its slashing database (the DB outlives the node)
//   slow       every message to and from it takes slow_delay_ms longer
//   partition  the faulty members of each pool are cut off from everyone else, then healed
//   byzantine  the node runs with a Byzantine duty::Behaviour for the whole run
// Everything derives from the seed; the report is a pure function of the configuration.
#include <functional>
#include <memory>

#include "stakepool/sim/config.hpp"
#include "stakepool/sim/pools.hpp"
#include "stakepool/sim/report.hpp"

namespace stakepool::sim {

class Simulation {
 public:
  // Progress: called at every simulated slot start with (slots done, total slots).
  using Progress = std::function<void(uint64_t done, uint64_t total)>;

  // make validates the configuration (errors name the problem).
  static Result<std::unique_ptr<Simulation>> make(SimConfig cfg);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // setup assigns pools, runs the DKGs (on `threads` threads), registers the group keys on the
  // chain and builds the operator nodes. Call once, before run().
  Status setup(unsigned threads);
  // run drives the event queue through every epoch of the configuration (plus the slots the
  // chain needs to include and reward the last one).
  Status run(const Progress& progress = {});
  // report summarises the run (call after run()).
  SimReport report() const;

  const SimConfig& config() const;
  const Assignment& assignment() const;
  // validators: the distributed validators created at set-up.
  const std::vector<DistributedValidator>& validators() const;

  // State: the implementation (src/sim/sim_state.hpp).
  struct State;

 private:
  explicit Simulation(std::unique_ptr<State> st);
  std::unique_ptr<State> st_;
};

}  // namespace stakepool::sim
