// WorkerPool: nested fork-join runs every call exactly once, on any thread count.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "stakepool/sim/event_queue.hpp"
#include "stakepool/sim/workers.hpp"

namespace stakepool::sim {
namespace {

TEST(WorkerPool, NestedRunsCallEveryIndexOnce) {
  for (unsigned threads : {1u, 2u, 3u}) {
    WorkerPool pool(threads);
    for (int round = 0; round < 50; ++round) {
      std::vector<std::vector<int>> out(7, std::vector<int>(13, 0));
      std::atomic<int> calls{0};
      pool.run(out.size(), [&](std::size_t i) {
        pool.run(out[i].size(), [&](std::size_t j) {
          out[i][j] += static_cast<int>(i * 100 + j);
          ++calls;
        });
      });
      EXPECT_EQ(calls.load(), 7 * 13) << threads;
      for (std::size_t i = 0; i < out.size(); ++i) {
        for (std::size_t j = 0; j < out[i].size(); ++j) ASSERT_EQ(out[i][j], static_cast<int>(i * 100 + j));
      }
    }
  }
}

TEST(WorkerPool, ThreeLevelsDeep) {
  WorkerPool pool(2);
  std::atomic<int> leaves{0};
  pool.run(3, [&](std::size_t) {
    pool.run(4, [&](std::size_t) { pool.run(5, [&](std::size_t) { ++leaves; }); });
  });
  EXPECT_EQ(leaves.load(), 60);
}

TEST(EventQueue, OwnedEventsKeepOrderAndClockOverrideIsPerThread) {
  EventQueue q;
  std::vector<int> order;
  q.at_owned({5}, 1, [&] { order.push_back(1); });
  q.at({5}, [&] { order.push_back(2); });
  q.at_owned({3}, 7, [&] { order.push_back(3); });
  ASSERT_EQ(q.next().owner, 7u);
  EventQueue::Event e = q.pop();
  EXPECT_EQ(e.t.ms, 3);
  e.fn();
  EXPECT_EQ(q.next().owner, 1u);
  q.run_until({10});
  EXPECT_EQ(order, (std::vector<int>{3, 1, 2}));
  const TimePoint mine{42};
  {
    const EventQueue::ClockOverride o(&mine);
    EXPECT_EQ(q.now().ms, 42);
  }
  EXPECT_EQ(q.now().ms, 10);
  q.set_now({4});  // never back
  EXPECT_EQ(q.now().ms, 10);
}

}  // namespace
}  // namespace stakepool::sim
