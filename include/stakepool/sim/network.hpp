#pragma once
// SimNetwork: the simulated network between operator nodes (DESIGN.md §8). Per-link latency drawn
// from a distribution, loss, duplication (which also reorders), partitions with heal, and crashed
// (down) nodes. All randomness comes from the injected Rng, so delivery order is reproducible.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "stakepool/sim/event_queue.hpp"
#include "stakepool/util/hex.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::sim {

using NodeId = uint32_t;

// LinkProfile: one-way latency = base_ms + an exponential tail with mean jitter_ms (capped at
// max_ms); loss and duplicate are probabilities in parts per million.
struct LinkProfile {
  int64_t base_ms = 20;
  int64_t jitter_ms = 30;
  int64_t max_ms = 1000;
  uint32_t loss_ppm = 0;
  uint32_t duplicate_ppm = 0;
};

struct NetworkStats {
  uint64_t sent = 0, delivered = 0, dropped_loss = 0, dropped_partition = 0, dropped_down = 0,
           duplicated = 0, bytes = 0;
};

class SimNetwork {
 public:
  using Handler = std::function<void(NodeId from, const util::Bytes& msg)>;

  SimNetwork(EventQueue& q, util::Rng& rng, LinkProfile profile) : q_(q), rng_(rng), profile_(profile) {}

  // attach registers a node's handler (before the run: deliveries to different nodes may run on
  // different threads, each touching only its own node's counters).
  void attach(NodeId node, Handler h);
  // slow: an extra fixed delay on every message to and from `node` (a slow operator).
  // Never negative: the windowed loop relies on min_latency() bounding every delay.
  void set_extra_delay(NodeId node, int64_t ms) { extra_[node] = ms < 0 ? 0 : ms; }
  void set_link(NodeId a, NodeId b, LinkProfile p) { links_[{a, b}] = p; }

  // send schedules delivery of msg from → to, unless lost, partitioned or an end is down; the
  // delivery is an event owned by `to`. send_at: the same for a message sent at time `sent`
  // (not before the queue's now), used when a window's sends are replayed in order.
  void send(NodeId from, NodeId to, const util::Bytes& msg) { send_at(q_.now(), from, to, msg); }
  void send_at(TimePoint sent, NodeId from, NodeId to, const util::Bytes& msg);
  void broadcast(NodeId from, const std::vector<NodeId>& to, const util::Bytes& msg);

  // partition splits nodes into groups: messages cross groups only after heal(). Nodes not
  // listed form one more group together.
  void partition(const std::vector<std::set<NodeId>>& groups);
  void heal() { group_.clear(); }
  bool partitioned(NodeId a, NodeId b) const;
  // set_down: a crashed node neither sends nor receives (in-flight messages to it are dropped on
  // arrival).
  void set_down(NodeId node, bool down);
  bool is_down(NodeId node) const { return down_.count(node) > 0; }

  NetworkStats stats() const;
  // min_latency: a lower bound on every message's delay (>= 1 ms): events of different nodes
  // closer together than this cannot affect each other through the network.
  int64_t min_latency() const;

 private:
  int64_t draw_latency(const LinkProfile& p);
  const LinkProfile& link(NodeId a, NodeId b) const;

  EventQueue& q_;
  util::Rng& rng_;
  LinkProfile profile_;
  std::map<std::pair<NodeId, NodeId>, LinkProfile> links_;
  struct Arrivals {
    uint64_t delivered = 0, dropped_down = 0;
  };
  std::map<NodeId, Handler> handlers_;
  std::map<NodeId, Arrivals> arrivals_;  // by destination, counted on arrival
  std::map<NodeId, int64_t> extra_;
  std::map<NodeId, int> group_;
  std::set<NodeId> down_;
  NetworkStats stats_;
};

}  // namespace stakepool::sim
