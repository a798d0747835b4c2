// Durability of the slashing-protection database under SIGKILL: a child process
// (slashing_soak_child) signs in a loop and is killed at random (seeded) moments. After every kill
// the parent reopens the database and checks that every signing the child reported (reported
// only after the database call returned) is recorded with its root, that nothing else but the
// one in-flight request was recorded, that a later generation's refusal was caused by such an
// unreported record, and that conflicting signings are refused. Both semantics are exercised, and
// three signing styles (soak_child.cpp): one request per call, per-key batches, and one batch per
// round over every key with a refused double vote inside.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "soak_common.hpp"

extern char** environ;

namespace stakepool::eth {
namespace {

namespace fs = std::filesystem;
constexpr int kKeys = 3;

// Line: one parsed child report.
struct Line {
  bool ok = false;
  char kind = 0;
  int key = 0;
  uint64_t v = 0;
};

// Ledger: what the children reported, per (kind, key).
struct Ledger {
  std::map<std::pair<char, int>, std::map<uint64_t, uint32_t>> ok;  // v -> generation
  std::map<std::pair<char, int>, std::map<uint64_t, uint32_t>> refused;
  uint64_t next(char kind, int k) const {
    uint64_t n = 1;
    for (const auto* m : {&ok, &refused}) {
      auto it = m->find({kind, k});
      if (it != m->end() && !it->second.empty()) n = std::max(n, it->second.rbegin()->first + 1);
    }
    return n;
  }
};

// run_child starts a generation, lets it run for `ms` milliseconds (counted from its "READY" line
// if `after_ready`, else from the spawn), SIGKILLs it and returns everything it wrote.
std::string run_child(const std::vector<std::string>& args, int ms, bool after_ready) {
  int fds[2];
  SP_CHECK(::pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  SP_CHECK(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  const auto start = std::chrono::steady_clock::now();
  // Waiting for READY is bounded too (10 s), in case the child hangs before opening the database.
  auto deadline = start + std::chrono::milliseconds(after_ready ? 10000 : ms);
  bool killed = false, ready = !after_ready;
  for (;;) {
    if (!ready && out.find("READY\n") != std::string::npos) {
      ready = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (!killed && left <= 0) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
    pollfd p{fds[0], POLLIN, 0};
    ::poll(&p, 1, killed ? -1 : static_cast<int>(std::max<long>(left, 0)));
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    ssize_t n = ::read(fds[0], buf, sizeof(buf));
    if (n <= 0) break;  // EOF: the child is gone and the pipe is drained
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

std::vector<Line> parse(const std::string& out) {
  std::vector<Line> lines;
  std::istringstream in(out);
  std::string word;
  while (in >> word) {
    if (word == "READY") continue;
    if (word == "ERR") {
      std::string rest;
      std::getline(in, rest);
      ADD_FAILURE() << "child failed:" << rest;
      return lines;
    }
    Line l;
    l.ok = word == "OK";
    EXPECT_TRUE(l.ok || word == "NO") << word;
    in >> l.kind >> l.key >> l.v;
    lines.push_back(l);
  }
  return lines;
}

struct Stats {
  int kills = 0, reported = 0, refused = 0;
  int reported_by_style[3] = {0, 0, 0};  // gen % 3: single calls, pair batches, round batches
  std::set<std::tuple<char, int, uint64_t>> unreported;  // recorded, in flight when killed
};

// recorded returns what the database holds for (kind, k): value -> root (complete), or the single
// watermark (minimal, root unknown).
std::map<uint64_t, std::optional<SigningRoot>> recorded(SlashingDb& db, char kind, int k) {
  std::map<uint64_t, std::optional<SigningRoot>> m;
  if (kind == 'B') {
    auto blocks = db.signed_blocks(soak::key(k));
    EXPECT_TRUE(blocks) << blocks.error().message;
    for (const auto& b : *blocks) EXPECT_TRUE(m.emplace(b.slot, b.signing_root).second);
  } else {
    auto atts = db.signed_attestations(soak::key(k));
    EXPECT_TRUE(atts) << atts.error().message;
    for (const auto& a : *atts) {
      EXPECT_TRUE(m.emplace(a.target_epoch, a.signing_root).second) << "two votes at a target";
    }
  }
  return m;
}

// verify_complete checks the history of one (kind, key) against the ledger.
void verify_complete(SlashingDb& db, const Ledger& led, char kind, int k, Stats& st) {
  auto rec = recorded(db, kind, k);
  auto ok = led.ok.count({kind, k}) ? led.ok.at({kind, k}) : std::map<uint64_t, uint32_t>{};
  auto no =
      led.refused.count({kind, k}) ? led.refused.at({kind, k}) : std::map<uint64_t, uint32_t>{};
  for (const auto& [v, gen] : ok) {
    auto it = rec.find(v);
    ASSERT_NE(it, rec.end()) << kind << " key " << k << " v " << v << " reported but missing";
    EXPECT_EQ(it->second, soak::root(kind, k, v, gen)) << kind << " v " << v;
  }
  for (const auto& [v, gen] : no) {
    auto it = rec.find(v);
    ASSERT_NE(it, rec.end()) << kind << " v " << v << " refused but nothing recorded";
    EXPECT_NE(it->second, soak::root(kind, k, v, gen));
    EXPECT_FALSE(ok.count(v)) << "refused value was reported signed";
  }
  int extra = 0;
  for (const auto& [v, root] : rec) {
    if (ok.count(v) || no.count(v)) continue;
    ++extra;
    st.unreported.insert({kind, k, v});
  }
  EXPECT_LE(extra, 1) << "records nobody reported for " << kind << " key " << k;
}

// verify_minimal checks the watermark of one (kind, key): at least the highest reported value,
// at most one above it (the in-flight request).
void verify_minimal(SlashingDb& db, const Ledger& led, char kind, int k, Stats& st) {
  auto rec = recorded(db, kind, k);
  uint64_t next = led.next(kind, k);
  if (rec.empty()) {
    EXPECT_EQ(next, 1u) << kind << " key " << k << ": reported signings but no watermark";
    return;
  }
  ASSERT_EQ(rec.size(), 1u);
  EXPECT_GE(rec.begin()->first + 1, next) << kind << " key " << k << ": watermark too low";
  EXPECT_LE(rec.begin()->first, next) << kind << " key " << k << ": watermark too high";
  if (rec.begin()->first == next) st.unreported.insert({kind, k, next});
}

// expect_conflicts_refused tries conflicting signings for the last reported messages.
void expect_conflicts_refused(SlashingDb& db, const Ledger& led, int k) {
  SigningRoot other{};
  other.fill(0xee);
  uint64_t slot = led.next('B', k) - 1, target = led.next('A', k) - 1;
  if (slot >= 1) {
    auto s = db.check_and_record_block(soak::key(k), slot, other);
    ASSERT_FALSE(s) << "double proposal accepted at slot " << slot;
    EXPECT_EQ(s.error().code, Errc::kSlashable);
  }
  if (target >= 1) {
    auto s = db.check_and_record_attestation(soak::key(k), target - 1, target, other);
    ASSERT_FALSE(s) << "double vote accepted at target " << target;
    EXPECT_EQ(s.error().code, Errc::kSlashable);
  }
  if (target >= 3) {
    auto s = db.check_and_record_attestation(soak::key(k), target - 3, target + 1, other);
    ASSERT_FALSE(s) << "surround vote accepted around target " << target;
    EXPECT_EQ(s.error().code, Errc::kSlashable);
  }
}

// soak runs `kills` generations against a fresh database (ASSERTs need a void function).
void soak(SlashingMode mode, int kills, uint64_t seed, Stats& st) {
  std::string dir = (fs::temp_directory_path() / "sp_soak_XXXXXX").string();
  SP_CHECK(::mkdtemp(dir.data()) != nullptr);
  const std::string path = dir + "/slashing.sqlite";
  std::mt19937_64 rng(seed);
  Ledger led;
  for (uint32_t gen = 0; gen < static_cast<uint32_t>(kills) && !::testing::Test::HasFailure();
       ++gen) {
    std::vector<std::string> args = {SP_SOAK_CHILD, path, std::string(slashing_mode_name(mode)),
                                     std::to_string(gen)};
    for (int k = 0; k < kKeys; ++k) {
      args.push_back(std::to_string(led.next('B', k)) + ":" + std::to_string(led.next('A', k)));
    }
    // A quarter of the kills land at any moment from the spawn on (so also while the database is
    // being created or opened); the others 0-50 ms after the child opened it (during checks,
    // commits and reports, a few fsyncs), whatever the build's start-up time.
    const bool from_spawn = rng() % 4 == 0;
    const int ms = static_cast<int>(rng() % (from_spawn ? 100 : 50));
    for (const Line& l : parse(run_child(args, ms, !from_spawn))) {
      auto& m = l.ok ? led.ok[{l.kind, l.key}] : led.refused[{l.kind, l.key}];
      m[l.v] = gen;
      (l.ok ? st.reported : st.refused)++;
      if (l.ok) ++st.reported_by_style[gen % 3];
    }
    ++st.kills;
    auto db = SlashingDb::open_existing(path);
    if (!db && db.error().code == Errc::kNotFound) continue;  // killed before creating the file
    if (!db && led.ok.empty() && led.refused.empty() &&
        db.error().message.find("empty database") != std::string::npos) {
      // Killed while creating the file: it must be reopenable by the next generation.
      auto again = SlashingDb::open(path, mode, soak::kGvr);
      ASSERT_TRUE(again) << "gen " << gen << ": " << again.error().message;
      continue;
    }
    ASSERT_TRUE(db) << "gen " << gen << ": " << db.error().message;
    for (int k = 0; k < kKeys; ++k) {
      for (char kind : {'B', 'A'}) {
        if (mode == SlashingMode::kComplete) {
          verify_complete(*db, led, kind, k, st);
        } else {
          verify_minimal(*db, led, kind, k, st);
        }
      }
      expect_conflicts_refused(*db, led, k);
    }
  }
  fs::remove_all(dir);
}

void print(const char* name, const Stats& s) {
  std::printf("%s: %d kills, %d signings reported, %d refused re-attempts, %d unreported records\n",
              name, s.kills, s.reported, s.refused, static_cast<int>(s.unreported.size()));
  std::printf("%s: reported by single calls %d, pair batches %d, round batches %d\n", name,
              s.reported_by_style[0], s.reported_by_style[1], s.reported_by_style[2]);
  for (int style = 0; style < 3; ++style) {
    EXPECT_GT(s.reported_by_style[style], 3) << name << ": style " << style << " never signed";
  }
}

TEST(SlashingDurability, CompleteSurvivesSigkill) {
  auto t0 = std::chrono::steady_clock::now();
  Stats s;
  soak(SlashingMode::kComplete, 160, 0x5eed0001, s);
  print("complete", s);
  EXPECT_EQ(s.kills, 160);
  EXPECT_GT(s.reported, 40);  // the children did sign (a few signings per life on average)
  std::printf("complete: %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

TEST(SlashingDurability, MinimalSurvivesSigkill) {
  Stats s;
  soak(SlashingMode::kMinimal, 60, 0x5eed0002, s);
  print("minimal", s);
  EXPECT_EQ(s.kills, 60);
  EXPECT_GT(s.reported, 15);
}

}  // namespace
}  // namespace stakepool::eth
