#include "stakepool/sim/network.hpp"

#include <algorithm>
#include <cmath>

namespace stakepool::sim {

const LinkProfile& SimNetwork::link(NodeId a, NodeId b) const {
  auto it = links_.find({a, b});
  return it == links_.end() ? profile_ : it->second;
}

int64_t SimNetwork::draw_latency(const LinkProfile& p) {
  // Exponential tail by inversion: -mean·ln(U), U uniform in (0, 1], from 53 random bits.
  double u = static_cast<double>((rng_.next_u64() >> 11) + 1) / 9007199254740992.0;
  auto tail = static_cast<int64_t>(-static_cast<double>(p.jitter_ms) * std::log(u));
  return std::max<int64_t>(std::min(p.base_ms + tail, p.max_ms), 1);
}

void SimNetwork::attach(NodeId node, Handler h) {
  handlers_[node] = std::move(h);
  arrivals_[node];
}

NetworkStats SimNetwork::stats() const {
  NetworkStats s = stats_;
  for (const auto& [node, a] : arrivals_) {
    s.delivered += a.delivered;
    s.dropped_down += a.dropped_down;
  }
  return s;
}

int64_t SimNetwork::min_latency() const {
  auto floor_of = [](const LinkProfile& p) { return std::max<int64_t>(std::min(p.base_ms, p.max_ms), 1); };
  int64_t m = floor_of(profile_);
  for (const auto& [link, p] : links_) m = std::min(m, floor_of(p));
  return m;
}

bool SimNetwork::partitioned(NodeId a, NodeId b) const {
  if (group_.empty()) return false;
  auto ga = group_.find(a), gb = group_.find(b);
  int x = ga == group_.end() ? -1 : ga->second, y = gb == group_.end() ? -1 : gb->second;
  return x != y;
}

void SimNetwork::send_at(TimePoint sent, NodeId from, NodeId to, const util::Bytes& msg) {
  ++stats_.sent;
  stats_.bytes += msg.size();
  if (is_down(from) || is_down(to)) {
    ++stats_.dropped_down;
    return;
  }
  if (partitioned(from, to)) {
    ++stats_.dropped_partition;
    return;
  }
  const LinkProfile& p = link(from, to);
  if (p.loss_ppm > 0 && rng_.uniform(1000000) < p.loss_ppm) {
    ++stats_.dropped_loss;
    return;
  }
  int copies = 1;
  if (p.duplicate_ppm > 0 && rng_.uniform(1000000) < p.duplicate_ppm) {
    copies = 2;
    ++stats_.duplicated;
  }
  int64_t extra = 0;
  if (auto it = extra_.find(from); it != extra_.end()) extra += it->second;
  if (auto it = extra_.find(to); it != extra_.end()) extra += it->second;
  for (int c = 0; c < copies; ++c) {
    const int64_t delay = draw_latency(p) + extra;
    q_.at_owned(sent + delay, to, [this, from, to, msg] {
      auto h = handlers_.find(to);
      if (h == handlers_.end()) return;
      Arrivals& a = arrivals_.find(to)->second;
      if (is_down(to)) {
        ++a.dropped_down;
        return;
      }
      ++a.delivered;
      h->second(from, msg);
    });
  }
}

void SimNetwork::broadcast(NodeId from, const std::vector<NodeId>& to, const util::Bytes& msg) {
  for (NodeId t : to) {
    if (t != from) send(from, t, msg);
  }
}

void SimNetwork::partition(const std::vector<std::set<NodeId>>& groups) {
  group_.clear();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeId n : groups[g]) group_[n] = static_cast<int>(g);
  }
}

void SimNetwork::set_down(NodeId node, bool down) {
  if (down) down_.insert(node);
  else down_.erase(node);
}

}  // namespace stakepool::sim
