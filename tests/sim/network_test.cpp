#include <gtest/gtest.h>

#include "stakepool/sim/network.hpp"

namespace stakepool::sim {

TEST(EventQueue, RunsInTimeThenScheduleOrder) {
  EventQueue q;
  std::vector<int> order;
  q.at({10}, [&] { order.push_back(2); });
  q.at({5}, [&] { order.push_back(1); q.after(5, [&] { order.push_back(3); }); });
  q.at({10}, [&] { order.push_back(4); });
  while (q.run_next()) {
  }
  // The event scheduled at t=10 from inside t=5 runs after the two scheduled earlier for t=10.
  EXPECT_EQ(order, (std::vector<int>{1, 2, 4, 3}));
  EXPECT_EQ(q.now().ms, 10);
}

struct Recorder {
  std::vector<std::pair<NodeId, util::Bytes>> got;
};

TEST(SimNetwork, DeliversWithLatencyAndIsDeterministic) {
  auto run = [](uint64_t seed) {
    EventQueue q;
    util::DeterministicRng rng(seed);
    SimNetwork net(q, rng, LinkProfile{10, 20, 500, 0, 0});
    std::vector<std::pair<int64_t, NodeId>> log;
    for (NodeId n = 0; n < 4; ++n) net.attach(n, [&, n](NodeId from, const util::Bytes&) { log.push_back({q.now().ms, from * 10 + n}); });
    for (int i = 0; i < 20; ++i) net.broadcast(i % 4, {0, 1, 2, 3}, util::Bytes{static_cast<uint8_t>(i)});
    while (q.run_next()) {
    }
    return log;
  };
  auto a = run(1), b = run(1), c = run(2);
  EXPECT_EQ(a.size(), 60u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  for (auto& [t, _] : a) EXPECT_GE(t, 10);
}

TEST(SimNetwork, PartitionDownAndLoss) {
  EventQueue q;
  util::DeterministicRng rng(3);
  SimNetwork net(q, rng, LinkProfile{1, 0, 10, 0, 0});
  int delivered = 0;
  for (NodeId n = 0; n < 4; ++n) net.attach(n, [&](NodeId, const util::Bytes&) { ++delivered; });
  net.partition({{0, 1}, {2, 3}});
  net.send(0, 1, {1});
  net.send(0, 2, {1});
  net.set_down(3, true);
  net.heal();
  net.send(2, 3, {1});
  while (q.run_next()) {
  }
  EXPECT_EQ(delivered, 1);
  EXPECT_EQ(net.stats().dropped_partition, 1u);
  EXPECT_EQ(net.stats().dropped_down, 1u);

  SimNetwork lossy(q, rng, LinkProfile{1, 0, 10, 500000, 0});
  int got = 0;
  lossy.attach(1, [&](NodeId, const util::Bytes&) { ++got; });
  for (int i = 0; i < 1000; ++i) lossy.send(0, 1, {1});
  while (q.run_next()) {
  }
  EXPECT_GT(got, 400);
  EXPECT_LT(got, 600);
}

}  // namespace stakepool::sim
