// Property-style runs of whole QBFT networks over hundreds of seeds (net_harness.hpp):
// safety — no two honest members decide different values, every certificate verifies, nothing
// the validation hook refuses is decided — and liveness — every honest member decides when at
// most f members are faulty and the network is eventually reliable.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

#include "consensus/net_harness.hpp"

namespace stakepool::consensus::test {
namespace {

std::string describe(const Scenario& s) {
  return "seed=" + std::to_string(s.seed) + " n=" + std::to_string(s.n) +
         " crashed=" + std::to_string(s.crashed) +
         " byzantine=" + std::to_string(static_cast<int>(s.byzantine)) +
         " loss=" + std::to_string(s.loss_permille);
}

uint32_t faulty(uint32_t n) { return (n - 1) / 3; }

// check_safety: honest (and crashed-but-honest) decisions agree, verify, and are valid.
// Returns how many members decided.
std::size_t check_safety(const Scenario& s, const Outcome& o) {
  std::set<Hash32> values;
  std::size_t count = 0;
  for (uint32_t i = 0; i < s.n; ++i) {
    if (!o.decided[i] || i == o.byzantine_member) continue;  // crashed members were honest
    ++count;
    const std::string v(o.decided[i]->value.data().begin(), o.decided[i]->value.data().end());
    EXPECT_EQ(v.find("slashable"), std::string::npos) << describe(s);
    values.insert(o.decided[i]->value.hash());
  }
  EXPECT_LE(values.size(), 1u) << "disagreement: " << describe(s);
  EXPECT_TRUE(o.certificates_ok) << describe(s);
  return count;
}

void check_liveness(const Scenario& s, const Outcome& o) {
  for (uint32_t i = 0; i < s.n; ++i) {
    if (o.honest[i]) {
      EXPECT_TRUE(o.decided[i].has_value()) << "member " << i << " " << describe(s);
    }
  }
}

TEST(QbftNetwork, HonestNetworksDecideInRoundOne) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Scenario s;
    s.seed = seed;
    s.n = 1 + seed % 10;
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
    for (uint32_t i = 0; i < s.n; ++i) {
      ASSERT_TRUE(o.decided[i].has_value()) << describe(s);
      EXPECT_EQ(o.decided[i]->certificate.round, 1u) << describe(s);
    }
  }
}

TEST(QbftNetwork, CrashFaultsUpToFWithEarlyLoss) {
  const uint32_t sizes[] = {4, 5, 7, 10};
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Scenario s;
    s.seed = 1000 + seed;
    s.n = sizes[seed % 4];
    s.crashed = static_cast<uint32_t>(seed / 4 % (faulty(s.n) + 1));
    s.loss_permille = 100;
    s.gst_ms = 1500;
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
  }
}

TEST(QbftNetwork, EquivocatingByzantineLeader) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    Scenario s;
    s.seed = 2000 + seed;
    s.n = seed % 2 == 0 ? 4 : 7;
    s.byzantine = Byzantine::kEquivocatingLeader;
    s.crashed = static_cast<uint32_t>(seed / 2 % faulty(s.n));  // byzantine + crashed <= f
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
  }
}

TEST(QbftNetwork, ByzantineNoise) {
  const uint32_t sizes[] = {4, 5, 7};
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Scenario s;
    s.seed = 3000 + seed;
    s.n = sizes[seed % 3];
    s.byzantine = Byzantine::kNoise;
    s.byzantine_leads_round_1 = seed % 2 == 0;
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
  }
}

TEST(QbftNetwork, LeaderProposingARefusedValueIsRoutedAround) {
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Scenario s;
    s.seed = 4000 + seed;
    s.n = seed % 2 == 0 ? 4 : 7;
    s.byzantine = Byzantine::kInvalidValueLeader;
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
    for (uint32_t i = 0; i < s.n; ++i) {
      if (o.honest[i]) {
        EXPECT_GE(o.decided[i]->certificate.round, 2u) << describe(s);
      }
    }
  }
}

TEST(QbftNetwork, LossyAsynchronousNetworkStaysSafe) {
  std::size_t decisions = 0;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    Scenario s;
    s.seed = 5000 + seed;
    s.n = seed % 2 == 0 ? 4 : 7;
    s.byzantine = Byzantine::kEquivocatingLeader;
    s.loss_permille = 200;
    s.gst_ms = 1'000'000;  // never reliable
    s.max_delay_ms = 200;  // often later than the round
    s.max_round = 20;
    decisions += check_safety(s, run_network(s));
  }
  std::printf("lossy runs: %zu decisions\n", decisions);
  EXPECT_GT(decisions, 50u);  // the property is not vacuous
}

TEST(QbftNetwork, MoreThanFCrashesBlockButNeverSplit) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Scenario s;
    s.seed = 6000 + seed;
    s.n = 4;
    s.crashed = 2;
    s.crash_window_ms = 0;  // crashed from the start: only 2 of the quorum of 3 remain
    s.max_round = 6;
    const Outcome o = run_network(s);
    EXPECT_EQ(check_safety(s, o), 0u) << describe(s);
  }
}

TEST(QbftNetwork, RealEd25519Signatures) {
  for (uint64_t seed = 0; seed < 12; ++seed) {
    Scenario s;
    s.seed = 7000 + seed;
    s.n = 4;
    s.real_keys = true;
    s.byzantine = seed % 2 == 0 ? Byzantine::kEquivocatingLeader : Byzantine::kNoise;
    const Outcome o = run_network(s);
    check_safety(s, o);
    check_liveness(s, o);
  }
}

TEST(QbftNetwork, SameSeedSameRun) {
  Scenario s;
  s.seed = 42;
  s.n = 7;
  s.byzantine = Byzantine::kNoise;
  s.crashed = 1;
  s.loss_permille = 50;
  s.gst_ms = 1000;
  const Outcome a = run_network(s);
  const Outcome b = run_network(s);
  EXPECT_GT(a.delivered, 100u);
  EXPECT_EQ(a.transcript_digest, b.transcript_digest);
  EXPECT_EQ(a.delivered, b.delivered);
  EXPECT_EQ(a.last_decision_ms, b.last_decision_ms);
  s.seed = 43;
  EXPECT_NE(run_network(s).transcript_digest, a.transcript_digest);
}

}  // namespace
}  // namespace stakepool::consensus::test
